"""The programme's own form (name, municipalities, restructuring period)."""

from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.municipalities.models import Municipality

from ._base import BoundedForm, _date


def municipality_choices():
    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for m in Municipality.objects.select_related("county").order_by("county_id", "name"):
        groups[str(m.county)].append((m.number, f"{m.name} ({m.number})"))
    return list(groups.items())


class ProgrammeForm(BoundedForm):
    name = forms.CharField(label=_("Navn på programmet"), max_length=200)
    municipalities = forms.MultipleChoiceField(
        label=_("Kommuner"),
        help_text=_("Et regionalt program har flere kommuner. Hold Ctrl (Cmd på Mac) nede for å "
                    "velge flere."),
    )
    period_start = _date(_("Omstillingsperiodens start"), required=True)
    period_end = _date(
        _("Omstillingsperiodens slutt"), required=True,
        help_text=_("Seneste oppstart for videreføringen regnes ut som to år før slutten "
                    "(R-START)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].choices = municipality_choices()
        self.fields["municipalities"].widget.attrs["size"] = 10

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_rule_errors({"period_end": [
                _("Slutten av omstillingsperioden må komme etter starten.")]})
        return data
