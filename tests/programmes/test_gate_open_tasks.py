"""Issue 9, point 4: an approval while tasks of the phase are open lists them and asks to
confirm (page), warns (API), and the decision keeps which tasks were open."""

import html
import json
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from videreforing.audit.models import AuditEntry
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision, Phase

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _started(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 1, 5))
    return list(programme.continuation.tasks.filter(phase="pre_study").order_by("order"))


def _tick(owner, task):
    return services.update_task(user=owner, task=task, expected_version=task.version, done=True)


# ---------------------------------------------------------------- service


def test_approval_records_the_open_tasks_and_the_audit_entry_names_them(programme, owner):
    tasks = _started(programme, owner)
    _tick(owner, tasks[0])
    decision = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 6, 1), outcome="approved")
    open_ids = [t.pk for t in tasks[1:]]
    assert [item["id"] for item in decision.open_tasks_at_decision] == open_ids
    assert decision.open_tasks_at_decision[0]["title"] == tasks[1].title
    entry = AuditEntry.objects.get(action="programmes.gate.approved")
    assert entry.data["open_tasks"] == open_ids
    # The open tasks stay open and can still be ticked off after the gate.
    later = _tick(owner, tasks[1])
    assert later.done and later.done_at is not None


def test_approval_with_every_task_done_records_no_open_tasks(programme, owner):
    for task in _started(programme, owner):
        _tick(owner, task)
    decision = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 6, 1), outcome="approved")
    assert decision.open_tasks_at_decision == []
    assert "open_tasks" not in AuditEntry.objects.get(action="programmes.gate.approved").data


def test_rework_decision_does_not_record_open_tasks(programme, owner):
    _started(programme, owner)
    decision = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 6, 1), outcome="rework")
    assert decision.open_tasks_at_decision == []


def test_removed_tasks_are_not_open_tasks(programme, owner):
    tasks = _started(programme, owner)
    services.remove_task(user=owner, task=tasks[0])
    ids = [t.pk for t in services.open_tasks_of_phase(programme, "pre_study")]
    assert tasks[0].pk not in ids and tasks[1].pk in ids


# ---------------------------------------------------------------- page


def _typed(**extra):
    return {"deciding_body": "municipal_council", "outcome": "approved",
            "decided_on": timezone.localdate().isoformat(), "case_number": "2026/55",
            "note": "Godkjent med forbehold", **extra}


def test_page_asks_to_confirm_keeps_typed_values_and_stores_nothing(as_owner, programme,
                                                                     owner):
    tasks = _started(programme, owner)
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, _typed())
    assert response.status_code == 200
    text = html.unescape(response.content.decode())
    assert f"Bekreft vedtaket med {len(tasks)} åpne oppgaver" in text
    for task in tasks:
        assert task.title in text
    assert 'value="2026/55"' in text
    assert "Godkjent med forbehold</textarea>" in text
    assert 'value="municipal_council" selected' in text
    assert re.search(r'<input[^>]*value="approved"[^>]*checked', text)
    assert not GateDecision.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="programmes.gate").exists()
    assert programme.continuation.phases.get(kind="pre_study").status == Phase.Status.IN_PROGRESS

    seen = ",".join(str(t.pk) for t in tasks)
    done = as_owner.post(url, _typed(confirm_open_tasks="1", open_tasks_seen=seen))
    assert done.status_code == 302
    decision = GateDecision.objects.get()
    assert [i["id"] for i in decision.open_tasks_at_decision] == [t.pk for t in tasks]
    assert decision.case_number == "2026/55"

    page = html.unescape(as_owner.get(done.url).content.decode())
    assert f"{len(tasks)} oppgaver ikke utført ved vedtaket" in page
    assert "ikke utført ved vedtaket" in page
    # Each listed task is still tickable on the page (its checkbox is enabled).
    assert f'id="done-{tasks[0].pk}"' in page


def test_page_asks_again_when_the_open_tasks_changed_since_the_confirmation(as_owner,
                                                                          programme, owner):
    tasks = _started(programme, owner)
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    seen = ",".join(str(t.pk) for t in tasks)
    _tick(owner, tasks[0])
    response = as_owner.post(url, _typed(confirm_open_tasks="1", open_tasks_seen=seen))
    assert response.status_code == 200
    assert f"Bekreft vedtaket med {len(tasks) - 1} åpne oppgaver" in \
        html.unescape(response.content.decode())
    assert not GateDecision.objects.exists()


