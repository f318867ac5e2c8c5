from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from videreforing.accounts.models import ApiToken, Membership
from videreforing.audit.models import AuditEntry
from videreforing.programmes.models import Programme, Stakeholder, Task, TaskDependency

pytestmark = pytest.mark.django_db




def test_municipalities_filter_by_county(api):
    response = api("GET", "/municipalities?county=56")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 18
    assert {"number": "5620", "name": "Nordkapp", "county_number": "56"}.items() <= rows[
        [r["number"] for r in rows].index("5620")].items()
    assert len(api("GET", "/municipalities").json()) == 357
    bad = api("GET", "/municipalities?county=5")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"][-1] == "county"


def test_create_and_read_programme_contract(api):
    response = api("POST", "/programmes", {
        "name": "Omstilling Nordkapp", "municipalities": ["5620", "5622"],
        "period_start": "2021-01-01", "period_end": "2028-02-29"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Omstilling Nordkapp"
    assert [m["number"] for m in body["municipalities"]] == ["5620", "5622"]
    assert body["municipalities"][0]["county_number"] == "56"
    assert body["period_end"] == "2028-02-29"
    assert body["continuation"]["latest_start"] == "2026-02-28"
    assert body["continuation"]["operative_deadline"] == "2028-02-29"
    assert body["warnings"] == [{"code": "period_over_six_years",
                                 "message": body["warnings"][0]["message"]}]
    assert [p["kind"] for p in body["continuation"]["phases"]] == [
        "pre_study", "pre_project", "main_project"]
    assert set(body["continuation"]["phases"][0]) >= {
        "kind", "status", "planned_start", "planned_end", "actual_start", "actual_end", "gate"}
    assert api("GET", f"/programmes/{body['id']}").json()["id"] == body["id"]
    assert [p["id"] for p in api("GET", "/programmes").json()] == [body["id"]]


def test_municipalities_can_be_given_as_they_read_back(api):
    same_shape = api("POST", "/programmes", {
        "name": "B", "municipalities": [{"number": "1837"}], "period_start": "2023-01-01",
        "period_end": "2028-01-01"})
    assert same_shape.status_code == 201
    assert same_shape.json()["municipalities"][0]["number"] == "1837"


def test_create_programme_bad_input_is_422_naming_field_and_saves_nothing(api):
    response = api("POST", "/programmes", {
        "name": "X", "municipalities": ["9999"], "period_start": "2025-01-01",
        "period_end": "2024-01-01"})
    assert response.status_code == 422
    fields = {e["loc"][-1] for e in response.json()["detail"]}
    assert fields == {"municipalities", "period_end"}
    missing = api("POST", "/programmes", {"name": "X", "municipalities": ["1837"]})
    assert missing.status_code == 422
    assert {e["loc"][-1] for e in missing.json()["detail"]} == {"period_start", "period_end"}
    assert Programme.objects.count() == 0


def test_patch_programme_checks_version(api, programme):
    response = api("PATCH", f"/programmes/{programme.pk}", {"name": "Nytt", "version": 1})
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api("PATCH", f"/programmes/{programme.pk}", {"name": "Gammelt", "version": 1})
    assert stale.status_code == 409
    programme.refresh_from_db()
    assert programme.name == "Nytt"


def test_start_refused_is_409_with_reason_then_override(api, programme):
    response = api("POST", f"/programmes/{programme.pk}/phases/pre_project/start", {})
    assert response.status_code == 409
    assert "begrunnelse" in response.json()["detail"]
    ok = api("POST", f"/programmes/{programme.pk}/phases/pre_project/start",
             {"override_reason": "Forstudiet er i praksis ferdig."})
    assert ok.status_code == 200 and ok.json()["status"] == "in_progress"
    assert AuditEntry.objects.filter(action="programmes.phase.started_with_override").exists()


def test_unknown_phase_kind_is_422(api, programme):
    response = api("POST", f"/programmes/{programme.pk}/phases/post_study/start", {})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "kind"


def test_gate_records_decision(api, programme):
    api("POST", f"/programmes/{programme.pk}/phases/pre_study/start")
    today = timezone.localdate().isoformat()
    response = api("POST", f"/programmes/{programme.pk}/phases/pre_study/gate", {
        "deciding_body": "municipal_council", "decided_on": today, "outcome": "approved",
        "case_number": "2026/77"})
    assert response.status_code == 201
    assert response.json()["case_number"] == "2026/77"
    phase = api("GET", f"/programmes/{programme.pk}").json()["continuation"]["phases"][0]
    assert phase["status"] == "completed"
    assert phase["gate"]["outcome"] == "approved"
    bad = api("POST", f"/programmes/{programme.pk}/phases/pre_project/gate", {
        "deciding_body": "municipal_council", "decided_on": today, "outcome": "approved"})
    assert bad.status_code == 409


def test_tasks_create_list_patch_with_version(api, programme, reader):
    # Tasks go to people who work in the programme (not to a read-only observer).
    Membership.objects.filter(programme=programme, user=reader).update(role="project_group")
    created = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "Intervju bedrifter", "assignee": reader.email,
        "due_date": "2027-03-01", "responsible_role": "project_group"})
    assert created.status_code == 201
    task = created.json()
    assert task["assignee"] == reader.email and task["version"] == 1
    listed = api("GET", f"/programmes/{programme.pk}/tasks?phase=pre_study").json()
    assert task["id"] in [t["id"] for t in listed]
    patched = api("PATCH", f"/tasks/{task['id']}", {"version": 1, "done": True})
    assert patched.status_code == 200 and patched.json()["done"] is True
    stale = api("PATCH", f"/tasks/{task['id']}", {"version": 1, "title": "Annet"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert Task.objects.get(pk=task["id"]).title == "Intervju bedrifter"
    no_version = api("PATCH", f"/tasks/{task['id']}", {"title": "Annet"})
    assert no_version.status_code == 422
    assert api("DELETE", f"/tasks/{task['id']}").status_code == 204
    assert api("GET", f"/tasks/{task['id']}").status_code == 404


def test_task_bad_input_names_field(api, programme):
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "assignee": "nobody@example.com"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "assignee"
    response = api("POST", f"/programmes/{programme.pk}/tasks", {"phase": "later", "title": "X"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "phase"


def test_members_add_change_remove(api, programme, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        added = api("POST", f"/programmes/{programme.pk}/members",
                    {"email": "ordforer@kommune.no", "role": "project_owner"})
    assert added.status_code == 201
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ordforer@kommune.no"]
    member_id = added.json()["id"]
    assert api("PATCH", f"/programmes/{programme.pk}/members/{member_id}",
               {"role": "observer"}).json()["role"] == "observer"
    bad = api("POST", f"/programmes/{programme.pk}/members", {"email": "x@y.no", "role": "king"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "role"
    assert api("DELETE", f"/programmes/{programme.pk}/members/{member_id}").status_code == 204
    assert not Membership.objects.filter(pk=member_id).exists()


def test_stakeholders_crud(api, programme):
    created = api("POST", f"/programmes/{programme.pk}/stakeholders", {
        "name": "Meløy Næringsforum", "kind": "organisation", "org_number": "974760673"})
    assert created.status_code == 201
    sid = created.json()["id"]
    bad = api("POST", f"/programmes/{programme.pk}/stakeholders",
              {"name": "X", "kind": "business", "org_number": "123456789"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "org_number"
    patched = api("PATCH", f"/programmes/{programme.pk}/stakeholders/{sid}",
                  {"contact_name": "Kari", "version": 1})
    assert patched.json()["contact_name"] == "Kari"
    assert api("DELETE", f"/programmes/{programme.pk}/stakeholders/{sid}").status_code == 204
    assert Stakeholder.objects.get(pk=sid).removed_at is not None
    assert api("GET", f"/programmes/{programme.pk}/stakeholders").json() == []


def test_history_is_readable_in_norwegian(api, programme):
    entries = api("GET", f"/programmes/{programme.pk}/history").json()
    assert entries[-1]["action"] == "programmes.programme.created"
    assert "opprettet omstillingsprogrammet «Omstilling Meløy»" in entries[-1]["description"]


def test_openapi_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/programmes/{programme_id}/phases/{kind}/start" in schema["paths"]


def test_create_api_token_prints_token_as_last_line(owner, client, capsys):
    call_command("create_api_token", owner.email)
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert ApiToken.objects.filter(user=owner).count() == 1
    response = client.get("/api/v1/programmes", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_revoked_token_is_refused(owner, client):
    token, raw = ApiToken.issue(user=owner)
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/programmes", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_programme_creator_can_edit_through_api(api):
    pid = api("POST", "/programmes", {"name": "A", "municipalities": ["1837"],
                                     "period_start": "2024-01-01",
                                     "period_end": date(2029, 1, 1).isoformat()}).json()["id"]
    assert api("PATCH", f"/programmes/{pid}", {"name": "B"}).status_code == 200


def test_start_without_a_body(client, owner, token_for, programme):
    response = client.post(f"/api/v1/programmes/{programme.pk}/phases/pre_study/start",
                           **token_for(owner))
    assert response.status_code == 200
    assert response.json()["status"] == "in_progress"


# ---------------------------------------------------------------- gate corrections


@pytest.fixture
def decided(api, programme):
    """The pre-study started and approved; returns the gate as the API reads it."""
    api("POST", f"/programmes/{programme.pk}/phases/pre_study/start")
    return api("POST", f"/programmes/{programme.pk}/phases/pre_study/gate", {
        "deciding_body": "restructuring_board", "decided_on": timezone.localdate().isoformat(),
        "outcome": "approved", "case_number": "2026/1"}).json()


def test_patch_gate_corrects_with_reason_and_version(api, programme, decided):
    url = f"/programmes/{programme.pk}/phases/pre_study/gate"
    assert decided["version"] == 1
    response = api("PATCH", url, {"case_number": "2026/10", "deciding_body": "municipal_council",
                                  "reason": "Feil i protokollen", "version": 1})
    assert response.status_code == 200
    body = response.json()
    assert (body["case_number"], body["deciding_body"], body["version"]) == (
        "2026/10", "municipal_council", 2)
    assert body["id"] == decided["id"]
    phase = api("GET", f"/programmes/{programme.pk}").json()["continuation"]["phases"][0]
    assert phase["gate"]["case_number"] == "2026/10"
    entry = AuditEntry.objects.get(action="programmes.gate.corrected")
    assert entry.data["before"]["case_number"] == "2026/1"
    assert entry.data["reason"] == "Feil i protokollen"
    stale = api("PATCH", url, {"note": "Min merknad", "reason": "x", "version": 1})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.json()["code"] == "stale_version"


def test_patch_gate_bad_input_is_422_naming_fields_and_changes_nothing(api, programme, decided):
    url = f"/programmes/{programme.pk}/phases/pre_study/gate"
    before = api("GET", f"/programmes/{programme.pk}").json()
    for body, fields in [
        ({"decided_on": "9999-12-31", "reason": "x", "version": 1}, {"decided_on"}),
        ({"case_number": "1" * 51, "reason": "x", "version": 1}, {"case_number"}),
        ({"note": "a\x00b", "reason": " ", "version": 1}, {"note", "reason"}),
        ({"outcome": "maybe", "reason": "x", "version": 1}, {"outcome"}),
        ({"case_number": "2"}, {"reason", "version"}),
    ]:
        response = api("PATCH", url, body)
        assert response.status_code == 422, (body, response.content)
        assert {e["loc"][-1] for e in response.json()["detail"]} == fields
    assert api("GET", f"/programmes/{programme.pk}").json() == before
    assert not AuditEntry.objects.filter(action="programmes.gate.corrected").exists()


def test_withdraw_gate_reopens_the_phase(api, programme, decided):
    url = f"/programmes/{programme.pk}/phases/pre_study/gate/withdraw"
    bad = api("POST", url, {"reason": ""})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "reason"
    response = api("POST", url, {"reason": "Vedtaket ble opphevet."})
    assert response.status_code == 200
    body = response.json()
    assert (body["kind"], body["status"], body["actual_end"], body["gate"]) == (
        "pre_study", "in_progress", None, None)
    assert AuditEntry.objects.get(action="programmes.gate.withdrawn").data["reason"] == (
        "Vedtaket ble opphevet.")
    again = api("POST", url, {"reason": "Igjen"})
    assert again.status_code == 409 and again.json()["code"] == "no_gate_decision"


def test_withdraw_gate_after_next_phase_started_is_409(api, programme, decided):
    api("POST", f"/programmes/{programme.pk}/phases/pre_project/start")
    response = api("POST", f"/programmes/{programme.pk}/phases/pre_study/gate/withdraw",
                   {"reason": "For sent"})
    assert response.status_code == 409
    assert response.json()["code"] == "next_phase_started"
    phase = api("GET", f"/programmes/{programme.pk}").json()["continuation"]["phases"][0]
    assert phase["status"] == "completed" and phase["gate"]["id"] == decided["id"]
    outcome = api("PATCH", f"/programmes/{programme.pk}/phases/pre_study/gate",
                  {"outcome": "rework", "reason": "x", "version": 1})
    assert outcome.status_code == 409 and outcome.json()["code"] == "next_phase_started"


# ---------------------------------------------------------------- bounds


def test_task_started_on_9999_is_422_naming_the_field_and_nothing_stored(api, programme):
    count = Task.objects.count()
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "started_on": "9999-12-31",
        "due_date": "1989-12-31", "description": "a\x07b"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {
        "started_on", "due_date", "description"}
    messages = {e["loc"][-1]: e["msg"] for e in response.json()["detail"]}
    assert messages["started_on"] == "Oppgi en dato fra 01.01.1990 til 31.12.2100."
    assert Task.objects.count() == count
    task = Task.objects.filter(continuation__programme=programme).first()
    patched = api("PATCH", f"/tasks/{task.pk}", {"version": task.version,
                                                 "started_on": "9999-12-31"})
    assert patched.status_code == 422
    assert patched.json()["detail"][0]["loc"][-1] == "started_on"
    task.refresh_from_db()
    assert task.started_on is None and task.version == 1


def test_days_and_lag_out_of_bounds_are_422(api, programme):
    for body, field in [({"duration_days": 3651}, "duration_days"),
                        ({"optimistic_days": -1}, "optimistic_days"),
                        ({"depends_on": [{"task": 1, "lag_days": 99999}]}, "lag_days")]:
        response = api("POST", f"/programmes/{programme.pk}/tasks",
                       {"phase": "pre_study", "title": "X", **body})
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"][-1] == field


def test_programme_and_stakeholder_bounds_are_422(api, programme):
    response = api("POST", "/programmes", {
        "name": "A\x00", "municipalities": ["1837"], "period_start": "1900-01-01",
        "period_end": "2200-01-01"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {
        "name", "period_start", "period_end"}
    assert Programme.objects.count() == 1
    response = api("POST", f"/programmes/{programme.pk}/stakeholders", {
        "name": "A", "kind": "other", "notes": "x" * 5001, "contact_phone": "1\x1b2"})
    assert response.status_code == 422
    assert {e["loc"][-1] for e in response.json()["detail"]} == {"notes", "contact_phone"}
    assert not Stakeholder.objects.exists()


def test_phase_plan_and_gate_dates_out_of_bounds_are_422(api, programme):
    api("POST", f"/programmes/{programme.pk}/phases/pre_study/start")
    response = api("POST", f"/programmes/{programme.pk}/phases/pre_study/gate", {
        "deciding_body": "other", "decided_on": "1900-01-01", "outcome": "approved"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "decided_on"
    assert not programme.continuation.phases.get(kind="pre_study").gate_decisions.exists()


def test_start_date_correction_and_undo_through_the_api(api, programme):
    api("POST", f"/programmes/{programme.pk}/phases/pre_study/start")
    url = f"/programmes/{programme.pk}/phases/pre_study/start"
    bad = api("PATCH", url, {"started_on": "9999-12-31", "reason": "Feil"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "started_on"
    ok = api("PATCH", url, {"started_on": "2024-03-01", "reason": "Feil dato"})
    assert ok.status_code == 200 and ok.json()["actual_start"] == "2024-03-01"
    undone = api("POST", url + "/undo", {"reason": "Startet ved en feil"})
    assert undone.status_code == 200
    assert (undone.json()["status"], undone.json()["actual_start"]) == ("not_started", None)
    again = api("POST", url + "/undo", {"reason": "x"})
    assert again.status_code == 409 and again.json()["code"] == "phase_not_started"


def test_ids_beyond_any_column_are_unknown_not_a_500(api, programme):
    huge = 10**30
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "assignee": huge})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "assignee"
    response = api("POST", f"/programmes/{programme.pk}/tasks", {
        "phase": "pre_study", "title": "X", "depends_on": [{"task": huge}]})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "depends_on"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="writes past SQLite's CHECKs")
def test_a_lag_stored_before_the_bounds_is_read_back(api, programme):
    first, second = programme.continuation.tasks.order_by("order")[:2]
    TaskDependency.objects.filter(task=second).delete()
    TaskDependency.objects.create(task=second, predecessor=first, lag_days=5)
    with connection.cursor() as cursor:  # as stored before the constraint existed
        cursor.execute("PRAGMA ignore_check_constraints = ON")
        TaskDependency.objects.filter(task=second).update(lag_days=99999)
        cursor.execute("PRAGMA ignore_check_constraints = OFF")
    response = api("GET", f"/tasks/{second.pk}")
    assert response.status_code == 200
    assert response.json()["depends_on"] == [{"task": first.pk, "lag_days": 99999}]
