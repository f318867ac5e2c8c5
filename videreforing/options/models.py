from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import COUNT, DATE, PERCENT, SCORE
from videreforing.lib.fields import ReadableDecimalField


class FormKey(models.TextChoices):
    MUNICIPAL_UNIT = "municipal_unit", _("Enhet i kommunens administrasjon")
    KF = "kf", _("Kommunalt foretak (KF)")
    IKS = "iks", _("Interkommunalt selskap (IKS)")
    INTER_MUNICIPAL = "inter_municipal", _("Kommunalt oppgavefellesskap / vertskommune")
    AS = "as", _("Aksjeselskap (AS)")
    SA = "sa", _("Samvirkeforetak (SA)")
    FOUNDATION = "foundation", _("Stiftelse")
    EXISTING_BODY = "existing_body", _("Videreføring i en eksisterende aktør")


class OrganisationalForm(models.Model):
    """The catalogue of forms for the permanent unit (O-UNIT … O-EXISTING), kept as data
    that administrators update, each fact with its source and the date it was checked."""

    key = models.CharField(_("nøkkel"), max_length=30, choices=FormKey.choices, unique=True)
    rule_id = models.CharField(_("regel"), max_length=20)
    name = models.CharField(_("navn"), max_length=200)
    legal_basis = models.TextField(_("rettslig grunnlag"), blank=True)
    owners = models.TextField(_("hvem kan eie"), blank=True)
    liability = models.TextField(_("ansvar"), blank=True)
    minimum_capital = models.TextField(_("minstekapital"), blank=True)
    board_rules = models.TextField(_("styre"), blank=True)
    registration = models.TextField(_("registrering"), blank=True)
    typical_cost = models.TextField(_("typisk kostnad å etablere"), blank=True)
    time_to_establish = models.TextField(_("typisk tid å etablere"), blank=True)
    examples = models.TextField(_("eksempler"), blank=True)
    sources = models.TextField(_("kilder"), blank=True)
    checked_on = models.DateField(_("kontrollert mot kilden"), null=True, blank=True,
                                  validators=DATE.validators())

    class Meta:
        ordering = ["pk"]
        verbose_name = _("organisasjonsform")
        verbose_name_plural = _("organisasjonsformer")
        constraints = [DATE.constraint("checked_on",
                                       name="organisational_form_checked_on_in_range")]

    def __str__(self) -> str:
        return self.name


