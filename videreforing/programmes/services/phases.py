"""A phase's start (with an override reason when the gate before it is not approved),
corrections and undoing of that start, and the phase's plan (R-PHASES)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.errors import DomainError
from videreforing.rules import phases as phase_rules

from ..models import Phase, Programme
from ._common import _bounded, _label, clean_reason
from .tasks import clean_estimate


def _phase(programme: Programme, kind: str, *, lock: bool = False) -> Phase:
    if kind not in phase_rules.PHASE_ORDER:
        raise ValidationError({"kind": [_("Ukjent fase: %(kind)s.") % {"kind": kind}]})
    qs = Phase.objects.filter(continuation__programme=programme, kind=kind)
    if lock:
        qs = qs.select_for_update()
    return qs.get()


@transaction.atomic
def start_phase(
    *, user, programme: Programme, kind: str, override_reason: str = "",
    started_on: date | None = None,
) -> Phase:
    """R-PHASES: a phase starts only after the gate before it is approved; an
    earlier start needs a written reason, which is logged."""
    phase = _phase(programme, kind, lock=True)
    if phase.status != Phase.Status.NOT_STARTED:
        raise DomainError(
            _("%(phase)s er allerede startet.") % {"phase": phase.get_kind_display()},
            code="already_started",
        )
    previous_kind = phase_rules.previous_phase(kind)
    previous_outcome = None
    if previous_kind:
        previous = _phase(programme, previous_kind)
        gate = previous.gate
        previous_outcome = gate.outcome if gate else None
    errors: dict[str, list] = {}
    reason = clean_reason(override_reason, field="override_reason", required=False,
                          errors=errors)
    started_on = started_on or timezone.localdate()
    _bounded_start(started_on, errors)
    if errors:
        raise ValidationError(errors)
    needs_override = phase_rules.start_needs_override(kind, previous_outcome)
    if needs_override and not reason:
        raise DomainError(
            _("%(phase)s kan først starte når beslutningspunktet for %(previous)s er godkjent. "
              "Vil du starte likevel, må du skrive en begrunnelse.")
            % {
                "phase": phase.get_kind_display(),
                "previous": str(Phase.Kind(previous_kind or kind).label).lower(),
            },
            code="previous_gate_not_approved",
        )
    phase.status = Phase.Status.IN_PROGRESS
    phase.actual_start = started_on
    phase.override_reason = reason if needs_override else ""
    phase.save()
    log_action(
        action="programmes.phase.started_with_override" if needs_override
        else "programmes.phase.started",
        actor=user, programme=programme, obj=phase,
        data={"phase": kind, "started_on": started_on,
              **({"reason": reason} if needs_override else {})},
    )
    return phase


def _bounded_start(started_on, errors: dict[str, list]) -> None:
    """The start date's bound, named as the caller gives it (`started_on`)."""
    found: dict[str, list] = {}
    _bounded(Phase, {"actual_start": started_on}, found)
    if found:
        errors["started_on"] = found["actual_start"]


def _started_phase(programme: Programme, kind: str) -> Phase:
    phase = _phase(programme, kind, lock=True)
    if phase.status == Phase.Status.NOT_STARTED:
        raise DomainError(
            _("%(phase)s er ikke startet.") % {"phase": phase.get_kind_display()},
            code="phase_not_started",
        )
    return phase


@transaction.atomic
def correct_phase_start(
    *, user, programme: Programme, kind: str, started_on: date | None, reason: str,
) -> Phase:
    """Correct the date a phase started, with a written reason (logged before/after).
    The start cannot come after a decision of the phase, nor after today."""
    phase = _started_phase(programme, kind)
    errors: dict[str, list] = {}
    reason = clean_reason(reason, errors=errors)
    _bounded_start(started_on, errors)
    first = (phase.gate_decisions.filter(withdrawn_at__isnull=True)
             .order_by("decided_on").first())
    if "started_on" in errors:
        pass
    elif started_on is None:
        errors["started_on"] = [_("Oppgi når fasen startet.")]
    elif started_on > timezone.localdate():
        errors["started_on"] = [_("Startdatoen kan ikke være i framtiden.")]
    elif first is not None and started_on > first.decided_on:
        errors["started_on"] = [
            _("Fasen kan ikke ha startet etter vedtaket %(date)s.")
            % {"date": first.decided_on.strftime("%d.%m.%Y")}]
    if errors:
        raise ValidationError(errors)
    before = phase.actual_start
    if before == started_on:
        return phase
    phase.actual_start = started_on
    phase.save()
    log_action(
        action="programmes.phase.start_corrected", actor=user, programme=programme, obj=phase,
        data={"phase": kind, "fields": [_label(Phase, "actual_start")],
              "before": {"actual_start": before}, "after": {"actual_start": started_on},
              "reason": reason},
    )
    return phase


