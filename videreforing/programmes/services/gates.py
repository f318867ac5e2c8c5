"""Gate decisions at the end of a phase: record, correct and withdraw, with the
phase's status following the decision (R-PHASES)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.errors import DomainError

from ..models import DecidingBody, GateDecision, Phase, Programme, Task
from ._common import _bounded, _check_version, _label, clean_reason
from .phases import _phase, next_phase_started


def _clean_gate_values(phase: Phase, values: dict[str, Any], errors: dict[str, list],
                       *, exclude: GateDecision | None = None) -> None:
    """A decision's own rules, for recording and correcting alike."""
    if "deciding_body" in values and values["deciding_body"] not in DecidingBody.values:
        errors["deciding_body"] = [_("Velg vedtaksorgan.")]
    if "outcome" in values and values["outcome"] not in GateDecision.Outcome.values:
        errors["outcome"] = [_("Velg utfall: godkjent, må bearbeides eller stoppet.")]
    _bounded(GateDecision, values, errors)
    if "decided_on" not in values or "decided_on" in errors:
        return
    decided_on = values["decided_on"]
    earlier = phase.gate_decisions.filter(withdrawn_at__isnull=True)
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude.pk)
    latest = earlier.order_by("-decided_on", "-pk").first()
    if decided_on is None:
        errors["decided_on"] = [_("Oppgi vedtaksdatoen.")]
    elif decided_on > timezone.localdate():
        errors["decided_on"] = [_("Vedtaksdatoen kan ikke være i framtiden.")]
    elif phase.actual_start and decided_on < phase.actual_start:
        errors["decided_on"] = [_("Vedtaksdatoen kan ikke være før fasen startet.")]
    elif latest is not None and decided_on < latest.decided_on:
        # The latest decision is the phase's gate: it cannot be dated before the others.
        errors["decided_on"] = [
            _("Vedtaksdatoen kan ikke være før det forrige vedtaket i fasen (%(date)s).")
            % {"date": latest.decided_on.strftime("%d.%m.%Y")}]


@transaction.atomic
def record_gate_decision(
    *, user, programme: Programme, kind: str, deciding_body: str, decided_on: date | None,
    outcome: str, case_number: str = "", note: str = "", document=None,
) -> GateDecision:
    phase = _phase(programme, kind, lock=True)
    errors: dict[str, list[str]] = {}
    if document is not None and document.programme_id != programme.pk:
        errors["document"] = [_("Dokumentet hører ikke til dette programmet.")]
    case_number = (case_number or "").strip()
    note = (note or "").strip()
    _clean_gate_values(phase, {"deciding_body": deciding_body, "decided_on": decided_on,
                               "outcome": outcome, "case_number": case_number,
                               "note": note}, errors)
    if errors:
        raise ValidationError(errors)
    if phase.status == Phase.Status.NOT_STARTED:
        raise DomainError(
            _("%(phase)s er ikke startet. Start fasen før du registrerer vedtak.")
            % {"phase": phase.get_kind_display()},
            code="phase_not_started",
        )
    if phase.status in (Phase.Status.COMPLETED, Phase.Status.STOPPED):
        raise DomainError(
            _("Beslutningspunktet for %(phase)s er allerede avgjort.")
            % {"phase": str(phase.get_kind_display()).lower()},
            code="gate_already_decided",
        )
    assert decided_on is not None  # checked above
    # An approval with open tasks is allowed (the page asks to confirm, the API warns);
    # the decision keeps which tasks were not done, so they are not planned ahead and
    # can still be ticked off later.
    open_tasks = (open_tasks_of_phase(programme, kind)
                  if outcome == GateDecision.Outcome.APPROVED else [])
    decision = GateDecision.objects.create(
        phase=phase, deciding_body=deciding_body, decided_on=decided_on, outcome=outcome,
        case_number=case_number, note=note, decided_by=user, document=document,
        open_tasks_at_decision=[{"id": t.pk, "title": t.title} for t in open_tasks],
    )
    if outcome == GateDecision.Outcome.APPROVED:
        phase.status, phase.actual_end = Phase.Status.COMPLETED, decided_on
    elif outcome == GateDecision.Outcome.STOPPED:
        phase.status, phase.actual_end = Phase.Status.STOPPED, decided_on
    phase.save()
    log_action(
        action=f"programmes.gate.{outcome}", actor=user, programme=programme, obj=decision,
        data={"phase": kind, "body": deciding_body, "date": decided_on,
              "case_number": decision.case_number, "note": decision.note,
              **({"document": str(document), "document_id": document.pk} if document else {}),
              **({"open_tasks": [t.pk for t in open_tasks]} if open_tasks else {})},
    )
    return decision


def open_tasks_of_phase(programme: Programme, kind: str) -> list[Task]:
    """The phase's tasks not done (and not removed), in the page's order."""
    return list(programme.continuation.tasks.filter(
        phase=kind, done=False, removed_at__isnull=True).order_by("order", "pk"))


GATE_FIELDS = ("deciding_body", "decided_on", "outcome", "case_number", "note")


def gate_snapshot(decision: GateDecision) -> dict[str, Any]:
    return {k: getattr(decision, k) for k in GATE_FIELDS}


def _current_gate(programme: Programme, kind: str) -> tuple[Phase, GateDecision]:
    phase = _phase(programme, kind, lock=True)
    decision = (GateDecision.objects.select_for_update()
                .filter(phase=phase, withdrawn_at__isnull=True)
                .order_by("-decided_on", "-pk").first())
    if decision is None:
        raise DomainError(
            _("Det er ikke registrert noe vedtak for %(phase)s.")
            % {"phase": str(phase.get_kind_display()).lower()},
            code="no_gate_decision",
        )
    return phase, decision


