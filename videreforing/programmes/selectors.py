"""Reads, always scoped by the requesting user through `access`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from videreforing.rules import deadlines

from .access import visible_programmes
from .models import Continuation, GateDecision, Phase, Programme, Task


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
    continuation = programme.continuation
    if "phases" in getattr(continuation, "_prefetched_objects_cache", {}):
        # Read once by with_phases (the programme page, issue 10): no query per use.
        return sorted(continuation.phases.all(), key=lambda p: p.order)
    return list(continuation.phases.prefetch_related("gate_decisions").order_by("order"))


def with_phases(programme: Programme) -> Programme:
    """Read the programme's phases and gate decisions once (three queries with the
    continuation) for the readers of one page: the status, the time bar, the phase
    table and the schedule then use them without a query each."""
    prefetch_related_objects([programme], _phases_prefetch())
    return programme


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


def status_from_facts(programme: Programme, facts, today: date) -> str:
    """continuation_status from the facts stored with the forecast
    (planning.forecasts.PlanFacts) instead of the phases."""
    return deadlines.continuation_status(deadlines.ContinuationFacts(
        period_end=programme.period_end, any_phase_started=facts.started_on is not None,
        main_project_approved=facts.main_completed), today)


def continuation_start(programme: Programme) -> deadlines.ContinuationStart | None:
    """When the continuation started (R-START: its first phase's actual start) and
    whether that was in time; None before any phase has started."""
    return deadlines.continuation_start(
        programme.period_end, [p.actual_start for p in programme.continuation.phases.all()])


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


def next_steps(programme: Programme, today: date | None = None, *,
               phases: list[Phase] | None = None,
               forecast_operative: date | None = None) -> list:
    """What to do next: computed from the programme's state in `next_steps.py`."""
    from .next_steps import next_steps as compute

    return compute(programme, today, phases=phases, forecast_operative=forecast_operative)


# The programme page's parts that are the same for everyone who reads the programme
# (next steps, the latest history, the forecast card) are cached for an hour, keyed by
# `page_version` (issue 10, point 6).
PAGE_CACHE_TTL = 60 * 60


def page_version(programme: Programme, today: date) -> str:
    """The content version of the programme page's cached parts: the programme (its pk
    and when it was created, so that a database restored or rebuilt with the same pks
    never meets an old entry), its latest history entry (every write to the programme,
    its tasks, phases, gates, tenders, options analyses, documents and people logs one
    in the same transaction), its plan version (every plan change bumps it), today (the
    steps and the forecast count days from today) and the active language.

    A cache key that includes these can never show stale content: any change makes a
    new key, and the old entry is never read again (it expires after PAGE_CACHE_TTL).
    The version is read before the parts are computed, so a part stored under it is at
    least as new as the version. The access level is not part of it: the cached parts
    read the same for every user who may read the programme (the edit links and the
    remarks are outside them). One query."""
    latest = (programme.audit_entries.order_by("-pk").values_list("pk", flat=True)
              .first())
    created = programme.created_at.isoformat() if programme.created_at else ""
    return ":".join((str(programme.pk), created, str(latest or 0),
                     str(programme.plan_version), today.isoformat(),
                     translation.get_language() or ""))


def open_tasks_for(user, programmes) -> QuerySet[Task]:
    """The user's open tasks in the given programmes: those assigned to them, and those
    without a person that belong to the user's role in that programme (issue 9,
    point 3). A task assigned to someone else is theirs, whatever its role."""
    from videreforing.accounts.models import Membership

    role_in_programme = Membership.objects.filter(
        user=user, programme=OuterRef("continuation__programme"),
        role=OuterRef("responsible_role"))
    # A task without a person can be the user's only in a programme they are a member
    # of: the role is looked up for those tasks alone (read first, so that the database
    # does not test every unassigned task of every programme the user sees).
    member_of = list(Continuation.objects.filter(programme__memberships__user=user)
                     .values_list("pk", flat=True))
    mine = Q(assignee=user)
    if member_of:
        mine |= Q(assignee__isnull=True, continuation_id__in=member_of, by_role=True)
    return (
        Task.objects.alias(by_role=Exists(role_in_programme))
        .filter(continuation__programme__in=programmes, done=False,
                removed_at__isnull=True)
        .filter(mine)
        .select_related("continuation__programme")
        .order_by(F("due_date").asc(nulls_last=True), "continuation__programme__name",
                  "order", "pk")
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
