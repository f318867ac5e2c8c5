"""Issue 9, point 2: once the continuation has started (its first phase's actual start,
R-START) the deadline card, the API and the reminders say when and whether in time."""

import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from videreforing.planning.models import ReminderLog
from videreforing.programmes import selectors, services
from videreforing.programmes.models import Programme
from videreforing.rules import deadlines

pytestmark = pytest.mark.django_db
LATEST_START = date(2026, 12, 31)  # the programme fixture ends 2028-12-31


def _card(client, user, programme) -> str:
    client.force_login(user)
    with translation.override("nb"):
        html = client.get(reverse("programmes:detail", args=[programme.pk])).content.decode()
    card = html.split('data-testid="latest-start"', 1)[1].split("</div>", 1)[0]
    return re.sub(r"\s+", " ", card)


def _start(owner, programme, on: date) -> None:
    services.start_phase(user=owner, programme=programme, kind="pre_study", started_on=on)


def test_rule_start_is_the_first_phase_start():
    assert deadlines.continuation_start(date(2028, 12, 31), [None, None]) is None
    start = deadlines.continuation_start(date(2028, 12, 31),
                                         [date(2026, 10, 12), None, date(2027, 5, 1)])
    assert start.started_on == date(2026, 10, 12)
    assert start.in_time and start.margin_days == 80
    late = deadlines.continuation_start(date(2028, 12, 31), [date(2027, 2, 9)])
    assert not late.in_time and late.margin_days == 40
    on_the_day = deadlines.continuation_start(date(2028, 12, 31), [LATEST_START])
    assert on_the_day.in_time and on_the_day.margin_days == 0


def test_card_counts_down_before_the_start(client, owner, programme):
    card = _card(client, owner, programme)
    assert "Startet" not in card
    assert "dager" in card or "dag" in card
    assert 'data-testid="continuation-started"' not in card


def test_card_shows_a_start_in_time(client, owner, reader, programme):
    _start(owner, programme, date(2026, 10, 12))
    for user in (owner, reader):  # read-only members see it too
        card = _card(client, user, programme)
        assert "Startet 12.10.2026, 80 dager før fristen" in card
        assert "passert" not in card and " om " not in card


def test_card_shows_a_late_start(client, owner, programme):
    # Latest start 2.9.2026 (R-START); the pre-study started 40 days later.
    Programme.objects.filter(pk=programme.pk).update(period_end=date(2028, 9, 2))
    _start(owner, programme, date(2026, 10, 12))
    card = _card(client, owner, programme)
    assert "Startet 12.10.2026, 40 dager etter fristen" in card
    assert "passert" not in card


def test_card_singular_day(client, owner, programme):
    _start(owner, programme, date(2026, 12, 30))
    client.force_login(owner)
    with translation.override("nb"):
        card = _card(client, owner, programme)
    assert "Startet 30.12.2026, 1 dag før fristen" in card


def test_api_gives_started_on_and_in_time(client, owner, token_for, programme):
    url = f"/api/v1/programmes/{programme.pk}"
    body = client.get(url, **token_for(owner)).json()["continuation"]
    assert body["started_on"] is None and body["started_in_time"] is None
    assert body["latest_start"] == "2026-12-31"  # existing fields unchanged
    _start(owner, programme, date(2026, 10, 12))
    body = client.get(url, **token_for(owner)).json()["continuation"]
    assert body["started_on"] == "2026-10-12" and body["started_in_time"] is True
    Programme.objects.filter(pk=programme.pk).update(period_end=date(2028, 9, 2))
    body = client.get(url, **token_for(owner)).json()["continuation"]
    assert body["started_on"] == "2026-10-12" and body["started_in_time"] is False
    listed = client.get("/api/v1/programmes", **token_for(owner)).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    mine = next(p for p in items if p["id"] == programme.pk)
    assert mine["continuation"]["started_on"] == "2026-10-12"


def _run(day: date) -> None:
    call_command("send_reminders", "--date", day.isoformat(), stdout=StringIO())


def test_no_latest_start_reminders_once_started(owner, programme):
    _run(date(2026, 10, 2))  # 90 days before: a reminder
    assert len(mail.outbox) == 1
    _start(owner, programme, date(2026, 10, 12))
    for day in (date(2026, 12, 1), date(2026, 12, 24), date(2027, 1, 5)):
        _run(day)
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.filter(key__startswith="latest_start:").count() == 1


def test_late_start_sends_no_passed_reminder(owner, programme):
    Programme.objects.filter(pk=programme.pk).update(period_end=date(2028, 9, 2))
    _start(owner, programme, date(2026, 10, 12))
    programme.refresh_from_db()
    assert selectors.continuation_start(programme).in_time is False
    _run(date(2026, 11, 1))
    assert not any("Seneste oppstart" in m.subject for m in mail.outbox)


def test_meloy_demo_shows_its_late_start_and_a_plan_from_today(client):
    """The walkthrough's case: Meløy's pre-study started 200 days ago, after its latest
    start; the pre-study is approved and the pre-project running."""
    from django.utils import timezone

    from videreforing.planning.plan import schedule_for

    call_command("load_demo", stdout=StringIO())
    programme = Programme.objects.get(name="Demo: Omstillingsprogrammet i Meløy")
    today = timezone.localdate()
    start = selectors.continuation_start(programme)
    assert start.started_on == today - timedelta(days=200)
    assert not start.in_time
    owner = programme.memberships.filter(role="programme_manager").first().user
    card = _card(client, owner, programme)
    assert f"{start.margin_days} dager etter fristen" in card and "passert" not in card
    plan = schedule_for(programme, today=today, samples=0)
    acts = plan.schedule.activities
    for key, item in plan.items.items():
        if item.stage == "pre_study":
            assert acts[key].earliest_finish <= today
        elif item.stage == "pre_project" and not acts[key].done:
            assert acts[key].earliest_start >= today
