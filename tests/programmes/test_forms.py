"""Every form of the programmes app keeps what was typed and shows every error at once
(issue 8, point 2), and refuses values out of bounds at the field (point 1)."""

import html
from datetime import date

import pytest
from django.urls import reverse

from videreforing.accounts.models import Membership
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision, Phase, Programme, Stakeholder, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def page(response) -> str:
    return html.unescape(response.content.decode())


def assert_error_page(response, *fields, summaries=1):
    """One summary on top, each named field marked invalid with its message."""
    text = response.content.decode()
    assert text.count("ds-error-summary") == summaries
    form = response.context["form"] if "form" in response.context else None
    for field in fields:
        if form is not None and field in form.fields:
            assert field in form.errors, (field, form.errors)
        assert f'id="{field}-error"' in text, field
    assert 'aria-invalid="true"' in text


def test_programme_form_keeps_typed_values_and_shows_all_errors(as_owner):
    response = as_owner.post(reverse("programmes:create"), {
        "name": "Omstilling Rødøy\x07", "municipalities": ["1837"],
        "period_start": "9999-12-31", "period_end": "1989-12-31"})
    assert response.status_code == 200
    assert_error_page(response, "name", "period_start", "period_end")
    text = page(response)
    assert 'value="9999-12-31"' in text and 'value="1989-12-31"' in text
    assert 'value="1837" selected' in text
    assert "Oppgi en dato fra 01.01.1990 til 31.12.2100." in text
    assert Programme.objects.count() == 0


def test_programme_edit_keeps_typed_values(as_owner, programme):
    response = as_owner.post(reverse("programmes:edit", args=[programme.pk]), {
        "name": "Nytt navn", "municipalities": ["1837", "1838"], "period_start": "2030-01-01",
        "period_end": "2029-01-01", "version": "1"})
    assert_error_page(response, "period_end")
    text = page(response)
    assert 'value="Nytt navn"' in text and 'value="2030-01-01"' in text
    assert 'value="1838" selected' in text
    programme.refresh_from_db()
    assert programme.name == "Omstilling Meløy" and programme.version == 1


def test_phase_plan_form_keeps_typed_values_and_shows_all_errors(as_owner, programme):
    url = reverse("programmes:phase-plan", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, {
        "planned_start": "2027-05-01", "planned_end": "2027-01-01", "optimistic_days": "30",
        "likely_days": "20", "pessimistic_days": "99999999999999999999"})
    assert response.status_code == 400
    form = response.context["plan_form"]
    assert set(form.errors) == {"planned_end", "pessimistic_days"}
    text = page(response)
    for value in ("2027-05-01", "2027-01-01", "30", "20", "99999999999999999999"):
        assert f'value="{value}"' in text, value
    assert text.count("ds-error-summary") == 1
    phase = programme.continuation.phases.get(kind="pre_study")
    assert phase.planned_start is None

    # With the bounds fixed, the order rules show, each at its field, all at once.
    response = as_owner.post(url, {
        "planned_start": "2027-05-01", "planned_end": "2027-01-01", "optimistic_days": "30",
        "likely_days": "20", "pessimistic_days": "40"})
    assert set(response.context["plan_form"].errors) == {"planned_end", "likely_days"}


def test_gate_form_keeps_typed_values_and_shows_all_errors(as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    url = reverse("programmes:gate-record", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, {
        "deciding_body": "municipal_council", "decided_on": "9999-12-31",
        "case_number": "2026/" + "9" * 50, "note": "Min merknad"})
    assert response.status_code == 400
    assert set(response.context["gate_form"].errors) == {"decided_on", "case_number",
                                                         "outcome"}
    text = page(response)
    assert 'value="9999-12-31"' in text
    assert 'value="municipal_council" selected' in text
    assert "Min merknad</textarea>" in text
    assert not GateDecision.objects.exists()


def _approve(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 1))
    return services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2024, 6, 1), outcome="approved", case_number="2024/5")


