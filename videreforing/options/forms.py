from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.forms import DateInput, DesignsystemetMixin

from .models import Financing, FormKey, OptionsAnalysis, Scope, StakeholderInput


class AnalysisForm(DesignsystemetMixin, forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=200,
                            initial=_("Alternativvurdering i forstudiet"))
    weight_method = forms.ChoiceField(label=_("Vektmetode"),
                                      choices=OptionsAnalysis.WeightMethod.choices)


class AlternativeForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn på alternativet"), max_length=200)
    organisational_form = forms.ChoiceField(label=_("Organisasjonsform"),
                                            choices=FormKey.choices)
    financing = forms.MultipleChoiceField(label=_("Finansiering"), required=False,
                                          choices=Financing.choices,
                                          widget=forms.CheckboxSelectMultiple)
    financing_note = forms.CharField(label=_("Om finansieringen"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    scope = forms.ChoiceField(label=_("Geografisk nedslagsfelt"), choices=Scope.choices)
    scope_note = forms.CharField(label=_("Hvilke kommuner eller hvilken region"),
                                 required=False, max_length=300)
    description = forms.CharField(label=_("Kort beskrivelse"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class CriterionForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn på kriteriet"), max_length=200)
    description = forms.CharField(label=_("Beskrivelse"), required=False)
    weight = forms.DecimalField(label=_("Vekt (%)"), required=False, min_value=0,
                                max_value=100, decimal_places=2)


class InputForm(DesignsystemetMixin, forms.Form):
    stakeholder = forms.ChoiceField(label=_("Interessent"))
    kind = forms.ChoiceField(label=_("Type"), choices=StakeholderInput.Kind.choices)
    held_on = forms.DateField(label=_("Dato"), widget=DateInput())
    summary = forms.CharField(label=_("Hva kom fram"), widget=forms.Textarea(attrs={"rows": 3}))
    alternatives = forms.MultipleChoiceField(label=_("Gjelder alternativene"), required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, stakeholders=(), alternatives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stakeholders = {str(s.pk): s for s in stakeholders}
        self.alternative_objects = {str(a.pk): a for a in alternatives}
        self.fields["stakeholder"].choices = [(k, s.name) for k, s in self.stakeholders.items()]
        self.fields["alternatives"].choices = [(k, a.name) for k, a in
                                               self.alternative_objects.items()]


class TextsForm(DesignsystemetMixin, forms.Form):
    recommendation = forms.CharField(
        label=_("Anbefaling"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Tomt: rapporten anbefaler alternativet med høyest totalpoeng."))
    proposed_decision = forms.CharField(
        label=_("Forslag til vedtak"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vedtaket omstillingsstyret bes om å fatte."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