def _phase_follows_outcome(phase: Phase, outcome: str, decided_on: date) -> None:
    """The phase's status as the gate decision says (R-PHASES)."""
    if outcome == GateDecision.Outcome.APPROVED:
        phase.status, phase.actual_end = Phase.Status.COMPLETED, decided_on
    elif outcome == GateDecision.Outcome.STOPPED:
        phase.status, phase.actual_end = Phase.Status.STOPPED, decided_on
    else:
        phase.status, phase.actual_end = Phase.Status.IN_PROGRESS, None


@transaction.atomic
def correct_gate_decision(
    *, user, programme: Programme, kind: str, reason: str, expected_version: int | None,
    **changes: Any,
) -> GateDecision:
    """Correct the phase's current gate decision (body, date, case number, outcome,
    note) with a written reason; versioned and logged with before and after.

    A change of outcome moves the phase with it, and is refused once the next phase
    has started (R-PHASES)."""
    phase, decision = _current_gate(programme, kind)
    unknown = set(changes) - set(GATE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    if expected_version is None:
        raise ValidationError({"version": [_("Versjon mangler.")]})
    _check_version(
        decision, expected_version,
        _("Noen andre har endret vedtaket etter at du åpnet det. Endringene deres er "
          "beholdt; se gjennom dem og gjør endringen din på nytt."),
    )
    errors: dict[str, list] = {}
    for key in ("case_number", "note"):
        if key in changes:
            changes[key] = (changes[key] or "").strip()
    reason = clean_reason(reason, errors=errors)
    _clean_gate_values(phase, changes, errors, exclude=decision)
    if errors:
        raise ValidationError(errors)
    before = gate_snapshot(decision)
    after = {**before, **changes}
    changed = [k for k in GATE_FIELDS if after[k] != before[k]]
    if not changed:
        return decision
    if "outcome" in changed:
        following = next_phase_started(phase)
        if following is not None:
            raise DomainError(
                _("Utfallet kan ikke endres fordi %(next)s er startet. Rett de andre "
                  "opplysningene, eller registrer et nytt vedtak.")
                % {"next": str(following.get_kind_display()).lower()},
                code="next_phase_started",
            )
    for key in changed:
        setattr(decision, key, after[key])
    open_tasks: list[Task] = []
    if "outcome" in changed:
        # Corrected to an approval: the tasks open now are the ones not done at it.
        open_tasks = (open_tasks_of_phase(programme, kind)
                      if decision.outcome == GateDecision.Outcome.APPROVED else [])
        decision.open_tasks_at_decision = [{"id": t.pk, "title": t.title}
                                           for t in open_tasks]
    decision.version += 1
    decision.save()
    phase_before = {"status": phase.status, "actual_end": phase.actual_end}
    if phase.status != Phase.Status.IN_PROGRESS or "outcome" in changed:
        _phase_follows_outcome(phase, decision.outcome, decision.decided_on)
        phase.save()
    log_action(
        action="programmes.gate.corrected", actor=user, programme=programme, obj=decision,
        data={
            "phase": kind, "body": decision.deciding_body, "date": decision.decided_on,
            "fields": [_label(GateDecision, k) for k in changed],
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
            "reason": reason,
            **({"phase_status": {"before": phase_before["status"], "after": phase.status}}
               if phase_before["status"] != phase.status else {}),
            **({"open_tasks": [t.pk for t in open_tasks]} if open_tasks else {}),
        },
    )
    return decision


@transaction.atomic
def withdraw_gate_decision(
    *, user, programme: Programme, kind: str, reason: str,
    expected_version: int | None = None,
) -> Phase:
    """Withdraw the phase's current gate decision with a written reason. The phase
    reopens (in progress, no end date), as it was before the decision. Refused once
    the next phase has started (R-PHASES)."""
    phase, decision = _current_gate(programme, kind)
    reason = clean_reason(reason)
    _check_version(
        decision, expected_version,
        _("Noen andre har endret vedtaket etter at du åpnet det. Se gjennom det og prøv "
          "igjen."),
    )
    following = next_phase_started(phase)
    if following is not None:
        raise DomainError(
            _("Vedtaket kan ikke trekkes tilbake fordi %(next)s er startet.")
            % {"next": str(following.get_kind_display()).lower()},
            code="next_phase_started",
        )
    decision.withdrawn_at = timezone.now()
    decision.withdrawn_by = user
    decision.withdrawal_reason = reason
    decision.version += 1
    decision.save()
    before = {"status": phase.status, "actual_end": phase.actual_end}
    # Every decision recorded before this one left the phase in progress (a decision
    # that ends the phase allows no later one), so that is the state it returns to.
    phase.status, phase.actual_end = Phase.Status.IN_PROGRESS, None
    phase.save()
    log_action(
        action="programmes.gate.withdrawn", actor=user, programme=programme, obj=decision,
        data={
            "phase": kind, "body": decision.deciding_body, "date": decision.decided_on,
            "reason": reason,
            "before": {**gate_snapshot(decision), "phase_status": before["status"],
                       "phase_actual_end": before["actual_end"]},
            "after": {"withdrawn": True, "phase_status": phase.status,
                      "phase_actual_end": None},
        },
    )
    return phase
