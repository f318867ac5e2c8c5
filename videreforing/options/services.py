"""Every write in the options analysis of the pre-study (R-PRESTUDY)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.errors import StaleVersion
from videreforing.lib.numbers import parse_decimal, plain
from videreforing.municipalities.models import Municipality
from videreforing.rules import mcda

from .models import (
    Alternative,
    Criterion,
    Financing,
    FormKey,
    OptionsAnalysis,
    Scope,
    Score,
    StakeholderInput,
)

# Suggested criteria of the pre-study; the project group can change or replace them.
SUGGESTED_CRITERIA = [
    ("Kommunens styring og kontroll", "Hvor godt kommunen kan styre enheten og arbeidet."),
    ("Involvering av lokalt næringsliv", "Hvor godt næringslivet blir med (R-COOPERATE)."),
    ("Tilgang til finansiering", "Muligheter for grunnfinansiering og prosjektmidler."),
    ("Videreføring av kompetanse og ansatte",
     "Om kompetansen fra omstillingsperioden beholdes (R-PRESTUDY)."),
    ("Kostnad", "Kostnader til etablering og drift."),
    ("Operativ før fristen", "Om enheten kan være operativ før programmet avvikles "
                             "(R-OPERATIVE)."),
    ("Juridisk risiko", "Risiko knyttet til offentlig støtte, anskaffelser og eierstyring "
                        "(E-AID, E-INHOUSE)."),
]




def _log(action: str, user, analysis: OptionsAnalysis, obj, **data) -> None:
    log_action(action=f"options.{action}", actor=user, programme=analysis.programme, obj=obj,
               data={"analysis": analysis.title, **data})


@transaction.atomic
def create_analysis(*, user, programme, title: str = "", weight_method: str = "percent"
                    ) -> OptionsAnalysis:
    if weight_method not in OptionsAnalysis.WeightMethod.values:
        raise ValidationError({"weight_method": [_("Velg prosent eller rangering.")]})
    analysis = OptionsAnalysis.objects.create(
        programme=programme, created_by=user, weight_method=weight_method,
        title=(title or "").strip() or _("Alternativvurdering i forstudiet"))
    _log("analysis.created", user, analysis, analysis, title=analysis.title)
    return analysis


# ---------------------------------------------------------------- alternatives


def _clean_financing(value) -> tuple[list[str], str]:
    """A list of financing keys, or free text (kept as a note; known keys found in it)."""
    if value is None or value == "":
        return [], ""
    if isinstance(value, str):
        keys = [k for k in Financing.values if k in value]
        return keys, value.strip()
    if isinstance(value, (list, tuple)):
        unknown = [v for v in value if v not in Financing.values]
        if unknown:
            raise ValidationError({"financing": [
                _("Ukjent finansieringskilde: %(keys)s. Bruk %(allowed)s.") % {
                    "keys": ", ".join(map(str, unknown)),
                    "allowed": ", ".join(Financing.values)}]})
        return list(dict.fromkeys(value)), ""
    raise ValidationError({"financing": [_("Oppgi finansieringen som liste eller tekst.")]})


def _clean_scope(value) -> tuple[str, str]:
    if value in (None, ""):
        return Scope.MUNICIPALITY, ""
    if not isinstance(value, str):
        raise ValidationError({"scope": [_("Oppgi nedslagsfeltet som tekst.")]})
    if value in Scope.values:
        return value, ""
    return Scope.MUNICIPALITIES, value.strip()[:300]


@transaction.atomic
def add_alternative(*, user, analysis: OptionsAnalysis, name: str, organisational_form: str,
                    financing=None, scope=None, description: str = "",
                    scope_municipalities: list[str] | None = None,
                    financing_note: str = "", scope_note: str = "") -> Alternative:
    """`financing` is a list of keys or free text; `scope` a key or free text. The page
    gives keys and the notes separately."""
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Skriv inn navnet på alternativet.")]
    if organisational_form not in FormKey.values:
        errors["organisational_form"] = [
            _("Ukjent organisasjonsform. Bruk en av: %(keys)s.") % {
                "keys": ", ".join(FormKey.values)}]
    financing_keys: list[str] = []
    financing_note_from_text = ""
    scope_key, scope_note_from_text = Scope.MUNICIPALITY.value, ""
    try:
        financing_keys, financing_note_from_text = _clean_financing(financing)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        scope_key, scope_note_from_text = _clean_scope(scope)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    municipalities = []
    if scope_municipalities:
        found = {m.number: m for m in Municipality.objects.filter(number__in=scope_municipalities)}
        unknown = [n for n in scope_municipalities if n not in found]
        if unknown:
            errors["scope_municipalities"] = [_("Ukjent kommunenummer: %(numbers)s.") % {
                "numbers": ", ".join(unknown)}]
        municipalities = list(found.values())
    if errors:
        raise ValidationError(errors)
    financing_note = (financing_note or "").strip() or financing_note_from_text
    scope_note = (scope_note or "").strip()[:300] or scope_note_from_text
    order = (analysis.alternatives.aggregate(m=Max("order"))["m"] or 0) + 1
    alternative = Alternative.objects.create(
        analysis=analysis, name=name.strip(), organisational_form=organisational_form,
        financing=financing_keys, financing_note=financing_note, scope=scope_key,
        scope_note=scope_note, description=(description or "").strip(), order=order)
    alternative.scope_municipalities.set(municipalities)
    _log("alternative.added", user, analysis, alternative, name=alternative.name,
         organisational_form=organisational_form, financing=financing_keys,
         financing_note=financing_note, scope=scope_key, scope_note=scope_note)
    return alternative


@transaction.atomic
def remove_alternative(*, user, alternative: Alternative) -> None:
    analysis = alternative.analysis
    _log("alternative.removed", user, analysis, alternative, name=alternative.name,
         scores={s.criterion.name: str(s.score) for s in alternative.scores.all()})
    alternative.delete()


# ---------------------------------------------------------------- criteria and weights


def _recompute_rank_weights(analysis: OptionsAnalysis) -> None:
    """Ranking method: weights from ranks by the rank-sum method (shown to users)."""
    criteria = list(analysis.criteria.all())
    ranks = [c.rank or len(criteria) for c in criteria]
    weights = mcda.rank_sum_weights(ranks)
    rounded = [Decimal(str(round(w, 2))) for w in weights]
    if rounded:
        # keep the sum exactly 100 by giving the rounding rest to the most important
        rest = Decimal(100) - sum(rounded)
        top = min(range(len(rounded)), key=lambda i: ranks[i])
        rounded[top] += rest
    for criterion, weight in zip(criteria, rounded, strict=True):
        if criterion.weight != weight:
            criterion.weight = weight
            criterion.save(update_fields=["weight"])


@transaction.atomic
def add_criterion(*, user, analysis: OptionsAnalysis, name: str, weight=None,
                  rank: int | None = None, description: str = "") -> Criterion:
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("Skriv inn navnet på kriteriet.")]
    value = Decimal(0)
    if analysis.weight_method == OptionsAnalysis.WeightMethod.PERCENT and weight is not None:
        try:
            value = parse_decimal(weight, "weight")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            if not Decimal(0) <= value <= Decimal(100):
                errors["weight"] = [_("Vekten må være mellom 0 og 100 %.")]
            else:
                total = sum((c.weight for c in analysis.criteria.all()), Decimal(0)) + value
                if total > Decimal(100):
                    errors["weight"] = [_("Summen av vektene blir %(sum)s %%. Den kan ikke "
                                          "være over 100 %%.") % {"sum": plain(total)}]
    if rank is not None and (not isinstance(rank, int) or rank < 1):
        errors["rank"] = [_("Rangeringen er et helt tall fra 1 (viktigst).")]
    if errors:
        raise ValidationError(errors)
    order = (analysis.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = Criterion.objects.create(
        analysis=analysis, name=name.strip(), description=(description or "").strip(),
        weight=value, rank=rank or order, order=order)
    if analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING:
        _recompute_rank_weights(analysis)
        criterion.refresh_from_db()
    _log("criterion.added", user, analysis, criterion, name=criterion.name,
         weight=str(criterion.weight), rank=criterion.rank)
    return criterion


@transaction.atomic
def add_suggested_criteria(*, user, analysis: OptionsAnalysis) -> list[Criterion]:
    existing = set(analysis.criteria.values_list("name", flat=True))
    created = []
    for name, description in SUGGESTED_CRITERIA:
        if name not in existing:
            created.append(add_criterion(user=user, analysis=analysis, name=name,
                                         description=description))
    return created


@transaction.atomic
def set_weights(*, user, analysis: OptionsAnalysis, method: str,
                values: dict[int, Any]) -> OptionsAnalysis:
    """Set every criterion's weight (percent) or rank (ranking) at once."""
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if method not in OptionsAnalysis.WeightMethod.values:
        raise ValidationError({"weight_method": [_("Velg prosent eller rangering.")]})
    criteria = {c.pk: c for c in analysis.criteria.all()}
    errors = []
    if method == OptionsAnalysis.WeightMethod.PERCENT:
        weights = {}
        for pk, criterion in criteria.items():
            try:
                weights[pk] = parse_decimal(values.get(pk, criterion.weight), "weight")
            except ValidationError:
                errors.append(_("Vekten for «%(name)s» må være et tall.") % {
                    "name": criterion.name})
                continue
            if not Decimal(0) <= weights[pk] <= Decimal(100):
                errors.append(_("Vekten for «%(name)s» må være mellom 0 og 100.") % {
                    "name": criterion.name})
        if not errors and abs(sum(weights.values()) - Decimal(100)) > Decimal("0.01"):
            errors.append(_("Vektene summerer seg til %(sum)s %%. De må summere seg til "
                            "100 %%.") % {"sum": plain(sum(weights.values()))})
        if errors:
            raise ValidationError({"weight": errors})
        for pk, criterion in criteria.items():
            criterion.weight = weights[pk]
            criterion.save(update_fields=["weight"])
    else:
        for pk, criterion in criteria.items():
            try:
                rank = int(values.get(pk, criterion.rank) or 0)
            except (TypeError, ValueError):
                rank = 0
            if rank < 1:
                errors.append(_("Rangeringen for «%(name)s» må være 1 eller mer.") % {
                    "name": criterion.name})
            criterion.rank = rank
        if errors:
            raise ValidationError({"rank": errors})
        for criterion in criteria.values():
            criterion.save(update_fields=["rank"])
        analysis.weight_method = method
        analysis.save(update_fields=["weight_method"])
        _recompute_rank_weights(analysis)
    analysis.weight_method = method
    analysis.version += 1
    analysis.save(update_fields=["weight_method", "version"])
    _log("weights.set", user, analysis, analysis, method=method, weights={
        c.name: str(c.weight) for c in analysis.criteria.all()})
    return analysis


