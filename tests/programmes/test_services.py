from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from videreforing.accounts import services as member_services
from videreforing.accounts.models import Membership, User
from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.programmes import selectors, services
from videreforing.programmes.models import GateDecision, Phase, Programme, Stakeholder, Task


def test_create_programme_makes_continuation_phases_template_tasks_and_membership(owner):
    programme = services.create_programme(
        user=owner, name="Omstilling Sunndal", municipality_numbers=["1563"],
        period_start=date(2022, 1, 1), period_end=date(2028, 2, 29),
    )
    assert programme.latest_start == date(2026, 2, 28)
    assert list(programme.continuation.phases.values_list("kind", flat=True)) == [
        "pre_study", "pre_project", "main_project"]
    tasks = programme.continuation.tasks
    assert tasks.filter(phase="initiation", rule_id="R-TENDER").exists()
    assert tasks.filter(phase="pre_project", rule_id="R-PREPROJECT").count() == 9
    assert tasks.filter(phase="main_project", rule_id="R-MAIN").count() == 4
    assert Membership.objects.get(programme=programme, user=owner).role == "programme_manager"
    entry = AuditEntry.objects.get(programme=programme)
    assert entry.action == "programmes.programme.created"
    assert entry.actor == owner
    assert entry.data["municipalities"] == ["1563"]


def test_unknown_municipality_and_end_before_start_are_refused_and_nothing_saved(owner):
    with pytest.raises(ValidationError) as exc:
        services.create_programme(
            user=owner, name="X", municipality_numbers=["1563", "9999"],
            period_start=date(2025, 1, 1), period_end=date(2024, 1, 1),
        )
    assert "9999" in exc.value.message_dict["municipalities"][0]
    assert "etter starten" in exc.value.message_dict["period_end"][0]
    assert Programme.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_period_over_six_years_is_warned_not_refused(owner):
    programme = services.create_programme(
        user=owner, name="Lang", municipality_numbers=["1563"],
        period_start=date(2020, 1, 1), period_end=date(2027, 1, 1),
    )
    codes = [w["code"] for w in selectors.programme_warnings(programme)]
    assert codes == ["period_over_six_years"]


def test_update_programme_with_stale_version_is_refused_and_keeps_other_change(programme, owner):
    services.update_programme(user=owner, programme=programme, expected_version=1,
                              name="Nytt navn")
    with pytest.raises(StaleVersion):
        services.update_programme(user=owner, programme=programme, expected_version=1,
                                  name="Mitt navn")
    programme.refresh_from_db()
    assert programme.name == "Nytt navn"
    assert programme.version == 2
    entry = AuditEntry.objects.filter(action="programmes.programme.updated").get()
    assert entry.data["after"]["name"] == "Nytt navn"


def test_start_pre_study_sets_status_and_logs(programme, owner):
    phase = services.start_phase(user=owner, programme=programme, kind="pre_study")
    assert phase.status == Phase.Status.IN_PROGRESS
    assert phase.actual_start == timezone.localdate()
    assert selectors.continuation_status(programme) == "in_progress"
    assert AuditEntry.objects.filter(action="programmes.phase.started",
                                     data__phase="pre_study").count() == 1


