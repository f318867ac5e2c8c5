from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from videreforing.accounts.models import Membership
from videreforing.planning.models import CalendarFeed
from videreforing.programmes import services

pytestmark = pytest.mark.django_db


def events_of(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_programme_download_has_milestones_with_stable_uids(client, owner, programme):
    client.force_login(owner)
    response = client.get(reverse("planning:programme-ics", args=[programme.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    events = events_of(response.content)
    pid = programme.pk
    latest = events[f"programme-{pid}-latest-start@videreforing"]
    assert latest.decoded("dtstart") == date(2026, 12, 31)
    assert "Seneste oppstart" in str(latest["summary"])
    assert events[f"programme-{pid}-operative-deadline@videreforing"].decoded(
        "dtstart") == date(2028, 12, 31)
    assert events[f"programme-{pid}-period-end@videreforing"].decoded("dtstart") == date(
        2028, 12, 31)
    assert f"programme-{pid}-operative-forecast@videreforing" in events
    assert f"programme-{pid}-phase-pre_study-start@videreforing" in events
    assert f"programme-{pid}-phase-pre_study-gate@videreforing" in events


def test_moving_the_period_moves_the_event_under_the_same_uid(client, owner, programme):
    client.force_login(owner)
    url = reverse("planning:programme-ics", args=[programme.pk])
    uid = f"programme-{programme.pk}-latest-start@videreforing"
    before = events_of(client.get(url).content)[uid].decoded("dtstart")
    services.update_programme(user=owner, programme=programme, period_end=date(2029, 6, 30))
    after = events_of(client.get(url).content)[uid].decoded("dtstart")
    assert (before, after) == (date(2026, 12, 31), date(2027, 6, 30))


def test_secret_feed_has_every_visible_programme_and_own_tasks(client, owner, reader,
                                                               programme):
    # Tasks go to people who work in the programme (not to a read-only observer).
    Membership.objects.filter(programme=programme, user=reader).update(role="project_group")
    task = services.create_task(user=owner, programme=programme, phase="pre_study",
                                title="Møte med fylket", assignee=reader,
                                due_date=date(2027, 2, 1))
    feed = CalendarFeed.issue(user=reader)
    response = client.get(reverse("planning:feed", args=[feed.token]))
    assert response.status_code == 200
    events = events_of(response.content)
    assert events[f"task-{task.pk}-due@videreforing"].decoded("dtstart") == date(2027, 2, 1)
    assert f"programme-{programme.pk}-latest-start@videreforing" in events
    owner_feed = CalendarFeed.issue(user=owner)
    assert f"task-{task.pk}-due@videreforing" not in events_of(
        client.get(reverse("planning:feed", args=[owner_feed.token])).content)


def test_revoked_feed_answers_404(client, owner, programme):
    feed = CalendarFeed.issue(user=owner)
    feed.revoked_at = timezone.now()
    feed.save()
    assert client.get(reverse("planning:feed", args=[feed.token])).status_code == 404
    assert client.get(reverse("planning:feed", args=["no-such-token"])).status_code == 404


def test_settings_page_creates_replaces_and_revokes_the_feed(client, owner):
    client.force_login(owner)
    client.post(reverse("planning:feed-create"))
    first = CalendarFeed.objects.get(user=owner, revoked_at__isnull=True)
    page = client.get(reverse("planning:settings")).content.decode()
    assert f"/kalender/{first.token}.ics" in page
    client.post(reverse("planning:feed-create"))
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert client.get(reverse("planning:feed", args=[first.token])).status_code == 404
    confirm = client.get(reverse("planning:feed-revoke"))
    assert "Slette kalenderadressen?" in confirm.content.decode()
    assert CalendarFeed.objects.filter(user=owner, revoked_at__isnull=True).count() == 1
    client.post(reverse("planning:feed-revoke"))
    assert not CalendarFeed.objects.filter(user=owner, revoked_at__isnull=True).exists()


def test_api_calendar_is_parseable(client, owner, programme, token_for):
    response = client.get(f"/api/v1/programmes/{programme.pk}/calendar.ics",
                          **token_for(owner))
    assert response.status_code == 200
    assert f"programme-{programme.pk}-period-end@videreforing" in events_of(response.content)


def test_after_the_start_the_latest_start_event_says_when_it_started(client, owner,
                                                                     programme):
    client.force_login(owner)
    url = reverse("planning:programme-ics", args=[programme.pk])
    uid = f"programme-{programme.pk}-latest-start@videreforing"
    services.start_phase(user=owner, programme=programme, kind="pre_study",
                         started_on=date(2026, 10, 1))
    event = events_of(client.get(url).content)[uid]
    # Same UID, so the calendar replaces the deadline with the start (R-START).
    assert event.decoded("dtstart") == date(2026, 10, 1)
    assert "startet" in str(event["summary"]) and "Seneste" not in str(event["summary"])
    assert "91 dager før fristen" in str(event["description"])


def test_the_standstill_end_is_in_the_calendar(client, owner, programme):
    from videreforing.procurement.models import Tender

    tender = Tender.objects.create(programme=programme, title="Prosessleder",
                                   estimated_value=1_500_000, regime="part_2",
                                   status="notice_sent", notice_sent_on=date(2026, 11, 20),
                                   standstill_ends=date(2026, 11, 30))
    client.force_login(owner)
    events = events_of(client.get(reverse("planning:programme-ics",
                                          args=[programme.pk])).content)
    event = events[f"tender-{tender.pk}-standstill-ends@videreforing"]
    assert event.decoded("dtstart") == date(2026, 11, 30)
    assert "karensperioden" in str(event["summary"])
