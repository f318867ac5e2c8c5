from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentTemplate(models.Model):
    """A Word template uploaded by an administrator to replace the shipped one.

    The shipped templates live in `videreforing/documents/docx/`; download one, edit it
    in Word (keep the {{ … }} and {% … %} tags) and upload it here."""

    class Key(models.TextChoices):
        TENDER_DOCUMENT = "tender_document", _("Konkurransegrunnlag")
        PROCUREMENT_RECORD = "procurement_record", _("Anskaffelsesprotokoll")
        AWARD_LETTER = "award_letter", _("Tildelingsbrev")

    key = models.CharField(_("mal"), max_length=40, choices=Key.choices, unique=True)
    file = models.FileField(_("Word-fil (.docx)"), upload_to="document-templates/")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dokumentmal")
        verbose_name_plural = _("dokumentmaler")

    def __str__(self) -> str:
        return str(self.get_key_display())
