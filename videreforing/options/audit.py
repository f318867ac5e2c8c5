"""How the options analysis entries read in the history (registered from
OptionsConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.registry import choice_list, register

from .models import Financing

MESSAGES = {
    "options.analysis.created": _("opprettet alternativvurderingen «{title}»"),
    "options.alternative.added": _("la til alternativet «{name}»"),
    "options.alternative.removed": _("fjernet alternativet «{name}»"),
    "options.criterion.added": _("la til kriteriet «{name}»"),
    "options.criterion.removed": _("fjernet kriteriet «{name}»"),
    "options.weights.set": _("endret vektene i «{analysis}»"),
    "options.score.set": _("ga «{alternative}» {score} poeng på «{criterion}»"),
    "options.input.added": _("registrerte innspill fra «{stakeholder}»"),
    "options.texts.updated": _("endret anbefalingen i «{analysis}»"),
    "options.report.generated": _("laget forstudierapporten, versjon {version}"),
    "options.alternative.updated": _("endret alternativet «{name}»: {fields}"),
    "options.criterion.updated": _("endret kriteriet «{name}»: {fields}"),
    "options.score.corrected": _(
        "endret poengene for «{alternative}» på «{criterion}» fra {old_score} til {score}"
    ),
    "options.score.removed": _(
        "fjernet poengene for «{alternative}» på «{criterion}» ({score})"
    ),
    "options.input.updated": _("endret innspillet fra «{stakeholder}»: {fields}"),
    "options.input.removed": _("fjernet innspillet fra «{stakeholder}»"),
}

# The model whose fields an action's before/after keys name, by the action's prefix.
MODELS = {
    "options.analysis": "options.OptionsAnalysis",
    "options.texts": "options.OptionsAnalysis",
    "options.weights": "options.OptionsAnalysis",
    "options.alternative": "options.Alternative",
    "options.criterion": "options.Criterion",
    "options.score": "options.Score",
    "options.input": "options.StakeholderInput",
}


def register_texts() -> None:
    register(
        "options", messages=MESSAGES, models=MODELS,
        # An alternative's financing: a list of codes, shown by their labels.
        values={"financing": choice_list(Financing.choices)},
        number_keys={"score", "old_score", "weight", "version", "rank"},
    )
