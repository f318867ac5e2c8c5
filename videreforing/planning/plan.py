"""The programme's plan as schedule activities, and its schedule and risk.

Activities are the programme's tasks (removed ones left out) plus, for each phase that
has no tasks yet, the phase as a whole with its own estimate. A phase activity follows
the activities of the stage before it. Tasks without an estimate take no time.

Actual dates drive the plan (R-PHASES): once a phase's gate is decided (approved or
stopped) its open tasks are "not done at the gate" and end on the decision date instead
of being planned ahead; ticked later, their real date counts. The open tasks of a started
phase start no earlier than the phase's actual start, nor before today, unless a task has
its own recorded start. The schedule is computed from the database on every read (no
stored copy), so a gate decision, its correction or withdrawal, or a phase start shows at
once; the risk simulation's seed is derived from these inputs (rules.schedule.plan_seed).

Stored dates and estimates are read as they are, even far outside the bounds new input
gets: the schedule saturates at date.min / date.max (rules.schedule), and
`ProgrammeSchedule.out_of_range` tells the pages to say so next to the forecast."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from videreforing.lib.bounds import DATE_MAX, DATE_MIN
from videreforing.programmes.models import Phase, Programme, Task, TaskDependency
from videreforing.rules import phases as phase_rules
from videreforing.rules import schedule as rules

SAMPLES = rules.DEFAULT_SAMPLES


def _local_date(value: datetime | None) -> date | None:
    if not value:
        return None
    try:
        return timezone.localdate(value)
    except OverflowError:  # a stored 9999-12-31 23:59 UTC has no local date after it
        return value.date()


@dataclass
class PlanItem:
    key: str
    kind: str  # "task" or "phase"
    stage: str
    title: str
    obj: Task | Phase
    has_estimate: bool
    # An open task of a phase whose gate is decided: not done at the gate, not planned.
    closed_at_gate: bool = False


def _closed(phase: Phase) -> bool:
    """The phase's gate is decided (approved or stopped) on `actual_end` (R-PHASES)."""
    return (phase.status in (Phase.Status.COMPLETED, Phase.Status.STOPPED)
            and phase.actual_end is not None)


def build_plan(programme: Programme) -> tuple[list[rules.Activity], dict[str, PlanItem]]:
    continuation = programme.continuation
    tasks = list(continuation.tasks.filter(removed_at__isnull=True).order_by("order", "pk"))
    task_ids = {t.pk for t in tasks}
    deps: dict[int, list[tuple[str, int]]] = {}
    for dep in TaskDependency.objects.filter(task_id__in=task_ids, predecessor_id__in=task_ids):
        deps.setdefault(dep.task_id, []).append((f"task:{dep.predecessor_id}", dep.lag_days))
    phases = {p.kind: p for p in continuation.phases.all()}
    activities: list[rules.Activity] = []
    items: dict[str, PlanItem] = {}
    stage_keys: dict[str, list[str]] = {stage: [] for stage in phase_rules.STAGE_ORDER}
    for task in tasks:
        key = f"task:{task.pk}"
        points = task.three_point
        o, m, p = points or (0, 0, 0)
        finished = _local_date(task.done_at) if task.done else None
        started = task.started_on
        phase = phases.get(task.phase)
        not_before = None
        closed_at_gate = False
        if not finished and phase is not None and _closed(phase):
            # R-PHASES: the gate closed the phase. Its open tasks were not done at the
            # gate: they end there and are no longer planned (ticked later, the real
            # date counts).
            finished = phase.actual_end
            assert finished is not None  # _closed
            started = min(started, finished) if started else finished
            closed_at_gate = True
        elif not started and not finished and phase is not None and phase.actual_start:
            # A started phase anchors its open work at its actual start, or today when
            # that lies behind us (rules.schedule never starts open work before today).
            not_before = phase.actual_start
        if started and finished and started > finished:
            started = None
        activities.append(rules.Activity(
            id=key, name=task.title, optimistic=o, likely=m, pessimistic=p,
            predecessors=tuple(deps.get(task.pk, ())),
            actual_start=started, actual_finish=finished, not_before=not_before,
        ))
        items[key] = PlanItem(key, "task", task.phase, task.title, task, points is not None,
                              closed_at_gate)
        stage_keys[task.phase].append(key)
    previous_keys: list[str] = stage_keys[phase_rules.INITIATION]
    for kind in phase_rules.PHASE_ORDER:
        phase = phases[kind]
        if stage_keys[kind]:
            previous_keys = stage_keys[kind]
            continue
        key = f"phase:{kind}"
        points = phase.three_point
        o, m, p = points or (0, 0, 0)
        done = _closed(phase)
        actual_start = phase.actual_start
        if done and actual_start and phase.actual_end and actual_start > phase.actual_end:
            actual_start = None
        activities.append(rules.Activity(
            id=key, name=str(phase.get_kind_display()), optimistic=o, likely=m, pessimistic=p,
            predecessors=tuple((k, 0) for k in previous_keys),
            actual_start=actual_start,
            actual_finish=phase.actual_end if done else None,
        ))
        items[key] = PlanItem(key, "phase", kind, str(phase.get_kind_display()), phase,
                              points is not None)
        previous_keys = [key]
    return activities, items


@dataclass
class ProgrammeSchedule:
    programme: Programme
    today: date
    schedule: rules.Schedule
    risk: rules.Risk | None
    items: dict[str, PlanItem]
    activities_by_id: dict[str, rules.Activity]

    @property
    def forecast_operative(self) -> date:
        return self.schedule.finish

    @property
    def operative_deadline(self) -> date:
        return self.programme.operative_deadline

    @property
    def slack_days(self) -> int:
        return (self.operative_deadline - self.forecast_operative).days

    @property
    def days_late(self) -> int:
        return max(-self.slack_days, 0)

    @property
    def on_time(self) -> bool:
        return self.slack_days >= 0

    @property
    def out_of_range(self) -> bool:
        """The forecast lies outside the dates the application accepts, because the
        plan holds a stored date or duration outside the bounds: show it, and say so."""
        days = [self.forecast_operative]
        if self.risk is not None:
            days += [self.risk.p50, self.risk.p80]
        return any(not DATE_MIN <= day <= DATE_MAX for day in days)

    @property
    def date_bounds(self) -> tuple[date, date]:
        return DATE_MIN, DATE_MAX

    @property
    def missing_estimates(self) -> list[PlanItem]:
        return [i for i in self.items.values() if not i.has_estimate and not i.closed_at_gate
                and not (i.kind == "task" and getattr(i.obj, "done", False))]


def schedule_for(programme: Programme, *, today: date | None = None,
                 samples: int = SAMPLES) -> ProgrammeSchedule:
    today = today or timezone.localdate()
    activities, items = build_plan(programme)
    schedule = rules.compute_schedule(activities, today)
    risk = rules.simulate_risk(activities, today, programme.operative_deadline,
                               samples=samples) if activities and samples else None
    return ProgrammeSchedule(programme, today, schedule, risk, items,
                             {str(a.id): a for a in activities})


def task_key(task_id: int) -> str:
    return f"task:{task_id}"
