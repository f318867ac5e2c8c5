"""Roles a member can have in a programme (GLOSSARY.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROJECT_OWNER = "project_owner", _("Prosjektansvarlig")
    PROCESS_LEADER = "process_leader", _("Prosessleder")
    PROJECT_GROUP = "project_group", _("Prosjektgruppe")
    BOARD_CHAIR = "board_chair", _("Styreleder (omstillingsstyret)")
    PROGRAMME_MANAGER = "programme_manager", _("Omstillingsleder")
    OBSERVER = "observer", _("Observatør")


READ_ONLY_ROLES = frozenset({Role.OBSERVER})
EDIT_ROLES = frozenset(set(Role) - READ_ONLY_ROLES)
ADVISER_LABEL = _("Oppdragsrådgiver (Innovasjon Norge)")
