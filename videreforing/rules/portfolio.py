"""The adviser's portfolio: red, amber or green per programme (issue 10, point 2).
Pure Python: no Django import.

Every reason comes from a rule the application already applies elsewhere; no new
threshold is made up here:

red
- `forecast_late`: the forecast operative date is after the operative deadline
  (negative slack; R-OPERATIVE, the stored forecast of planning/forecasts.py);
- `latest_start_passed`: the latest start (R-START) has passed without a start
  (continuation status `overdue`, rules/deadlines.py).

amber
- `low_probability`: the probability of being operative in time is under the
  threshold the risk reminder uses (planning/reminders.py RISK_THRESHOLD); not for a
  completed continuation, which the risk reminder skips too;
- `latest_start_soon`: the latest start is within the due-soon window without a start
  (continuation status `due_soon`, rules/deadlines.py DUE_SOON_DAYS);
- `gate_pending`: a phase waits for its gate decision (the gate reminder's rule, see
  `gate_pending` below);
- `overdue_tasks`: open tasks past their due date (the task reminder's rule).

unknown: no red reason, and the forecast is being computed (the plan changed since it
was stored), so the forecast-based reasons cannot be judged yet.
green: none of the above.
"""

from dataclasses import dataclass

from .deadlines import ContinuationStatus

RED = "red"
AMBER = "amber"
GREEN = "green"
UNKNOWN = "unknown"
RAGS = (RED, AMBER, UNKNOWN, GREEN)  # most urgent first: the portfolio's sort order

FORECAST_LATE = "forecast_late"
LATEST_START_PASSED = "latest_start_passed"
LOW_PROBABILITY = "low_probability"
LATEST_START_SOON = "latest_start_soon"
GATE_PENDING = "gate_pending"
OVERDUE_TASKS = "overdue_tasks"
FORECAST_PENDING = "forecast_pending"

RED_REASONS = (FORECAST_LATE, LATEST_START_PASSED)
AMBER_REASONS = (LOW_PROBABILITY, LATEST_START_SOON, GATE_PENDING, OVERDUE_TASKS)


@dataclass(frozen=True)
class PortfolioFacts:
    """What one programme's risk is judged from, read once for the whole list."""

    status: str  # rules.deadlines.ContinuationStatus
    forecast_known: bool  # False while the forecast is being computed
    slack_days: int | None
    probability_on_time: float | None  # 0..1
    overdue_tasks: int
    gate_pending: bool


@dataclass(frozen=True)
class Assessment:
    rag: str
    reasons: tuple[str, ...]  # codes, red ones first; FORECAST_PENDING when unknown


def assess(facts: PortfolioFacts, *, risk_threshold: float) -> Assessment:
    """Red, amber, green or unknown, with every reason that applies."""
    red: list[str] = []
    amber: list[str] = []
    if facts.forecast_known and facts.slack_days is not None and facts.slack_days < 0:
        red.append(FORECAST_LATE)  # R-OPERATIVE
    if facts.status == ContinuationStatus.OVERDUE:
        red.append(LATEST_START_PASSED)  # R-START
    if (facts.forecast_known and facts.probability_on_time is not None
            and facts.status != ContinuationStatus.COMPLETED
            and facts.probability_on_time < risk_threshold):
        amber.append(LOW_PROBABILITY)
    if facts.status == ContinuationStatus.DUE_SOON:
        amber.append(LATEST_START_SOON)  # R-START, due-soon window
    if facts.gate_pending:
        amber.append(GATE_PENDING)  # R-PHASES
    if facts.overdue_tasks > 0:
        amber.append(OVERDUE_TASKS)
    if red:
        return Assessment(RED, tuple(red + amber))
    if not facts.forecast_known:
        return Assessment(UNKNOWN, (FORECAST_PENDING, *amber))
    if amber:
        return Assessment(AMBER, tuple(amber))
    return Assessment(GREEN, ())


def gate_pending(*, phase_in_progress: bool, tasks: int, open_tasks: int) -> bool:
    """A phase waits for its gate decision when it is in progress and every one of its
    (not removed) tasks is done: the rule of the gate reminder (planning/reminders.py
    `_gates`). An approved gate completes the phase and a stop stops it, so only a phase
    still in progress (never decided, or sent back for rework) can wait."""
    return phase_in_progress and tasks > 0 and open_tasks == 0


def current_phase(phases: list[tuple[str, str]]) -> str | None:
    """The phase the continuation is in, from (kind, status) pairs in phase order: the
    one in progress; else the last one that has ended (completed or stopped); None
    before any phase has started."""
    for kind, status in phases:
        if status == "in_progress":
            return kind
    ended = [kind for kind, status in phases if status in ("completed", "stopped")]
    return ended[-1] if ended else None
