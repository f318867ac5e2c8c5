"""Every write in the options analysis of the pre-study (R-PRESTUDY).

Each service is keyword-only and runs in one transaction. It checks every value it is
about to store against the model's declared bounds (`lib.bounds.check_values`) and
raises one ValidationError naming every wrong field (nothing is stored then), a
StaleVersion when the caller's copy is out of date, and writes one audit entry; a
correction's entry holds the values before and after (and the reason, when given).

A change after a report version was made leaves that stored version as it was and marks
the analysis' report as outdated (`OptionsAnalysis.report_outdated`)."""

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.documents.models import GeneratedDocument
from videreforing.lib.bounds import PERCENT, SCORE, NoControlCharacters, check_values
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

ALTERNATIVE_FIELDS = ("name", "organisational_form", "financing", "financing_note", "scope",
                      "scope_note", "description", "scope_municipalities")
CRITERION_FIELDS = ("name", "description", "weight", "rank")
SCORE_FIELDS = ("score", "reason")

REASON_MAX_LENGTH = 2000
_MUNICIPALITY_NUMBER = re.compile(r"\d{4}")
_TWO_PLACES = Decimal("0.01")


def _log(action: str, user, analysis: OptionsAnalysis, obj, **data) -> None:
    log_action(action=f"options.{action}", actor=user, programme=analysis.programme, obj=obj,
               data={"analysis": analysis.title, **data})


def _label(model, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _merge(errors: dict[str, list], exc: ValidationError) -> None:
    for field, messages in exc.message_dict.items():
        errors.setdefault(field, []).extend(m for m in messages
                                            if m not in errors.get(field, []))


def _check(model, values: dict[str, Any], errors: dict[str, list]) -> None:
    """The model's bounds, lengths and control characters, added to `errors`."""
    try:
        check_values(model, values)
    except ValidationError as exc:
        _merge(errors, exc)


def _change_reason(value, errors: dict[str, list]) -> str:
    """The optional reason for a correction or removal (kept in the history)."""
    reason = _text(value)
    if len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [_("Begrunnelsen kan ikke være lenger enn %(limit)s tegn.") % {
            "limit": REASON_MAX_LENGTH}]
    else:
        try:
            NoControlCharacters()(reason)
        except ValidationError as exc:
            errors["reason"] = exc.messages
    return reason


def _check_version(obj, expected_version, message: str) -> None:
    if expected_version is None:
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError, OverflowError):
        expected = -1
    if expected != obj.version:
        raise StaleVersion(message, current=obj)


def _mark_changed(analysis: OptionsAnalysis) -> None:
    """The stored report versions stay as they were; the report is now outdated."""
    if analysis.report_outdated:
        return
    if GeneratedDocument.objects.filter(kind=GeneratedDocument.Kind.PRE_STUDY_REPORT,
                                        source_id=analysis.pk).exists():
        OptionsAnalysis.objects.filter(pk=analysis.pk).update(report_outdated=True)
        analysis.report_outdated = True


def _number(value, field: str, bound) -> Decimal:
    """A decimal within `bound`, rounded to two places, or a ValidationError at `field`."""
    if isinstance(value, bool):
        raise ValidationError({field: [_("Oppgi et tall.")]})
    if isinstance(value, str):
        value = value.replace(",", ".").replace("\u00a0", "").replace(" ", "")
    number = parse_decimal(value, field)
    bound.check(number, field)
    return number.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


@transaction.atomic
def create_analysis(*, user, programme, title: str = "", weight_method: str = "percent"
                    ) -> OptionsAnalysis:
    errors: dict[str, list] = {}
    if weight_method not in OptionsAnalysis.WeightMethod.values:
        errors["weight_method"] = [_("Velg prosent eller rangering.")]
    title = _text(title) or _("Alternativvurdering i forstudiet")
    _check(OptionsAnalysis, {"title": title}, errors)
    if errors:
        raise ValidationError(errors)
    analysis = OptionsAnalysis.objects.create(
        programme=programme, created_by=user, weight_method=weight_method, title=title)
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
                    "keys": ", ".join(str(v)[:40] for v in unknown[:5]),
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


