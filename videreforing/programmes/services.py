"""Every write to programmes, phases, gates, tasks and stakeholders.

Each service takes keyword-only arguments, runs in one transaction, checks the
current state before it changes anything, raises ValidationError (bad input, with
the field) or DomainError (refused by the state), and writes one audit entry.

Every value about to be stored goes through `check_values` (lib/bounds.py): dates
1990–2100, days 0–3650, text lengths and no control characters, the same for the
pages and the API. All errors of one call are raised together, each at its field."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import READ_ONLY_ROLES, Role
from videreforing.audit.services import log_action
from videreforing.lib.bounds import DAYS, NoControlCharacters, check_values
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.orgnumber import normalise_org_number, validate_org_number
from videreforing.municipalities.models import Municipality
from videreforing.rules import phases as phase_rules
from videreforing.rules import schedule as schedule_rules

from .models import (
    REASON_MAX,
    Continuation,
    DecidingBody,
    GateDecision,
    Phase,
    Programme,
    Stakeholder,
    Task,
    TaskDependency,
    TaskEvent,
    TaskTemplate,
)

# ---------------------------------------------------------------- bounds


def _bounded(model, values: dict[str, Any], errors: dict[str, list]) -> None:
    """Add the bound errors of `values` to `errors`; a field's own (more specific)
    message already in `errors` wins. Raises nothing: the caller raises once."""
    try:
        check_values(model, {k: v for k, v in values.items() if k not in errors})
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, list(messages))


def clean_reason(reason: str | None, *, field: str = "reason", required: bool = True,
                 errors: dict[str, list] | None = None) -> str:
    """A written reason (for a correction, a withdrawal): required, at most
    REASON_MAX characters, no control characters."""
    text = str(reason or "").strip()
    message = None
    if required and not text:
        message = _("Skriv en begrunnelse.")
    elif len(text) > REASON_MAX:
        message = _("Begrunnelsen kan ikke være lenger enn %(limit)s tegn.") % {
            "limit": REASON_MAX}
    else:
        try:
            NoControlCharacters()(text)
        except ValidationError as exc:
            message = exc.messages[0]
    if message:
        if errors is not None:
            errors.setdefault(field, []).append(message)
        else:
            raise ValidationError({field: [message]})
    return text


# ---------------------------------------------------------------- programmes


def _clean_programme_fields(
    *, name: str, municipality_numbers: list[str], period_start, period_end
) -> list[Municipality]:
    errors: dict[str, list[str]] = {}
    _bounded(Programme, {"name": (name or "").strip(), "period_start": period_start,
                         "period_end": period_end}, errors)
    if not (name or "").strip():
        errors["name"] = [_("Skriv inn et navn på programmet.")]
    numbers = [str(n).strip() for n in municipality_numbers or [] if str(n).strip()]
    municipalities: list[Municipality] = []
    if not numbers:
        errors["municipalities"] = [_("Velg minst én kommune.")]
    else:
        found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            errors["municipalities"] = [
                _("Ukjent kommunenummer: %(numbers)s. Kommunenummer har fire siffer, "
                  "for eksempel 0301.") % {"numbers": ", ".join(unknown)}
            ]
        municipalities = [found[n] for n in dict.fromkeys(numbers) if n in found]
    if period_start is None:
        errors["period_start"] = [_("Oppgi når omstillingsperioden startet.")]
    if period_end is None:
        errors["period_end"] = [_("Oppgi når omstillingsperioden slutter.")]
    if (period_start and period_end and "period_start" not in errors
            and "period_end" not in errors and period_end <= period_start):
        errors["period_end"] = [_("Slutten av omstillingsperioden må komme etter starten.")]
    if errors:
        raise ValidationError(errors)
    return municipalities


def _create_continuation(programme: Programme) -> Continuation:
    template = TaskTemplate.objects.filter(is_active=True).order_by("-version").first()
    continuation = Continuation.objects.create(programme=programme, template_version=template)
    phase_estimates = template.phase_estimates if template else {}
    for order, kind in enumerate(phase_rules.PHASE_ORDER, start=1):
        est = phase_estimates.get(kind) or {}
        Phase.objects.create(
            continuation=continuation, kind=kind, order=order,
            optimistic_days=est.get("optimistic"), likely_days=est.get("likely"),
            pessimistic_days=est.get("pessimistic"), estimate_basis=est.get("basis", ""),
        )
    if template is not None:
        template_tasks = list(template.tasks.order_by("order", "pk"))
        tasks = Task.objects.bulk_create(
            Task(
                continuation=continuation,
                phase=tt.stage,
                order=index,
                title=tt.title,
                description=tt.description,
                responsible_role=tt.responsible_role,
                rule_id=tt.rule_id,
                optimistic_days=tt.optimistic_days,
                likely_days=tt.likely_days,
                pessimistic_days=tt.pessimistic_days,
                estimate_basis=tt.estimate_basis,
                template_task=tt,
            )
            for index, tt in enumerate(template_tasks, start=1)
        )
        by_order = {tt.order: task for tt, task in zip(template_tasks, tasks, strict=True)}
        TaskDependency.objects.bulk_create(
            TaskDependency(task=by_order[tt.order], predecessor=by_order[pred])
            for tt in template_tasks
            for pred in (tt.depends_on or [])
            if pred in by_order and pred != tt.order
        )
    return continuation


@transaction.atomic
def create_programme(
    *,
    user,
    name: str,
    municipality_numbers: list[str],
    period_start: date,
    period_end: date,
    is_demo: bool = False,
) -> Programme:
    """Register a programme; its creator becomes programme manager."""
    municipalities = _clean_programme_fields(
        name=name, municipality_numbers=municipality_numbers,
        period_start=period_start, period_end=period_end,
    )
    programme = Programme.objects.create(
        name=name.strip(), period_start=period_start, period_end=period_end,
        is_demo=is_demo, created_by=user,
    )
    programme.municipalities.set(municipalities)
    _create_continuation(programme)
    Membership.objects.create(programme=programme, user=user, role=Role.PROGRAMME_MANAGER)
    log_action(
        action="programmes.programme.created", actor=user, programme=programme, obj=programme,
        data={
            "name": programme.name,
            "municipalities": [m.number for m in municipalities],
            "period_start": period_start, "period_end": period_end,
        },
    )
    return programme


def _label(model, name: str) -> str:
    """A field's verbose name for the history."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _check_version(obj, expected_version: int | None, message: str) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise StaleVersion(message, current=obj)


