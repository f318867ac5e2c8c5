"""The portfolio's filters (a GET form)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from videreforing.lib.forms import DesignsystemetMixin
from videreforing.municipalities.models import County
from videreforing.programmes.models import Phase
from videreforing.programmes.selectors import STATUS_LABELS

from .selectors import NO_PHASE, RAG_LABELS, SORT_KEYS


class PortfolioFilterForm(DesignsystemetMixin, forms.Form):
    county = forms.ChoiceField(label=gettext_lazy("Fylke"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    phase = forms.ChoiceField(label=gettext_lazy("Fase"), required=False)
    risk = forms.ChoiceField(label=gettext_lazy("Risiko"), required=False)
    sort = forms.ChoiceField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        counties = County.objects.order_by("number")
        if not getattr(user, "sees_every_programme", False):
            counties = counties.filter(advisers__user=user)
        everything = ("", _("Alle"))
        self.fields["county"].choices = [everything, *((c.number, c.name) for c in counties)]
        self.fields["status"].choices = [everything, *((code, _(label)) for code, label
                                                       in STATUS_LABELS.items())]
        self.fields["phase"].choices = [everything, *Phase.Kind.choices,
                                        (NO_PHASE, _("Ikke startet"))]
        self.fields["risk"].choices = [everything, *((code, _(label)) for code, label
                                                     in RAG_LABELS.items())]
        self.fields["sort"].choices = [("", ""), *((key, key) for key in SORT_KEYS),
                                       *((f"-{key}", key) for key in SORT_KEYS)]

    def filters(self) -> dict[str, str | None]:
        """The valid filter values (an invalid one is left out and shown at its field)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or None for name in ("county", "status", "phase",
                                                          "risk", "sort")}
