"""The pre-project's business plan (forretningsplan, R-PREPROJECT): one per programme,
with the register of the restructuring programme's activities, each decided."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import AMOUNT, DATE, text_validators

TEXT_MAX = 5000


class BusinessPlan(models.Model):
    """The business plan of one programme (a living document over the pre-project)."""

    programme = models.OneToOneField("programmes.Programme", on_delete=models.CASCADE,
                                     related_name="business_plan",
                                     verbose_name=_("omstillingsprogram"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("opprettet av"))
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("forretningsplan")
        verbose_name_plural = _("forretningsplaner")

    def __str__(self) -> str:
        return str(_("Forretningsplan for %(programme)s") % {"programme": self.programme})


class Activity(models.Model):
    """One of the restructuring programme's projects or activities, and what becomes of
    it: carried on by the new unit, handed over to someone else, or ended."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        ONGOING = "ongoing", _("Pågår")
        COMPLETED = "completed", _("Fullført")

    class Decision(models.TextChoices):
        CARRY_ON = "carry_on", _("Videreføres av den nye enheten")
        HAND_OVER = "hand_over", _("Overlates til andre")
        END = "end", _("Avsluttes")

    plan = models.ForeignKey(BusinessPlan, on_delete=models.CASCADE,
                             related_name="activities", verbose_name=_("forretningsplan"))
    name = models.CharField(_("navn"), max_length=200,
                            validators=text_validators(multiline=False))
    focus_area = models.CharField(_("innsatsområde"), max_length=200, blank=True,
                                  validators=text_validators(multiline=False))
    owner = models.CharField(_("eier"), max_length=200, blank=True,
                             validators=text_validators(multiline=False))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.PLANNED)
    yearly_cost = models.DecimalField(_("årlig kostnad (kr)"), max_digits=14,
                                      decimal_places=0, null=True, blank=True,
                                      validators=AMOUNT.validators())
    results = models.TextField(_("resultater så langt"), blank=True,
                               validators=[MaxLengthValidator(TEXT_MAX), *text_validators()])
    decision = models.CharField(_("beslutning"), max_length=20, choices=Decision.choices)
    handed_to = models.CharField(_("overlates til"), max_length=200, blank=True,
                                 validators=text_validators(multiline=False))
    handed_from = models.DateField(_("overlates fra"), null=True, blank=True,
                                   validators=DATE.validators())
    reason = models.TextField(_("begrunnelse for å avslutte"), blank=True,
                              validators=[MaxLengthValidator(TEXT_MAX), *text_validators()])
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        constraints = [
            AMOUNT.constraint("yearly_cost", name="businessplan_activity_yearly_cost_bounds"),
        ]

    def __str__(self) -> str:
        return self.name