def test_gate_correction_page_keeps_typed_values_and_needs_a_reason(as_owner, programme,
                                                                     owner):
    decision = _approve(programme, owner)
    url = reverse("programmes:gate-edit", args=[programme.pk, "pre_study"])
    form_page = as_owner.get(url)
    assert 'value="2024/5"' in page(form_page)
    response = as_owner.post(url, {
        "deciding_body": "municipal_council", "decided_on": "1980-02-03", "outcome": "approved",
        "case_number": "2024/55", "note": "Rettet merknad", "reason": "", "version": "1"})
    assert response.status_code == 400
    assert_error_page(response, "decided_on", "reason")
    text = page(response)
    assert 'value="1980-02-03"' in text and 'value="2024/55"' in text
    assert "Rettet merknad</textarea>" in text
    decision.refresh_from_db()
    assert (decision.case_number, decision.version) == ("2024/5", 1)


def test_gate_correction_page_saves_and_logs(as_owner, programme, owner):
    decision = _approve(programme, owner)
    url = reverse("programmes:gate-edit", args=[programme.pk, "pre_study"])
    response = as_owner.post(url, {
        "deciding_body": "municipal_council", "decided_on": "2024-06-01", "outcome": "approved",
        "case_number": "2024/55", "note": "", "reason": "Feil organ", "version": "1"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.deciding_body, decision.case_number, decision.version) == (
        "municipal_council", "2024/55", 2)
    entry = AuditEntry.objects.get(action="programmes.gate.corrected")
    assert entry.data["reason"] == "Feil organ"
    assert "Vedtaket er rettet." in page(as_owner.get(response["Location"]))
    stale = as_owner.post(url, {
        "deciding_body": "other", "decided_on": "2024-06-01", "outcome": "approved",
        "case_number": "Min", "note": "", "reason": "Min rettelse", "version": "1"})
    assert stale.status_code == 409
    text = page(stale)
    assert "Noen andre har endret vedtaket" in text
    assert 'value="Min"' in text  # what I typed stays
    assert "Vedtaket slik det er lagret nå" in text


def test_gate_withdrawal_asks_for_a_reason_then_reopens_the_phase(as_owner, programme, owner):
    decision = _approve(programme, owner)
    phase_url = reverse("programmes:phase", args=[programme.pk, "pre_study"])
    assert reverse("programmes:gate-withdraw", args=[programme.pk, "pre_study"]) in page(
        as_owner.get(phase_url))
    url = reverse("programmes:gate-withdraw", args=[programme.pk, "pre_study"])
    confirm = as_owner.get(url)
    assert confirm.status_code == 200
    assert "Trekke tilbake vedtaket?" in page(confirm)
    empty = as_owner.post(url, {"reason": "", "version": "1"})
    assert empty.status_code == 400
    assert_error_page(empty, "reason")
    decision.refresh_from_db()
    assert decision.withdrawn_at is None
    response = as_owner.post(url, {"reason": "Opphevet av kommunestyret", "version": "1"})
    assert response.status_code == 302
    phase = programme.continuation.phases.get(kind="pre_study")
    assert phase.status == Phase.Status.IN_PROGRESS and phase.actual_end is None
    text = page(as_owner.get(phase_url))
    assert "Vedtaket er trukket tilbake. Forstudium er åpnet igjen" in text
    assert "Trukket tilbake" in text and "Opphevet av kommunestyret" in text
    assert "Registrer vedtaket" in text  # the phase can be decided again


def test_gate_withdrawal_page_refuses_after_next_phase_started(as_owner, programme, owner):
    decision = _approve(programme, owner)
    services.start_phase(user=owner, programme=programme, kind="pre_project")
    url = reverse("programmes:gate-withdraw", args=[programme.pk, "pre_study"])
    response = as_owner.get(url)
    assert response.status_code == 409
    assert "kan ikke trekkes tilbake fordi forprosjekt er startet" in page(response)
    assert 'name="reason"' not in page(response)
    posted = as_owner.post(url, {"reason": "Likevel", "version": "1"})
    assert posted.status_code == 409
    decision.refresh_from_db()
    assert decision.withdrawn_at is None
    phase_page = page(as_owner.get(reverse("programmes:phase", args=[programme.pk,
                                                                   "pre_study"])))
    assert "Vedtaket kan ikke trekkes tilbake fordi forprosjekt er startet." in phase_page
    assert url not in phase_page


def test_gate_pages_without_a_decision_send_back_to_the_phase(as_owner, programme):
    for name in ("gate-edit", "gate-withdraw"):
        response = as_owner.get(reverse(f"programmes:{name}", args=[programme.pk, "pre_study"]))
        assert response.status_code == 302
        assert response["Location"] == reverse("programmes:phase",
                                               args=[programme.pk, "pre_study"])


def test_task_form_keeps_estimates_and_dependencies_and_shows_all_errors(as_owner, programme):
    first, second = programme.continuation.tasks.order_by("order")[:2]
    count = Task.objects.count()
    response = as_owner.post(reverse("programmes:task-create", args=[programme.pk]), {
        "phase": "pre_study", "title": "Intervju", "description": "Ti bedrifter",
        "started_on": "9999-12-31", "due_date": "2027-03-01", "optimistic_days": "5",
        "likely_days": "3", "pessimistic_days": "10", "depends_on": [first.pk, second.pk],
        "lag_days": "4000"})
    assert response.status_code == 200
    assert_error_page(response, "started_on", "likely_days", "lag_days")
    text = page(response)
    for value in ("Intervju", "9999-12-31", "2027-03-01", "5", "3", "10", "4000"):
        assert f'value="{value}"' in text, value
    assert "Ti bedrifter</textarea>" in text
    assert f'value="{first.pk}" selected' in text and f'value="{second.pk}" selected' in text
    assert Task.objects.count() == count


def test_task_edit_keeps_typed_values(as_owner, programme):
    task = programme.continuation.tasks.first()
    response = as_owner.post(reverse("programmes:task-edit", args=[programme.pk, task.pk]), {
        "phase": task.phase, "title": "", "description": "Ny tekst", "due_date": "2101-01-01",
        "duration_days": "7", "optimistic_days": "1", "likely_days": "2",
        "pessimistic_days": "3", "version": str(task.version)})
    assert_error_page(response, "title", "due_date", "duration_days")
    text = page(response)
    assert 'value="2101-01-01"' in text and "Ny tekst</textarea>" in text
    assert 'value="7"' in text
    task.refresh_from_db()
    assert task.version == 1 and task.due_date is None


def test_stakeholder_form_reports_every_error_at_once(as_owner, programme):
    response = as_owner.post(reverse("programmes:stakeholders", args=[programme.pk]), {
        "name": "", "kind": "business", "org_number": "123456789",
        "contact_name": "Kari Nordmann", "contact_email": "kari@", "contact_phone": "12\x0134",
        "notes": "Viktig samarbeidspartner"})
    assert response.status_code == 400
    assert_error_page(response, "name", "org_number", "contact_email", "contact_phone")
    text = page(response)
    for value in ("123456789", "Kari Nordmann", "kari@"):
        assert f'value="{value}"' in text, value
    assert "Viktig samarbeidspartner</textarea>" in text
    assert not Stakeholder.objects.exists()


def test_stakeholder_edit_keeps_typed_values(as_owner, programme, owner):
    stakeholder = services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                              kind="organisation")
    url = reverse("programmes:stakeholder-edit", args=[programme.pk, stakeholder.pk])
    response = as_owner.post(url, {
        "name": "Laget", "kind": "organisation", "org_number": "12", "contact_name": "Ola",
        "contact_email": "", "contact_phone": "", "notes": "x" * 5001, "version": "1"})
    assert_error_page(response, "org_number", "notes")
    text = page(response)
    assert 'value="Laget"' in text and 'value="Ola"' in text
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Lag" and stakeholder.version == 1


