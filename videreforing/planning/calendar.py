"""Milestones and due dates as iCalendar (RFC 5545), with stable UIDs so that a
calendar updates an event in place when its date moves.

A stored date is always in the feed, even one far outside the bounds new input gets
(year 1, year 9999): the feed must never fail because of one row. A date the schedule
computes (the forecast, a stage's start or end) is left out when it falls outside the
dates the application accepts, since it then only echoes such a stored value."""

from datetime import date

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from videreforing.lib.bounds import DATE_MAX, DATE_MIN
from videreforing.lib.dates import safe_add
from videreforing.programmes import selectors
from videreforing.programmes.models import Phase, Programme, Task

from .plan import schedule_for

UID_DOMAIN = "videreforing"


def _event(uid: str, day: date, summary: str, description: str = "", url: str = "") -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    end = safe_add(day, 1)
    if end > day:  # on date.max there is no next day; a DATE event without DTEND is one day
        event.add("dtend", end)
    event.add("summary", summary)
    event.add("transp", "TRANSPARENT")
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def programme_events(programme: Programme) -> list[Event]:
    url = settings.SITE_URL + f"/program/{programme.pk}/"
    name = programme.name
    plan = schedule_for(programme, samples=0)
    started = selectors.continuation_start(programme)
    if started is None:
        start_event = _event(
            f"programme-{programme.pk}-latest-start", programme.latest_start,
            _("Seneste oppstart av videreføringen: %(name)s") % {"name": name},
            _("Senest to år før omstillingsperioden er over (R-START)."), url)
    else:
        # Once started, the same event (same UID: calendars update it in place) tells
        # when it started and whether in time, instead of a deadline still ahead (R-START).
        margin = started.margin_days
        start_event = _event(
            f"programme-{programme.pk}-latest-start", started.started_on,
            _("Videreføringen startet: %(name)s") % {"name": name},
            (ngettext("%(days)s dag før fristen for oppstart.",
                      "%(days)s dager før fristen for oppstart.", margin)
             if started.in_time else
             ngettext("%(days)s dag etter fristen for oppstart.",
                      "%(days)s dager etter fristen for oppstart.", margin))
            % {"days": margin}, url)
    events = [
        start_event,
        _event(f"programme-{programme.pk}-operative-deadline", programme.operative_deadline,
               _("Frist for operativ enhet: %(name)s") % {"name": name},
               _("Enheten må være operativ før programmet avvikles (R-OPERATIVE)."), url),
        _event(f"programme-{programme.pk}-period-end", programme.period_end,
               _("Omstillingsperioden slutter: %(name)s") % {"name": name}, "", url),
    ]
    if _computed_in_range(plan.forecast_operative):
        events.append(_event(
            f"programme-{programme.pk}-operative-forecast", plan.forecast_operative,
            _("Prognose: enheten operativ – %(name)s") % {"name": name},
            _("Beregnet fra planen (kritisk linje)."), url))
    stage_finish: dict[str, date] = {}
    stage_start: dict[str, date] = {}
    for key, item in plan.items.items():
        scheduled = plan.schedule.activities[key]
        stage_start[item.stage] = min(stage_start.get(item.stage, scheduled.earliest_start),
                                      scheduled.earliest_start)
        stage_finish[item.stage] = max(stage_finish.get(item.stage, scheduled.earliest_finish),
                                       scheduled.earliest_finish)
    for phase in programme.continuation.phases.all():
        label = phase.get_kind_display()
        start = phase.actual_start or phase.planned_start or _in_range(
            stage_start.get(phase.kind))
        if start:
            events.append(_event(
                f"programme-{programme.pk}-phase-{phase.kind}-start", start,
                _("%(phase)s starter: %(name)s") % {"phase": label, "name": name}, "", url))
        gate = phase.gate
        gate_day: date | None
        if gate and phase.status in (Phase.Status.COMPLETED, Phase.Status.STOPPED):
            gate_day, summary = gate.decided_on, _("Vedtak om %(phase)s (%(outcome)s): %(name)s")
        else:
            gate_day = phase.planned_end or _in_range(stage_finish.get(phase.kind))
            summary = _("Beslutningspunkt for %(phase)s: %(name)s")
        if gate_day:
            events.append(_event(
                f"programme-{programme.pk}-phase-{phase.kind}-gate", gate_day,
                summary % {"phase": str(label).lower(), "name": name,
                           "outcome": gate.get_outcome_display().lower() if gate else ""},
                "", url))
    # Only the fields the feed shows: a stored amount outside its column's precision
    # must not make the calendar fail.
    tenders = programme.tenders.only("pk", "title", "tender_deadline", "awarded_on",
                                     "contract_start", "standstill_ends")
    for tender in tenders:
        tender_url = settings.SITE_URL + f"/program/{programme.pk}/anskaffelser/{tender.pk}/"
        if tender.tender_deadline:
            events.append(_event(
                f"tender-{tender.pk}-deadline", tender.tender_deadline,
                _("Tilbudsfrist: %(title)s") % {"title": tender.title}, name, tender_url))
        if tender.awarded_on:
            events.append(_event(
                f"tender-{tender.pk}-awarded", tender.awarded_on,
                _("Tildelt: %(title)s") % {"title": tender.title}, name, tender_url))
        if tender.standstill_ends:
            events.append(_event(
                f"tender-{tender.pk}-standstill-ends", tender.standstill_ends,
                _("Siste dag i karensperioden: %(title)s") % {"title": tender.title},
                _("Kontrakten kan signeres dagen etter."), tender_url))
        if tender.contract_start:
            events.append(_event(
                f"tender-{tender.pk}-contract-start", tender.contract_start,
                _("Kontraktsstart: %(title)s") % {"title": tender.title}, name, tender_url))
    return events


def _computed_in_range(day: date) -> bool:
    return DATE_MIN <= day <= DATE_MAX


def _in_range(day: date | None) -> date | None:
    return day if day is not None and _computed_in_range(day) else None


def task_events(tasks) -> list[Event]:
    events = []
    for task in tasks:
        if task.due_date:
            events.append(_event(
                f"task-{task.pk}-due", task.due_date,
                _("Frist: %(title)s") % {"title": task.title},
                task.continuation.programme.name,
                settings.SITE_URL + f"/program/{task.continuation.programme_id}/faser/"
                f"{task.phase}/"))
    return events


def build_calendar(name: str, events: list[Event]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Videreføring//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def programme_calendar(programme: Programme) -> bytes:
    return build_calendar(programme.name, programme_events(programme))


def user_calendar(user, programmes) -> bytes:
    events: list[Event] = []
    for programme in programmes:
        events += programme_events(programme)
    tasks = Task.objects.filter(
        continuation__programme__in=programmes, assignee=user, done=False,
        removed_at__isnull=True, due_date__isnull=False,
    ).select_related("continuation__programme")
    events += task_events(tasks)
    return build_calendar(_("Videreføring – %(name)s") % {"name": user.display_name}, events)
