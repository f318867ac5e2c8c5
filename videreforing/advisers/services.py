"""Every write to the advisers' remarks: keyword-only, one transaction, the state
checked, one audit entry, e-mails queued after the commit.

Access (who may write a remark or a reply) is checked by the callers through
`advisers.access`; the services check the input and the version."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.services import log_action
from videreforing.lib.bounds import check_values
from videreforing.lib.errors import StaleVersion
from videreforing.programmes.models import Programme

from .models import Remark, RemarkReply
from .tasks import send_remark_email

# The history quotes a remark up to this length.
QUOTE_MAX = 80


def _clean_text(model, value) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if not text:
        raise ValidationError({"text": [_("Skriv en tekst.")]}, code="required")
    return check_values(model, {"text": text})["text"]


def _quote(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= QUOTE_MAX else line[:QUOTE_MAX - 1].rstrip() + "…"


def _remark_link(programme: Programme) -> str:
    return f"{settings.SITE_URL}/program/{programme.pk}/#merknader"


def _managers(programme: Programme) -> list[str]:
    return list(Membership.objects.filter(
        programme=programme, role=Role.PROGRAMME_MANAGER, user__is_active=True,
    ).values_list("user__email", flat=True))


def _queue(recipients: list[str], subject: str, body: str) -> None:
    if recipients:
        transaction.on_commit(lambda: send_remark_email.enqueue(recipients, subject, body))


@transaction.atomic
def create_remark(*, user, programme: Programme, text: str) -> Remark:
    """An adviser's remark; mailed to the programme's managers (omstillingsleder)."""
    text = _clean_text(Remark, text)
    remark = Remark.objects.create(programme=programme, author=user, text=text)
    log_action(action="advisers.remark.created", actor=user, programme=programme,
               obj=remark, data={"text": _quote(text)})
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Merknad fra rådgiver: %(name)s") % {"name": programme.name}
        body = _("%(author)s har skrevet en merknad til «%(name)s»:\n\n%(text)s\n\n"
                 "Svar på merknaden her: %(link)s") % {
            "author": user.display_name, "name": programme.name, "text": text,
            "link": _remark_link(programme)}
    _queue([a for a in _managers(programme) if a != user.email], subject, body)
    return remark


@transaction.atomic
def update_remark(*, user, remark: Remark, expected_version: int | None, text: str) -> Remark:
    """The author corrects the remark; a correction made on an older version is refused
    with the other person's text kept."""
    text = _clean_text(Remark, text)
    current = Remark.objects.select_for_update().get(pk=remark.pk)
    if expected_version is not None and int(expected_version) != current.version:
        raise StaleVersion(_("Merknaden er endret etter at du åpnet den. Se den nye "
                             "teksten og prøv igjen."), current=current)
    before = current.text
    if before == text:
        return current
    current.text = text
    current.version += 1
    current.updated_at = timezone.now()
    current.save(update_fields=["text", "version", "updated_at"])
    log_action(action="advisers.remark.updated", actor=user, programme=current.programme,
               obj=current, data={"text": _quote(text), "before": {"text": _quote(before)},
                                  "after": {"text": _quote(text)}})
    return current


@transaction.atomic
def reply_to_remark(*, user, remark: Remark, text: str) -> RemarkReply:
    """An answer to a remark; its author is told by e-mail."""
    text = _clean_text(RemarkReply, text)
    reply = RemarkReply.objects.create(remark=remark, author=user, text=text)
    programme = remark.programme
    log_action(action="advisers.remark.answered", actor=user, programme=programme,
               obj=reply, data={"text": _quote(text), "remark": _quote(remark.text)})
    author = remark.author
    if author is not None and author.is_active and author.pk != user.pk:
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Svar på merknaden din: %(name)s") % {"name": programme.name}
            body = _("%(author)s har svart på merknaden din til «%(name)s»:\n\n%(text)s\n\n"
                     "Merknaden: %(remark)s\n\n%(link)s") % {
                "author": user.display_name, "name": programme.name, "text": text,
                "remark": _quote(remark.text), "link": _remark_link(programme)}
        _queue([author.email], subject, body)
    return reply
