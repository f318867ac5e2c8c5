"""A value already in the database never makes a page fail (issue 8, point 1).

New values are bounded (lib.bounds), but rows stored before the bounds existed, or
written past them, must still be read back and shown. Each scenario writes extreme
values straight into the database with QuerySet.update() or SQL, bypassing every
validator, then walks what a member reaches: the start page, every GET page and API
GET endpoint of the programme (the tables of tests/test_access.py), the calendar
feeds, the timeline, the reminder job, the schedule and the Django admin."""

from contextlib import contextmanager
from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from tests.test_access import ENDPOINTS, PAGES, UNSCOPED_ENDPOINTS, objects, page_url
from videreforing.accounts.models import User
from videreforing.lib.dates import clamp, safe_add, safe_sub
from videreforing.planning.calendar import programme_calendar
from videreforing.planning.models import CalendarFeed
from videreforing.planning.plan import schedule_for
from videreforing.planning.timeline import CHART_WIDTH, LABEL_WIDTH, build_timeline
from videreforing.procurement.models import Tender
from videreforing.programmes.models import GateDecision, Phase, Programme, Task, TaskDependency

pytestmark = pytest.mark.django_db

__all__ = ["objects"]  # the fixture, shared with the access walk

FAR_FUTURE = date(9999, 12, 31)
FAR_PAST = date(1, 1, 1)
HUGE = 2_147_483_647  # the largest value of a 32-bit integer column
THIRTY_DIGITS = "9" * 30


# ---------------------------------------------------------------- scenarios