@transaction.atomic
def update_programme(
    *, user, programme: Programme, expected_version: int | None = None, **changes: Any
) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_version(
        programme, expected_version,
        _("Noen andre har endret programmet etter at du åpnet det. Se gjennom endringene "
          "deres og prøv igjen."),
    )
    name = changes.get("name", programme.name)
    numbers = changes.get(
        "municipality_numbers", [m.number for m in programme.municipalities.all()]
    )
    period_start = changes.get("period_start", programme.period_start)
    period_end = changes.get("period_end", programme.period_end)
    municipalities = _clean_programme_fields(
        name=name, municipality_numbers=numbers, period_start=period_start, period_end=period_end
    )
    before = {
        "name": programme.name,
        "municipalities": sorted(m.number for m in programme.municipalities.all()),
        "period_start": programme.period_start,
        "period_end": programme.period_end,
    }
    after = {
        "name": name.strip(),
        "municipalities": sorted(m.number for m in municipalities),
        "period_start": period_start,
        "period_end": period_end,
    }
    changed = [key for key in after if after[key] != before[key]]
    if not changed:
        return programme
    programme.name = after["name"]
    programme.period_start = period_start
    programme.period_end = period_end
    programme.version += 1
    programme.save()
    programme.municipalities.set(municipalities)
    log_action(
        action="programmes.programme.updated", actor=user, programme=programme, obj=programme,
        data={
            "fields": [_label(Programme, k) for k in changed],
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
        },
    )
    return programme


# ---------------------------------------------------------------- phases and gates


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


def next_phase_started(phase: Phase) -> Phase | None:
    """The phase after this one, if it has started (R-PHASES: its gate is then final)."""
    index = phase_rules.PHASE_ORDER.index(phase.kind)
    if index + 1 >= len(phase_rules.PHASE_ORDER):
        return None
    following = Phase.objects.get(continuation_id=phase.continuation_id,
                                  kind=phase_rules.PHASE_ORDER[index + 1])
    return following if following.status != Phase.Status.NOT_STARTED else None


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


# ---------------------------------------------------------------- tasks

TASK_FIELDS = (
    "phase", "title", "description", "responsible_role", "assignee", "due_date", "done",
    "started_on", "duration_days", "optimistic_days", "likely_days", "pessimistic_days",
)
ESTIMATE_FIELDS = ("duration_days", "optimistic_days", "likely_days", "pessimistic_days")


