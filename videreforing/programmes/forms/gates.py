"""Forms to record, correct and withdraw a gate decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from videreforing.lib.bounds import DATE_MAX, DATE_MIN

from .. import services
from ..models import REASON_MAX, TEXT_MAX, DecidingBody, GateDecision
from ._base import BoundedForm, _date


def _not_in_future(day):
    # A date outside the bounds gets only the bound's message (DATE), not this one too.
    if day and DATE_MIN <= day <= DATE_MAX and day > timezone.localdate():
        raise forms.ValidationError(_("Vedtaksdatoen kan ikke være i framtiden."))


class GateForm(BoundedForm):
    deciding_body = forms.ChoiceField(label=_("Vedtaksorgan"), choices=DecidingBody.choices)
    decided_on = _date(_("Vedtaksdato"), required=True, validators=[_not_in_future])
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=GateDecision.Outcome.choices, widget=forms.RadioSelect
    )
    case_number = forms.CharField(
        label=_("Saksnummer"), required=False, max_length=50,
        help_text=_("Kommunens arkivreferanse, for eksempel 2026/1234."),
    )
    note = forms.CharField(label=_("Merknad"), required=False, max_length=TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.ChoiceField(
        label=_("Dokumentet vedtaket gjelder"), required=False,
        help_text=_("For forstudiet: versjonen av forstudierapporten som ble lagt fram."))

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(d.pk): d for d in documents}
        if documents:
            self.fields["document"].choices = [("", _("Ingen dokument"))] + [
                (str(d.pk), f"{d.title} – v{d.version} ({d.created_at:%d.%m.%Y})")
                for d in documents]
            self.fields["document"].initial = str(documents[0].pk)
        else:
            del self.fields["document"]

    def cleaned_document(self):
        return self.documents.get(self.cleaned_data.get("document") or "")


class GateCorrectionForm(GateForm):
    """Correct a recorded decision: the same fields, a required reason, the version."""

    reason = forms.CharField(
        label=_("Begrunnelse for endringen"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva var feil? Begrunnelsen lagres i historikken sammen med verdiene "
                    "før og etter."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def changes(self) -> dict:
        return {k: self.cleaned_data[k] for k in services.GATE_FIELDS}


class GateWithdrawForm(BoundedForm):
    reason = forms.CharField(
        label=_("Begrunnelse for å trekke vedtaket tilbake"), max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Begrunnelsen lagres i historikken."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
