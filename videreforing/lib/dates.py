"""Date arithmetic that cannot overflow, for values read back from the database.

New values are bounded to 1990–2100 (`lib.bounds.DATE`), but a date stored before the
bounds existed (9999-12-31, say) must still be shown without a 500."""

from datetime import date, timedelta

FAR_FUTURE = date.max
FAR_PAST = date.min


def safe_add(day: date, days: int | float | timedelta) -> date:
    """`day + days`, saturating at date.min / date.max instead of raising OverflowError."""
    delta = days if isinstance(days, timedelta) else timedelta(days=days)
    try:
        return day + delta
    except OverflowError:
        return FAR_FUTURE if delta > timedelta(0) else FAR_PAST


def safe_sub(day: date, days: int | float | timedelta) -> date:
    delta = days if isinstance(days, timedelta) else timedelta(days=days)
    return safe_add(day, -delta)
