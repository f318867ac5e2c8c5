"""The business plan's API: one plan per programme (409 with the existing id), the
activities register, versioned corrections, and the access rules."""

import json

import pytest

from videreforing.audit.models import AuditEntry
from videreforing.businessplan import services
from videreforing.businessplan.models import Activity, BusinessPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, token_for):
    def call(user, method, path, body=None):
        kwargs = token_for(user)
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return client.generic(method, "/api/v1" + path, **kwargs)

    return call


def test_the_plan_is_created_once_and_a_second_post_answers_409_with_its_id(
        api, owner, programme):
    response = api(owner, "POST", f"/programmes/{programme.pk}/business-plan")
    assert response.status_code == 201
    plan_id = response.json()["id"]
    assert BusinessPlan.objects.get(pk=plan_id).programme == programme
    again = api(owner, "POST", f"/programmes/{programme.pk}/business-plan")
    assert again.status_code == 409
    assert again.json()["code"] == "exists" and again.json()["id"] == plan_id
    assert BusinessPlan.objects.count() == 1
    body = api(owner, "GET", f"/business-plans/{plan_id}").json()
    assert body["programme"] == programme.pk and body["activities"] == []


def test_activities_are_added_listed_corrected_and_removed(api, owner, plan):
    response = api(owner, "POST", f"/business-plans/{plan.pk}/activities", {
        "name": "Næringshage", "focus_area": "Innovasjon", "yearly_cost": 450000,
        "decision": "hand_over", "handed_to": "Regionrådet"})
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["decision"], created["yearly_cost"], created["status"]) == (
        "hand_over", 450000, "planned")
    listed = api(owner, "GET", f"/business-plans/{plan.pk}/activities").json()
    assert [a["name"] for a in listed] == ["Næringshage"]
    patched = api(owner, "PATCH", f"/activities/{created['id']}",
                  {"version": 1, "decision": "end", "reason": "Ferdig"})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = api(owner, "PATCH", f"/activities/{created['id']}",
                {"version": 1, "owner": "Kommunen"})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version" and stale.json()["current_version"] == 2
    assert Activity.objects.get().owner == ""
    assert api(owner, "DELETE", f"/activities/{created['id']}").status_code == 204
    assert not Activity.objects.exists()
    assert list(AuditEntry.objects.filter(action__startswith="businessplan.activity")
                .order_by("pk").values_list("action", flat=True)) == [
        "businessplan.activity.added", "businessplan.activity.updated",
        "businessplan.activity.removed"]


@pytest.mark.parametrize("body,field", [
    ({"name": "Kurs", "decision": "hand_over"}, "handed_to"),
    ({"name": "Kurs", "decision": "end"}, "reason"),
    ({"name": "Kurs", "decision": "sell"}, "decision"),
    ({"name": "Kurs", "decision": "carry_on", "yearly_cost": 10_000_000_001}, "yearly_cost"),
])
def test_a_wrong_activity_answers_422_at_its_field(api, owner, plan, body, field):
    response = api(owner, "POST", f"/business-plans/{plan.pk}/activities", body)
    assert response.status_code == 422
    assert any(item["loc"][-1] == field for item in response.json()["detail"]), \
        response.json()
    assert not Activity.objects.exists()


def test_outsiders_get_404_and_readers_403_on_writes(api, outsider, reader, programme,
                                                      plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    for path in (f"/business-plans/{plan.pk}", f"/activities/{activity.pk}"):
        assert api(outsider, "GET", path).status_code == 404
        assert api(reader, "GET", path).status_code == 200
    assert api(outsider, "POST", f"/programmes/{programme.pk}/business-plan").status_code \
        == 404
    assert api(reader, "POST", f"/programmes/{programme.pk}/business-plan").status_code \
        == 403
    assert api(reader, "PATCH", f"/activities/{activity.pk}",
               {"version": 1, "name": "X"}).status_code == 403
    assert api(reader, "DELETE", f"/activities/{activity.pk}").status_code == 403
    assert api(reader, "POST", f"/business-plans/{plan.pk}/activities",
               {"name": "X", "decision": "carry_on"}).status_code == 403
    assert Activity.objects.get().name == "Kurs"
