"""The weekly digest to each adviser and national user (issue 10, point 4), in
Norwegian, for the programmes of their portfolio:

- what changed in the last 7 days (the history, described as on the history page);
- what turned red since the previous digest, and why;
- latest starts within the next 90 days (R-START, the due-soon window) of
  continuations that have not started;
- gates waiting for a decision (R-PHASES).

The RAG status and the waiting gates come from the portfolio (portfolio/selectors.py).
"Turned red" compares with what the previous digest reported (DigestLog.data); a
person's first digest counts every red programme as turned red. A person with nothing
to report gets no mail. One digest per person per ISO week: the (user, week) row is
claimed before the mail is queued, so two servers running the job at once send one."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from videreforing.accounts.models import User
from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.portfolio.selectors import Row, portfolio_rows
from videreforing.programmes.models import Phase
from videreforing.rules.deadlines import DUE_SOON_DAYS, ContinuationStatus
from videreforing.rules.portfolio import RED

from .models import DigestLog
from .tasks import send_digest_email

CHANGE_DAYS = 7
# The latest starts the digest lists: within the due-soon window (R-START).
LATEST_START_DAYS = DUE_SOON_DAYS
# Changes listed per programme; the rest are counted.
CHANGES_PER_PROGRAMME = 15


@dataclass
class Digest:
    user: User
    week: str
    rags: dict[str, str]
    turned_red: list[Row] = field(default_factory=list)
    latest_starts: list[Row] = field(default_factory=list)
    gates: list[Row] = field(default_factory=list)
    changes: list[tuple[Row, list[AuditEntry]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.turned_red or self.latest_starts or self.gates or self.changes)


def week_key(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def recipients():
    """Active advisers (with a county) and national users who want the digest."""
    return (User.objects.filter(is_active=True, email_digest=True)
            .filter(Q(adviser_assignments__isnull=False) | Q(national_access=True)
                    | Q(is_superuser=True))
            .distinct().order_by("pk"))


def _since(today: date) -> datetime:
    start = today - timedelta(days=CHANGE_DAYS)
    return timezone.make_aware(datetime.combine(start, time.min))


def build_digest(user: User, today: date) -> Digest:
    week = week_key(today)
    rows = portfolio_rows(user, today=today)
    previous = (DigestLog.objects.filter(user=user).exclude(week=week)
                .order_by("-sent_at", "-pk").first())
    before = previous.data if previous is not None and isinstance(previous.data, dict) else {}
    digest = Digest(user=user, week=week, rags={str(r.programme.pk): r.rag for r in rows})
    by_id = {r.programme.pk: r for r in rows}
    for row in rows:
        if row.rag == RED and before.get(str(row.programme.pk)) != RED:
            digest.turned_red.append(row)
        days = (row.latest_start - today).days
        if (row.started_on is None and 0 <= days <= LATEST_START_DAYS
                and row.status in (ContinuationStatus.NOT_STARTED,
                                   ContinuationStatus.DUE_SOON)):
            digest.latest_starts.append(row)
        if row.gate_pending:
            digest.gates.append(row)
    digest.latest_starts.sort(key=lambda r: r.latest_start)
    # Newest first, so the cut-off after CHANGES_PER_PROGRAMME drops the oldest.
    entries: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in (AuditEntry.objects.filter(programme_id__in=list(by_id),
                                            created_at__gte=_since(today))
                  .select_related("actor").order_by("-created_at", "-pk")):
        if entry.programme_id is not None:
            entries[entry.programme_id].append(entry)
    digest.changes = [(by_id[pk], entries[pk]) for pk in by_id if entries.get(pk)]
    return digest


def _d(day: date) -> str:
    return date_format(day, "j. F Y")


def _link(row: Row, path: str = "") -> str:
    return f"{settings.SITE_URL}/program/{row.programme.pk}/{path}"


def _phase(kind: str | None) -> str:
    return str(Phase.Kind(kind).label).lower() if kind else ""


def render_digest(digest: Digest, today: date) -> tuple[str, str]:
    """The subject and the plain-text body, in the active language."""
    subject = _("Ukentlig oppsummering av porteføljen, uke %(week)s") % {
        "week": today.isocalendar()[1]}
    lines = [_("Hei %(name)s,") % {"name": digest.user.display_name}, "",
             _("Dette har skjedd i programmene du følger, siden %(date)s.") % {
                 "date": _d(today - timedelta(days=CHANGE_DAYS))}]
    if digest.turned_red:
        lines += ["", _("Ble røde"), ""]
        for row in digest.turned_red:
            lines.append(_("- %(name)s: %(reason)s") % {"name": row.name,
                                                         "reason": row.rag_reason})
            lines.append(f"  {_link(row)}")
    if digest.latest_starts:
        lines += ["", _("Seneste oppstart innen %(days)s dager") % {
            "days": LATEST_START_DAYS}, ""]
        for row in digest.latest_starts:
            days = (row.latest_start - today).days
            lines.append(ngettext("- %(name)s: %(date)s (om %(days)s dag)",
                                  "- %(name)s: %(date)s (om %(days)s dager)", days) % {
                "name": row.name, "date": _d(row.latest_start), "days": days})
    if digest.gates:
        lines += ["", _("Beslutningspunkter som venter på vedtak"), ""]
        for row in digest.gates:
            lines.append(_("- %(name)s: %(phase)s") % {"name": row.name,
                                                        "phase": _phase(row.gate_phase)})
            lines.append(f"  {_link(row, f'faser/{row.gate_phase}/')}")
    if digest.changes:
        lines += ["", _("Endringer de siste %(days)s dagene") % {"days": CHANGE_DAYS}]
        for row, entries in digest.changes:
            lines += ["", row.name]
            for entry in entries[:CHANGES_PER_PROGRAMME]:
                who = entry.actor.display_name if entry.actor else _("Systemet")
                lines.append(_("- %(date)s: %(who)s %(text)s") % {
                    "date": date_format(timezone.localtime(entry.created_at), "j. F"),
                    "who": who, "text": describe(entry)})
            more = len(entries) - CHANGES_PER_PROGRAMME
            if more > 0:
                lines.append(ngettext("- og %(count)s endring til",
                                      "- og %(count)s endringer til", more) % {"count": more})
            lines.append(f"  {_link(row, 'historikk/')}")
    link = f"{settings.SITE_URL}/konto/innstillinger/"
    if getattr(digest.user, "sees_every_programme", False):
        lines += ["", _("Du får denne e-posten fordi du følger alle programmer (nasjonalt "
                        "team) i Innovasjon Norge. Du kan slå den av under Innstillinger: "
                        "%(link)s") % {"link": link}]
    else:
        lines += ["", _("Du får denne e-posten fordi du følger programmene som rådgiver i "
                        "Innovasjon Norge. Du kan slå den av under Innstillinger: "
                        "%(link)s") % {"link": link}]
    return subject, "\n".join(lines)


def send_digests(today: date) -> tuple[int, int]:
    """Queue this week's digest to everyone who has something to report and has not had
    it this week. Returns (queued, skipped: already sent or nothing to report)."""
    queued = skipped = 0
    week = week_key(today)
    for user in recipients():
        if DigestLog.objects.filter(user=user, week=week).exists():
            skipped += 1
            continue
        with translation.override(settings.LANGUAGE_CODE):
            digest = build_digest(user, today)
            if digest.empty:
                skipped += 1
                continue
            subject, body = render_digest(digest, today)
        if _claim(user, week, digest.rags, subject, body):
            queued += 1
        else:
            skipped += 1
    return queued, skipped


def _claim(user: User, week: str, rags: dict[str, str], subject: str, body: str) -> bool:
    """Record the digest and queue its mail in one transaction; False when another run
    has recorded it first (the unique (user, week) row)."""
    try:
        with transaction.atomic():
            _log, created = DigestLog.objects.get_or_create(
                user=user, week=week, defaults={"data": rags})
            if created:
                user_id = user.pk
                transaction.on_commit(
                    lambda: send_digest_email.enqueue(user_id, subject, body))
    except IntegrityError:
        return False
    return created