@transaction.atomic
def remove_criterion(*, user, criterion: Criterion) -> None:
    analysis = criterion.analysis
    _log("criterion.removed", user, analysis, criterion, name=criterion.name,
         weight=str(criterion.weight))
    criterion.delete()
    if analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING:
        _recompute_rank_weights(analysis)


# ---------------------------------------------------------------- scores and input


@transaction.atomic
def set_score(*, user, analysis: OptionsAnalysis, alternative: Alternative,
              criterion: Criterion, score, reason: str) -> Score:
    errors: dict[str, list[str]] = {}
    if alternative.analysis_id != analysis.pk:
        errors["alternative"] = [_("Alternativet hører ikke til denne vurderingen.")]
    if criterion.analysis_id != analysis.pk:
        errors["criterion"] = [_("Kriteriet hører ikke til denne vurderingen.")]
    try:
        value = parse_decimal(score, "score")
        if not Decimal(0) <= value <= Decimal(10):
            errors["score"] = [_("Poeng må være fra 0 til 10.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not (reason or "").strip():
        errors["reason"] = [_("Skriv en begrunnelse for poengene.")]
    if errors:
        raise ValidationError(errors)
    result, created = Score.objects.update_or_create(
        alternative=alternative, criterion=criterion,
        defaults={"score": value, "reason": reason.strip()})
    _log("score.set", user, analysis, result, alternative=alternative.name,
         criterion=criterion.name, score=str(value), reason=result.reason)
    return result


@transaction.atomic
def add_input(*, user, analysis: OptionsAnalysis, stakeholder, held_on: date, summary: str,
              kind: str = "meeting", alternatives=()) -> StakeholderInput:
    errors: dict[str, list[str]] = {}
    if stakeholder.programme_id != analysis.programme_id or stakeholder.removed_at:
        errors["stakeholder"] = [_("Velg en interessent i programmet.")]
    if not (summary or "").strip():
        errors["summary"] = [_("Skriv hva som kom fram.")]
    if kind not in StakeholderInput.Kind.values:
        errors["kind"] = [_("Velg møte eller innspill.")]
    if held_on is None:
        errors["held_on"] = [_("Oppgi datoen.")]
    alternatives = list(alternatives)
    if any(a.analysis_id != analysis.pk for a in alternatives):
        errors["alternatives"] = [_("Alternativet hører ikke til denne vurderingen.")]
    if errors:
        raise ValidationError(errors)
    item = StakeholderInput.objects.create(analysis=analysis, stakeholder=stakeholder,
                                           kind=kind, held_on=held_on, summary=summary.strip())
    item.alternatives.set(alternatives)
    _log("input.added", user, analysis, item, stakeholder=stakeholder.name,
         alternatives=[a.name for a in alternatives], summary=item.summary)
    return item


@transaction.atomic
def update_texts(*, user, analysis: OptionsAnalysis, expected_version: int | None,
                 recommendation: str, proposed_decision: str) -> OptionsAnalysis:
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if expected_version is not None and int(expected_version) != analysis.version:
        raise StaleVersion(_("Noen andre har endret vurderingen etter at du åpnet den. "
                             "Teksten deres er beholdt; se gjennom den og prøv igjen."),
                           current=analysis)
    analysis.recommendation = (recommendation or "").strip()
    analysis.proposed_decision = (proposed_decision or "").strip()
    analysis.version += 1
    analysis.save()
    _log("texts.updated", user, analysis, analysis, recommendation=analysis.recommendation,
         proposed_decision=analysis.proposed_decision)
    return analysis