@contextmanager
def unchecked():
    """Write past the database's CHECK constraints, as rows stored before the bounds
    existed were. SQLite switches them off; on PostgreSQL they are dropped inside the
    test's transaction, which puts them back when it rolls back."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA ignore_check_constraints = OFF")
        return
    if not connection.in_atomic_block:
        pytest.skip("constraints can only be dropped inside a test transaction")
    with connection.cursor() as cursor:
        # Deferred foreign-key checks must run before a table can be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in connection.introspection.table_names(cursor):
            if not table.startswith(("programmes_", "procurement_", "options_")):
                continue
            for name, info in connection.introspection.get_constraints(cursor, table).items():
                if info["check"]:
                    cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield



def _tasks(programme):
    return Task.objects.filter(continuation=programme.continuation)


def _phases(programme):
    return Phase.objects.filter(continuation=programme.continuation)


def _first_open_task(programme, owner) -> Task:
    task = _tasks(programme).filter(done=False, phase="pre_study").order_by("order", "pk").first()
    Task.objects.filter(pk=task.pk).update(assignee=owner)
    return task


def issue_task_started_far_future(programme, owner):
    """The case in the issue: one task started on 9999-12-31."""
    task = _first_open_task(programme, owner)
    Task.objects.filter(pk=task.pk).update(started_on=FAR_FUTURE, due_date=FAR_FUTURE)
    return {"list": ["31. desember 9999"], "phase": ["31.12.9999"],
            "planning:timeline": ["31.12.9999"], "ics": ["99991231"]}


def task_dates_far_past(programme, owner):
    task = _first_open_task(programme, owner)
    Task.objects.filter(pk=task.pk).update(started_on=FAR_PAST, due_date=FAR_PAST)
    return {"list": ["1. januar 0001"], "planning:timeline": ["1.1.0001"], "ics": ["00010101"]}


def every_date_far_future(programme, owner):
    _first_open_task(programme, owner)
    Programme.objects.filter(pk=programme.pk).update(period_end=FAR_FUTURE)
    _tasks(programme).update(started_on=FAR_FUTURE, due_date=FAR_FUTURE)
    done = _tasks(programme).order_by("-order").first()
    Task.objects.filter(pk=done.pk).update(
        done=True, done_at=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC))
    _phases(programme).update(planned_start=FAR_FUTURE, planned_end=FAR_FUTURE,
                              actual_start=FAR_FUTURE, actual_end=FAR_FUTURE)
    pre_study = _phases(programme).get(kind="pre_study")
    Phase.objects.filter(pk=pre_study.pk).update(status=Phase.Status.COMPLETED)
    GateDecision.objects.create(phase=pre_study, deciding_body="other",
                                decided_on=FAR_FUTURE, outcome="approved")
    Tender.objects.filter(programme=programme).update(
        tender_deadline=FAR_FUTURE, awarded_on=FAR_FUTURE, contract_start=FAR_FUTURE,
        contract_end=FAR_FUTURE)
    return {"detail": ["31.12.9999"], "planning:timeline": ["31.12.9999"], "ics": ["99991231"]}


def every_date_far_past(programme, owner):
    _first_open_task(programme, owner)
    Programme.objects.filter(pk=programme.pk).update(period_start=FAR_PAST,
                                                     period_end=date(1, 1, 2))
    _tasks(programme).update(started_on=FAR_PAST, due_date=FAR_PAST)
    done = _tasks(programme).order_by("-order").first()
    Task.objects.filter(pk=done.pk).update(
        done=True, done_at=datetime(1, 1, 1, 0, 0, tzinfo=UTC), started_on=None)
    _phases(programme).update(planned_start=FAR_PAST, planned_end=FAR_PAST,
                              actual_start=FAR_PAST, actual_end=FAR_PAST,
                              status=Phase.Status.IN_PROGRESS)
    pre_study = _phases(programme).get(kind="pre_study")
    GateDecision.objects.create(phase=pre_study, deciding_body="other",
                                decided_on=FAR_PAST, outcome="rework")
    Tender.objects.filter(programme=programme).update(
        tender_deadline=FAR_PAST, awarded_on=FAR_PAST, contract_start=FAR_PAST,
        contract_end=FAR_PAST)
    return {"detail": ["1.1.0001"], "planning:timeline": ["1.1.0001"], "ics": ["00010101"]}


def dates_far_apart(programme, owner):
    """Period from year 1 to year 9999: the timeline's scale must not explode."""
    task = _first_open_task(programme, owner)
    Programme.objects.filter(pk=programme.pk).update(period_start=FAR_PAST,
                                                     period_end=FAR_FUTURE)
    Task.objects.filter(pk=task.pk).update(started_on=FAR_PAST, due_date=FAR_FUTURE)
    last = _tasks(programme).filter(done=False).order_by("-order").first()
    Task.objects.filter(pk=last.pk).update(started_on=FAR_FUTURE)
    _phases(programme).filter(kind="pre_study").update(
        status=Phase.Status.IN_PROGRESS, actual_start=FAR_PAST, planned_start=FAR_PAST,
        planned_end=FAR_FUTURE)
    return {"detail": ["1.1.0001", "31.12.9999"], "planning:timeline": ["1.1.0001"],
            "ics": ["99991231"]}


def huge_durations_and_lags(programme, owner):
    _first_open_task(programme, owner)
    _tasks(programme).update(optimistic_days=HUGE, likely_days=HUGE, pessimistic_days=HUGE,
                             duration_days=HUGE)
    _phases(programme).update(optimistic_days=HUGE, likely_days=HUGE, pessimistic_days=HUGE)
    TaskDependency.objects.filter(task__continuation=programme.continuation).update(
        lag_days=HUGE)
    return {}


def mixed_huge_estimates(programme, owner):
    """Huge but not equal points: the Monte Carlo draws from a huge range."""
    _first_open_task(programme, owner)
    _tasks(programme).update(optimistic_days=0, likely_days=1, pessimistic_days=HUGE)
    TaskDependency.objects.filter(task__continuation=programme.continuation).update(
        lag_days=HUGE)
    return {}


def estimates_out_of_order(programme, owner):
    """Most likely above pessimistic (no form lets this in, the database does)."""
    _first_open_task(programme, owner)
    _tasks(programme).update(optimistic_days=30, likely_days=200, pessimistic_days=10)
    _phases(programme).update(optimistic_days=90, likely_days=5, pessimistic_days=60)
    return {}


