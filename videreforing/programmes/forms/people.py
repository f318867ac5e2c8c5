"""Forms to add a member to a programme and to change a member's role."""

from django import forms
from django.utils.translation import gettext_lazy as _

from videreforing.accounts.roles import Role

from ._base import BoundedForm


class MemberForm(BoundedForm):
    email = forms.EmailField(
        label=_("E-postadresse"), max_length=254,
        help_text=_("Har personen ingen konto, får de en e-post med lenke for å velge passord."),
    )
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)


class MemberRoleForm(BoundedForm):
    role = forms.ChoiceField(label=_("Rolle"), choices=Role.choices)
