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
        PRE_STUDY_REPORT = "pre_study_report", _("Forstudierapport")

    key = models.CharField(_("mal"), max_length=40, choices=Key.choices, unique=True)
    file = models.FileField(_("Word-fil (.docx)"), upload_to="document-templates/")
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dokumentmal")
        verbose_name_plural = _("dokumentmaler")

    def __str__(self) -> str:
        return str(self.get_key_display())


class GeneratedDocument(models.Model):
    """A stored version of a generated report; a gate decision refers to the version
    it decided on."""

    class Kind(models.TextChoices):
        PRE_STUDY_REPORT = "pre_study_report", _("Forstudierapport")

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="documents")
    kind = models.CharField(_("type"), max_length=40, choices=Kind.choices)
    source_id = models.PositiveIntegerField(_("kilde"), help_text=_("f.eks. alternativvurderingen"))
    version = models.PositiveIntegerField(_("versjon"))
    title = models.CharField(_("tittel"), max_length=300)
    docx = models.BinaryField(editable=False)
    pdf = models.BinaryField(editable=False)
    data = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("generert dokument")
        verbose_name_plural = _("genererte dokumenter")
        constraints = [models.UniqueConstraint(fields=["kind", "source_id", "version"],
                                               name="one_document_version")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"