def period_and_phase_dates_reversed(programme, owner):
    """End before start, past the constraints that now refuse it."""
    _first_open_task(programme, owner)
    Programme.objects.filter(pk=programme.pk).update(period_start=date(2030, 1, 1),
                                                     period_end=date(2020, 1, 1))
    _phases(programme).filter(kind="pre_study").update(
        status=Phase.Status.IN_PROGRESS, planned_start=date(2027, 6, 1),
        planned_end=date(2026, 1, 1), actual_start=date(2027, 6, 1),
        actual_end=date(2026, 1, 1))
    return {"detail": ["1.1.2030", "1.1.2020"]}


SCENARIOS = [issue_task_started_far_future, task_dates_far_past, every_date_far_future,
             every_date_far_past, dates_far_apart, huge_durations_and_lags,
             mixed_huge_estimates, estimates_out_of_order, period_and_phase_dates_reversed]


@pytest.fixture(params=SCENARIOS, ids=lambda f: f.__name__)
def stored(request, programme, owner, objects):
    """Apply one scenario; returns (programme, {page: texts showing the stored values})."""
    with unchecked():
        shown = request.param(programme, owner)
    return Programme.objects.get(pk=programme.pk), shown


# ---------------------------------------------------------------- helpers


def _walk(client, urls, **headers):
    """GET each URL; returns the failures as (url, status, the error's first line)."""
    client.raise_request_exception = False
    failures, pages = [], {}
    for url in urls:
        response = client.get(url, **headers)
        pages[url] = response
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            error = f"{type(exc[1]).__name__}: {str(exc[1]).splitlines()[:2]}" if exc else ""
            failures.append((url, response.status_code, error[:300]))
    return failures, pages


def _listing(failures) -> str:
    return "\n".join(" ".join(map(str, f)) for f in failures)


def _api_url(path, programme, objects):
    """The path with its parameters filled from the access walk's objects."""
    ids = {name: getattr(obj, "pk", obj) for name, obj in objects.items()}
    return "/api/v1" + path.format(programme=programme.pk, **ids)


# ---------------------------------------------------------------- pages and API


@pytest.mark.parametrize("who", ["owner", "reader", "adviser"])
def test_start_page_never_fails_on_stored_values(client, request, stored, who):
    programme, shown = stored
    client.force_login(request.getfixturevalue(who))
    failures, pages = _walk(client, [reverse("programmes:list")])
    assert failures == [], _listing(failures)
    text = pages[reverse("programmes:list")].content.decode()
    assert programme.name in text
    if who == "owner":  # the task with the stored dates is the owner's
        for expected in shown.get("list", []):
            assert expected in text


def test_every_programme_page_answers_on_stored_values(client, owner, stored, objects):
    programme, shown = stored
    client.force_login(owner)
    urls = [page_url(name, programme, objects)
            for name, (method, _write) in sorted(PAGES.items()) if method == "GET"]
    failures, pages = _walk(client, urls)
    assert failures == [], _listing(failures)
    for name, texts in shown.items():
        if name in PAGES:
            text = pages[page_url(name, programme, objects)].content.decode()
            for expected in texts:
                assert expected in text, (name, expected)


def test_every_api_read_answers_on_stored_values(client, owner, stored, objects, token_for):
    programme, _shown = stored
    paths = [p for m, p, _w, _b in ENDPOINTS if m == "GET"]
    paths += [p for m, p in UNSCOPED_ENDPOINTS if m == "GET"]
    urls = [_api_url(path, programme, objects) for path in paths]
    failures, _pages = _walk(client, urls, **token_for(owner))
    assert failures == [], _listing(failures)


def test_schedule_api_reports_the_forecast(client, owner, stored, token_for):
    programme, _shown = stored
    response = client.get(f"/api/v1/programmes/{programme.pk}/schedule", **token_for(owner))
    assert response.status_code == 200
    body = response.json()
    assert date.fromisoformat(body["forecast_operative"])
    assert len(body["tasks"]) == _tasks(programme).filter(removed_at__isnull=True).count()


# ---------------------------------------------------------------- calendars


