from dataclasses import replace
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import AMOUNT, DATE, DAYS, PERCENT, SCORE
from videreforing.lib.fields import ReadableDecimalField
from videreforing.lib.orgnumber import validate_org_number
from videreforing.lib.phone import validate_phone
from videreforing.rules import procurement as rules

# A bid has a price: at least 1 kr, at most what any amount may be.
BID_PRICE = replace(AMOUNT, minimum=Decimal(1))


class ProcurementThreshold(models.Model):
    """A dated threshold (P-100K, P-NAT, P-EEA). Changes are added as new rows."""

    class Kind(models.TextChoices):
        REGULATION = rules.REGULATION, _("Anskaffelsesregelverket gjelder (P-100K)")
        NATIONAL = rules.NATIONAL, _("Nasjonal terskelverdi (P-NAT)")
        EEA = rules.EEA, _("EØS-terskelverdi (P-EEA)")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    amount = ReadableDecimalField(_("beløp (NOK eks. mva.)"), max_digits=14, decimal_places=0,
                                 validators=AMOUNT.validators())
    valid_from = models.DateField(
        _("gjelder fra"), null=True, blank=True, validators=DATE.validators(),
        help_text=_("Tomt: gjaldt før alle daterte endringer (startdato ikke oppgitt i kilden)."))
    source = models.CharField(_("kilde"), max_length=300, blank=True)

    class Meta:
        ordering = ["kind", "valid_from"]
        verbose_name = _("terskelverdi")
        verbose_name_plural = _("terskelverdier")
        constraints = [
            models.UniqueConstraint(fields=["kind", "valid_from"], name="one_threshold_per_date"),
            AMOUNT.constraint("amount", name="threshold_amount_in_bounds"),
            DATE.constraint("valid_from", name="threshold_valid_from_in_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} ({self.valid_from})"

    def as_rule(self) -> rules.Threshold:
        return rules.Threshold(self.kind, self.amount, self.valid_from or date.min, self.source)


class Supplier(models.Model):
    """A consultancy, keyed by its organisation number."""

    org_number = models.CharField(_("organisasjonsnummer"), max_length=9, unique=True,
                                  validators=[validate_org_number])
    name = models.CharField(_("navn"), max_length=200)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True,
                                     validators=[validate_phone])
    experience = models.TextField(_("erfaring fra liknende arbeid"), blank=True)
    # Who registered it: they (and administrators) may correct or remove it.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")

    def __str__(self) -> str:
        return f"{self.name} ({self.org_number})"


class SupplierSuggestion(models.Model):
    """An Innovasjon Norge adviser suggests a consultancy for a programme (R-ADVISER)."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="supplier_suggestions")
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="suggestions")
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("begrunnelse"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("forslag om leverandør")
        verbose_name_plural = _("forslag om leverandører")
        constraints = [models.UniqueConstraint(fields=["programme", "supplier"],
                                               name="one_suggestion_per_supplier")]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.programme}"


class Tender(models.Model):
    class Procedure(models.TextChoices):
        OPEN = rules.OPEN, _("Åpen anbudskonkurranse")
        RESTRICTED = rules.RESTRICTED, _("Begrenset anbudskonkurranse")
        NEGOTIATION = rules.NEGOTIATION, _("Konkurranse med forhandling")

    class Regime(models.TextChoices):
        BELOW = rules.BELOW_REGULATION, _("Under 100 000 kr: regelverket gjelder ikke")
        PART_1 = rules.PART_1, _("Del I (under nasjonal terskelverdi)")
        PART_2 = rules.PART_2, _("Del II (over nasjonal terskelverdi)")
        PART_3 = rules.PART_3, _("Del III (over EØS-terskelverdi)")

    class Status(models.TextChoices):
        """The stored step of the tender (issue 9, point 5). What users and the API see
        is `state`: it adds the steps that follow from dates (deadline passed,
        evaluated, standstill running)."""

        DRAFT = "draft", _("Under forberedelse")
        ANNOUNCED = "announced", _("Kunngjort")
        AWARDED = "awarded", _("Tildeling besluttet")
        NOTICE_SENT = "notice_sent", _("Meddelelse sendt")
        CONTRACT_SIGNED = "contract_signed", _("Kontrakt signert")
        CANCELLED = "cancelled", _("Avlyst")

    class Channel(models.TextChoices):
        """Where the competition was announced (P-NAT: Doffin; P-EEA: Doffin and TED;
        part I: often invited suppliers)."""

        DOFFIN = "doffin", _("Doffin")
        TED = "ted", _("TED")
        INVITED = "invited", _("Invitasjon til utvalgte leverandører")

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE,
                                  related_name="tenders")
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse av oppdraget"), blank=True)
    estimated_value = ReadableDecimalField(
        _("anslått verdi (NOK eks. mva.)"), max_digits=14, decimal_places=0,
        validators=AMOUNT.validators())
    procedure = models.CharField(_("prosedyre"), max_length=20, choices=Procedure.choices,
                                 default=Procedure.OPEN)
    regime = models.CharField(_("regelverk"), max_length=20, choices=Regime.choices)
    contract_start = models.DateField(_("kontrakt fra"), null=True, blank=True,
                                      validators=DATE.validators())
    contract_end = models.DateField(_("kontrakt til"), null=True, blank=True,
                                    validators=DATE.validators())
    tender_deadline = models.DateField(_("tilbudsfrist"), null=True, blank=True,
                                       validators=DATE.validators())
    # The contracting authority named in the documents to suppliers (issue 9, point 6):
    # by default the programme's first municipality; the register has no organisation
    # numbers, so the user types it.
    authority_name = models.CharField(_("oppdragsgiver"), max_length=200, blank=True)
    authority_org_number = models.CharField(_("oppdragsgivers organisasjonsnummer"),
                                            max_length=9, blank=True,
                                            validators=[validate_org_number])
    # How, where and by what time suppliers submit (issue 9, point 6); the deadline day
    # is tender_deadline, the award is possible the day after it.
    deadline_time = models.TimeField(_("klokkeslett for tilbudsfristen"),
                                     default=time(12, 0))
    submission_address = models.CharField(
        _("tilbud sendes til"), max_length=300, blank=True,
        help_text=_("E-postadresse eller adresse der tilbudene skal leveres."))
    climate_exception = models.TextField(
        _("begrunnelse for unntak fra klimakravet"), blank=True,
        help_text=_("Kreves når klima og miljø vektes under 30 % (P-CLIMATE)."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    winner = models.ForeignKey("Bid", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    award_reason = models.TextField(_("begrunnelse for valg av vinner"), blank=True)
    awarded_on = models.DateField(_("tildelt"), null=True, blank=True,
                                  validators=DATE.validators())
    # The announcement: when and where (issue 9, point 5).
    announced_on = models.DateField(_("kunngjort"), null=True, blank=True,
                                    validators=DATE.validators())
    announcement_channels = models.JSONField(_("kunngjort i"), default=list, blank=True)
    announcement_reference = models.CharField(
        _("kunngjøringsnummer eller inviterte leverandører"), max_length=300, blank=True)
    # The notice of the award (meddelelse) and its standstill period (P-NOTICE).
    notice_sent_on = models.DateField(_("meddelelse sendt"), null=True, blank=True,
                                      validators=DATE.validators())
    winner_advantages = models.TextField(
        _("vinnerens relative fordeler"), blank=True,
        help_text=_("Hva som gjorde det valgte tilbudet best, sett mot de andre."))
    standstill_days = models.PositiveSmallIntegerField(_("karensperiode (dager)"), null=True,
                                                       blank=True,
                                                       validators=DAYS.validators())
    standstill_ends = models.DateField(_("karensperioden slutter"), null=True, blank=True,
                                       validators=DATE.validators())
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Not stored: set by services.award_tender to what it did about the process leader.
    leader: Any = None

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("konkurranse")
        verbose_name_plural = _("konkurranser")
        constraints = [
            AMOUNT.constraint("estimated_value", name="tender_estimated_value_in_bounds"),
            DATE.constraint("contract_start", name="tender_contract_start_in_bounds"),
            DATE.constraint("contract_end", name="tender_contract_end_in_bounds"),
            DATE.constraint("tender_deadline", name="tender_deadline_in_bounds"),
            DATE.constraint("awarded_on", name="tender_awarded_on_in_bounds"),
            DATE.constraint("announced_on", name="tender_announced_on_in_bounds"),
            DATE.constraint("notice_sent_on", name="tender_notice_sent_on_in_bounds"),
            DATE.constraint("standstill_ends", name="tender_standstill_ends_in_bounds"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """In preparation or announced: the tender, its bids and (until the deadline)
        its criteria can still be changed."""
        return self.status in (self.Status.DRAFT, self.Status.ANNOUNCED)

    @property
    def is_awarded(self) -> bool:
        """The award is decided (and perhaps notified and contracted)."""
        return self.status in (self.Status.AWARDED, self.Status.NOTICE_SENT,
                               self.Status.CONTRACT_SIGNED)


class QualificationRequirement(models.Model):
    """A pass/fail requirement on the supplier (P-QUAL)."""

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="requirements")
    text = models.CharField(_("krav"), max_length=300)
    documentation = models.CharField(_("dokumentasjon"), max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kvalifikasjonskrav")
        verbose_name_plural = _("kvalifikasjonskrav")

    def __str__(self) -> str:
        return self.text


class AwardCriterion(models.Model):
    class Kind(models.TextChoices):
        PRICE = "price", _("Pris")
        QUALITY = "quality", _("Kvalitet/kompetanse")
        METHOD = "method", _("Metode og gjennomføring")
        CLIMATE = "climate", _("Klima og miljø")
        OTHER = "other", _("Annet")

    class PriceModel(models.TextChoices):
        LINEAR = "linear", _("Lineær (P-LINEAR)")
        PROPORTIONAL = "proportional", _("Forholdsmessig (P-PROP)")

    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    weight = ReadableDecimalField(
        _("vekt (%)"), max_digits=5, decimal_places=2, validators=PERCENT.validators())
    price_model = models.CharField(_("prismodell"), max_length=20, choices=PriceModel.choices,
                                   blank=True)
    scoring = models.TextField(_("slik gis poeng"), blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("tildelingskriterium")
        verbose_name_plural = _("tildelingskriterier")
        constraints = [PERCENT.constraint("weight", name="criterion_weight_in_bounds")]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight} %)"


class Bid(models.Model):
    tender = models.ForeignKey(Tender, on_delete=models.CASCADE, related_name="bids")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="bids")
    price = ReadableDecimalField(_("evaluert pris (NOK eks. mva.)"), max_digits=14,
                                decimal_places=0, validators=BID_PRICE.validators())
    received_on = models.DateField(_("mottatt"), null=True, blank=True,
                                   validators=DATE.validators())
    documents = models.TextField(_("dokumenter"), blank=True,
                                 help_text=_("Hvilke dokumenter tilbudet består av."))
    qualified = models.BooleanField(_("kvalifisert"), default=True)
    rejected = models.BooleanField(_("avvist"), default=False)
    rejection_reason = models.TextField(_("begrunnelse for avvisning"), blank=True)
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        constraints = [
            models.UniqueConstraint(fields=["tender", "supplier"], name="one_bid_per_supplier"),
            BID_PRICE.constraint("price", name="bid_price_in_bounds"),
            DATE.constraint("received_on", name="bid_received_on_in_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier.name}: {self.price}"

    @property
    def excluded(self) -> bool:
        return self.rejected or not self.qualified


class BidScore(models.Model):
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AwardCriterion, on_delete=models.CASCADE,
                                  related_name="scores")
    score = ReadableDecimalField(_("poeng (0–10)"), max_digits=4, decimal_places=2,
                                validators=SCORE.validators())
    justification = models.TextField(_("begrunnelse"), blank=True)

    class Meta:
        verbose_name = _("poeng")
        verbose_name_plural = _("poeng")
        constraints = [
            models.UniqueConstraint(fields=["bid", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=models.Q(score__gte=0) & models.Q(score__lte=10),
                                   name="score_between_0_and_10"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.name}: {self.score}"


class StandstillPeriod(models.Model):
    """The standstill period (karensperiode) after the notice of the award, in days, by
    regime; dated data, changes are added as new rows (P-NOTICE). The lengths seeded
    are marked "to be checked"."""

    regime = models.CharField(_("regelverk"), max_length=20, choices=Tender.Regime.choices)
    days = models.PositiveSmallIntegerField(_("dager"), validators=DAYS.validators())
    valid_from = models.DateField(_("gjelder fra"), null=True, blank=True,
                                  validators=DATE.validators())
    source = models.CharField(_("kilde"), max_length=300, blank=True)
    to_be_checked = models.BooleanField(_("må kontrolleres"), default=True)

    class Meta:
        ordering = ["regime", "valid_from"]
        verbose_name = _("karensperiode")
        verbose_name_plural = _("karensperioder")
        constraints = [
            models.UniqueConstraint(fields=["regime", "valid_from"],
                                    name="one_standstill_per_date"),
            DAYS.constraint("days", name="standstill_days_in_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.get_regime_display()}: {self.days}"


class Contract(models.Model):
    """The signed contract with the winner (issue 9, point 5). Its contact person becomes
    the programme's process leader (R-CONSULTANT)."""

    tender = models.OneToOneField(Tender, on_delete=models.CASCADE, related_name="contract")
    signed_on = models.DateField(_("signert"), validators=DATE.validators())
    value = ReadableDecimalField(_("kontraktsverdi (NOK eks. mva.)"), max_digits=14,
                                 decimal_places=0, validators=AMOUNT.validators())
    period_start = models.DateField(_("kontraktsperiode fra"), null=True, blank=True,
                                    validators=DATE.validators())
    period_end = models.DateField(_("kontraktsperiode til"), null=True, blank=True,
                                  validators=DATE.validators())
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("kontaktpersonens e-post"), blank=True)
    # The signed copy, kept in the programme's document archive (an attachment on the
    # tender); removing the file leaves the contract.
    signed_copy = models.ForeignKey("attachments.Attachment", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("signert kontrakt"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    # Not stored: set by services.record_contract to what it did about the process leader.
    leader: Any = None

    class Meta:
        verbose_name = _("kontrakt")
        verbose_name_plural = _("kontrakter")
        constraints = [
            AMOUNT.constraint("value", name="contract_value_in_bounds"),
            DATE.constraint("signed_on", name="contract_signed_on_in_bounds"),
            DATE.constraint("period_start", name="contract_period_start_in_bounds"),
            DATE.constraint("period_end", name="contract_period_end_in_bounds"),
        ]

    def __str__(self) -> str:
        return f"{self.tender}: {self.signed_on}"
