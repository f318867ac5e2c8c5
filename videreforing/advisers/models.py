"""What Innovasjon Norge's advisers write and receive (issue 10): remarks on a programme
with the programme's replies, and a record of each weekly digest."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from videreforing.programmes.models import long_text

REMARK_MAX = 4000


class Remark(models.Model):
    """An adviser's remark on a programme (rådgivers merknad). Corrected by its author
    only, versioned so that a stale correction is refused."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="adviser_remarks")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                               on_delete=models.SET_NULL, related_name="adviser_remarks")
    text = models.TextField(_("merknad"), validators=long_text(REMARK_MAX))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rådgivers merknad")
        verbose_name_plural = _("rådgivers merknader")

    def __str__(self) -> str:
        return f"{self.programme} – {self.author}"


class RemarkReply(models.Model):
    """An answer to a remark, from the programme or from the adviser."""

    remark = models.ForeignKey(Remark, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("svar"), validators=long_text(REMARK_MAX))
    created_at = models.DateTimeField(_("skrevet"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("svar på merknad")
        verbose_name_plural = _("svar på merknader")

    def __str__(self) -> str:
        return f"{self.remark} – {self.author}"


class DigestLog(models.Model):
    """One weekly digest sent to one person: the week (ISO year-week, "2026-W48") and
    each programme's RAG status it reported, so that the next digest can tell what turned
    red. The unique (user, week) row is claimed before the mail is queued: two servers
    running the command at once send one digest."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="digest_logs")
    week = models.CharField(_("uke"), max_length=10)
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    # {"<programme id>": "red" | "amber" | "green" | "unknown"}
    data = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("ukentlig oppsummering")
        verbose_name_plural = _("ukentlige oppsummeringer")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="one_digest_per_user_week"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.week}"