def test_calendar_feeds_answer_on_stored_values(client, owner, reader, stored):
    programme, shown = stored
    client.force_login(owner)
    failures, pages = _walk(client, [reverse("planning:programme-ics", args=[programme.pk])])
    assert failures == [], _listing(failures)
    body = pages[reverse("planning:programme-ics", args=[programme.pk])].content.decode()
    assert body.startswith("BEGIN:VCALENDAR")
    for user in (owner, reader):
        feed = CalendarFeed.issue(user=user)
        failures, pages = _walk(client, [reverse("planning:feed", args=[feed.token])])
        assert failures == [], _listing(failures)
        body = next(iter(pages.values())).content.decode()
        assert "BEGIN:VEVENT" in body
        if user == owner:  # the task with the stored dates is assigned to the owner
            for expected in shown.get("ics", []):
                assert expected in body


def test_calendar_keeps_a_stored_far_date_as_a_one_day_event(programme, owner, objects):
    with unchecked():
        issue_task_started_far_future(programme, owner)
        Tender.objects.filter(pk=objects["tender"].pk).update(tender_deadline=FAR_FUTURE)
        Programme.objects.filter(pk=programme.pk).update(period_end=FAR_FUTURE)
    body = programme_calendar(Programme.objects.get(pk=programme.pk)).decode()
    assert "DTSTART;VALUE=DATE:99991231" in body
    assert body.count("BEGIN:VEVENT") == body.count("END:VEVENT")


# ---------------------------------------------------------------- schedule and timeline


def test_schedule_of_stored_extremes_is_computed_and_flagged(stored):
    programme, _shown = stored
    plan = schedule_for(programme, samples=200)
    assert isinstance(plan.forecast_operative, date)
    assert isinstance(plan.slack_days, int)
    if plan.risk is not None:
        assert 0 <= plan.risk.probability_on_time <= 1
        assert plan.risk.p50 <= plan.risk.p80


def test_timeline_scale_stays_within_the_chart(stored):
    programme, _shown = stored
    chart = build_timeline(schedule_for(programme, samples=0))
    xs = [r.x for r in chart.rows if not r.heading] + [m.x for m in chart.markers]
    xs += [x for x, _label in chart.ticks]
    assert all(LABEL_WIDTH <= x <= LABEL_WIDTH + CHART_WIDTH for x in xs)
    assert all(r.x + r.width <= LABEL_WIDTH + CHART_WIDTH + 2 for r in chart.rows)
    assert len(chart.ticks) <= 40


def test_issue_case_forecast_is_shown_as_out_of_range(client, owner, programme):
    with unchecked():
        issue_task_started_far_future(programme, owner)
    plan = schedule_for(programme, samples=200)
    assert plan.out_of_range
    client.force_login(owner)
    text = client.get(reverse("planning:timeline", args=[programme.pk])).content.decode()
    assert "utenfor" in text  # "out of range" note next to the forecast
    assert "31.12.9999" in text  # the stored start, in the plan table


def test_safe_date_arithmetic_saturates():
    assert safe_add(FAR_FUTURE, 1) == date.max and safe_sub(FAR_PAST, 1) == date.min
    assert safe_add(date(2027, 1, 1), 10**12) == date.max  # beyond what a timedelta holds
    assert safe_sub(date(2027, 1, 1), 10**12) == date.min
    assert safe_add(date(2027, 1, 1), -3) == date(2026, 12, 29)
    assert clamp(FAR_FUTURE, date(1990, 1, 1), date(2100, 12, 31)) == date(2100, 12, 31)


# ---------------------------------------------------------------- reminders


def test_reminder_job_runs_on_stored_values(stored, owner):
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "reminders queued" in out.getvalue()
    for day in ("2027-06-01", "0001-01-01", "9999-12-31"):
        out = StringIO()
        call_command("send_reminders", "--date", day, stdout=out)
        assert "reminders queued" in out.getvalue()


# ---------------------------------------------------------------- Django admin


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@example.com", password="x")


