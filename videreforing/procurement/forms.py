from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.forms import DateInput, DesignsystemetMixin

from .models import AwardCriterion, Supplier, Tender


class TenderForm(DesignsystemetMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200,
                            initial=_("Ekstern prosessleder for forstudium og forprosjekt"))
    description = forms.CharField(label=_("Beskrivelse av oppdraget"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    estimated_value = forms.DecimalField(
        label=_("Anslått verdi (NOK eks. mva.)"), min_value=0, decimal_places=0,
        help_text=_("Hele oppdragets verdi, med opsjoner og forlengelser."))
    procedure = forms.ChoiceField(label=_("Prosedyre"), choices=Tender.Procedure.choices,
                                  initial="open")
    contract_start = forms.DateField(label=_("Kontrakt fra"), required=False,
                                     widget=DateInput())
    contract_end = forms.DateField(label=_("Kontrakt til"), required=False, widget=DateInput())
    tender_deadline = forms.DateField(label=_("Tilbudsfrist"), required=False,
                                      widget=DateInput())


class RequirementForm(DesignsystemetMixin, forms.Form):
    text = forms.CharField(label=_("Krav"), max_length=300)
    documentation = forms.CharField(label=_("Dokumentasjon"), required=False, max_length=300)


class CriterionForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=AwardCriterion.Kind.choices)
    weight = forms.DecimalField(label=_("Vekt (%)"), min_value=0, max_value=100,
                                decimal_places=2)
    price_model = forms.ChoiceField(
        label=_("Prismodell (bare for pris)"), required=False,
        choices=[("", "–")] + list(AwardCriterion.PriceModel.choices))
    scoring = forms.CharField(label=_("Slik gis poeng"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    climate_exception = forms.CharField(
        label=_("Begrunnelse for unntak (klima under 30 %)"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))


class SupplierForm(DesignsystemetMixin, forms.Form):
    org_number = forms.CharField(label=_("Organisasjonsnummer"), max_length=20)
    name = forms.CharField(label=_("Navn"), max_length=200)
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False)
    contact_phone = forms.CharField(label=_("Telefon"), required=False, max_length=30)
    experience = forms.CharField(label=_("Erfaring fra liknende arbeid"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class SuggestionForm(DesignsystemetMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Leverandør"), queryset=Supplier.objects.all())
    note = forms.CharField(label=_("Begrunnelse"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class BidForm(DesignsystemetMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("Leverandør"), queryset=Supplier.objects.all())
    price = forms.DecimalField(label=_("Evaluert pris (NOK eks. mva.)"), min_value=1,
                               decimal_places=0)
    qualified = forms.BooleanField(label=_("Leverandøren er kvalifisert"), required=False,
                                   initial=True)
    rejected = forms.BooleanField(label=_("Tilbudet avvises"), required=False)
    rejection_reason = forms.CharField(label=_("Begrunnelse for avvisning"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    documents = forms.CharField(label=_("Dokumenter i tilbudet"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    contact_name = forms.CharField(label=_("Tilbudt prosessleder"), required=False,
                                   max_length=200)
    contact_email = forms.EmailField(
        label=_("Prosessleders e-post"), required=False,
        help_text=_("Får tilgang som prosessleder hvis tilbudet vinner."))

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scored = [c for c in criteria if c.kind != AwardCriterion.Kind.PRICE]
        for c in self.scored:
            self.fields[f"score_{c.pk}"] = forms.DecimalField(
                label=_("Poeng for %(name)s (0–10)") % {"name": c.name}, required=False,
                min_value=0, max_value=10, decimal_places=2)
            self.fields[f"justification_{c.pk}"] = forms.CharField(
                label=_("Begrunnelse for poengene (%(name)s)") % {"name": c.name},
                required=False, widget=forms.Textarea(attrs={"rows": 2}))
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


class AwardForm(DesignsystemetMixin, forms.Form):
    bid = forms.ChoiceField(label=_("Vinner"))
    reason = forms.CharField(label=_("Begrunnelse (kreves hvis et annet tilbud enn nr. 1 "
                                     "velges)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bid"].choices = [
            (str(r.bid.pk), f"{r.rank}. {r.bid.supplier.name}") for r in rows]
