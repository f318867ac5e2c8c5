"""Correcting and withdrawing a gate decision, and correcting or undoing a phase start
(issue 8, point 3; R-PHASES)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision, Phase

pytestmark = pytest.mark.django_db

STARTED = date(2024, 1, 10)


@pytest.fixture
def approved(programme, owner):
    """The pre-study started and approved by the board."""
    services.start_phase(user=owner, programme=programme, kind="pre_study", started_on=STARTED)
    return services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study",
        deciding_body="restructuring_board", decided_on=date(2024, 5, 2), outcome="approved",
        case_number="2024/12", note="Enstemmig",
    )


def _phase(programme, kind="pre_study") -> Phase:
    return programme.continuation.phases.get(kind=kind)


def test_correction_changes_the_fields_bumps_version_and_logs_before_after_and_reason(
        programme, owner, approved):
    decision = services.correct_gate_decision(
        user=owner, programme=programme, kind="pre_study", expected_version=1,
        reason="Feil saksnummer og dato i protokollen.",
        case_number="2024/21", decided_on=date(2024, 5, 3), note="Enstemmig",
    )
    decision.refresh_from_db()
    assert (decision.case_number, decision.decided_on, decision.version) == (
        "2024/21", date(2024, 5, 3), 2)
    phase = _phase(programme)
    assert phase.status == Phase.Status.COMPLETED
    assert phase.actual_end == date(2024, 5, 3)  # the phase ends on the decision's date
    entry = AuditEntry.objects.get(action="programmes.gate.corrected")
    assert entry.actor == owner
    assert entry.object_id == str(decision.pk)
    assert entry.data["reason"] == "Feil saksnummer og dato i protokollen."
    assert entry.data["before"] == {"case_number": "2024/12", "decided_on": "2024-05-02"}
    assert entry.data["after"] == {"case_number": "2024/21", "decided_on": "2024-05-03"}
    assert "Begrunnelse: Feil saksnummer" in describe(entry)
    assert "saksnummer" in describe(entry)


def test_correction_with_a_stale_version_is_refused_and_keeps_the_other_change(
        programme, owner, approved):
    services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                   expected_version=1, reason="Rettet", case_number="A")
    with pytest.raises(StaleVersion) as exc:
        services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                       expected_version=1, reason="Min", case_number="B")
    assert exc.value.data["current_version"] == 2
    approved.refresh_from_db()
    assert approved.case_number == "A"
    assert AuditEntry.objects.filter(action="programmes.gate.corrected").count() == 1


def test_correction_needs_a_reason_and_bounded_values_and_stores_nothing_otherwise(
        programme, owner, approved):
    with pytest.raises(ValidationError) as exc:
        services.correct_gate_decision(
            user=owner, programme=programme, kind="pre_study", expected_version=1,
            reason="  ", decided_on=date(1980, 1, 1), case_number="x" * 51,
            note="ok\x00", deciding_body="the_king")
    errors = exc.value.message_dict
    assert set(errors) == {"reason", "decided_on", "case_number", "note", "deciding_body"}
    assert errors["reason"] == ["Skriv en begrunnelse."]
    assert "1990" in errors["decided_on"][0]
    approved.refresh_from_db()
    assert (approved.case_number, approved.version) == ("2024/12", 1)
    assert not AuditEntry.objects.filter(action="programmes.gate.corrected").exists()


def test_correction_cannot_date_the_gate_before_an_earlier_decision(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=STARTED)
    services.record_gate_decision(user=owner, programme=programme, kind="pre_study",
                                  deciding_body="restructuring_board",
                                  decided_on=date(2024, 3, 1), outcome="rework")
    services.record_gate_decision(user=owner, programme=programme, kind="pre_study",
                                  deciding_body="restructuring_board",
                                  decided_on=date(2024, 4, 1), outcome="approved")
    with pytest.raises(ValidationError) as exc:
        services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                       expected_version=1, reason="Dato",
                                       decided_on=date(2024, 2, 1))
    assert "forrige vedtaket" in exc.value.message_dict["decided_on"][0]


def test_outcome_correction_moves_the_phase_with_it(programme, owner, approved):
    services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                   expected_version=1, reason="Feil utfall registrert",
                                   outcome="rework")
    phase = _phase(programme)
    assert phase.status == Phase.Status.IN_PROGRESS
    assert phase.actual_end is None
    entry = AuditEntry.objects.get(action="programmes.gate.corrected")
    assert entry.data["phase_status"] == {"before": "completed", "after": "in_progress"}


def test_outcome_correction_is_refused_after_the_next_phase_started(programme, owner, approved):
    services.start_phase(user=owner, programme=programme, kind="pre_project")
    with pytest.raises(DomainError) as exc:
        services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                       expected_version=1, reason="x", outcome="stopped")
    assert exc.value.code == "next_phase_started"
    assert _phase(programme).status == Phase.Status.COMPLETED
    # The other facts of the decision can still be corrected.
    services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                   expected_version=1, reason="Skrivefeil", case_number="B")
    approved.refresh_from_db()
    assert approved.case_number == "B"


def test_withdrawal_reopens_the_phase_and_keeps_the_decision_for_the_record(
        programme, owner, approved):
    phase = services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                            reason="Vedtaket ble opphevet av kommunestyret.")
    assert phase.status == Phase.Status.IN_PROGRESS
    assert phase.actual_end is None
    assert phase.actual_start == STARTED
    phase = _phase(programme)
    assert phase.status == Phase.Status.IN_PROGRESS
    assert phase.gate is None
    approved.refresh_from_db()
    assert approved.withdrawn_at is not None
    assert approved.withdrawn_by == owner
    assert approved.withdrawal_reason == "Vedtaket ble opphevet av kommunestyret."
    entry = AuditEntry.objects.get(action="programmes.gate.withdrawn")
    assert entry.data["reason"] == "Vedtaket ble opphevet av kommunestyret."
    assert entry.data["before"]["outcome"] == "approved"
    assert entry.data["before"]["phase_status"] == "completed"
    assert entry.data["after"]["phase_status"] == "in_progress"
    assert "trakk tilbake vedtaket for forstudium" in describe(entry)
    # The phase can be decided again.
    again = services.record_gate_decision(
        user=owner, programme=programme, kind="pre_study", deciding_body="municipal_council",
        decided_on=date(2024, 6, 1), outcome="approved")
    assert _phase(programme).gate == again


def test_withdrawal_of_a_rework_decision_leaves_the_earlier_one_as_gate(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=STARTED)
    first = services.record_gate_decision(user=owner, programme=programme, kind="pre_study",
                                          deciding_body="restructuring_board",
                                          decided_on=date(2024, 3, 1), outcome="rework")
    services.record_gate_decision(user=owner, programme=programme, kind="pre_study",
                                  deciding_body="restructuring_board",
                                  decided_on=date(2024, 4, 1), outcome="stopped")
    services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                    reason="Feil sak")
    phase = _phase(programme)
    assert phase.status == Phase.Status.IN_PROGRESS
    assert phase.gate == first


def test_withdrawal_is_refused_after_the_next_phase_started(programme, owner, approved):
    services.start_phase(user=owner, programme=programme, kind="pre_project")
    with pytest.raises(DomainError) as exc:
        services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                        reason="For sent")
    assert exc.value.code == "next_phase_started"
    assert "forprosjekt er startet" in exc.value.message
    approved.refresh_from_db()
    assert approved.withdrawn_at is None
    assert _phase(programme).status == Phase.Status.COMPLETED
    assert not AuditEntry.objects.filter(action="programmes.gate.withdrawn").exists()


def test_withdrawal_needs_a_reason_and_a_current_version(programme, owner, approved):
    with pytest.raises(ValidationError) as exc:
        services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                        reason="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                        reason="x" * 2001)
    with pytest.raises(StaleVersion):
        services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                        reason="Feil", expected_version=7)
    approved.refresh_from_db()
    assert approved.withdrawn_at is None


def test_nothing_to_correct_or_withdraw_without_a_decision(programme, owner):
    with pytest.raises(DomainError) as exc:
        services.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                        reason="x")
    assert exc.value.code == "no_gate_decision"
    with pytest.raises(DomainError):
        services.correct_gate_decision(user=owner, programme=programme, kind="pre_study",
                                       expected_version=1, reason="x", note="y")


def test_last_phase_decision_can_always_be_withdrawn(programme, owner):
    for kind in ("pre_study", "pre_project", "main_project"):
        services.start_phase(user=owner, programme=programme, kind=kind, started_on=STARTED)
        services.record_gate_decision(
            user=owner, programme=programme, kind=kind, deciding_body="municipal_council",
            decided_on=timezone.localdate() - timedelta(days=1), outcome="approved")
    services.withdraw_gate_decision(user=owner, programme=programme, kind="main_project",
                                    reason="Feil")
    assert _phase(programme, "main_project").status == Phase.Status.IN_PROGRESS
    assert GateDecision.objects.filter(withdrawn_at__isnull=False).count() == 1


# ---------------------------------------------------------------- phase start


def test_start_date_can_be_corrected_with_a_reason(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    phase = services.correct_phase_start(user=owner, programme=programme, kind="pre_study",
                                         started_on=STARTED, reason="Oppstartsmøtet var da")
    assert phase.actual_start == STARTED
    entry = AuditEntry.objects.get(action="programmes.phase.start_corrected")
    assert entry.data["before"] == {"actual_start": timezone.localdate().isoformat()}
    assert entry.data["after"] == {"actual_start": STARTED.isoformat()}
    assert "Begrunnelse: Oppstartsmøtet var da" in describe(entry)


def test_start_date_correction_is_bounded_and_not_after_a_decision(programme, owner, approved):
    for day, message in [(date(9999, 12, 31), "1990"), (date(2024, 6, 1), "vedtaket"),
                         (None, "Oppgi")]:
        with pytest.raises(ValidationError) as exc:
            services.correct_phase_start(user=owner, programme=programme, kind="pre_study",
                                         started_on=day, reason="x")
        assert message in exc.value.message_dict["started_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.correct_phase_start(user=owner, programme=programme, kind="pre_study",
                                     started_on=date(2024, 1, 1), reason="")
    assert "reason" in exc.value.message_dict
    assert _phase(programme).actual_start == STARTED
    assert not AuditEntry.objects.filter(action="programmes.phase.start_corrected").exists()


def test_start_made_by_mistake_can_be_undone(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_project",
                         override_reason="Feil knapp")
    phase = services.undo_phase_start(user=owner, programme=programme, kind="pre_project",
                                      reason="Startet ved en feil")
    assert (phase.status, phase.actual_start, phase.override_reason) == (
        Phase.Status.NOT_STARTED, None, "")
    entry = AuditEntry.objects.get(action="programmes.phase.start_undone")
    assert entry.data["before"]["override_reason"] == "Feil knapp"
    assert entry.data["reason"] == "Startet ved en feil"
    assert "angret oppstarten av forprosjekt" in describe(entry)


def test_undoing_a_start_is_refused_with_a_decision(programme, owner, approved):
    with pytest.raises(DomainError) as exc:
        services.undo_phase_start(user=owner, programme=programme, kind="pre_study",
                                  reason="x")
    assert exc.value.code == "phase_has_decision"
    assert _phase(programme).status == Phase.Status.COMPLETED
    with pytest.raises(DomainError) as exc:
        services.undo_phase_start(user=owner, programme=programme, kind="main_project",
                                  reason="x")
    assert exc.value.code == "phase_not_started"


def test_undoing_a_start_is_refused_once_the_next_phase_started(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    services.start_phase(user=owner, programme=programme, kind="pre_project",
                         override_reason="Parallelt")
    with pytest.raises(DomainError) as exc:
        services.undo_phase_start(user=owner, programme=programme, kind="pre_study",
                                  reason="x")
    assert exc.value.code == "next_phase_started"
    assert _phase(programme).status == Phase.Status.IN_PROGRESS
