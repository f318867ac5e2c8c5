"""Forms of the business plan's pages. The services check the values again (bounds,
choices, what each decision requires)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import AMOUNT, DATE
from videreforing.lib.forms import DesignsystemetMixin

from .models import TEXT_MAX, Activity


class ActivityForm(DesignsystemetMixin, forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=200)
    focus_area = forms.CharField(label=_("Innsatsområde"), max_length=200, required=False)
    owner = forms.CharField(label=_("Eier"), max_length=200, required=False,
                            help_text=_("Hvem har ansvaret for aktiviteten i dag."))
    status = forms.ChoiceField(label=_("Status"), choices=Activity.Status.choices,
                               initial=Activity.Status.PLANNED)
    yearly_cost = AMOUNT.form_field(label=_("Årlig kostnad (kr)"), required=False)
    results = forms.CharField(label=_("Resultater så langt"), max_length=TEXT_MAX,
                              required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision = forms.ChoiceField(label=_("Beslutning"), choices=Activity.Decision.choices,
                                 widget=forms.RadioSelect)
    handed_to = forms.CharField(label=_("Overlates til"), max_length=200, required=False,
                                help_text=_("Fylles ut når aktiviteten overlates til andre."))
    handed_from = DATE.form_field(label=_("Overlates fra"), required=False)
    reason = forms.CharField(label=_("Begrunnelse for å avslutte"), max_length=TEXT_MAX,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Fylles ut når aktiviteten avsluttes."))


class ActivityEditForm(ActivityForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 max_value=2_147_483_647)


class ImportForm(DesignsystemetMixin, forms.Form):
    file = forms.FileField(label=_("Fil (XLSX eller CSV)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
