from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from videreforing.lib.forms import DesignsystemetMixin


class LoginForm(DesignsystemetMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-postadresse"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Feil e-postadresse eller passord. Prøv igjen."),
        "inactive": _("Kontoen er deaktivert."),
    }


class ChoosePasswordForm(DesignsystemetMixin, SetPasswordForm):
    pass
