from datetime import timedelta

import pytest
from django.utils import timezone

from videreforing.programmes.models import Task, TaskDependency

pytestmark = pytest.mark.django_db




def test_schedule_contract(api, programme):
    body = api("GET", f"/programmes/{programme.pk}/schedule").json()
    assert set(body) >= {"forecast_operative", "operative_deadline", "slack_days",
                         "probability_on_time", "p50_operative", "p80_operative",
                         "critical_path", "tasks"}
    assert body["operative_deadline"] == "2028-12-31"
    today = timezone.localdate()
    assert body["forecast_operative"] == (today + timedelta(days=511)).isoformat()
    ids = {t.pk for t in Task.objects.filter(continuation=programme.continuation)}
    assert {t["id"] for t in body["tasks"]} == ids
    assert set(body["critical_path"]) <= ids and body["critical_path"]
    row = body["tasks"][0]
    assert set(row) == {"id", "earliest_start", "earliest_finish", "latest_start",
                        "latest_finish", "slack_days", "critical"}
    assert all((t["slack_days"] == 0) == t["critical"] for t in body["tasks"])
    again = api("GET", f"/programmes/{programme.pk}/schedule").json()
    assert again["probability_on_time"] == body["probability_on_time"]


def test_task_with_three_points_and_dependency(api, programme):
    first = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "Spørreundersøkelse", "duration_days": 10}).json()
    second = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "Analyse", "optimistic_days": 5, "likely_days": 10,
        "pessimistic_days": 30, "depends_on": [{"task": first["id"], "lag_days": 3}]})
    assert second.status_code == 201
    body = second.json()
    assert (body["optimistic_days"], body["likely_days"], body["pessimistic_days"]) == (
        5, 10, 30)
    assert body["depends_on"] == [{"task": first["id"], "lag_days": 3}]
    schedule = api("GET", f"/programmes/{programme.pk}/schedule").json()
    rows = {t["id"]: t for t in schedule["tasks"]}
    assert rows[body["id"]]["earliest_start"] == (
        timezone.localdate() + timedelta(days=13)).isoformat()


def test_cycle_answers_422_naming_the_tasks(api, programme):
    a = api("POST", f"/programmes/{programme.pk}/tasks",
            {"phase": "pre_study", "title": "A", "duration_days": 1}).json()
    b = api("POST", f"/programmes/{programme.pk}/tasks",
            {"phase": "pre_study", "title": "B", "duration_days": 1,
             "depends_on": [{"task": a["id"]}]}).json()
    response = api("PATCH", f"/tasks/{a['id']}", {"version": a["version"],
                                                  "depends_on": [{"task": b["id"]}]})
    assert response.status_code == 422
    error = response.json()["detail"][0]
    assert error["loc"][-1] == "depends_on"
    assert sorted(error["tasks"]) == sorted([a["id"], b["id"]])
    assert "«A»" in error["msg"] and "«B»" in error["msg"]
    assert not TaskDependency.objects.filter(task_id=a["id"]).exists()


def test_bad_estimates_and_unknown_predecessor_are_422(api, programme, owner):
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "optimistic_days": 9, "likely_days": 3,
        "pessimistic_days": 4})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "likely_days"
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "depends_on": [{"task": 999999}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "depends_on"
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "duration_days": -1})
    assert response.status_code == 422
    assert not Task.objects.filter(title="X").exists()