def test_pre_project_cannot_start_before_pre_study_is_approved(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    count = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        services.start_phase(user=owner, programme=programme, kind="pre_project")
    assert exc.value.code == "previous_gate_not_approved"
    phase = programme.continuation.phases.get(kind="pre_project")
    assert phase.status == "not_started" and phase.actual_start is None
    assert AuditEntry.objects.count() == count


def test_override_reason_allows_early_start_and_is_logged(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_project",
                         override_reason="Styret vil ta igjen tapt tid.")
    phase = programme.continuation.phases.get(kind="pre_project")
    assert phase.status == "in_progress"
    assert phase.override_reason == "Styret vil ta igjen tapt tid."
    entry = AuditEntry.objects.get(action="programmes.phase.started_with_override")
    assert entry.data["reason"] == "Styret vil ta igjen tapt tid."


def test_starting_twice_is_refused(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    with pytest.raises(DomainError):
        services.start_phase(user=owner, programme=programme, kind="pre_study")


def test_gate_approval_completes_phase_and_allows_next(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    today = timezone.localdate()
    decision = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=today, outcome="approved", case_number="2026/1234", note="Enstemmig",
    )
    phase = programme.continuation.phases.get(kind="pre_study")
    assert phase.status == "completed" and phase.actual_end == today
    assert phase.gate == decision
    assert AuditEntry.objects.filter(action="programmes.gate.approved").get().data[
        "case_number"] == "2026/1234"
    services.start_phase(user=owner, programme=programme, kind="pre_project")
    assert not AuditEntry.objects.filter(action="programmes.phase.started_with_override").exists()


def test_gate_on_phase_not_started_is_refused(programme, owner):
    with pytest.raises(DomainError):
        services.record_gate_decision(
            user=owner, programme=programme, kind="pre_study",
            deciding_body="municipal_council", decided_on=timezone.localdate(),
            outcome="approved",
        )
    assert GateDecision.objects.count() == 0


def test_gate_with_bad_input_names_the_fields(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    with pytest.raises(ValidationError) as exc:
        services.record_gate_decision(
            user=owner, programme=programme, kind="pre_study", deciding_body="king",
            decided_on=timezone.localdate() + timedelta(days=3), outcome="maybe",
        )
    assert set(exc.value.message_dict) == {"deciding_body", "decided_on", "outcome"}
    assert GateDecision.objects.count() == 0


def test_rework_keeps_phase_running_and_main_project_approval_completes(programme, owner):
    today = timezone.localdate()
    for kind in ("pre_study", "pre_project", "main_project"):
        services.start_phase(user=owner, programme=programme, kind=kind)
        if kind == "main_project":
            services.record_gate_decision(
                user=owner, programme=programme, kind=kind,
                deciding_body="municipal_council", decided_on=today, outcome="rework")
            assert programme.continuation.phases.get(kind=kind).status == "in_progress"
        services.record_gate_decision(
            user=owner, programme=programme, kind=kind, deciding_body="municipal_council",
            decided_on=today, outcome="approved")
    assert selectors.continuation_status(programme) == "completed"


def test_task_versioned_edit_refuses_stale_and_keeps_other_change(programme, owner):
    task = services.create_task(user=owner, programme=programme, phase="pre_study",
                                title="Møte med næringsforeningen")
    services.update_task(user=owner, task=task, expected_version=1, title="Møte i mars")
    with pytest.raises(StaleVersion) as exc:
        services.update_task(user=owner, task=task, expected_version=1, title="Møte i april")
    assert exc.value.current.title == "Møte i mars"
    task.refresh_from_db()
    assert task.title == "Møte i mars" and task.version == 2


def test_ticking_a_task_logs_completion(programme, owner):
    task = programme.continuation.tasks.filter(phase="initiation").first()
    services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    task.refresh_from_db()
    assert task.done and task.done_at is not None
    assert AuditEntry.objects.get(action="programmes.task.completed").data["title"] == task.title


def test_task_assignee_must_be_member(programme, owner, outsider):
    with pytest.raises(ValidationError) as exc:
        services.create_task(user=owner, programme=programme, phase="pre_study",
                             title="X", assignee=outsider)
    assert "assignee" in exc.value.message_dict
    assert not Task.objects.filter(title="X").exists()


def test_remove_task_is_soft_and_logged(programme, owner):
    task = services.create_task(user=owner, programme=programme, phase="pre_study", title="Y")
    services.remove_task(user=owner, task=task)
    task.refresh_from_db()
    assert task.removed_at is not None
    assert AuditEntry.objects.get(action="programmes.task.removed").data["title"] == "Y"
    assert not selectors.tasks_of(programme, "pre_study").filter(pk=task.pk).exists()


def test_stakeholder_org_number_is_validated(programme, owner):
    with pytest.raises(ValidationError) as exc:
        services.create_stakeholder(user=owner, programme=programme, name="Bedrift AS",
                                    kind="business", org_number="123456789")
    assert "MOD11" in exc.value.message_dict["org_number"][0]
    assert Stakeholder.objects.count() == 0
    st = services.create_stakeholder(user=owner, programme=programme, name="Bedrift AS",
                                     kind="business", org_number="974 760 673")
    assert st.org_number == "974760673"
    assert AuditEntry.objects.filter(action="programmes.stakeholder.created").count() == 1


def test_add_member_creates_invited_user_and_sends_mail(
    programme, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = member_services.add_member(
            user=owner, programme=programme, email="Ny@Kommune.no", role="project_group")
    assert membership.user.email == "ny@kommune.no"
    assert not membership.user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "Omstilling Meløy" in mail.outbox[0].body
    assert "/konto/passord/" in mail.outbox[0].body
    assert AuditEntry.objects.get(action="accounts.membership.created").data["role"] == (
        "project_group")


def test_last_editor_cannot_be_removed_or_demoted(programme, owner):
    membership = Membership.objects.get(programme=programme, user=owner)
    with pytest.raises(DomainError):
        member_services.remove_member(user=owner, membership=membership)
    with pytest.raises(DomainError):
        member_services.change_member_role(user=owner, membership=membership, role="observer")
    assert Membership.objects.get(pk=membership.pk).role == "programme_manager"


def test_existing_member_cannot_be_added_twice(programme, owner, reader):
    with pytest.raises(ValidationError):
        member_services.add_member(user=owner, programme=programme, email=reader.email,
                                   role="project_group")
    assert Membership.objects.get(programme=programme, user=reader).role == "observer"
    assert User.objects.filter(email=reader.email).count() == 1
