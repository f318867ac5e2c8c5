"""The weekly digest: changes of the last 7 days, programmes that turned red and why,
latest starts within 90 days, gates waiting; once per person per week; nothing for
those who opted out or have nothing to report."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from videreforing.advisers import digest as digests
from videreforing.advisers.models import DigestLog
from videreforing.audit.services import log_action
from videreforing.programmes import services as programmes
from videreforing.programmes.models import Phase

pytestmark = pytest.mark.django_db

# Meløy's period ends 31.12.2028: the latest start is 31.12.2026 (R-START).
TODAY = date(2026, 11, 30)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


def _send(django_capture_on_commit_callbacks, today=TODAY):
    with django_capture_on_commit_callbacks(execute=True):
        return digests.send_digests(today)


def _mail_to(mailoutbox, user):
    mails = [m for m in mailoutbox if m.to == [user.email]]
    assert len(mails) == 1, [m.to for m in mailoutbox]
    return mails[0]


def _recent_change(programme, owner):
    entry = log_action(action="programmes.task.created", actor=owner, programme=programme,
                       data={"title": "Ring næringsforeningen"})
    return entry


def test_the_digest_lists_changes_red_latest_start_and_gate(
        programme, owner, adviser, mailoutbox, django_capture_on_commit_callbacks):
    _recent_change(programme, owner)
    # A second programme whose latest start has passed: red.
    late = programmes.create_programme(
        user=owner, name="Omstilling Rødøy", municipality_numbers=["1836"],
        period_start=date(2020, 1, 1), period_end=date(2027, 6, 30))
    # A gate waiting: the pre-study started, every one of its tasks done.
    programmes.start_phase(user=owner, programme=programme, kind="pre_study",
                           started_on=date(2026, 11, 1))
    programme.continuation.tasks.filter(phase="pre_study").update(done=True)
    queued, _skipped = _send(django_capture_on_commit_callbacks)
    assert queued == 1
    mail = _mail_to(mailoutbox, adviser)
    body = mail.body
    assert "uke 49" in mail.subject
    # Changes of the last 7 days, described as on the history page.
    assert "Alice Eier la til oppgaven «Ring næringsforeningen»" in body
    # Turned red, with the reason.
    assert "Ble røde" in body
    assert "- Omstilling Rødøy: Seneste oppstart 30. juni 2025 er passert" in body
    # The gate waiting for its decision.
    assert "Beslutningspunkter som venter på vedtak" in body
    assert "- Omstilling Meløy: forstudium" in body
    log = DigestLog.objects.get(user=adviser)
    assert log.week == "2026-W49"
    assert log.data == {str(programme.pk): "amber", str(late.pk): "red"} or (
        log.data[str(late.pk)] == "red")


def test_latest_start_within_90_days(programme, owner, adviser, mailoutbox,
                                     django_capture_on_commit_callbacks):
    _send(django_capture_on_commit_callbacks)
    body = _mail_to(mailoutbox, adviser).body
    assert "Seneste oppstart innen 90 dager" in body
    assert "- Omstilling Meløy: 31. desember 2026 (om 31 dager)" in body


def test_a_programme_red_last_week_is_not_reported_again(
        programme, owner, adviser, mailoutbox, django_capture_on_commit_callbacks):
    late = programmes.create_programme(
        user=owner, name="Omstilling Rødøy", municipality_numbers=["1836"],
        period_start=date(2020, 1, 1), period_end=date(2027, 6, 30))
    DigestLog.objects.create(user=adviser, week="2026-W48", data={str(late.pk): "red"})
    _send(django_capture_on_commit_callbacks)
    body = _mail_to(mailoutbox, adviser).body
    assert "Ble røde" not in body


def test_opted_out_gets_nothing(programme, owner, adviser, mailoutbox,
                                django_capture_on_commit_callbacks):
    adviser.email_digest = False
    adviser.save()
    _recent_change(programme, owner)
    queued, _skipped = _send(django_capture_on_commit_callbacks)
    assert queued == 0 and not mailoutbox
    assert not DigestLog.objects.exists()


def test_nothing_to_report_sends_nothing(owner, adviser, mailoutbox,
                                         django_capture_on_commit_callbacks):
    # A programme far from its latest start, nothing changed, no gate.
    programmes.create_programme(
        user=owner, name="Omstilling Bodø", municipality_numbers=["1804"],
        period_start=date(2026, 1, 1), period_end=date(2032, 12, 31))
    from videreforing.audit.models import AuditEntry

    AuditEntry.objects.update(created_at=timezone.now() - timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        digests.send_digests(TODAY)
    assert not [m for m in mailoutbox if m.to == [adviser.email]]
    assert not DigestLog.objects.filter(user=adviser).exists()


def test_running_twice_in_a_week_sends_one_mail(programme, owner, adviser, mailoutbox,
                                                django_capture_on_commit_callbacks):
    _recent_change(programme, owner)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", "--date", TODAY.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", "--date", (TODAY + timedelta(days=2)).isoformat())
    assert len([m for m in mailoutbox if m.to == [adviser.email]]) == 1
    assert DigestLog.objects.filter(user=adviser).count() == 1


def test_a_concurrent_run_that_claimed_the_week_first_wins(
        programme, owner, adviser, mailoutbox, django_capture_on_commit_callbacks):
    """The (user, week) row is the claim: a digest already recorded is not sent."""
    assert digests._claim(adviser, "2026-W49", {}, "s", "b") is True
    with django_capture_on_commit_callbacks(execute=True):
        assert digests._claim(adviser, "2026-W49", {}, "s", "b") is False
    assert DigestLog.objects.filter(user=adviser).count() == 1


def test_national_user_gets_every_programme_members_get_none(
        programme, owner, reader, outsider, mailoutbox, django_capture_on_commit_callbacks):
    outsider.national_access = True
    outsider.save()
    _recent_change(programme, owner)
    _send(django_capture_on_commit_callbacks)
    assert "Omstilling Meløy" in _mail_to(mailoutbox, outsider).body
    assert not [m for m in mailoutbox if m.to in ([owner.email], [reader.email])]


def test_the_settings_page_turns_the_digest_off(client, adviser):
    client.force_login(adviser)
    response = client.post("/konto/innstillinger/", {"email_reminders": "on"})
    assert response.status_code == 302
    adviser.refresh_from_db()
    assert adviser.email_digest is False and adviser.email_reminders is True
    client.post("/konto/innstillinger/", {"email_digest": "on"})
    adviser.refresh_from_db()
    assert adviser.email_digest is True
    assert 'name="email_digest"' in client.get("/konto/innstillinger/").content.decode()


def test_a_phase_kind_label_in_the_gate_line():
    assert digests._phase(Phase.Kind.PRE_STUDY) == "forstudium"


def test_the_weekly_task_sends_the_digest(programme, owner, adviser, mailoutbox,
                                          django_capture_on_commit_callbacks):
    from videreforing.advisers.tasks import send_weekly_digests

    _recent_change(programme, owner)
    with django_capture_on_commit_callbacks(execute=True):
        result = send_weekly_digests.enqueue(TODAY.isoformat())
    assert result.return_value == [1, 0]
    assert "Ring næringsforeningen" in _mail_to(mailoutbox, adviser).body


def test_changes_are_listed_newest_first_and_the_cut_off_drops_the_oldest(
        programme, owner, adviser, mailoutbox, django_capture_on_commit_callbacks):
    total = digests.CHANGES_PER_PROGRAMME + 2
    for number in range(1, total + 1):
        log_action(action="programmes.task.created", actor=owner, programme=programme,
                   data={"title": f"Oppgave nr. {number:02d}"})
    _send(django_capture_on_commit_callbacks)
    body = _mail_to(mailoutbox, adviser).body
    newest, shown_last = f"Oppgave nr. {total:02d}", "Oppgave nr. 03"
    assert body.index(newest) < body.index(shown_last)
    assert "Oppgave nr. 01" not in body and "Oppgave nr. 02" not in body
    # The two oldest tasks and the programme's own creation are cut off.
    assert "- og 3 endringer til" in body
    assert "fordi du følger programmene som rådgiver" in body


def test_the_national_users_footer_says_every_programme(
        programme, owner, outsider, mailoutbox, django_capture_on_commit_callbacks):
    outsider.national_access = True
    outsider.save()
    _recent_change(programme, owner)
    _send(django_capture_on_commit_callbacks)
    body = _mail_to(mailoutbox, outsider).body
    assert "fordi du følger alle programmer (nasjonalt team) i Innovasjon Norge" in body
    assert "som rådgiver" not in body


def test_the_digest_box_is_offered_to_advisers_and_national_users_only(
        client, adviser, owner, outsider):
    client.force_login(adviser)
    page = client.get("/konto/innstillinger/").content.decode()
    assert 'name="email_digest"' in page and "Kommer én gang i uken" in page
    outsider.national_access = True
    outsider.save()
    client.force_login(outsider)
    assert 'name="email_digest"' in client.get("/konto/innstillinger/").content.decode()
    # A municipality's own people get no digest: no box, and saving leaves it alone.
    client.force_login(owner)
    page = client.get("/konto/innstillinger/").content.decode()
    assert 'name="email_digest"' not in page and "Kommer én gang i uken" not in page
    assert 'class="user-settings" href="/konto/innstillinger/">Innstillinger<' in page
    before = owner.email_digest
    client.post("/konto/innstillinger/", {"email_reminders": "on"})
    owner.refresh_from_db()
    assert owner.email_digest is before and owner.email_reminders is True