class OptionsAnalysis(models.Model):
    """The pre-study's comparison of forms against weighted criteria (R-PRESTUDY)."""

    class WeightMethod(models.TextChoices):
        PERCENT = "percent", _("Prosent (summerer seg til 100)")
        RANKING = "ranking", _("Rangering (rangsummetoden)")

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="options_analyses")
    title = models.CharField(_("tittel"), max_length=200)
    weight_method = models.CharField(_("vektmetode"), max_length=20,
                                     choices=WeightMethod.choices, default=WeightMethod.PERCENT)
    recommendation = models.TextField(_("anbefaling"), blank=True)
    proposed_decision = models.TextField(_("forslag til vedtak"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Set by every change to the analysis after a report version was made, cleared when
    # a new version is made: the page says so without comparing anything per row.
    report_outdated = models.BooleanField(_("rapporten er utdatert"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("alternativvurdering")
        verbose_name_plural = _("alternativvurderinger")

    def __str__(self) -> str:
        return self.title


class Financing(models.TextChoices):
    MUNICIPAL = "municipal_contribution", _("Kommunalt tilskudd")
    OTHER_MUNICIPALITIES = "other_municipalities", _("Andre kommuner")
    COUNTY = "county", _("Fylkeskommunen")
    BUSINESS = "business_partners", _("Næringslivspartnere")
    PROJECT_FUNDS = "project_funds", _("Prosjektmidler")


class Scope(models.TextChoices):
    MUNICIPALITY = "municipality", _("Denne kommunen")
    MUNICIPALITIES = "municipalities", _("Flere navngitte kommuner")
    REGION = "region", _("Regionen")


class Alternative(models.Model):
    analysis = models.ForeignKey(OptionsAnalysis, on_delete=models.CASCADE,
                                 related_name="alternatives")
    name = models.CharField(_("navn"), max_length=200)
    organisational_form = models.CharField(_("organisasjonsform"), max_length=30,
                                           choices=FormKey.choices)
    financing = models.JSONField(_("finansiering"), default=list, blank=True)
    financing_note = models.TextField(_("om finansieringen"), blank=True)
    scope = models.CharField(_("geografisk nedslagsfelt"), max_length=20,
                             choices=Scope.choices, default=Scope.MUNICIPALITY)
    scope_note = models.CharField(_("om nedslagsfeltet"), max_length=300, blank=True)
    scope_municipalities = models.ManyToManyField(
        "municipalities.Municipality", blank=True, related_name="+",
        verbose_name=_("kommuner i nedslagsfeltet"))
    description = models.TextField(_("beskrivelse"), blank=True)
    order = models.PositiveIntegerField(default=0, validators=COUNT.validators())
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("alternativ")
        verbose_name_plural = _("alternativer")
        constraints = [COUNT.constraint("order", name="option_alternative_order_in_range")]

    def __str__(self) -> str:
        return self.name

    def financing_labels(self) -> list[str]:
        labels = dict(Financing.choices)
        return [str(labels.get(k, k)) for k in self.financing]


class Criterion(models.Model):
    analysis = models.ForeignKey(OptionsAnalysis, on_delete=models.CASCADE,
                                 related_name="criteria")
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    weight = ReadableDecimalField(_("vekt (%)"), max_digits=6, decimal_places=2,
                                 default=Decimal(0), validators=PERCENT.validators())
    rank = models.PositiveIntegerField(_("rangering"), null=True, blank=True,
                                       validators=COUNT.validators())
    order = models.PositiveIntegerField(default=0, validators=COUNT.validators())
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kriterium")
        verbose_name_plural = _("kriterier")
        constraints = [
            PERCENT.constraint("weight", name="option_criterion_weight_in_range"),
            COUNT.constraint("rank", name="option_criterion_rank_in_range"),
            COUNT.constraint("order", name="option_criterion_order_in_range"),
        ]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    alternative = models.ForeignKey(Alternative, on_delete=models.CASCADE,
                                    related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = ReadableDecimalField(_("poeng (0–10)"), max_digits=4, decimal_places=2,
                                validators=SCORE.validators())
    reason = models.TextField(_("begrunnelse"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")
        constraints = [
            models.UniqueConstraint(fields=["alternative", "criterion"],
                                    name="one_option_score_per_pair"),
            SCORE.constraint("score", name="option_score_between_0_and_10"),
        ]

    def __str__(self) -> str:
        return f"{self.alternative} / {self.criterion}: {self.score}"


class StakeholderInput(models.Model):
    """A meeting with or input from a stakeholder (R-COOPERATE), linked to alternatives."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Møte")
        INPUT = "input", _("Innspill")

    analysis = models.ForeignKey(OptionsAnalysis, on_delete=models.CASCADE,
                                 related_name="inputs")
    stakeholder = models.ForeignKey("programmes.Stakeholder", on_delete=models.PROTECT,
                                    related_name="inputs", verbose_name=_("interessent"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices,
                            default=Kind.MEETING)
    held_on = models.DateField(_("dato"), validators=DATE.validators())
    summary = models.TextField(_("innhold"))
    alternatives = models.ManyToManyField(Alternative, blank=True, related_name="inputs",
                                          verbose_name=_("gjelder alternativene"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("innspill")
        verbose_name_plural = _("innspill")
        constraints = [DATE.constraint("held_on", name="option_input_held_on_in_range")]

    def __str__(self) -> str:
        return f"{self.stakeholder} ({self.held_on})"
