from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from videreforing.accounts.models import AdviserAssignment
from videreforing.planning.models import ReminderLog
from videreforing.programmes import services

pytestmark = pytest.mark.django_db
LATEST_START = date(2026, 12, 31)  # the programme fixture ends 2028-12-31


def run(day: date) -> str:
    from io import StringIO
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def subjects() -> list[str]:
    return sorted(m.subject for m in mail.outbox)


def test_latest_start_reminders_at_90_30_7_days_and_when_passed(programme, owner, reader):
    assert "0 reminders queued" in run(LATEST_START - timedelta(days=91))
    run(LATEST_START - timedelta(days=90))
    assert [m.to for m in mail.outbox] == [[owner.email]]  # editors only, not the observer
    assert "90 dager til seneste oppstart" in mail.outbox[0].subject
    assert "31. desember 2026" in mail.outbox[0].body
    run(LATEST_START - timedelta(days=60))
    assert len(mail.outbox) == 1
    run(LATEST_START - timedelta(days=30))
    run(LATEST_START - timedelta(days=7))
    run(LATEST_START + timedelta(days=1))
    assert len(mail.outbox) == 4
    assert "Seneste oppstart er passert" in mail.outbox[-1].subject


def test_a_second_run_the_same_day_sends_nothing_new(programme, owner):
    day = LATEST_START - timedelta(days=30)
    first = run(day)
    count = len(mail.outbox)
    assert count >= 1 and f"{count} reminders queued" in first
    second = run(day)
    assert len(mail.outbox) == count
    assert "0 reminders queued" in second
    assert ReminderLog.objects.filter(user=owner).count() == count


def test_opt_out_is_respected(programme, owner):
    owner.email_reminders = False
    owner.save()
    run(LATEST_START - timedelta(days=7))
    assert mail.outbox == []


def test_task_due_in_a_week_and_overdue(programme, owner, reader):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    task = services.create_task(user=owner, programme=programme, phase="pre_study",
                                title="Send invitasjon", assignee=owner,
                                due_date=date(2027, 3, 10))
    run(date(2027, 3, 2))
    assert not any("Send invitasjon" in s for s in subjects())
    run(date(2027, 3, 3))
    due = [m for m in mail.outbox if "Send invitasjon" in m.subject]
    assert len(due) == 1 and due[0].to == [owner.email]
    assert "Frist om 7 dager" in due[0].subject
    run(date(2027, 3, 11))
    overdue = [m for m in mail.outbox if "Oppgave på overtid" in m.subject]
    assert len(overdue) == 1 and task.title in overdue[0].subject
    run(date(2027, 3, 12))
    assert len([m for m in mail.outbox if "Oppgave på overtid" in m.subject]) == 1


def test_gate_waiting_for_decision(programme, owner):
    services.start_phase(user=owner, programme=programme, kind="pre_study")
    for task in programme.continuation.tasks.filter(phase="pre_study"):
        services.update_task(user=owner, task=task, expected_version=task.version, done=True)
    run(date(2027, 1, 10))
    waiting = [m for m in mail.outbox if "Beslutningspunkt venter" in m.subject]
    assert len(waiting) == 1 and waiting[0].to == [owner.email]
    assert "forstudium" in waiting[0].subject


def test_probability_below_half_warns_editors_and_advisers(owner, adviser):
    programme = services.create_programme(
        user=owner, name="Sent ute", municipality_numbers=["1837"],
        period_start=date(2021, 6, 1), period_end=date(2027, 6, 1))
    run(date(2027, 1, 10))
    risk = [m for m in mail.outbox if m.subject.startswith("Risiko")]
    assert sorted(m.to[0] for m in risk) == sorted([owner.email, adviser.email])
    assert "0 %" in risk[0].subject
    run(date(2027, 1, 11))
    assert len([m for m in mail.outbox if m.subject.startswith("Risiko")]) == 2
    assert programme.pk


def test_adviser_of_another_county_gets_nothing(programme, other_adviser):
    assert AdviserAssignment.objects.get(user=other_adviser).county_id == "03"
    run(LATEST_START + timedelta(days=200))
    assert all(other_adviser.email not in m.to for m in mail.outbox)
