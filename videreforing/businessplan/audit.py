"""How the business plan's entries read in the history (registered from
BusinessPlanConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.registry import register

MESSAGES = {
    "businessplan.plan.created": _("startet forretningsplanen"),
    "businessplan.activity.added": _("la til aktiviteten «{name}» i forretningsplanen"),
    "businessplan.activity.updated": _("endret aktiviteten «{name}»: {fields}"),
    "businessplan.activity.removed": _("fjernet aktiviteten «{name}» fra forretningsplanen"),
    "businessplan.activities.imported": _(
        "importerte {count} aktiviteter til forretningsplanen fra «{file}»"),
}

# The model whose fields an action's before/after keys name, by the action's prefix.
MODELS = {
    "businessplan.plan": "businessplan.BusinessPlan",
    "businessplan.activity": "businessplan.Activity",
    "businessplan.activities": "businessplan.Activity",
}


def register_texts() -> None:
    register(
        "businessplan", messages=MESSAGES, models=MODELS,
        number_keys={"count"},
    )
