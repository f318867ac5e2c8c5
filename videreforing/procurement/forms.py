from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import AMOUNT, DATE, PERCENT, SCORE, text_validators
from videreforing.lib.forms import DesignsystemetMixin
from videreforing.lib.orgnumber import normalise_org_number, validate_org_number
from videreforing.lib.phone import validate_phone

from .models import BID_PRICE, AwardCriterion, Supplier, Tender

SUPPLIER_EMPTY_LABEL = _("Velg leverandør")


class ConditionalCharField(forms.CharField):
    """A text that is optional until something else is given (the form or the service
    checks it). _field.html shows `required_when` after the label in place of
    "(valgfritt)"."""

    def __init__(self, *args, required_when="", **kwargs):
        kwargs["required"] = False
        super().__init__(*args, **kwargs)
        self.required_when = required_when


def _version() -> forms.IntegerField:
    """The version the form was opened at: a save on top of another is refused."""
    return forms.IntegerField(label=_("versjon"), required=False, widget=forms.HiddenInput)


class TenderForm(DesignsystemetMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200,
                            initial=_("Ekstern prosessleder for forstudium og forprosjekt"))
    description = forms.CharField(label=_("Beskrivelse av oppdraget"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    estimated_value = AMOUNT.form_field(
        label=_("Anslått verdi (NOK eks. mva.)"),
        help_text=_("Hele oppdragets verdi, med opsjoner og forlengelser."))
    procedure = forms.ChoiceField(label=_("Prosedyre"), choices=Tender.Procedure.choices,
                                  initial="open")
    contract_start = DATE.form_field(label=_("Kontrakt fra"), required=False)
    contract_end = DATE.form_field(label=_("Kontrakt til"), required=False)
    tender_deadline = DATE.form_field(label=_("Tilbudsfrist"), required=False)
    deadline_time = forms.TimeField(
        label=_("Klokkeslett for tilbudsfristen"), required=False, initial="12:00",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Tomt: kl. 12.00."))
    submission_address = forms.CharField(
        label=_("Tilbud sendes til"), required=False, max_length=300,
        help_text=_("E-postadresse eller adresse der tilbudene skal leveres. Står i "
                    "konkurransegrunnlaget."))
    authority_name = forms.CharField(
        label=_("Oppdragsgiver"), required=False, max_length=200,
        help_text=_("Kommunen eller virksomheten som kjøper, slik leverandørene skal se "
                    "den. Tomt: programmets første kommune."))
    authority_org_number = forms.CharField(
        label=_("Oppdragsgivers organisasjonsnummer"), required=False, max_length=20,
        help_text=_("9 siffer. Står i konkurransegrunnlaget og tildelingsbrevene."))
    version = _version()

    def clean_authority_org_number(self):
        number = normalise_org_number(self.cleaned_data.get("authority_org_number") or "")
        if number:
            validate_org_number(number)
        return number

    def clean(self):
        # Also checked by the service; here too, so that it shows with the other errors.
        data = super().clean()
        start, end = data.get("contract_start"), data.get("contract_end")
        if start and end and end < start:
            self.add_error("contract_end", _("Kontraktens slutt kan ikke komme før starten."))
        return data


class RequirementForm(DesignsystemetMixin, forms.Form):
    text = forms.CharField(label=_("Krav"), max_length=300)
    documentation = forms.CharField(label=_("Dokumentasjon"), required=False, max_length=300)
    version = _version()


class CriterionForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=AwardCriterion.Kind.choices)
    weight = PERCENT.form_field(label=_("Vekt (%)"))
    price_model = forms.ChoiceField(
        label=_("Prismodell (bare for pris)"), required=False,
        choices=[("", "–")] + list(AwardCriterion.PriceModel.choices))
    scoring = forms.CharField(label=_("Slik gis poeng"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    climate_exception = ConditionalCharField(
        label=_("Begrunnelse for unntak fra klimakravet"),
        required_when=_("kreves når klima og miljø vektes under 30 %"),
        widget=forms.Textarea(attrs={"rows": 2}))
    version = _version()


class SupplierForm(DesignsystemetMixin, forms.Form):
    org_number = forms.CharField(label=_("Organisasjonsnummer"), max_length=20)
    name = forms.CharField(label=_("Navn"), max_length=200)
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(
        label=_("Telefon"), required=False, max_length=30, validators=[validate_phone],
        help_text=_("8 til 15 siffer, gjerne med landskode, for eksempel +47 22 33 44 55."))
    experience = forms.CharField(label=_("Erfaring fra liknende arbeid"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    version = _version()

    def clean_org_number(self):
        # The service checks it again (and uniqueness); here it shows with the others.
        number = normalise_org_number(self.cleaned_data["org_number"])
        validate_org_number(number)
        return number


class SuggestionForm(DesignsystemetMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Leverandør"), queryset=Supplier.objects.all(),
                                      empty_label=SUPPLIER_EMPTY_LABEL)
    note = forms.CharField(label=_("Begrunnelse"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BidForm(DesignsystemetMixin, forms.Form):
    """Register a bid, or (`BidEditForm`) correct it, with a score and a justification for
    every criterion that is not price. Scores may be left empty and given later."""

    supplier = forms.ModelChoiceField(label=_("Leverandør"), queryset=Supplier.objects.all(),
                                      empty_label=SUPPLIER_EMPTY_LABEL)
    price = BID_PRICE.form_field(label=_("Evaluert pris (NOK eks. mva.)"))
    received_on = DATE.form_field(label=_("Mottatt"), required=False,
                                  help_text=_("Tomt: i dag."))
    qualified = forms.BooleanField(label=_("Leverandøren er kvalifisert"), required=False,
                                   initial=True)
    rejected = forms.BooleanField(label=_("Tilbudet avvises"), required=False)
    rejection_reason = ConditionalCharField(
        label=_("Begrunnelse for avvisning"),
        required_when=_("kreves når tilbudet avvises eller leverandøren ikke er kvalifisert"),
        widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.CharField(label=_("Dokumenter i tilbudet"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    contact_name = forms.CharField(label=_("Tilbudt prosessleder"), required=False,
                                   max_length=200)
    contact_email = forms.EmailField(
        label=_("Prosessleders e-post"), required=False,
        help_text=_("Den tilbudte prosesslederen får tilgang til programmet og en e-post om "
                    "det hvis tilbudet vinner. Tomt: ingen får tilgang."))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scored = [c for c in criteria if c.kind != AwardCriterion.Kind.PRICE]
        for c in self.scored:
            self.fields[f"score_{c.pk}"] = SCORE.form_field(
                label=_("Poeng for %(name)s (0–10)") % {"name": c.name}, required=False)
            self.fields[f"justification_{c.pk}"] = ConditionalCharField(
                label=_("Begrunnelse for poengene (%(name)s)") % {"name": c.name},
                required_when=_("kreves når du gir poeng"),
                widget=forms.Textarea(attrs={"rows": 2}), validators=text_validators())
        for name in self.fields:
            if name.startswith(("score_", "justification_")):
                self.fields[name].widget.attrs.setdefault("class", "ds-input")

    def clean(self):
        data = super().clean()
        if (data.get("rejected") or not data.get("qualified")) and not (
                data.get("rejection_reason") or "").strip():
            self.add_error("rejection_reason", _("Skriv begrunnelsen når tilbudet avvises "
                                                 "eller leverandøren ikke er kvalifisert."))
        for c in self.scored:
            if data.get(f"score_{c.pk}") is not None and not (
                    data.get(f"justification_{c.pk}") or "").strip():
                self.add_error(f"justification_{c.pk}",
                               _("Skriv en begrunnelse for poengene."))
        return data

    def scores(self) -> dict:
        return {c.pk: (self.cleaned_data[f"score_{c.pk}"],
                       self.cleaned_data[f"justification_{c.pk}"])
                for c in self.scored if self.cleaned_data.get(f"score_{c.pk}") is not None}

    def bid_values(self) -> dict:
        """The bid's own fields, without scores, supplier and version."""
        return {k: v for k, v in self.cleaned_data.items()
                if k not in ("supplier", "version")
                and not k.startswith(("score_", "justification_"))}


class BidEditForm(BidForm):
    version = _version()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["supplier"]

    def all_scores(self) -> dict:
        """Every scored criterion: (score, justification), score None to clear it."""
        return {c.pk: (self.cleaned_data.get(f"score_{c.pk}"),
                       self.cleaned_data.get(f"justification_{c.pk}") or "")
                for c in self.scored}


class AwardForm(DesignsystemetMixin, forms.Form):
    bid = forms.ChoiceField(label=_("Vinner"))
    reason = ConditionalCharField(
        label=_("Begrunnelse"),
        required_when=_("kreves hvis et annet tilbud enn nr. 1 velges"),
        widget=forms.Textarea(attrs={"rows": 2}))
    # Shown on the confirmation page only: an award decided earlier (issue 9, point 5).
    decided_on = DATE.form_field(label=_("Tildelingen ble besluttet"), required=False,
                                 help_text=_("Tomt: i dag."))

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [
            (str(r.bid.pk), f"{r.rank}. {r.bid.supplier.name}") for r in rows]


class ReasonForm(DesignsystemetMixin, forms.Form):
    """A written reason for reopening an award or withdrawing a bid."""

    reason = forms.CharField(label=_("Begrunnelse"), widget=forms.Textarea(attrs={"rows": 3}))
    version = _version()

    def __init__(self, *args, required=True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = required
        if label:
            self.fields["reason"].label = label


# ---------------------------------------------------------------- tender states


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes whose field id is the first box's, so that the error summary's link
    leads to the group (Django gives none). Same class name: _field.html renders it as
    a fieldset with a legend."""

    def id_for_label(self, id_, index=None):
        if index is None and id_:
            return f"{id_}_0"
        return super().id_for_label(id_, index)


class AnnounceForm(DesignsystemetMixin, forms.Form):
    """Register the announcement: when, where, and its reference (issue 9, point 5)."""

    announced_on = DATE.form_field(
        label=_("Kunngjort"),
        error_messages={"required": _("Oppgi datoen for kunngjøringen.")})
    channels = forms.MultipleChoiceField(
        label=_("Kunngjort i"), required=False, choices=Tender.Channel.choices,
        widget=CheckboxSelectMultiple)
    reference = forms.CharField(
        label=_("Kunngjøringsnummer eller inviterte leverandører"), required=False,
        max_length=300,
        help_text=_("For eksempel Doffin-referansen, eller hvem som ble invitert."))
    version = _version()


class NoticeForm(DesignsystemetMixin, forms.Form):
    """The notice of the award to every bidder (meddelelse, P-NOTICE)."""

    sent_on = DATE.form_field(
        label=_("Meddelelsen sendes"),
        error_messages={"required": _("Oppgi datoen for meddelelsen.")})
    advantages = forms.CharField(
        label=_("Det valgte tilbudets relative fordeler"), required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hva som gjorde det valgte tilbudet best, sett mot de andre. Står i "
                    "meddelelsen til alle leverandørene."))
    version = _version()

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Parts II and III: the reasons are part of the notice (the service says so too).
        self.fields["advantages"].required = required
        self.fields["advantages"].error_messages["required"] = _(
            "Beskriv det valgte tilbudets relative fordeler. Det er en del av begrunnelsen "
            "til leverandørene.")


class ContractForm(DesignsystemetMixin, forms.Form):
    """The signed contract with the winner; its contact person becomes the process
    leader (R-CONSULTANT)."""

    signed_on = DATE.form_field(
        label=_("Signert"),
        error_messages={"required": _("Oppgi datoen for signeringen.")})
    value = AMOUNT.form_field(label=_("Kontraktsverdi (NOK eks. mva.)"))
    period_start = DATE.form_field(label=_("Kontraktsperiode fra"), required=False)
    period_end = DATE.form_field(label=_("Kontraktsperiode til"), required=False)
    contact_name = forms.CharField(label=_("Kontaktperson (prosessleder)"), required=False,
                                   max_length=200)
    contact_email = forms.EmailField(
        label=_("Kontaktpersonens e-post"), required=False,
        help_text=_("Kontaktpersonen blir prosessleder i programmet og får tilgang."))
    file = forms.FileField(label=_("Signert kontrakt"), required=False)
    version = _version()

    def __init__(self, *args, email_required=False, **kwargs):
        from videreforing.attachments import filetypes
        from videreforing.attachments.forms import upload_help

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Lagres som dokument på konkurransen. %(types)s") % {
            "types": upload_help()}
        self.fields["file"].widget.attrs.update(accept=filetypes.ACCEPT,
                                                **{"aria-describedby": "file-help"})
        if email_required:
            self.fields["contact_email"].required = True
            self.fields["contact_email"].error_messages["required"] = _(
                "Tilbudet har ingen kontaktperson. Oppgi hvem som skal være prosessleder.")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end",
                           _("Kontraktsperioden kan ikke slutte før den starter."))
        return data

    def contract_values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("file", "version")}


class ContractCopyForm(DesignsystemetMixin, forms.Form):
    """The signed copy of a contract recorded without one."""

    file = forms.FileField(label=_("Signert kontrakt"), error_messages={
        "required": _("Velg filen med den signerte kontrakten.")})

    def __init__(self, *args, **kwargs):
        from videreforing.attachments import filetypes
        from videreforing.attachments.forms import upload_help

        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Lagres som dokument på konkurransen. %(types)s") % {
            "types": upload_help()}
        self.fields["file"].widget.attrs.update(accept=filetypes.ACCEPT,
                                                **{"aria-describedby": "file-help"})
