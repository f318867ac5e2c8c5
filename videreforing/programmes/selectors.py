"""Reads, always scoped by the requesting user through `access`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from videreforing.rules import deadlines

from .access import visible_programmes
from .models import GateDecision, Phase, Programme, Task


def programme_list_for(user) -> QuerySet[Programme]:
    return (
        visible_programmes(user)
        .prefetch_related("municipalities__county", _phases_prefetch())
        .order_by("period_end", "name")
    )


def _phases_prefetch() -> Prefetch:
    return Prefetch(
        "continuation__phases",
        queryset=Phase.objects.prefetch_related(
            Prefetch("gate_decisions", queryset=GateDecision.objects.order_by("decided_on", "pk"))
        ),
    )


def phases_of(programme: Programme) -> list[Phase]:
    return list(
        programme.continuation.phases.prefetch_related("gate_decisions").order_by("order")
    )


def continuation_status(programme: Programme, today: date | None = None) -> str:
    today = today or timezone.localdate()
    phase_list = list(programme.continuation.phases.all())
    main = next((p for p in phase_list if p.kind == Phase.Kind.MAIN_PROJECT), None)
    facts = deadlines.ContinuationFacts(
        period_end=programme.period_end,
        any_phase_started=any(p.actual_start for p in phase_list),
        main_project_approved=bool(main and main.status == Phase.Status.COMPLETED),
    )
    return deadlines.continuation_status(facts, today)


STATUS_LABELS = {
    deadlines.ContinuationStatus.NOT_STARTED: gettext_noop("Ikke startet"),
    deadlines.ContinuationStatus.DUE_SOON: gettext_noop("Frist for oppstart nærmer seg"),
    deadlines.ContinuationStatus.OVERDUE: gettext_noop("Seneste oppstart er passert"),
    deadlines.ContinuationStatus.IN_PROGRESS: gettext_noop("Pågår"),
    deadlines.ContinuationStatus.COMPLETED: gettext_noop("Fullført"),
}
STATUS_COLORS = {
    deadlines.ContinuationStatus.NOT_STARTED: "neutral",
    deadlines.ContinuationStatus.DUE_SOON: "warning",
    deadlines.ContinuationStatus.OVERDUE: "danger",
    deadlines.ContinuationStatus.IN_PROGRESS: "info",
    deadlines.ContinuationStatus.COMPLETED: "success",
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS[status])


def programme_warnings(programme: Programme) -> list[dict[str, str]]:
    warnings = []
    if deadlines.period_over_six_years(programme.period_start, programme.period_end):
        # F-PERIOD: warn, do not refuse.
        warnings.append({
            "code": "period_over_six_years",
            "message": _(
                "Omstillingsperioden er lengre enn seks år. Det er uvanlig: kommuner med "
                "omstillingsstatus får vanligvis midler i opptil seks år (F-PERIOD)."
            ),
        })
    if programme.latest_start < programme.period_start:
        warnings.append({
            "code": "latest_start_before_period_start",
            "message": _(
                "Perioden er kortere enn to år, så seneste oppstart for videreføringen ligger "
                "før perioden startet. Start videreføringen straks (R-START)."
            ),
        })
    return warnings


def _d(value: date) -> str:
    return date_format(value, "j. F Y")


@dataclass
class NextStep:
    text: str
    url_name: str = ""
    kind: str = ""


def next_steps(programme: Programme, today: date | None = None) -> list[NextStep]:
    """What to do next, and by when, in plain words."""
    today = today or timezone.localdate()
    status = continuation_status(programme, today)
    phase_list = phases_of(programme)
    latest = programme.latest_start
    steps: list[NextStep] = []
    if status in (deadlines.ContinuationStatus.NOT_STARTED, deadlines.ContinuationStatus.DUE_SOON):
        days = (latest - today).days
        steps.append(NextStep(
            _("Omstillingsstyret bør ta initiativ og starte forstudiet innen %(date)s "
              "(om %(days)s dager).") % {"date": _d(latest), "days": days},
            "programmes:phase", "initiation",
        ))
        steps.append(NextStep(
            _("Lys ut oppdraget som ekstern prosessleder på anbud, slik at forstudiet kan "
              "starte i tide."), "programmes:phase", "initiation",
        ))
    elif status == deadlines.ContinuationStatus.OVERDUE:
        steps.append(NextStep(
            _("Seneste oppstart var %(date)s. Start forstudiet nå, slik at enheten kan være "
              "operativ før %(deadline)s.")
            % {"date": _d(latest), "deadline": _d(programme.operative_deadline)},
            "programmes:phase", "pre_study",
        ))
    elif status == deadlines.ContinuationStatus.IN_PROGRESS:
        for phase in phase_list:
            if phase.status == Phase.Status.IN_PROGRESS:
                open_tasks = programme.continuation.tasks.filter(
                    phase=phase.kind, done=False, removed_at__isnull=True
                ).count()
                gate = phase.gate
                if gate and gate.outcome == GateDecision.Outcome.REWORK:
                    steps.append(NextStep(
                        _("%(phase)s må bearbeides etter vedtaket %(date)s. Legg fram saken "
                          "på nytt.") % {"phase": phase.get_kind_display(),
                                         "date": _d(gate.decided_on)},
                        "programmes:phase", phase.kind,
                    ))
                if open_tasks:
                    steps.append(NextStep(
                        _("Fullfør %(count)s åpne oppgaver i %(phase)s.")
                        % {"count": open_tasks, "phase": str(phase.get_kind_display()).lower()},
                        "programmes:phase", phase.kind,
                    ))
                steps.append(NextStep(
                    _("Legg fram %(phase)s for vedtak ved beslutningspunktet.")
                    % {"phase": str(phase.get_kind_display()).lower()},
                    "programmes:phase", phase.kind,
                ))
                break
            if phase.status == Phase.Status.STOPPED:
                steps.append(NextStep(
                    _("%(phase)s ble stoppet. Avklar med kommunen hvordan arbeidet skal "
                      "videreføres.") % {"phase": phase.get_kind_display()},
                    "programmes:phase", phase.kind,
                ))
                break
        else:
            upcoming = next((p for p in phase_list if p.status == Phase.Status.NOT_STARTED), None)
            if upcoming:
                steps.append(NextStep(
                    _("Start %(phase)s.") % {"phase": str(upcoming.get_kind_display()).lower()},
                    "programmes:phase", upcoming.kind,
                ))
        steps.append(NextStep(
            _("Enheten må være operativ før %(date)s (R-OPERATIVE).")
            % {"date": _d(programme.operative_deadline)}
        ))
    else:
        steps.append(NextStep(
            _("Hovedprosjektet er godkjent. Sørg for at enheten er operativ før %(date)s.")
            % {"date": _d(programme.operative_deadline)}
        ))
    return steps


def open_tasks_for(user, programmes) -> QuerySet[Task]:
    """The user's own open tasks (assigned to them) in the given programmes."""
    return (
        Task.objects.filter(
            continuation__programme__in=programmes, assignee=user, done=False,
            removed_at__isnull=True,
        )
        .select_related("continuation__programme")
        .order_by("due_date", "pk")
    )