def _clean_alternative(values: dict[str, Any]) -> tuple[dict[str, Any], list[Municipality]]:
    """Every value of an alternative checked at once; the values to store and the
    municipalities of its scope."""
    errors: dict[str, list] = {}
    name = _text(values.get("name"))
    if not name:
        errors["name"] = [_("Skriv inn navnet på alternativet.")]
    organisational_form = values.get("organisational_form")
    if organisational_form not in FormKey.values:
        errors["organisational_form"] = [
            _("Ukjent organisasjonsform. Bruk en av: %(keys)s.") % {
                "keys": ", ".join(FormKey.values)}]
    financing_keys: list[str] = []
    financing_note_from_text = ""
    scope_key, scope_note_from_text = Scope.MUNICIPALITY.value, ""
    try:
        financing_keys, financing_note_from_text = _clean_financing(values.get("financing"))
    except ValidationError as exc:
        _merge(errors, exc)
    try:
        scope_key, scope_note_from_text = _clean_scope(values.get("scope"))
    except ValidationError as exc:
        _merge(errors, exc)
    municipalities: list[Municipality] = []
    numbers = values.get("scope_municipalities") or []
    if not isinstance(numbers, (list, tuple)):
        errors["scope_municipalities"] = [_("Oppgi kommunenumrene som en liste.")]
    elif numbers:
        numbers = [str(n) for n in numbers]
        wellformed = [n for n in numbers if _MUNICIPALITY_NUMBER.fullmatch(n)]
        found = {m.number: m for m in Municipality.objects.filter(number__in=wellformed)}
        unknown = [n for n in numbers if n not in found]
        if unknown:
            errors["scope_municipalities"] = [_("Ukjent kommunenummer: %(numbers)s.") % {
                "numbers": ", ".join(n[:10] for n in unknown[:5])}]
        municipalities = list(found.values())
    clean = {
        "name": name, "organisational_form": organisational_form,
        "financing": financing_keys,
        "financing_note": _text(values.get("financing_note")) or financing_note_from_text,
        "scope": scope_key,
        "scope_note": _text(values.get("scope_note")) or scope_note_from_text,
        "description": _text(values.get("description")),
    }
    _check(Alternative, {k: v for k, v in clean.items()
                         if k not in ("financing", "organisational_form")}, errors)
    if errors:
        raise ValidationError(errors)
    return clean, municipalities


@transaction.atomic
def add_alternative(*, user, analysis: OptionsAnalysis, name: str, organisational_form: str,
                    financing=None, scope=None, description: str = "",
                    scope_municipalities: list[str] | None = None,
                    financing_note: str = "", scope_note: str = "") -> Alternative:
    """`financing` is a list of keys or free text; `scope` a key or free text. The page
    gives keys and the notes separately."""
    values, municipalities = _clean_alternative({
        "name": name, "organisational_form": organisational_form, "financing": financing,
        "financing_note": financing_note, "scope": scope, "scope_note": scope_note,
        "description": description, "scope_municipalities": scope_municipalities})
    order = (analysis.alternatives.aggregate(m=Max("order"))["m"] or 0) + 1
    alternative = Alternative.objects.create(analysis=analysis, order=order, **values)
    alternative.scope_municipalities.set(municipalities)
    _log("alternative.added", user, analysis, alternative, name=alternative.name,
         organisational_form=values["organisational_form"], financing=values["financing"],
         financing_note=values["financing_note"], scope=values["scope"],
         scope_note=values["scope_note"])
    _mark_changed(analysis)
    return alternative


