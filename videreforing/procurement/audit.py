"""How the procurement entries read in the history (registered from
ProcurementConfig.ready(); see videreforing/audit/registry.py)."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from videreforing.audit.describe import stored_value
from videreforing.audit.registry import register

MESSAGES = {
    "procurement.tender.created": _("opprettet konkurransen «{title}»"),
    "procurement.tender.updated": _("endret konkurransen «{title}»: {fields}"),
    "procurement.requirement.added": _("la til kvalifikasjonskravet «{text}»"),
    "procurement.requirement.removed": _("fjernet kvalifikasjonskravet «{text}»"),
    "procurement.criterion.added": _("la til tildelingskriteriet «{name}» ({weight} %)"),
    "procurement.criterion.removed": _("fjernet tildelingskriteriet «{name}»"),
    "procurement.supplier.created": _("la til leverandøren «{name}»"),
    "procurement.supplier.suggested": _("foreslo konsulentmiljøet «{name}»"),
    "procurement.bid.registered": _("registrerte tilbud fra «{supplier}»"),
    "procurement.bid.scored": _("ga «{supplier}» {score} poeng på «{criterion}»"),
    "procurement.bid.excluded": _("avviste tilbudet fra «{supplier}»: {reason}"),
    "procurement.tender.awarded": _("tildelte «{title}» til «{winner}»"),
    "procurement.tender.announced": _("registrerte at konkurransen «{title}» ble "
                                      "kunngjort {announced_on}"),
    "procurement.tender.notice_sent": _("sendte meddelelse om tildelingen av «{title}» "
                                        "{sent_on}"),
    # {value}: the contract's amount (an amount key below), in kroner.
    "procurement.contract.signed": _("registrerte signert kontrakt om «{title}» "
                                     "({signed_on}, {value} kr)"),
    "procurement.contract.copy_uploaded": _("lastet opp den signerte kontrakten om "
                                            "«{title}» («{name}»)"),
    "procurement.tender.reopened": _(
        "gjenåpnet tildelingen av «{title}» (vinner var «{winner}»). Begrunnelse: {reason}"
    ),
    "procurement.requirement.updated": _("endret kvalifikasjonskravet «{text}»: {fields}"),
    "procurement.criterion.updated": _("endret tildelingskriteriet «{name}»: {fields}"),
    "procurement.supplier.updated": _("endret leverandøren «{name}»: {fields}"),
    "procurement.supplier.removed": _("fjernet leverandøren «{name}» fra registeret"),
    "procurement.bid.updated": _("rettet tilbudet fra «{supplier}»: {fields}"),
    "procurement.bid.removed": _("fjernet tilbudet fra «{supplier}»"),
    "procurement.value.corrected": _(
        "satte en lagret verdi utenfor gyldig område ({field}) til {after}"
    ),
}

# The model whose fields an action's before/after keys name, by the action's prefix.
MODELS = {
    "procurement.tender": "procurement.Tender",
    "procurement.contract": "procurement.Contract",
    "procurement.requirement": "procurement.QualificationRequirement",
    "procurement.criterion": "procurement.AwardCriterion",
    "procurement.supplier": "procurement.Supplier",
    "procurement.bid": "procurement.Bid",
}

# Keys in the data that are not model fields (or whose field has no Norwegian name).
LABELS = {
    "scores": _("poeng"),
    "justifications": _("begrunnelser"),
    "winner": _("vinner"),
    # P-CLIMATE: kept on the tender, corrected together with a criterion.
    "climate_exception": _("begrunnelse for unntak fra klimakravet"),
}


def register_texts() -> None:
    register(
        "procurement", messages=MESSAGES, models=MODELS, labels=LABELS,
        number_keys={"score", "weight", "price", "estimated_value", "value"},
        amount_keys={"price", "estimated_value", "value"},
        # Its "reason" is a code ("outside_bounds"), not a reason to show.
        no_reason={"procurement.value.corrected"},
        # One stored value brought into bounds: its field (by its label) and the value.
        formatters={"procurement.value.corrected": partial(stored_value, name_field=True)},
    )