def test_page_records_without_confirmation_when_no_task_is_open(as_owner, programme, owner):
    for task in _started(programme, owner):
        _tick(owner, task)
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, _typed())
    assert response.status_code == 302
    assert GateDecision.objects.get().open_tasks_at_decision == []


def test_page_records_rework_without_confirmation(as_owner, programme, owner):
    _started(programme, owner)
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, _typed(outcome="rework"))
    assert response.status_code == 302
    assert GateDecision.objects.get().outcome == "rework"


def test_task_ticked_after_the_gate_reads_done_later(as_owner, programme, owner):
    tasks = _started(programme, owner)
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=timezone.localdate(), outcome="approved")
    _tick(owner, tasks[0])
    page = html.unescape(as_owner.get(
        reverse("programmes:phase", args=[programme.pk, "pre_study"])).content.decode())
    assert "utført senere" in page
    assert page.count('data-testid="open-at-gate"') == len(tasks) - 1


# ---------------------------------------------------------------- API


def test_api_approval_succeeds_and_warns_about_open_tasks(client, programme, owner, token_for):
    tasks = _started(programme, owner)
    _tick(owner, tasks[0])
    response = client.post(
        f"/api/v1/programmes/{programme.pk}/phases/pre_study/gate",
        data=json.dumps({"deciding_body": "restructuring_board",
                         "decided_on": timezone.localdate().isoformat(),
                         "outcome": "approved", "case_number": "2026/9"}),
        content_type="application/json", **token_for(owner))
    assert response.status_code == 201
    body = response.json()
    # The existing contract stays; `warnings` is added.
    assert body["case_number"] == "2026/9" and body["outcome"] == "approved"
    assert body["warnings"] == [{"code": "open_tasks", "tasks": [t.pk for t in tasks[1:]]}]
    decision = GateDecision.objects.get()
    assert [i["id"] for i in decision.open_tasks_at_decision] == [t.pk for t in tasks[1:]]


def test_api_approval_without_open_tasks_has_no_warnings(client, programme, owner, token_for):
    for task in _started(programme, owner):
        _tick(owner, task)
    response = client.post(
        f"/api/v1/programmes/{programme.pk}/phases/pre_study/gate",
        data=json.dumps({"deciding_body": "restructuring_board",
                         "decided_on": timezone.localdate().isoformat(),
                         "outcome": "approved"}),
        content_type="application/json", **token_for(owner))
    assert response.status_code == 201
    assert response.json()["warnings"] == []


def test_correcting_rework_to_approval_records_the_open_tasks(programme, owner):
    tasks = _started(programme, owner)
    decision = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2026, 6, 1), outcome="rework")
    decision = services.correct_gate_decision(
        user=owner, programme=programme, kind="pre_study", reason="Feil utfall",
        expected_version=decision.version, outcome="approved")
    assert [i["id"] for i in decision.open_tasks_at_decision] == [t.pk for t in tasks]
    entry = AuditEntry.objects.get(action="programmes.gate.corrected")
    assert entry.data["open_tasks"] == [t.pk for t in tasks]
    decision = services.correct_gate_decision(
        user=owner, programme=programme, kind="pre_study", reason="Likevel bearbeides",
        expected_version=decision.version, outcome="rework")
    assert decision.open_tasks_at_decision == []


def test_htmx_row_keeps_the_not_done_at_gate_tag_when_reopened(as_owner, programme, owner):
    tasks = _started(programme, owner)
    _tick(owner, tasks[0])
    services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=timezone.localdate(), outcome="approved")
    task = tasks[1]
    response = as_owner.post(reverse("programmes:task-toggle", args=[programme.pk, task.pk]),
                             {"version": task.version, "done": "on"}, HTTP_HX_REQUEST="true")
    assert 'data-testid="open-at-gate"' not in response.content.decode()
    task.refresh_from_db()
    response = as_owner.post(reverse("programmes:task-toggle", args=[programme.pk, task.pk]),
                             {"version": task.version}, HTTP_HX_REQUEST="true")
    assert 'data-testid="open-at-gate"' in response.content.decode()


def test_page_does_not_ask_to_confirm_when_the_phase_is_not_running(as_owner, programme):
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, _typed())
    assert response.status_code == 409
    assert "Bekreft vedtaket" not in html.unescape(response.content.decode())
    assert not GateDecision.objects.exists()
