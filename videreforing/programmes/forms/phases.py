"""Forms to start a phase, correct or undo its start, and plan it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import REASON_MAX
from ._base import BoundedForm, _date, _days


class StartPhaseForm(BoundedForm):
    override_reason = forms.CharField(
        label=_("Begrunnelse for å starte før forrige beslutningspunkt er godkjent"),
        required=False, max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kreves bare når forrige fase ikke har et godkjent vedtak. Begrunnelsen "
                    "lagres i historikken."),
    )


class PhaseStartCorrectionForm(BoundedForm):
    started_on = _date(_("Startdato"), required=True)
    reason = forms.CharField(
        label=_("Begrunnelse for endringen"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken sammen med datoen før og etter."),
    )


class UndoStartForm(BoundedForm):
    reason = forms.CharField(
        label=_("Begrunnelse for å angre oppstarten"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken."),
    )


class PhasePlanForm(BoundedForm):
    planned_start = _date(_("Planlagt start"))
    planned_end = _date(_("Planlagt slutt"))
    optimistic_days = _days(
        _("Optimistisk varighet (dager)"),
        help_text=_("Estimatet for fasen som helhet brukes så lenge fasen ikke har oppgaver."),
    )
    likely_days = _days(_("Mest sannsynlig varighet (dager)"))
    pessimistic_days = _days(_("Pessimistisk varighet (dager)"))

    def clean(self):
        data = super().clean()
        errors: dict[str, list] = {}
        services.clean_phase_plan(dict(data), errors)
        self.add_rule_errors(errors)
        return data
