"""Date arithmetic that cannot overflow, for values read back from the database.

New values are bounded to 1990–2100 (`lib.bounds.DATE`), but a date stored before the
bounds existed (9999-12-31, say) must still be shown without a 500."""

from datetime import date, timedelta

FAR_FUTURE = date.max
FAR_PAST = date.min


def safe_add(day: date, days: int | float | timedelta) -> date:
    """`day + days`, saturating at date.min / date.max instead of raising OverflowError.

    `days` may be far beyond what a timedelta holds (a sum of stored durations, say)."""
    try:
        delta = days if isinstance(days, timedelta) else timedelta(days=days)
        return day + delta
    except OverflowError:
        forward = days > timedelta(0) if isinstance(days, timedelta) else days > 0
        return FAR_FUTURE if forward else FAR_PAST


def safe_sub(day: date, days: int | float | timedelta) -> date:
    return safe_add(day, -days)


def clamp(day: date, low: date, high: date) -> date:
    """`day`, moved into [low, high]."""
    return min(max(day, low), high)
