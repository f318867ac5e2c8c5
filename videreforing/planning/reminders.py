"""Daily reminders by e-mail, in Norwegian.

Each reminder has a key that says what it is about; a reminder whose key has gone to
a person before is not sent again, so the job can run several times a day."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership, User
from videreforing.accounts.roles import EDIT_ROLES, Role
from videreforing.programmes.models import Phase, Programme
from videreforing.programmes.selectors import continuation_start, continuation_status
from videreforing.rules.deadlines import ContinuationStatus

from .forecasts import current_forecast
from .models import ReminderLog
from .tasks import send_reminder_email

LATEST_START_THRESHOLDS = (7, 30, 90)  # days before the latest start (R-START)
TASK_DUE_DAYS = 7
RISK_THRESHOLD = 0.5
GATE_ROLES = {Role.PROJECT_OWNER, Role.BOARD_CHAIR, Role.PROGRAMME_MANAGER}


@dataclass
class Reminder:
    user: User
    key: str
    programme: Programme
    subject: str
    body: str


def _d(day: date) -> str:
    return date_format(day, "j. F Y")


def _link(programme: Programme, path: str = "") -> str:
    return f"{settings.SITE_URL}/program/{programme.pk}/{path}"


def _recipients(programme: Programme, roles=None) -> list[User]:
    qs = Membership.objects.filter(programme=programme, user__is_active=True,
                                   user__email_reminders=True).select_related("user")
    if roles is not None:
        qs = qs.filter(role__in=list(roles))
    return [m.user for m in qs]


def _advisers(programme: Programme) -> list[User]:
    return list(User.objects.filter(
        adviser_assignments__county__municipalities__programmes=programme, is_active=True,
        email_reminders=True,
    ).distinct())


def _latest_start(programme: Programme, today: date) -> list[Reminder]:
    if continuation_start(programme) is not None:
        return []  # R-START: the continuation has started; the latest start is behind it
    status = continuation_status(programme, today)
    if status not in (ContinuationStatus.NOT_STARTED, ContinuationStatus.DUE_SOON,
                      ContinuationStatus.OVERDUE):
        return []
    days = (programme.latest_start - today).days
    if days < 0:
        key = f"latest_start:{programme.pk}:passed"
        subject = _("Seneste oppstart er passert: %(name)s") % {"name": programme.name}
        body = _(
            "Seneste oppstart for videreføringen av «%(name)s» var %(date)s. Kommunen bør "
            "starte forstudiet nå, slik at enheten blir operativ før %(deadline)s "
            "(R-START, R-OPERATIVE)."
        )
    else:
        threshold = next((t for t in LATEST_START_THRESHOLDS if days <= t), None)
        if threshold is None:
            return []
        key = f"latest_start:{programme.pk}:{threshold}"
        subject = _("%(days)s dager til seneste oppstart: %(name)s") % {
            "days": days, "name": programme.name}
        body = _(
            "Videreføringen av «%(name)s» bør starte senest %(date)s, to år før "
            "omstillingsperioden er over (R-START). Enheten må være operativ før %(deadline)s."
        )
    body = body % {"name": programme.name, "date": _d(programme.latest_start),
                   "deadline": _d(programme.operative_deadline)}
    body += "\n\n" + _link(programme)
    return [Reminder(u, key, programme, subject, body)
            for u in _recipients(programme, EDIT_ROLES)]


def _tasks(programme: Programme, today: date) -> list[Reminder]:
    reminders = []
    members = list(Membership.objects.filter(programme=programme).select_related("user"))
    tasks = programme.continuation.tasks.filter(
        removed_at__isnull=True, done=False, due_date__isnull=False
    ).select_related("assignee")
    for task in tasks:
        if task.due_date is None:
            continue
        days = (task.due_date - today).days
        if days < 0:
            key = f"task_overdue:{task.pk}:{task.due_date.isoformat()}"
            subject = _("Oppgave på overtid: %(title)s") % {"title": task.title}
        elif days <= TASK_DUE_DAYS:
            key = f"task_due:{task.pk}:{task.due_date.isoformat()}"
            subject = _("Frist om %(days)s dager: %(title)s") % {"days": days,
                                                                  "title": task.title}
        else:
            continue
        assignee = task.assignee
        if assignee is not None:
            users = [assignee] if assignee.is_active and assignee.email_reminders else []
        else:
            users = [m.user for m in members if task.responsible_role and
                     m.role == task.responsible_role and m.user.email_reminders and
                     m.user.is_active]
        body = _("Oppgaven «%(title)s» i «%(name)s» har frist %(date)s.") % {
            "title": task.title, "name": programme.name, "date": _d(task.due_date)}
        body += "\n\n" + _link(programme, f"faser/{task.phase}/")
        reminders += [Reminder(u, key, programme, subject, body) for u in users]
    return reminders


def _gates(programme: Programme) -> list[Reminder]:
    reminders = []
    for phase in programme.continuation.phases.filter(status=Phase.Status.IN_PROGRESS):
        tasks = programme.continuation.tasks.filter(phase=phase.kind, removed_at__isnull=True)
        if not tasks.exists() or tasks.filter(done=False).exists():
            continue
        decisions = phase.gate_decisions.count()
        key = f"gate_waiting:{phase.pk}:{decisions}"
        label = str(phase.get_kind_display()).lower()
        subject = _("Beslutningspunkt venter på vedtak: %(phase)s i %(name)s") % {
            "phase": label, "name": programme.name}
        body = _("Alle oppgavene i %(phase)s er utført. Saken kan legges fram for vedtak.") % {
            "phase": label}
        body += "\n\n" + _link(programme, f"faser/{phase.kind}/")
        reminders += [Reminder(u, key, programme, subject, body)
                      for u in _recipients(programme, GATE_ROLES)]
    return reminders


def _risk(programme: Programme, today: date) -> list[Reminder]:
    if continuation_status(programme, today) == ContinuationStatus.COMPLETED:
        return []
    forecast = current_forecast(programme, today=today)
    prefix = f"risk_below_50:{programme.pk}"
    if (forecast.probability_on_time is None or forecast.p80 is None
            or forecast.probability_on_time >= RISK_THRESHOLD):
        # Back above the threshold: a later drop is a new reminder.
        ReminderLog.objects.filter(key__startswith=prefix + ":").delete()
        return []
    key = f"{prefix}:{today.isoformat()}"
    if ReminderLog.objects.filter(key__startswith=prefix + ":").exists():
        return []
    percent = round(forecast.probability_on_time * 100)
    subject = _("Risiko: %(percent)s %% sjanse for operativ enhet i tide – %(name)s") % {
        "percent": percent, "name": programme.name}
    body = _(
        "Etter planen er sannsynligheten for at enheten er operativ innen %(deadline)s nå "
        "%(percent)s %%. Prognosen (P80) er %(p80)s. Se tidslinjen for den kritiske linjen."
    ) % {"deadline": _d(programme.operative_deadline), "percent": percent,
         "p80": _d(forecast.p80)}
    body += "\n\n" + _link(programme, "tidslinje/")
    users = {u.pk: u for u in _recipients(programme, EDIT_ROLES) + _advisers(programme)}
    return [Reminder(u, key, programme, subject, body) for u in users.values()]


def collect_reminders(today: date) -> list[Reminder]:
    reminders: list[Reminder] = []
    programmes = Programme.objects.select_related("continuation").prefetch_related(
        "continuation__phases")
    for programme in programmes:
        reminders += _latest_start(programme, today)
        reminders += _tasks(programme, today)
        reminders += _gates(programme)
        reminders += _risk(programme, today)
    return reminders


def send_reminders(today: date) -> tuple[int, int]:
    """Queue each reminder that has not gone before. Returns (queued, already sent)."""
    queued = skipped = 0
    with translation.override(settings.LANGUAGE_CODE):
        reminders = collect_reminders(today)
    for reminder in reminders:
        with transaction.atomic():
            _log, created = ReminderLog.objects.get_or_create(
                user=reminder.user, key=reminder.key,
                defaults={"programme": reminder.programme, "subject": reminder.subject[:300]},
            )
            if not created:
                skipped += 1
                continue
            send_reminder_email.enqueue(reminder.user.pk, reminder.subject, reminder.body)
            queued += 1
    return queued, skipped
