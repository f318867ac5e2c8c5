from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from videreforing.rules import deadlines
from videreforing.rules.deadlines import ContinuationFacts, ContinuationStatus


def status(period_end, today, started=False, completed=False):
    return deadlines.continuation_status(
        ContinuationFacts(period_end=period_end, any_phase_started=started,
                          main_project_approved=completed),
        today,
    )


def test_latest_start_is_two_years_before_period_end():
    assert deadlines.latest_start(date(2028, 6, 30)) == date(2026, 6, 30)


def test_leap_day_period_end_gives_28_february():
    assert deadlines.latest_start(date(2028, 2, 29)) == date(2026, 2, 28)


def test_leap_day_latest_start_is_kept_when_it_exists():
    assert deadlines.latest_start(date(2030, 2, 28)) == date(2028, 2, 28)


def test_operative_deadline_is_period_end():
    assert deadlines.operative_deadline(date(2029, 12, 31)) == date(2029, 12, 31)


def test_due_soon_starts_exactly_90_days_before_latest_start():
    end = date(2030, 6, 30)
    latest = date(2028, 6, 30)
    assert status(end, latest - timedelta(days=91)) == ContinuationStatus.NOT_STARTED
    assert status(end, latest - timedelta(days=90)) == ContinuationStatus.DUE_SOON
    assert status(end, latest) == ContinuationStatus.DUE_SOON


def test_overdue_from_the_day_after_latest_start():
    end = date(2030, 6, 30)
    assert status(end, date(2028, 7, 1)) == ContinuationStatus.OVERDUE


def test_started_is_in_progress_even_when_late():
    assert status(date(2030, 6, 30), date(2029, 1, 1), started=True) == "in_progress"


def test_completed_wins_over_everything():
    assert status(date(2030, 6, 30), date(2031, 1, 1), started=True, completed=True) == (
        "completed"
    )


def test_six_year_period_is_not_warned_but_a_day_more_is():
    start = date(2024, 1, 1)
    assert not deadlines.period_over_six_years(start, date(2030, 1, 1))
    assert deadlines.period_over_six_years(start, date(2030, 1, 2))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_latest_start_is_the_same_day_two_years_earlier_or_28_february(end):
    latest = deadlines.latest_start(end)
    if (end.month, end.day) == (2, 29):
        assert latest == date(end.year - 2, 2, 28)
    else:
        assert latest == date(end.year - 2, end.month, end.day)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=-2000, max_value=2000))
def test_status_of_a_process_not_started_follows_days_left(end, offset):
    today = deadlines.latest_start(end) - timedelta(days=offset)
    result = status(end, today)
    if offset < 0:
        assert result == ContinuationStatus.OVERDUE
    elif offset <= 90:
        assert result == ContinuationStatus.DUE_SOON
    else:
        assert result == ContinuationStatus.NOT_STARTED


def test_stored_dates_far_outside_the_bounds_still_give_answers():
    """Values stored before the bounds existed (issue 8): saturate, never raise."""
    assert deadlines.latest_start(date(1, 1, 2)) == date.min
    assert deadlines.latest_start(date(9999, 12, 31)) == date(9997, 12, 31)
    assert not deadlines.period_over_six_years(date(9995, 1, 1), date(9999, 12, 31))
    assert deadlines.period_over_six_years(date(1, 1, 1), date(9999, 12, 31))
    assert status(date(1, 1, 2), date(2027, 1, 1)) == ContinuationStatus.OVERDUE
    assert status(date(9999, 12, 31), date(2027, 1, 1)) == ContinuationStatus.NOT_STARTED