def _alternative_state(alternative: Alternative) -> dict[str, Any]:
    return {"name": alternative.name, "organisational_form": alternative.organisational_form,
            "financing": list(alternative.financing), "financing_note": alternative.financing_note,
            "scope": alternative.scope, "scope_note": alternative.scope_note,
            "description": alternative.description,
            "scope_municipalities": sorted(
                alternative.scope_municipalities.values_list("number", flat=True))}


@transaction.atomic
def update_alternative(*, user, alternative: Alternative, expected_version: int | None,
                       reason: str = "", **changes: Any) -> Alternative:
    """Correct an alternative (PATCH semantics: only the given fields change)."""
    alternative = Alternative.objects.select_for_update().select_related(
        "analysis__programme").get(pk=alternative.pk)
    _check_version(alternative, expected_version, _(
        "Noen andre har endret alternativet etter at du åpnet det. Se gjennom endringene "
        "deres og prøv igjen."))
    unknown = set(changes) - set(ALTERNATIVE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    before = _alternative_state(alternative)
    values = {**before, **changes}
    # Free text replaces the note it came from unless a note is given beside it.
    if isinstance(changes.get("financing"), str) and "financing_note" not in changes:
        values["financing_note"] = ""
    if isinstance(changes.get("scope"), str) and changes["scope"] not in Scope.values \
            and "scope_note" not in changes:
        values["scope_note"] = ""
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    clean, municipalities = _clean_alternative(values)
    after = {**clean, "scope_municipalities": sorted(m.number for m in municipalities)}
    changed = [k for k in ALTERNATIVE_FIELDS if before[k] != after[k]]
    if not changed:
        return alternative
    for key, value in clean.items():
        setattr(alternative, key, value)
    alternative.version += 1
    alternative.save()
    alternative.scope_municipalities.set(municipalities)
    analysis = alternative.analysis
    _log("alternative.updated", user, analysis, alternative, name=alternative.name,
         fields=[_label(Alternative, k) for k in changed],
         before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
         reason=reason)
    _mark_changed(analysis)
    return alternative


@transaction.atomic
def remove_alternative(*, user, alternative: Alternative, reason: str = "") -> None:
    alternative = Alternative.objects.select_for_update().select_related(
        "analysis__programme").get(pk=alternative.pk)
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    analysis = alternative.analysis
    _log("alternative.removed", user, analysis, alternative, name=alternative.name,
         before=_alternative_state(alternative), reason=reason,
         scores={s.criterion.name: str(s.score)
                 for s in alternative.scores.select_related("criterion")})
    alternative.delete()
    _mark_changed(analysis)


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
            criterion.version += 1
            criterion.save(update_fields=["weight", "version"])


def _rank(value, field: str = "rank") -> int:
    if isinstance(value, bool):
        raise ValidationError({field: [_("Rangeringen er et helt tall fra 1 (viktigst).")]})
    try:
        rank = int(str(value).strip())
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: [
            _("Rangeringen er et helt tall fra 1 (viktigst).")]}) from exc
    if rank < 1:
        raise ValidationError({field: [_("Rangeringen er et helt tall fra 1 (viktigst).")]})
    try:
        check_values(Criterion, {"rank": rank})
    except ValidationError as exc:
        raise ValidationError({field: exc.message_dict["rank"]}) from exc
    return rank


def _weight_total_error(total: Decimal) -> str:
    return _("Summen av vektene blir %(sum)s %%. Den kan ikke være over 100 %%.") % {
        "sum": plain(total)}


