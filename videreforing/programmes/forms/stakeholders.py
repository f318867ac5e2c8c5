"""The stakeholder form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.lib.phone import validate_phone

from .. import services
from ..models import TEXT_MAX, Stakeholder
from ._base import BoundedForm


class StakeholderForm(BoundedForm):
    name = forms.CharField(label=_("Navn"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Stakeholder.Kind.choices)
    org_number = forms.CharField(
        label=_("Organisasjonsnummer"), required=False, max_length=20,
        help_text=_("Ni siffer, valgfritt."),
    )
    contact_name = forms.CharField(label=_("Kontaktperson"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("E-post"), required=False, max_length=254)
    contact_phone = forms.CharField(
        label=_("Telefon"), required=False, max_length=30,
        help_text=_("For eksempel 22 33 44 55 eller +47 22 33 44 55."),
        widget=forms.TextInput(attrs={"type": "tel"}))
    notes = forms.CharField(label=_("Notater"), required=False, max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_contact_phone(self):
        # The model field's validator (lib/phone.py), here too so that it is reported
        # with the form's other errors; after the length and control-character checks,
        # so that one value gets one message.
        value = self.cleaned_data.get("contact_phone") or ""
        validate_phone(value.strip())
        return value

    def clean_org_number(self):
        # Checked here as well as in the service, so that a wrong number is reported
        # together with every other error of the form, not on the next attempt.
        value = self.cleaned_data.get("org_number") or ""
        if value:
            try:
                services.clean_stakeholder({"org_number": value})
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.message_dict["org_number"]) from exc
        return value