def tasks_of(programme: Programme, phase: str) -> QuerySet[Task]:
    return programme.continuation.tasks.filter(
        phase=phase, removed_at__isnull=True
    ).select_related("assignee").order_by("order", "pk")


@dataclass
class TimeBar:
    """Positions (in % of the bar) for the overview's simple time bar."""

    start: date
    end: date
    segments: list[dict]
    markers: list[dict]


def time_bar(programme: Programme, today: date | None = None) -> TimeBar:
    today = today or timezone.localdate()
    start, end = programme.period_start, programme.period_end
    total = max((end - start).days, 1)

    def pos(day: date) -> float:
        return round(min(max((day - start).days / total * 100, 0), 100), 2)

    segments = []
    for phase in phases_of(programme):
        begin = phase.actual_start or phase.planned_start
        finish = phase.actual_end or phase.planned_end or (today if phase.actual_start else None)
        if begin and finish and finish >= begin:
            segments.append({
                "label": phase.get_kind_display(), "kind": phase.kind,
                "left": pos(begin), "width": max(pos(finish) - pos(begin), 0.8),
                "status": phase.status,
            })
    markers = [
        {"label": _("Seneste oppstart"), "date": programme.latest_start,
         "left": pos(programme.latest_start), "kind": "latest_start"},
        {"label": _("I dag"), "date": today, "left": pos(today), "kind": "today"},
    ]
    return TimeBar(start=start, end=end, segments=segments, markers=markers)
