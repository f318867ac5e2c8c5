"""The business plan's services: one plan per programme, activities whose decision
carries its own required facts, versioned corrections, an audit entry for every write."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.businessplan import services
from videreforing.businessplan.models import Activity, BusinessPlan
from videreforing.lib.errors import DomainError, StaleVersion

pytestmark = pytest.mark.django_db


def test_creating_the_plan_is_audited_and_a_second_plan_is_refused_with_the_first_id(
        programme, owner):
    plan = services.create_plan(user=owner, programme=programme)
    entry = AuditEntry.objects.get(action="businessplan.plan.created")
    assert entry.programme == programme and entry.object_id == str(plan.pk)
    assert describe(entry) == "startet forretningsplanen"
    with pytest.raises(DomainError) as caught:
        services.create_plan(user=owner, programme=programme)
    assert caught.value.code == "exists" and caught.value.data == {"id": plan.pk}
    assert BusinessPlan.objects.count() == 1
    assert AuditEntry.objects.filter(action="businessplan.plan.created").count() == 1


def test_an_activity_is_added_with_its_facts_and_audited(plan, owner):
    activity = services.add_activity(
        user=owner, plan=plan, name=" Næringshage ", focus_area="Innovasjon",
        owner="Kommunen", status="ongoing", yearly_cost=Decimal("450000"),
        results="12 bedrifter", decision="hand_over", handed_to="Regionrådet",
        handed_from=date(2027, 1, 1))
    activity.refresh_from_db()
    assert (activity.name, activity.status, activity.yearly_cost, activity.handed_to,
            activity.handed_from) == ("Næringshage", "ongoing", Decimal(450000),
                                      "Regionrådet", date(2027, 1, 1))
    entry = AuditEntry.objects.get(action="businessplan.activity.added")
    assert entry.data["name"] == "Næringshage" and entry.object_id == str(activity.pk)
    assert describe(entry) == "la til aktiviteten «Næringshage» i forretningsplanen"


@pytest.mark.parametrize("values,field", [
    ({"name": "Kurs", "decision": "hand_over"}, "handed_to"),
    ({"name": "Kurs", "decision": "end"}, "reason"),
    ({"name": "", "decision": "carry_on"}, "name"),
    ({"name": "Kurs", "decision": ""}, "decision"),
    ({"name": "Kurs", "decision": "sell"}, "decision"),
    ({"name": "Kurs", "decision": "carry_on", "status": "dreaming"}, "status"),
    ({"name": "Kurs", "decision": "carry_on", "yearly_cost": Decimal("10000000001")},
     "yearly_cost"),
    ({"name": "Kurs", "decision": "carry_on", "yearly_cost": Decimal(-1)}, "yearly_cost"),
    ({"name": "Kurs", "decision": "hand_over", "handed_to": "Rådet",
      "handed_from": date(2101, 1, 1)}, "handed_from"),
    ({"name": "K\x00urs", "decision": "carry_on"}, "name"),
])
def test_a_wrong_activity_is_refused_at_its_field_and_nothing_is_stored(
        plan, owner, values, field):
    with pytest.raises(ValidationError) as caught:
        services.add_activity(user=owner, plan=plan, **values)
    assert field in caught.value.message_dict
    assert not Activity.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="businessplan.activity").exists()


def test_a_correction_is_versioned_and_names_what_changed(plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    updated = services.update_activity(user=owner, activity=activity, expected_version=1,
                                       decision="end", reason="Målet er nådd")
    assert updated.version == 2 and updated.decision == "end"
    entry = AuditEntry.objects.get(action="businessplan.activity.updated")
    assert entry.data["before"] == {"decision": "carry_on", "reason": ""}
    assert entry.data["after"] == {"decision": "end", "reason": "Målet er nådd"}
    text = describe(entry)
    assert text.startswith("endret aktiviteten «Kurs»: ")
    assert "beslutning" in text and "Avsluttes" in text


def test_a_stale_correction_is_refused_and_changes_nothing(plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    services.update_activity(user=owner, activity=activity, expected_version=1, owner="A")
    with pytest.raises(StaleVersion) as caught:
        services.update_activity(user=owner, activity=activity, expected_version=1,
                                 owner="B")
    assert caught.value.current.version == 2
    activity.refresh_from_db()
    assert activity.owner == "A" and activity.version == 2
    assert AuditEntry.objects.filter(action="businessplan.activity.updated").count() == 1


def test_a_correction_that_breaks_the_decision_rules_is_refused(plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="carry_on")
    with pytest.raises(ValidationError) as caught:
        services.update_activity(user=owner, activity=activity, expected_version=1,
                                 decision="hand_over")
    assert "handed_to" in caught.value.message_dict
    activity.refresh_from_db()
    assert activity.decision == "carry_on" and activity.version == 1


def test_removing_an_activity_keeps_it_in_the_history(plan, owner):
    activity = services.add_activity(user=owner, plan=plan, name="Kurs", decision="end",
                                     reason="Ferdig")
    services.remove_activity(user=owner, activity=activity)
    assert not Activity.objects.exists()
    entry = AuditEntry.objects.get(action="businessplan.activity.removed")
    assert entry.data["removed"]["reason"] == "Ferdig"
    assert describe(entry) == "fjernet aktiviteten «Kurs» fra forretningsplanen"