def test_admin_lists_and_change_pages_answer_on_stored_values(client, superuser, stored):
    programme, _shown = stored
    client.force_login(superuser)
    task = _tasks(programme).order_by("order").first()
    urls = [
        reverse("admin:programmes_programme_changelist"),
        reverse("admin:programmes_programme_change", args=[programme.pk]),
        reverse("admin:programmes_task_changelist"),
        reverse("admin:programmes_task_change", args=[task.pk]),
        reverse("admin:programmes_continuation_changelist"),
        reverse("admin:programmes_continuation_change", args=[programme.continuation.pk]),
        reverse("admin:programmes_gatedecision_changelist"),
    ]
    urls += [reverse("admin:programmes_gatedecision_change", args=[g.pk])
             for g in GateDecision.objects.filter(phase__continuation=programme.continuation)]
    failures, _pages = _walk(client, urls)
    assert failures == [], _listing(failures)


# ------------------------------------------- amounts (procurement and options engineers)
# These read paths belong to the procurement and options apps; the tests are here so
# that the whole "stored value never fails a page" promise is checked in one place.


def _store_raw(table: str, column: str, value: str, pk: int) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's numeric columns refuse more digits than their precision")
    with unchecked(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])


@pytest.fixture
def huge_amounts(programme, objects):
    _store_raw("procurement_tender", "estimated_value", THIRTY_DIGITS, objects["tender"].pk)
    _store_raw("procurement_tender", "estimated_value", THIRTY_DIGITS, objects["awarded"].pk)
    _store_raw("procurement_bid", "price", THIRTY_DIGITS, objects["bid"].pk)
    return programme


def test_programme_calendar_survives_a_30_digit_tender_value(client, owner, huge_amounts):
    client.force_login(owner)
    failures, _pages = _walk(client, [
        reverse("planning:programme-ics", args=[huge_amounts.pk]),
        reverse("programmes:list"),
        reverse("planning:timeline", args=[huge_amounts.pk]),
    ])
    assert failures == [], _listing(failures)


def test_procurement_pages_survive_30_digit_amounts_owner_procurement(
        client, owner, huge_amounts, objects, token_for):
    client.force_login(owner)
    urls = [page_url(name, huge_amounts, objects) for name, (method, _w) in PAGES.items()
            if method == "GET" and name.startswith("procurement:")]
    failures, _pages = _walk(client, urls)
    api = [_api_url(p, huge_amounts, objects) for m, p, _w, _b in ENDPOINTS
           if m == "GET" and "tender" in p]
    failures += _walk(client, api, **token_for(owner))[0]
    assert failures == [], _listing(failures)


def test_procurement_admin_survives_30_digit_amounts_owner_procurement(
        client, superuser, huge_amounts, objects):
    client.force_login(superuser)
    failures, _pages = _walk(client, [
        reverse("admin:procurement_tender_changelist"),
        reverse("admin:procurement_tender_change", args=[objects["tender"].pk]),
        reverse("admin:procurement_bid_changelist"),
        reverse("admin:procurement_bid_change", args=[objects["bid"].pk]),
    ])
    assert failures == [], _listing(failures)


def test_options_pages_survive_30_digit_scores_and_weights_owner_options(
        client, owner, programme, objects, token_for):
    analysis = objects["analysis"]
    criterion = analysis.criteria.first()
    _store_raw("options_criterion", "weight", THIRTY_DIGITS, criterion.pk)
    score = criterion.scores.first() if hasattr(criterion, "scores") else None
    if score is not None:
        _store_raw("options_score", "score", THIRTY_DIGITS, score.pk)
    client.force_login(owner)
    urls = [page_url(name, programme, objects) for name, (method, _w) in PAGES.items()
            if method == "GET" and name.startswith("options:")
            and not name.startswith("options:document-")]
    failures, _pages = _walk(client, urls)
    api = [_api_url(p, programme, objects) for m, p, _w, _b in ENDPOINTS
           if m == "GET" and "options" in p]
    failures += _walk(client, api, **token_for(owner))[0]
    assert failures == [], _listing(failures)
