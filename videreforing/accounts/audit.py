"""How the membership entries read in the history (registered from
AccountsConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.registry import choice_label, register

from .roles import Role

MESSAGES = {
    "accounts.membership.created": _("ga {email} rollen {role}"),
    "accounts.membership.updated": _("endret rollen til {email} til {role}"),
    "accounts.membership.removed": _("fjernet {email} ({role}) fra programmet"),
}


def register_texts() -> None:
    # A role is named inside a sentence ("ga … rollen observatør").
    register("accounts", messages=MESSAGES, codes={"role": choice_label(Role.choices,
                                                                         lower=True)})