@transaction.atomic
def undo_phase_start(*, user, programme: Programme, kind: str, reason: str) -> Phase:
    """Take back a start made by mistake, with a written reason: the phase is not
    started again. Refused while the phase has a decision (withdraw it first) and once
    the next phase has started (R-PHASES)."""
    phase = _started_phase(programme, kind)
    reason = clean_reason(reason)
    if phase.gate_decisions.filter(withdrawn_at__isnull=True).exists():
        raise DomainError(
            _("%(phase)s har et vedtak. Trekk tilbake vedtaket før du angrer oppstarten.")
            % {"phase": phase.get_kind_display()},
            code="phase_has_decision",
        )
    following = next_phase_started(phase)
    if following is not None:
        raise DomainError(
            _("Oppstarten kan ikke angres fordi %(next)s er startet.")
            % {"next": str(following.get_kind_display()).lower()},
            code="next_phase_started",
        )
    before = {"status": phase.status, "actual_start": phase.actual_start,
              "override_reason": phase.override_reason}
    phase.status = Phase.Status.NOT_STARTED
    phase.actual_start = None
    phase.override_reason = ""
    phase.save()
    log_action(
        action="programmes.phase.start_undone", actor=user, programme=programme, obj=phase,
        data={"phase": kind, "reason": reason, "before": before,
              "after": {"status": phase.status, "actual_start": None,
                        "override_reason": ""}},
    )
    return phase


def next_phase_started(phase: Phase) -> Phase | None:
    """The phase after this one, if it has started (R-PHASES: its gate is then final)."""
    index = phase_rules.PHASE_ORDER.index(phase.kind)
    if index + 1 >= len(phase_rules.PHASE_ORDER):
        return None
    following = Phase.objects.get(continuation_id=phase.continuation_id,
                                  kind=phase_rules.PHASE_ORDER[index + 1])
    return following if following.status != Phase.Status.NOT_STARTED else None


PHASE_PLAN_FIELDS = ("planned_start", "planned_end", "optimistic_days", "likely_days",
                     "pessimistic_days")


def clean_phase_plan(values: dict[str, Any], errors: dict[str, list]) -> None:
    """The plan's own rules (also run by the page form, so every error shows at once)."""
    clean_estimate(values, errors)
    _bounded(Phase, values, errors)
    start, end = values.get("planned_start"), values.get("planned_end")
    if (start and end and end < start and "planned_start" not in errors
            and "planned_end" not in errors):
        errors["planned_end"] = [_("Planlagt slutt kan ikke komme før planlagt start.")]


@transaction.atomic
def plan_phase(
    *, user, programme: Programme, kind: str, planned_start: date | None,
    planned_end: date | None, optimistic_days: int | None = None,
    likely_days: int | None = None, pessimistic_days: int | None = None,
) -> Phase:
    phase = _phase(programme, kind, lock=True)
    errors: dict[str, list[str]] = {}
    estimate = {"optimistic_days": optimistic_days, "likely_days": likely_days,
                "pessimistic_days": pessimistic_days}
    after = {"planned_start": planned_start, "planned_end": planned_end, **estimate}
    clean_phase_plan(after, errors)
    if errors:
        raise ValidationError(errors)
    before = {k: getattr(phase, k) for k in PHASE_PLAN_FIELDS}
    if before == after:
        return phase
    for key, value in after.items():
        setattr(phase, key, value)
    if any(before[k] != after[k] for k in estimate):
        phase.estimate_basis = ""
    phase.save()
    log_action(
        action="programmes.phase.planned", actor=user, programme=programme, obj=phase,
        data={"phase": kind, "before": before, "after": after},
    )
    return phase