@transaction.atomic
def add_criterion(*, user, analysis: OptionsAnalysis, name: str, weight=None,
                  rank: int | None = None, description: str = "") -> Criterion:
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    errors: dict[str, list] = {}
    name = _text(name)
    description = _text(description)
    if not name:
        errors["name"] = [_("Skriv inn navnet på kriteriet.")]
    _check(Criterion, {"name": name, "description": description}, errors)
    value = Decimal(0)
    if analysis.weight_method == OptionsAnalysis.WeightMethod.PERCENT and weight not in (
            None, ""):
        try:
            value = _number(weight, "weight", PERCENT)
        except ValidationError as exc:
            _merge(errors, exc)
        else:
            total = sum((c.weight for c in analysis.criteria.all()), Decimal(0)) + value
            if total > Decimal(100):
                errors["weight"] = [_weight_total_error(total)]
    if rank is not None:
        try:
            rank = _rank(rank)
        except ValidationError as exc:
            _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    order = (analysis.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = Criterion.objects.create(
        analysis=analysis, name=name, description=description, weight=value,
        rank=rank or order, order=order)
    if analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING:
        _recompute_rank_weights(analysis)
        criterion.refresh_from_db()
    _log("criterion.added", user, analysis, criterion, name=criterion.name,
         weight=str(criterion.weight), rank=criterion.rank)
    _mark_changed(analysis)
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


def _criterion_state(criterion: Criterion) -> dict[str, Any]:
    return {"name": criterion.name, "description": criterion.description,
            "weight": str(criterion.weight), "rank": criterion.rank}


@transaction.atomic
def update_criterion(*, user, criterion: Criterion, expected_version: int | None,
                     reason: str = "", **changes: Any) -> Criterion:
    """Correct a criterion: name, description, weight (percent method) or rank (ranking
    method; the weights follow from the ranks)."""
    analysis = OptionsAnalysis.objects.select_for_update().select_related("programme").get(
        pk=criterion.analysis_id)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    _check_version(criterion, expected_version, _(
        "Noen andre har endret kriteriet etter at du åpnet det. Se gjennom endringene "
        "deres og prøv igjen."))
    unknown = set(changes) - set(CRITERION_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    values: dict[str, Any] = {}
    if "name" in changes:
        values["name"] = _text(changes["name"])
        if not values["name"]:
            errors["name"] = [_("Skriv inn navnet på kriteriet.")]
    if "description" in changes:
        values["description"] = _text(changes["description"])
    _check(Criterion, {k: v for k, v in values.items()}, errors)
    ranking = analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING
    if changes.get("weight") is not None:
        if ranking:
            errors["weight"] = [_("Vektmetoden er rangering: vekten regnes ut fra rangen. "
                                  "Endre rangen i stedet.")]
        else:
            try:
                values["weight"] = _number(changes["weight"], "weight", PERCENT)
            except ValidationError as exc:
                _merge(errors, exc)
            else:
                others = sum((c.weight for c in analysis.criteria.exclude(pk=criterion.pk)),
                             Decimal(0))
                if others + values["weight"] > Decimal(100):
                    errors["weight"] = [_weight_total_error(others + values["weight"])]
    if changes.get("rank") is not None:
        try:
            values["rank"] = _rank(changes["rank"])
        except ValidationError as exc:
            _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    before = _criterion_state(criterion)
    changed = [k for k, v in values.items() if getattr(criterion, k) != v]
    if not changed:
        return criterion
    for key in changed:
        setattr(criterion, key, values[key])
    criterion.version += 1
    criterion.save()
    if ranking and "rank" in changed:
        _recompute_rank_weights(analysis)
        criterion.refresh_from_db()
    after = _criterion_state(criterion)
    fields = [k for k in CRITERION_FIELDS if before[k] != after[k]]
    _log("criterion.updated", user, analysis, criterion, name=criterion.name,
         fields=[_label(Criterion, k) for k in fields],
         before={k: before[k] for k in fields}, after={k: after[k] for k in fields},
         reason=reason)
    _mark_changed(analysis)
    return criterion


@transaction.atomic
def remove_criterion(*, user, criterion: Criterion, reason: str = "") -> None:
    analysis = OptionsAnalysis.objects.select_for_update().select_related("programme").get(
        pk=criterion.analysis_id)
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    _log("criterion.removed", user, analysis, criterion, name=criterion.name,
         weight=str(criterion.weight), before=_criterion_state(criterion), reason=reason,
         scores={s.alternative.name: str(s.score)
                 for s in criterion.scores.select_related("alternative")})
    criterion.delete()
    if analysis.weight_method == OptionsAnalysis.WeightMethod.RANKING:
        _recompute_rank_weights(analysis)
    _mark_changed(analysis)


@transaction.atomic
def set_weights(*, user, analysis: OptionsAnalysis, method: str, values: dict[int, Any],
                versions: dict[int, Any] | None = None) -> OptionsAnalysis:
    """Set every criterion's weight (percent) or rank (ranking) at once.

    `values` maps a criterion's id to its weight or rank (a criterion left out keeps its
    own); `versions` the criterion versions the caller saw. Errors name the criterion's
    input (`weight_<id>` or `rank_<id>`); a sum other than 100 % is under `weight`."""
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if method not in OptionsAnalysis.WeightMethod.values:
        raise ValidationError({"weight_method": [_("Velg prosent eller rangering.")]})
    criteria = {c.pk: c for c in analysis.criteria.select_for_update()}
    for pk, seen in (versions or {}).items():
        if pk in criteria:
            _check_version(criteria[pk], seen, _(
                "Noen andre har endret kriteriene etter at du åpnet siden. Verdiene du "
                "skrev, står fortsatt i skjemaet; se gjennom dem og lagre igjen."))
    errors: dict[str, list] = {}
    before = {c.name: str(c.weight) for c in criteria.values()}
    if method == OptionsAnalysis.WeightMethod.PERCENT:
        weights = {}
        for pk, criterion in criteria.items():
            raw = values.get(pk)
            try:
                weights[pk] = (criterion.weight if raw in (None, "")
                               else _number(raw, f"weight_{pk}", PERCENT))
            except ValidationError as exc:
                _merge(errors, exc)
        if not errors and abs(sum(weights.values()) - Decimal(100)) > Decimal("0.01"):
            errors["weight"] = [_("Vektene summerer seg til %(sum)s %%. De må summere seg "
                                  "til 100 %%.") % {"sum": plain(sum(weights.values()))}]
        if errors:
            raise ValidationError(errors)
        for pk, criterion in criteria.items():
            if criterion.weight != weights[pk]:
                criterion.weight = weights[pk]
                criterion.version += 1
                criterion.save(update_fields=["weight", "version"])
    else:
        ranks = {}
        for pk, criterion in criteria.items():
            raw = values.get(pk)
            try:
                ranks[pk] = (criterion.rank or len(criteria) if raw in (None, "")
                             else _rank(raw, f"rank_{pk}"))
            except ValidationError as exc:
                _merge(errors, exc)
        if errors:
            raise ValidationError(errors)
        for pk, criterion in criteria.items():
            if criterion.rank != ranks[pk]:
                criterion.rank = ranks[pk]
                criterion.version += 1
                criterion.save(update_fields=["rank", "version"])
        _recompute_rank_weights(analysis)
    analysis.weight_method = method
    analysis.version += 1
    analysis.save(update_fields=["weight_method", "version"])
    _log("weights.set", user, analysis, analysis, method=method, before=before, weights={
        c.name: str(c.weight) for c in analysis.criteria.all()})
    _mark_changed(analysis)
    return analysis


# ---------------------------------------------------------------- scores


def _score_values(score, reason, errors: dict[str, list], *, score_field: str = "score",
                  reason_field: str = "reason") -> tuple[Decimal | None, str]:
    value = None
    if score is None or (isinstance(score, str) and not score.strip()):
        errors.setdefault(score_field, []).append(_("Oppgi poeng fra 0 til 10."))
    else:
        try:
            value = _number(score, score_field, SCORE)
        except ValidationError as exc:
            _merge(errors, exc)
    reason = _text(reason)
    if not reason:
        errors.setdefault(reason_field, []).append(_("Skriv en begrunnelse for poengene."))
    else:
        try:
            check_values(Score, {"reason": reason})
        except ValidationError as exc:
            errors.setdefault(reason_field, []).extend(exc.message_dict["reason"])
    return value, reason


def _store_score(*, user, analysis, alternative, criterion, existing: Score | None,
                 value: Decimal, reason: str) -> Score:
    if existing is None:
        result = Score.objects.create(alternative=alternative, criterion=criterion,
                                      score=value, reason=reason)
        _log("score.set", user, analysis, result, alternative=alternative.name,
             criterion=criterion.name, score=str(value), reason=reason)
        _mark_changed(analysis)
        return result
    if existing.score == value and existing.reason == reason:
        return existing
    before = {"score": str(existing.score), "reason": existing.reason}
    existing.score = value
    existing.reason = reason
    existing.version += 1
    existing.save()
    _log("score.corrected", user, analysis, existing, alternative=alternative.name,
         criterion=criterion.name, score=plain(value), old_score=plain(before["score"]),
         before=before, after={"score": str(value), "reason": reason})
    _mark_changed(analysis)
    return existing


@transaction.atomic
def set_score(*, user, analysis: OptionsAnalysis, alternative: Alternative,
              criterion: Criterion, score, reason: str,
              expected_version: int | None = None) -> Score:
    """Give or correct the score of one alternative on one criterion."""
    errors: dict[str, list] = {}
    if alternative.analysis_id != analysis.pk:
        errors["alternative"] = [_("Alternativet hører ikke til denne vurderingen.")]
    if criterion.analysis_id != analysis.pk:
        errors["criterion"] = [_("Kriteriet hører ikke til denne vurderingen.")]
    value, reason = _score_values(score, reason, errors)
    if errors:
        raise ValidationError(errors)
    assert value is not None
    existing = Score.objects.select_for_update().filter(
        alternative=alternative, criterion=criterion).first()
    if existing is not None:
        _check_version(existing, expected_version, _(
            "Noen andre har endret poengene etter at du åpnet dem. Se gjennom endringene "
            "deres og prøv igjen."))
    return _store_score(user=user, analysis=analysis, alternative=alternative,
                        criterion=criterion, existing=existing, value=value, reason=reason)


@transaction.atomic
def update_score(*, user, score: Score, expected_version: int | None,
                 changes: dict[str, Any]) -> Score:
    """Correct a score and/or its reason (PATCH semantics: `changes` holds `score`
    and/or `reason`)."""
    score = Score.objects.select_for_update().select_related(
        "alternative__analysis__programme", "criterion").get(pk=score.pk)
    _check_version(score, expected_version, _(
        "Noen andre har endret poengene etter at du åpnet dem. Se gjennom endringene "
        "deres og prøv igjen."))
    unknown = set(changes) - set(SCORE_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    errors: dict[str, list] = {}
    value, reason = _score_values(changes.get("score", score.score),
                                  changes.get("reason", score.reason), errors)
    if errors:
        raise ValidationError(errors)
    assert value is not None
    return _store_score(user=user, analysis=score.alternative.analysis,
                        alternative=score.alternative, criterion=score.criterion,
                        existing=score, value=value, reason=reason)


@transaction.atomic
def set_scores(*, user, analysis: OptionsAnalysis,
               cells: list[dict[str, Any]]) -> list[Score]:
    """Save several scores at once, all or none (the score matrix of the page).

    Each cell: alternative, criterion, score, reason and the version the caller saw
    (None for a new score). Errors name the cell's inputs (`score_<alternative id>_
    <criterion id>`, `reason_…`); a stale cell raises StaleVersion with the names of the
    stale inputs in `data["fields"]`."""
    existing = {(s.alternative_id, s.criterion_id): s for s in Score.objects
                .select_for_update().filter(alternative__analysis=analysis)}
    stale = []
    for cell in cells:
        old = existing.get((cell["alternative"].pk, cell["criterion"].pk))
        seen = cell.get("version")
        if old is not None and seen not in (None, "") and str(seen) != str(old.version):
            stale.append((cell, old))
    if stale:
        cell, old = stale[0]
        error = StaleVersion(_(
            "Noen andre har endret poengene etter at du åpnet siden. Det du skrev, står "
            "fortsatt i skjemaet; se gjennom de merkede feltene og lagre igjen."),
            current=old)
        error.data["fields"] = [f"score_{c['alternative'].pk}_{c['criterion'].pk}"
                                for c, _o in stale]
        raise error
    errors: dict[str, list] = {}
    checked = []
    for cell in cells:
        a, c = cell["alternative"], cell["criterion"]
        if a.analysis_id != analysis.pk or c.analysis_id != analysis.pk:
            errors.setdefault("score", []).append(
                _("Alternativet eller kriteriet hører ikke til denne vurderingen."))
            continue
        key = f"{a.pk}_{c.pk}"
        value, reason = _score_values(cell.get("score"), cell.get("reason"), errors,
                                      score_field=f"score_{key}", reason_field=f"reason_{key}")
        checked.append((cell, value, reason))
    if errors:
        raise ValidationError(errors)
    saved = []
    for cell, value, reason in checked:
        assert value is not None  # every cell was checked above
        a, c = cell["alternative"], cell["criterion"]
        saved.append(_store_score(user=user, analysis=analysis, alternative=a, criterion=c,
                                  existing=existing.get((a.pk, c.pk)), value=value,
                                  reason=reason))
    return saved


@transaction.atomic
def remove_score(*, user, score: Score, reason: str = "") -> None:
    score = Score.objects.select_for_update().select_related(
        "alternative__analysis__programme", "criterion").get(pk=score.pk)
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    analysis = score.alternative.analysis
    _log("score.removed", user, analysis, score, alternative=score.alternative.name,
         criterion=score.criterion.name, score=plain(score.score),
         before={"score": str(score.score), "reason": score.reason}, reason=reason)
    score.delete()
    _mark_changed(analysis)


# ---------------------------------------------------------------- input and texts


INPUT_FIELDS = ("stakeholder", "kind", "held_on", "summary", "alternatives")


def _clean_input(analysis: OptionsAnalysis, *, stakeholder, held_on, summary, kind,
                 alternatives, kept_stakeholder=None) -> dict[str, Any]:
    """`kept_stakeholder`: the one an input already has, kept even if since removed."""
    errors: dict[str, list] = {}
    if (stakeholder is None or stakeholder.programme_id != analysis.programme_id
            or (stakeholder.removed_at and stakeholder != kept_stakeholder)):
        errors["stakeholder"] = [_("Velg en interessent i programmet.")]
    summary = _text(summary)
    if not summary:
        errors["summary"] = [_("Skriv hva som kom fram.")]
    if kind not in StakeholderInput.Kind.values:
        errors["kind"] = [_("Velg møte eller innspill.")]
    if held_on is None:
        errors["held_on"] = [_("Oppgi datoen.")]
    _check(StakeholderInput, {"held_on": held_on, "summary": summary}, errors)
    alternatives = list(alternatives)
    if any(a.analysis_id != analysis.pk for a in alternatives):
        errors["alternatives"] = [_("Alternativet hører ikke til denne vurderingen.")]
    if errors:
        raise ValidationError(errors)
    return {"stakeholder": stakeholder, "kind": kind, "held_on": held_on,
            "summary": summary, "alternatives": alternatives}


@transaction.atomic
def add_input(*, user, analysis: OptionsAnalysis, stakeholder, held_on: date, summary: str,
              kind: str = "meeting", alternatives=()) -> StakeholderInput:
    values = _clean_input(analysis, stakeholder=stakeholder, held_on=held_on,
                          summary=summary, kind=kind, alternatives=alternatives)
    alternatives = values.pop("alternatives")
    item = StakeholderInput.objects.create(analysis=analysis, **values)
    item.alternatives.set(alternatives)
    _log("input.added", user, analysis, item, stakeholder=stakeholder.name,
         alternatives=[a.name for a in alternatives], summary=item.summary)
    _mark_changed(analysis)
    return item


def _input_state(item: StakeholderInput) -> dict[str, Any]:
    return {"stakeholder": item.stakeholder.name, "kind": item.kind,
            "held_on": item.held_on.isoformat(), "summary": item.summary,
            "alternatives": sorted(a.name for a in item.alternatives.all())}


@transaction.atomic
def update_input(*, user, item: StakeholderInput, expected_version: int | None,
                 reason: str = "", **changes: Any) -> StakeholderInput:
    """Correct a registered meeting or input (a mistyped date, the wrong stakeholder)."""
    item = StakeholderInput.objects.select_for_update().select_related(
        "analysis__programme", "stakeholder").get(pk=item.pk)
    _check_version(item, expected_version, _(
        "Noen andre har endret innspillet etter at du åpnet det. Se gjennom endringene "
        "deres og prøv igjen."))
    unknown = set(changes) - set(INPUT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    current = {"stakeholder": item.stakeholder, "kind": item.kind, "held_on": item.held_on,
               "summary": item.summary, "alternatives": list(item.alternatives.all())}
    try:
        values = _clean_input(item.analysis, **{**current, **changes},
                              kept_stakeholder=item.stakeholder)
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    before = _input_state(item)
    alternatives = values.pop("alternatives")
    for key, value in values.items():
        setattr(item, key, value)
    after = {**before, "stakeholder": item.stakeholder.name, "kind": item.kind,
             "held_on": item.held_on.isoformat(), "summary": item.summary,
             "alternatives": sorted(a.name for a in alternatives)}
    changed = [k for k in INPUT_FIELDS if before[k] != after[k]]
    if not changed:
        return item
    item.version += 1
    item.save()
    item.alternatives.set(alternatives)
    analysis = item.analysis
    _log("input.updated", user, analysis, item, stakeholder=item.stakeholder.name,
         fields=[_label(StakeholderInput, k) for k in changed],
         before={k: before[k] for k in changed}, after={k: after[k] for k in changed},
         reason=reason)
    _mark_changed(analysis)
    return item


@transaction.atomic
def remove_input(*, user, item: StakeholderInput, reason: str = "") -> None:
    item = StakeholderInput.objects.select_for_update().select_related(
        "analysis__programme", "stakeholder").get(pk=item.pk)
    errors: dict[str, list] = {}
    reason = _change_reason(reason, errors)
    if errors:
        raise ValidationError(errors)
    analysis = item.analysis
    _log("input.removed", user, analysis, item, stakeholder=item.stakeholder.name,
         before=_input_state(item), reason=reason)
    item.delete()
    _mark_changed(analysis)


@transaction.atomic
def update_texts(*, user, analysis: OptionsAnalysis, expected_version: int | None,
                 recommendation: str, proposed_decision: str) -> OptionsAnalysis:
    analysis = OptionsAnalysis.objects.select_for_update().get(pk=analysis.pk)
    _check_version(analysis, expected_version, _(
        "Noen andre har endret vurderingen etter at du åpnet den. Teksten deres er beholdt; "
        "se gjennom den og prøv igjen."))
    values = {"recommendation": _text(recommendation),
              "proposed_decision": _text(proposed_decision)}
    errors: dict[str, list] = {}
    _check(OptionsAnalysis, values, errors)
    if errors:
        raise ValidationError(errors)
    before = {k: getattr(analysis, k) for k in values}
    analysis.recommendation = values["recommendation"]
    analysis.proposed_decision = values["proposed_decision"]
    analysis.version += 1
    analysis.save(update_fields=["recommendation", "proposed_decision", "version"])
    _log("texts.updated", user, analysis, analysis, recommendation=analysis.recommendation,
         proposed_decision=analysis.proposed_decision, before=before, after=values)
    _mark_changed(analysis)
    return analysis
