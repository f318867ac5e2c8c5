from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import text_validators

REASON_MAX = 2000


class Attachment(models.Model):
    """A file attached to a programme: to a gate decision (the signed minutes), a tender,
    a bid, or only to the programme's document archive.

    The file is in the "attachments" storage under a generated key; `name` is the
    uploaded name made safe, for display and download. A removed attachment stays as a
    row (who removed it, when, why) while its file is deleted from the storage.
    A gate decision, tender or bid that goes away leaves its attachments in the archive
    (SET_NULL): nothing is lost with it."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="attachments")
    gate = models.ForeignKey("programmes.GateDecision", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="attachments",
                             verbose_name=_("vedtak"))
    tender = models.ForeignKey("procurement.Tender", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="attachments",
                               verbose_name=_("konkurranse"))
    bid = models.ForeignKey("procurement.Bid", null=True, blank=True,
                            on_delete=models.SET_NULL, related_name="attachments",
                            verbose_name=_("tilbud"))
    name = models.CharField(_("filnavn"), max_length=200,
                            validators=text_validators(multiline=False))
    file_key = models.CharField(max_length=255, unique=True, editable=False)
    size = models.PositiveBigIntegerField(_("størrelse (byte)"))
    content_type = models.CharField(_("filtype"), max_length=100)
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("lastet opp av"))
    uploaded_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   editable=False)
    removal_reason = models.TextField(
        _("begrunnelse for fjerning"), blank=True, editable=False,
        validators=[MaxLengthValidator(REASON_MAX), *text_validators()])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(gate__isnull=True)
                | (models.Q(tender__isnull=True) & models.Q(bid__isnull=True)),
                name="attachment_gate_or_procurement",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None
