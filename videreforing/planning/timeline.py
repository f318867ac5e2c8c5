"""Geometry for the server-rendered SVG timeline (Gantt chart).

The chart spans the plan's dates with two weeks either side, but never further than
the dates the application accepts (lib.bounds.DATE) and today: a stored date in year 1
or 9999 is drawn at the chart's edge (the table under the chart shows the date itself)
instead of squeezing the scale to nothing or overflowing the date arithmetic."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from videreforing.lib.bounds import DATE_MAX, DATE_MIN
from videreforing.lib.dates import clamp, safe_add, safe_sub
from videreforing.programmes.models import Phase, Task
from videreforing.rules import phases as phase_rules

from .plan import ProgrammeSchedule

LABEL_WIDTH = 300
CHART_WIDTH = 900
ROW_HEIGHT = 24
HEADER_HEIGHT = 44
MARGIN_DAYS = 14
MAX_TICKS = 24
TICK_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
STAGE_LABELS = dict(Task.Stage.choices)


@dataclass
class Row:
    y: int
    label: str
    heading: bool = False
    key: str = ""
    x: float = 0
    width: float = 0
    css: str = ""
    start: date | None = None
    finish: date | None = None
    latest: date | None = None
    slack: int | None = None
    critical: bool = False
    done: bool = False
    assumption: bool = False
    # Open when its phase's gate was decided: not done at the gate, no longer planned.
    closed: bool = False


@dataclass
class Marker:
    x: float
    label: str
    day: date
    css: str


@dataclass
class Timeline:
    width: int
    height: int
    rows: list[Row] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    start: date | None = None
    end: date | None = None


def build_timeline(plan: ProgrammeSchedule) -> Timeline:
    programme = plan.programme
    acts = plan.schedule.activities
    days = [a.earliest_start for a in acts.values()] + [a.latest_finish for a in acts.values()]
    low, high = min(DATE_MIN, plan.today), max(DATE_MAX, plan.today)
    first = min(days + [plan.today, programme.latest_start])
    last = max(days + [plan.today, programme.period_end, plan.forecast_operative])
    start = clamp(safe_sub(first, MARGIN_DAYS), low, high)
    end = clamp(safe_add(last, MARGIN_DAYS), low, high)
    span = max((end - start).days, 1)

    def x(day: date) -> float:
        day = clamp(day, start, end)
        return round(LABEL_WIDTH + (day - start).days / span * CHART_WIDTH, 1)

    rows: list[Row] = []
    y = HEADER_HEIGHT
    position: dict[str, Row] = {}
    for stage in phase_rules.STAGE_ORDER:
        keys = [str(k) for k in plan.schedule.order if plan.items[str(k)].stage == stage]
        keys.sort(key=lambda k: (acts[k].earliest_start, k))
        if not keys:
            continue
        rows.append(Row(y=y, label=str(STAGE_LABELS[stage]), heading=True))
        y += ROW_HEIGHT
        for key in keys:
            a = acts[key]
            item = plan.items[key]
            css = "done" if a.done else ("critical" if a.critical else "normal")
            row = Row(
                y=y, label=item.title, key=key, x=x(a.earliest_start),
                width=max(x(a.earliest_finish) - x(a.earliest_start), 2.0), css=css,
                start=a.earliest_start, finish=a.earliest_finish, latest=a.latest_start,
                slack=a.slack_days,
                critical=a.critical, done=a.done,
                assumption=bool(getattr(item.obj, "estimate_is_assumption", False)),
                closed=item.closed_at_gate,
            )
            rows.append(row)
            position[key] = row
            y += ROW_HEIGHT
    links = []
    for key, row in position.items():
        for pred_key, _lag in _predecessors(plan, key):
            pred = position.get(pred_key)
            if pred is None:
                continue
            x1, y1 = pred.x + pred.width, pred.y + ROW_HEIGHT / 2
            x2, y2 = row.x, row.y + ROW_HEIGHT / 2
            mid = max(x1 + 4, min(x2 - 4, x1 + 8))
            links.append(f"M{x1},{y1} H{mid} V{y2} H{x2}")
    height = y + 30
    markers = [
        Marker(x(plan.today), _("I dag"), plan.today, "today"),
        Marker(x(programme.latest_start), _("Seneste oppstart"), programme.latest_start,
               "latest-start"),
        Marker(x(plan.forecast_operative), _("Prognose operativ"), plan.forecast_operative,
               "forecast"),
        Marker(x(programme.operative_deadline), _("Frist operativ enhet / periodeslutt"),
               programme.operative_deadline, "deadline"),
    ]
    stage_finish: dict[str, date] = {}
    for key, item in plan.items.items():
        finish = acts[key].earliest_finish
        stage_finish[item.stage] = max(stage_finish.get(item.stage, finish), finish)
    for phase in programme.continuation.phases.all():
        gate = phase.gate
        label = str(phase.get_kind_display()).lower()
        if gate and phase.status in (Phase.Status.COMPLETED, Phase.Status.STOPPED):
            markers.append(Marker(x(gate.decided_on), _("Vedtak %(phase)s") % {
                "phase": label}, gate.decided_on, "gate"))
        elif phase.kind in stage_finish:
            day = phase.planned_end or stage_finish[phase.kind]
            markers.append(Marker(x(day), _("Beslutningspunkt %(phase)s") % {"phase": label},
                                  day, "gate"))
    return Timeline(width=LABEL_WIDTH + CHART_WIDTH + 20, height=height, rows=rows,
                    markers=markers, links=links, ticks=_ticks(start, end, x), start=start,
                    end=end)


def _ticks(start: date, end: date, x) -> list[tuple[float, str]]:
    """January and July of each year; for a long span, January of every n-th year so
    that the labels stay readable."""
    years = range(start.year, end.year + 1)
    if len(years) * 2 <= MAX_TICKS:
        days = [date(year, month, 1) for year in years for month in (1, 7)]
        return [(x(d), f"{d.month:02d}.{d.year}") for d in days if start <= d <= end]
    step = next((s for s in TICK_YEAR_STEPS if len(years) / s <= MAX_TICKS),
                TICK_YEAR_STEPS[-1])
    days = [date(year, 1, 1) for year in years if year % step == 0]
    return [(x(d), str(d.year)) for d in days if start <= d <= end]


def _predecessors(plan: ProgrammeSchedule, key: str):
    return plan.activities_by_id[key].predecessors