def test_member_form_keeps_typed_values(as_owner, programme):
    long_address = "a" * 250 + "@eksempel.no"
    response = as_owner.post(reverse("programmes:people", args=[programme.pk]), {
        "email": long_address, "role": "king"})
    assert response.status_code == 400
    assert_error_page(response, "email", "role")
    assert f'value="{long_address}"' in page(response)
    assert Membership.objects.filter(programme=programme).count() == 2


def test_start_phase_reason_too_long_is_shown_at_the_field(as_owner, programme):
    url = reverse("programmes:phase-start", args=[programme.pk, "pre_project"])
    response = as_owner.post(url, {"override_reason": "x" * 2001})
    assert response.status_code == 400
    assert "override_reason" in response.context["start_form"].errors
    assert programme.continuation.phases.get(kind="pre_project").status == "not_started"


def test_start_correction_page_keeps_typed_values_then_saves(as_owner, programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    url = reverse("programmes:phase-start-edit", args=[programme.pk, "pre_study"])
    assert url in page(as_owner.get(reverse("programmes:phase",
                                            args=[programme.pk, "pre_study"])))
    response = as_owner.post(url, {"started_on": "9999-12-31", "reason": "Feil dato"})
    assert response.status_code == 400
    assert_error_page(response, "started_on")
    text = page(response)
    assert 'value="9999-12-31"' in text and "Feil dato</textarea>" in text
    assert AuditEntry.objects.filter(action="programmes.phase.start_corrected").count() == 0
    response = as_owner.post(url, {"started_on": "2024-02-01", "reason": "Feil dato"})
    assert response.status_code == 302
    assert programme.continuation.phases.get(kind="pre_study").actual_start == date(2024, 2, 1)


def test_undo_start_page_asks_for_a_reason_and_sets_the_phase_back(as_owner, programme,
                                                                   owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    url = reverse("programmes:phase-start-undo", args=[programme.pk, "pre_study"])
    assert as_owner.get(url).status_code == 200
    empty = as_owner.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert_error_page(empty, "reason")
    assert programme.continuation.phases.get(kind="pre_study").status == "in_progress"
    response = as_owner.post(url, {"reason": "Startet ved en feil"})
    assert response.status_code == 302
    assert programme.continuation.phases.get(kind="pre_study").status == "not_started"
    assert "Oppstarten av forstudium er angret" in page(as_owner.get(response["Location"]))


def test_undo_start_page_explains_a_refusal(as_owner, programme, owner):
    _approve(programme, owner)
    url = reverse("programmes:phase-start-undo", args=[programme.pk, "pre_study"])
    response = as_owner.get(url)
    assert response.status_code == 409
    assert "Trekk tilbake vedtaket før du angrer oppstarten" in page(response)
    assert as_owner.post(url, {"reason": "x"}).status_code == 409
    assert programme.continuation.phases.get(kind="pre_study").status == "completed"


def test_a_service_error_is_tied_to_its_field(as_owner, programme, owner):
    """An error found only by the service (an assignee who left, a cycle) is still at
    its field: aria-invalid and aria-describedby pointing to the message."""
    first, second = programme.continuation.tasks.order_by("order")[:2]
    services.update_task(user=owner, task=second, expected_version=1,
                         depends_on=[(first, 0)])
    response = as_owner.post(reverse("programmes:task-edit", args=[programme.pk, first.pk]), {
        "phase": first.phase, "title": first.title, "depends_on": [second.pk],
        "lag_days": "0", "version": str(first.version)})
    text = response.content.decode()
    assert "depends_on" in response.context["form"].errors
    assert 'id="depends_on-error"' in text
    select = text[text.index('name="depends_on"') - 200:text.index('name="depends_on"') + 200]
    assert 'aria-invalid="true"' in select and "depends_on-error" in select


def test_stale_stakeholder_edit_is_a_conflict_and_keeps_what_was_typed(as_owner, programme,
                                                                       owner):
    stakeholder = services.create_stakeholder(user=owner, programme=programme, name="Lag",
                                              kind="organisation")
    services.update_stakeholder(user=owner, stakeholder=stakeholder, expected_version=1,
                                name="Laget AS")
    url = reverse("programmes:stakeholder-edit", args=[programme.pk, stakeholder.pk])
    response = as_owner.post(url, {"name": "Mitt navn", "kind": "organisation",
                                   "contact_name": "Per", "version": "1"})
    assert response.status_code == 409
    text = page(response)
    assert "Noen andre har endret interessenten" in text
    assert 'value="Mitt navn"' in text and 'value="Per"' in text
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Laget AS"
