"""Deadline rules of the continuation process. Pure Python: no Django import.

R-START: latest start = period end − 2 years (29 February → 28 February).
R-OPERATIVE: the unit must be operative by the period end.
F-PERIOD: a period longer than six years is unusual: warn, do not refuse.

The dates may be stored values outside the range new input gets (year 1, year 9999):
each rule answers for them too, saturating at date.min instead of raising.
"""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

YEARS_BEFORE_END_TO_START = 2  # R-START
MAX_NORMAL_PERIOD_YEARS = 6  # F-PERIOD
DUE_SOON_DAYS = 90  # "due soon": within 90 days of the latest start (a product setting, no rule)


class ContinuationStatus:
    NOT_STARTED = "not_started"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    ALL = (NOT_STARTED, DUE_SOON, OVERDUE, IN_PROGRESS, COMPLETED)


def latest_start(period_end: date) -> date:
    """R-START. relativedelta clamps 29 February to 28 February in a common year.
    A period ending in year 1 or 2 has its latest start at date.min."""
    try:
        return period_end - relativedelta(years=YEARS_BEFORE_END_TO_START)
    except (ValueError, OverflowError):
        return date.min


def operative_deadline(period_end: date) -> date:
    """R-OPERATIVE: operative before the programme is wound up, i.e. by the period end."""
    return period_end


def period_over_six_years(period_start: date, period_end: date) -> bool:
    """F-PERIOD: more than six years from start to end."""
    try:
        six_years_on = period_start + relativedelta(years=MAX_NORMAL_PERIOD_YEARS)
    except (ValueError, OverflowError):
        return False  # six years on lies past date.max: no end can be later
    return period_end > six_years_on


@dataclass(frozen=True)
class ContinuationFacts:
    period_end: date
    any_phase_started: bool
    main_project_approved: bool


def continuation_status(facts: ContinuationFacts, today: date) -> str:
    if facts.main_project_approved:
        return ContinuationStatus.COMPLETED
    if facts.any_phase_started:
        return ContinuationStatus.IN_PROGRESS
    days_left = (latest_start(facts.period_end) - today).days
    if days_left < 0:
        return ContinuationStatus.OVERDUE
    if days_left <= DUE_SOON_DAYS:
        return ContinuationStatus.DUE_SOON
    return ContinuationStatus.NOT_STARTED


@dataclass(frozen=True)
class ContinuationStart:
    """When the continuation started (its first phase's actual start), measured
    against the latest start of R-START."""

    started_on: date
    latest_start: date

    @property
    def in_time(self) -> bool:
        return self.started_on <= self.latest_start  # R-START: "at the latest"

    @property
    def margin_days(self) -> int:
        """Days between the start and the latest start: before it when in time, after
        it otherwise (never negative)."""
        return abs((self.latest_start - self.started_on).days)


def continuation_start(period_end: date, phase_starts: list[date | None]
                       ) -> ContinuationStart | None:
    """R-START: the continuation has started when its first phase has an actual start."""
    starts = [day for day in phase_starts if day is not None]
    if not starts:
        return None
    return ContinuationStart(started_on=min(starts), latest_start=latest_start(period_end))


def days_until(target: date, today: date) -> int:
    return (target - today).days