def _clean_task(programme: Programme, values: dict[str, Any],
                task: Task | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in values and not (values["title"] or "").strip():
        errors["title"] = [_("Skriv inn en tittel på oppgaven.")]
    if "phase" in values and values["phase"] not in Task.Stage.values:
        errors["phase"] = [
            _("Velg en fase: oppstart, forstudium, forprosjekt eller hovedprosjekt.")
        ]
    role = values.get("responsible_role")
    if role and role not in Role.values:
        errors["responsible_role"] = [_("Ukjent rolle: %(role)s.") % {"role": role}]
    assignee = values.get("assignee")
    unchanged = task is not None and assignee is not None and assignee.pk == task.assignee_id
    if assignee is not None and not unchanged:
        # Only a member who may edit can be responsible; an observer is read-only and an
        # adviser is not a member. (A task keeps its assignee if they later lose that.)
        role = (Membership.objects.filter(programme=programme, user=assignee)
                .values_list("role", flat=True).first())
        if role is None:
            errors["assignee"] = [_("Den ansvarlige må være med i programmet.")]
        elif role in READ_ONLY_ROLES:
            errors["assignee"] = [_("En observatør kan bare lese og kan ikke være ansvarlig "
                                    "for en oppgave. Velg en person med en annen rolle.")]
    clean_estimate(values, errors)
    _bounded(Task, {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()},
             errors)
    if errors:
        raise ValidationError(errors)
    if "title" in values:
        values["title"] = values["title"].strip()
    if "description" in values:
        values["description"] = (values["description"] or "").strip()
    if "responsible_role" in values:
        values["responsible_role"] = values["responsible_role"] or ""
    return values


def clean_estimate(values: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Either one duration or three points with optimistic ≤ likely ≤ pessimistic."""
    for key in ESTIMATE_FIELDS:
        value = values.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not DAYS.minimum <= value <= DAYS.maximum):
            errors[key] = [_("Oppgi et helt antall dager mellom 0 og 3650.")]
    if errors:
        return
    points = [values.get(k) for k in ("optimistic_days", "likely_days", "pessimistic_days")]
    given = [p is not None for p in points]
    if any(given) and not all(given):
        missing = [k for k, g in zip(("optimistic_days", "likely_days", "pessimistic_days"),
                                     given, strict=True) if not g]
        for key in missing:
            errors[key] = [_("Oppgi alle tre estimatene (optimistisk, mest sannsynlig og "
                             "pessimistisk), eller bare varighet.")]
    elif all(given):
        o, m, p = (int(x) for x in points if x is not None)
        if not o <= m <= p:
            errors["likely_days"] = [_("Estimatene må være i rekkefølgen optimistisk ≤ mest "
                                       "sannsynlig ≤ pessimistisk.")]
        elif values.get("duration_days") is not None:
            errors["duration_days"] = [_("Oppgi enten varighet eller tre estimater, ikke "
                                         "begge.")]


def _task_snapshot(task: Task) -> dict[str, Any]:
    return {
        "phase": task.phase, "title": task.title, "description": task.description,
        "responsible_role": task.responsible_role,
        "assignee": task.assignee.email if task.assignee else None,
        "due_date": task.due_date, "done": task.done, "started_on": task.started_on,
        "duration_days": task.duration_days, "optimistic_days": task.optimistic_days,
        "likely_days": task.likely_days, "pessimistic_days": task.pessimistic_days,
        "depends_on": [
            {"task": d.predecessor_id, "lag_days": d.lag_days}
            for d in task.dependencies.order_by("predecessor_id")
        ] if task.pk else [],
    }


def _set_dependencies(task: Task, depends_on: list[tuple[Task, int]]) -> None:
    """Replace the task's predecessors; refuse a cycle, naming the tasks in it."""
    errors = []
    for predecessor, lag in depends_on:
        if predecessor.continuation_id != task.continuation_id or predecessor.removed_at:
            errors.append(_("Oppgaven %(id)s finnes ikke i dette programmet.")
                          % {"id": predecessor.pk})
        elif (not isinstance(lag, int) or isinstance(lag, bool)
              or not DAYS.minimum <= lag <= DAYS.maximum):
            errors.append(_("Forsinkelsen må være mellom 0 og 3650 dager."))
    if errors:
        raise ValidationError({"depends_on": errors})
    edges: dict[int, list[int]] = {}  # task → its predecessors
    for dep in TaskDependency.objects.filter(
        task__continuation_id=task.continuation_id, task__removed_at__isnull=True,
        predecessor__removed_at__isnull=True,
    ).exclude(task=task):
        edges.setdefault(dep.task_id, []).append(dep.predecessor_id)
    edges[task.pk] = [p.pk for p, _lag in depends_on]
    for node in list(edges):
        for pred in edges[node]:
            edges.setdefault(pred, [])
    cycle = schedule_rules.find_cycle(edges)
    if cycle:
        titles = dict(Task.objects.filter(pk__in=list(cycle)).values_list("pk", "title"))
        message = _("Avhengighetene danner en sirkel: %(cycle)s.") % {
            "cycle": " → ".join(f"«{titles[pk]}» ({pk})" for pk in cycle + cycle[:1])}
        raise ValidationError({"depends_on": ValidationError(
            message.replace("%", "%%"), code="cycle", params={"cycle": cycle})})
    task.dependencies.all().delete()
    TaskDependency.objects.bulk_create(
        TaskDependency(task=task, predecessor=p, lag_days=lag) for p, lag in depends_on
    )


@transaction.atomic
def create_task(
    *, user, programme: Programme, phase: str, title: str, description: str = "",
    responsible_role: str = "", assignee=None, due_date: date | None = None, done: bool = False,
    started_on: date | None = None, duration_days: int | None = None,
    optimistic_days: int | None = None, likely_days: int | None = None,
    pessimistic_days: int | None = None, depends_on: list[tuple[Task, int]] | None = None,
) -> Task:
    values = _clean_task(programme, {
        "phase": phase, "title": title, "description": description,
        "responsible_role": responsible_role, "assignee": assignee, "due_date": due_date,
        "started_on": started_on, "duration_days": duration_days,
        "optimistic_days": optimistic_days, "likely_days": likely_days,
        "pessimistic_days": pessimistic_days,
    })
    continuation = programme.continuation
    order = (continuation.tasks.aggregate(m=Max("order"))["m"] or 0) + 1
    task = Task.objects.create(
        continuation=continuation, order=order, done=bool(done),
        done_at=timezone.now() if done else None, **values,
    )
    if depends_on:
        _set_dependencies(task, depends_on)
    log_action(
        action="programmes.task.created", actor=user, programme=programme, obj=task,
        data={"title": task.title, "phase": task.phase, **_task_snapshot(task)},
    )
    return task


@transaction.atomic
def update_task(*, user, task: Task, expected_version: int, **changes: Any) -> Task:
    """Versioned edit: a save against a stale version is refused and the other
    person's change is kept."""
    programme = task.continuation.programme
    task = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is None:
        raise ValidationError({"version": [_("Versjon mangler.")]})
    _check_version(
        task, expected_version,
        _("Noen andre har endret oppgaven etter at du åpnet den. Endringene deres er beholdt; "
          "se gjennom dem og gjør endringen din på nytt."),
    )
    depends_on = changes.pop("depends_on", None)
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    if set(changes) & set(ESTIMATE_FIELDS):
        # An estimate replaces the previous one as a whole.
        merged = {k: changes.get(k) for k in ESTIMATE_FIELDS}
        changes.update(merged)
    values = _clean_task(programme, dict(changes), task)
    before = _task_snapshot(task)
    if depends_on is not None:
        _set_dependencies(task, depends_on)
    for key, value in values.items():
        if key == "done":
            value = bool(value)
            if value and not task.done:
                task.done_at = timezone.now()
            elif not value:
                task.done_at = None
                task.done_by_event = task.done_source = task.done_link = ""
        setattr(task, key, value)
    if set(values) & set(ESTIMATE_FIELDS):
        task.estimate_basis = ""  # the user's own estimate from now on
    after = _task_snapshot(task)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return task
    task.version += 1
    task.save()
    data: dict[str, Any]
    if changed == ["done"]:
        action = "programmes.task.completed" if task.done else "programmes.task.reopened"
        data = {"title": task.title}
    else:
        action = "programmes.task.updated"
        data = {
            "title": task.title,
            "fields": [str(_("avhengigheter")) if k == "depends_on"
                       else _label(Task, k) for k in changed],
            "before": {k: before[k] for k in changed},
            "after": {k: after[k] for k in changed},
        }
    log_action(action=action, actor=user, programme=programme, obj=task, data=data)
    return task


@transaction.atomic
def remove_task(*, user, task: Task) -> None:
    """Soft removal, logged with the removed values."""
    programme = task.continuation.programme
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.removed_at is not None:
        return
    task.removed_at = timezone.now()
    task.save(update_fields=["removed_at", "updated_at"])
    log_action(
        action="programmes.task.removed", actor=user, programme=programme, obj=task,
        data={"title": task.title, **_task_snapshot(task)},
    )


@transaction.atomic
def complete_tasks_for_event(*, user, programme: Programme, event: str, link: str = "",
                             source: str = "") -> list[Task]:
    """Tick off the programme's open tasks that `event` completes (template tasks marked
    with that event, e.g. the tender's award), one audit entry per task naming the
    source and its link. Called by other apps (procurement), never the reverse. Tasks
    already done stay as they are; a removed task is left alone."""
    if event not in TaskEvent.values:
        raise ValueError(f"unknown task event {event!r}")
    tasks = list(Task.objects.select_for_update().filter(
        continuation__programme=programme, template_task__event=event, done=False,
        removed_at__isnull=True).order_by("order", "pk"))
    now = timezone.now()
    for task in tasks:
        task.done, task.done_at = True, now
        task.done_by_event, task.done_source, task.done_link = event, source[:200], link
        task.version += 1
        task.save(update_fields=["done", "done_at", "done_by_event", "done_source",
                                 "done_link", "version", "updated_at"])
        log_action(
            action=f"programmes.task.completed_by_{event}", actor=user, programme=programme,
            obj=task, data={"title": task.title, "event": event, "source": source,
                            "link": link},
        )
    return tasks


# ---------------------------------------------------------------- stakeholders

STAKEHOLDER_FIELDS = (
    "name", "kind", "org_number", "contact_name", "contact_email", "contact_phone", "notes",
)


def clean_stakeholder(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = [_("Skriv inn navnet på interessenten.")]
    if "kind" in values and values["kind"] not in Stakeholder.Kind.values:
        errors["kind"] = [_("Velg type: bedrift, organisasjon, offentlig virksomhet eller annet.")]
    if values.get("org_number"):
        values["org_number"] = normalise_org_number(values["org_number"])
        try:
            validate_org_number(values["org_number"])
        except ValidationError as exc:
            errors["org_number"] = list(exc.messages)
    if values.get("contact_email"):
        from django.core.validators import validate_email

        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    values = {k: (v.strip() if isinstance(v, str) else (v or "")) for k, v in values.items()}
    _bounded(Stakeholder, values, errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_stakeholder(*, user, programme: Programme, **fields: Any) -> Stakeholder:
    values = clean_stakeholder({k: fields.get(k, "") for k in STAKEHOLDER_FIELDS})
    stakeholder = Stakeholder.objects.create(programme=programme, **values)
    log_action(
        action="programmes.stakeholder.created", actor=user, programme=programme,
        obj=stakeholder, data=values,
    )
    return stakeholder


@transaction.atomic
def update_stakeholder(
    *, user, stakeholder: Stakeholder, expected_version: int | None = None, **changes: Any
) -> Stakeholder:
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    _check_version(
        stakeholder, expected_version,
        _("Noen andre har endret interessenten etter at du åpnet den. Se gjennom endringene "
          "og prøv igjen."),
    )
    unknown = set(changes) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    values = clean_stakeholder(dict(changes))
    changed = [k for k, v in values.items() if getattr(stakeholder, k) != v]
    if not changed:
        return stakeholder
    before = {k: getattr(stakeholder, k) for k in changed}
    for key in changed:
        setattr(stakeholder, key, values[key])
    stakeholder.version += 1
    stakeholder.save()
    log_action(
        action="programmes.stakeholder.updated", actor=user, programme=stakeholder.programme,
        obj=stakeholder,
        data={
            "name": stakeholder.name,
            "fields": [_label(Stakeholder, k) for k in changed],
            "before": before, "after": {k: values[k] for k in changed},
        },
    )
    return stakeholder


@transaction.atomic
def remove_stakeholder(*, user, stakeholder: Stakeholder) -> None:
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.removed_at is not None:
        return
    stakeholder.removed_at = timezone.now()
    stakeholder.save(update_fields=["removed_at"])
    log_action(
        action="programmes.stakeholder.removed", actor=user, programme=stakeholder.programme,
        obj=stakeholder,
        data={"name": stakeholder.name, **{k: getattr(stakeholder, k) for k in STAKEHOLDER_FIELDS}},
    )
