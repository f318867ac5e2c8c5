"""API for the pre-study's options analysis (R-PRESTUDY)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status

from videreforing.api.body import body_doc, optional_body
from videreforing.options import services
from videreforing.options.access import (
    get_alternative_for,
    get_analysis_for,
    get_criterion_for,
    get_score_for,
)
from videreforing.options.models import OptionsAnalysis, OrganisationalForm, Score
from videreforing.options.report import generate_report
from videreforing.options.result import AnalysisError, analysis_result
from videreforing.options.schemas import (
    AlternativeIn,
    AlternativeOut,
    AlternativePatch,
    AnalysisIn,
    AnalysisOut,
    CriterionPatch,
    IdOut,
    OptionsCriterionIn,
    OptionsCriterionOut,
    OptionsRemoveIn,
    ReportOut,
    ResultOut,
    ScoreIn,
    ScoreOut,
    ScorePatch,
)
from videreforing.programmes.access import get_programme_for
from videreforing.rules.mcda import round2

router = Router(tags=["options"])


def _analysis_for(user, pk: int, *, write: bool = False) -> OptionsAnalysis:
    return get_analysis_for(user, pk, write=write)


def _alternative_out(a) -> dict:
    return {"id": a.pk, "name": a.name, "organisational_form": a.organisational_form,
            "financing": a.financing, "financing_note": a.financing_note, "scope": a.scope,
            "scope_note": a.scope_note, "description": a.description, "version": a.version}


def _criterion_out(c) -> dict:
    return {"id": c.pk, "name": c.name, "weight": float(c.weight), "rank": c.rank,
            "description": c.description, "version": c.version}


def _score_out(s) -> dict:
    return {"id": s.pk, "alternative": s.alternative_id, "criterion": s.criterion_id,
            "score": float(s.score), "reason": s.reason, "version": s.version}


@router.post("/programmes/{int:programme_id}/options-analysis", response={201: IdOut},
             openapi_extra=body_doc(AnalysisIn))
def create_analysis(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id, write=True)
    payload = optional_body(request, AnalysisIn)
    analysis = services.create_analysis(
        user=request.auth, programme=programme, title=payload.title or "",
        weight_method=payload.weight_method or "percent")
    return Status(201, {"id": analysis.pk})


@router.get("/programmes/{int:programme_id}/options-analyses", response=list[IdOut])
def list_analyses(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return [{"id": a.pk} for a in programme.options_analyses.all()]


@router.get("/options-analyses/{int:analysis_id}", response=AnalysisOut)
def get_analysis(request, analysis_id: int):
    a = _analysis_for(request.auth, analysis_id)
    return {"id": a.pk, "programme": a.programme_id, "title": a.title,
            "weight_method": a.weight_method,
            "alternatives": [_alternative_out(x) for x in a.alternatives.all()],
            "criteria": [_criterion_out(c) for c in a.criteria.all()],
            "scores": [_score_out(x) for x in Score.objects.filter(alternative__analysis=a)
                       .order_by("alternative__order", "alternative_id", "criterion__order",
                                 "criterion_id")],
            "report_outdated": a.report_outdated}


@router.post("/options-analyses/{int:analysis_id}/alternatives", response={201: AlternativeOut})
def add_alternative(request, analysis_id: int, payload: AlternativeIn):
    analysis = _analysis_for(request.auth, analysis_id, write=True)
    alternative = services.add_alternative(
        user=request.auth, analysis=analysis, name=payload.name,
        organisational_form=payload.organisational_form, financing=payload.financing,
        scope=payload.scope, description=payload.description or "",
        scope_municipalities=payload.scope_municipalities)
    return Status(201, _alternative_out(alternative))


@router.post("/options-analyses/{int:analysis_id}/criteria", response={201: OptionsCriterionOut})
def add_criterion(request, analysis_id: int, payload: OptionsCriterionIn):
    analysis = _analysis_for(request.auth, analysis_id, write=True)
    criterion = services.add_criterion(
        user=request.auth, analysis=analysis, name=payload.name, weight=payload.weight,
        rank=payload.rank, description=payload.description or "")
    return Status(201, _criterion_out(criterion))


@router.post("/options-analyses/{int:analysis_id}/scores", response={201: ScoreOut})
def set_score(request, analysis_id: int, payload: ScoreIn):
    analysis = _analysis_for(request.auth, analysis_id, write=True)
    alternative = analysis.alternatives.filter(pk=payload.alternative).first()
    criterion = analysis.criteria.filter(pk=payload.criterion).first()
    errors = {}
    if alternative is None:
        errors["alternative"] = [_("Ukjent alternativ i denne vurderingen.")]
    if criterion is None:
        errors["criterion"] = [_("Ukjent kriterium i denne vurderingen.")]
    if errors or alternative is None or criterion is None:
        raise ValidationError(errors)
    score = services.set_score(user=request.auth, analysis=analysis, alternative=alternative,
                               criterion=criterion, score=payload.score, reason=payload.reason)
    return Status(201, _score_out(score))


# ---------------------------------------------------------------- corrections and removals


def _changes(payload) -> tuple[int, str, dict]:
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    reason = changes.pop("reason", None) or ""
    return version, reason, changes


def _remove_reason(request) -> str:
    return optional_body(request, OptionsRemoveIn).reason or ""


@router.get("/alternatives/{int:alternative_id}", response=AlternativeOut)
def get_alternative(request, alternative_id: int):
    return _alternative_out(get_alternative_for(request.auth, alternative_id))


@router.patch("/alternatives/{int:alternative_id}", response={200: AlternativeOut})
def patch_alternative(request, alternative_id: int, payload: AlternativePatch):
    alternative = get_alternative_for(request.auth, alternative_id, write=True)
    version, reason, changes = _changes(payload)
    alternative = services.update_alternative(user=request.auth, alternative=alternative,
                                              expected_version=version, reason=reason,
                                              **changes)
    return _alternative_out(alternative)


@router.delete("/alternatives/{int:alternative_id}", response={204: None},
               openapi_extra=body_doc(OptionsRemoveIn))
def delete_alternative(request, alternative_id: int):
    alternative = get_alternative_for(request.auth, alternative_id, write=True)
    services.remove_alternative(user=request.auth, alternative=alternative,
                                reason=_remove_reason(request))
    return Status(204, None)


@router.get("/options-criteria/{int:options_criterion_id}", response=OptionsCriterionOut)
def get_options_criterion(request, options_criterion_id: int):
    return _criterion_out(get_criterion_for(request.auth, options_criterion_id))


@router.patch("/options-criteria/{int:options_criterion_id}", response={200: OptionsCriterionOut})
def patch_options_criterion(request, options_criterion_id: int, payload: CriterionPatch):
    criterion = get_criterion_for(request.auth, options_criterion_id, write=True)
    version, reason, changes = _changes(payload)
    criterion = services.update_criterion(user=request.auth, criterion=criterion,
                                          expected_version=version, reason=reason, **changes)
    return _criterion_out(criterion)


@router.delete("/options-criteria/{int:options_criterion_id}", response={204: None},
               openapi_extra=body_doc(OptionsRemoveIn))
def delete_options_criterion(request, options_criterion_id: int):
    criterion = get_criterion_for(request.auth, options_criterion_id, write=True)
    services.remove_criterion(user=request.auth, criterion=criterion,
                              reason=_remove_reason(request))
    return Status(204, None)


@router.get("/options-scores/{int:options_score_id}", response=ScoreOut)
def get_options_score(request, options_score_id: int):
    return _score_out(get_score_for(request.auth, options_score_id))


@router.patch("/options-scores/{int:options_score_id}", response={200: ScoreOut})
def patch_options_score(request, options_score_id: int, payload: ScorePatch):
    score = get_score_for(request.auth, options_score_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    score = services.update_score(user=request.auth, score=score, expected_version=version,
                                  changes=changes)
    return _score_out(score)


@router.delete("/options-scores/{int:options_score_id}", response={204: None},
               openapi_extra=body_doc(OptionsRemoveIn))
def delete_options_score(request, options_score_id: int):
    score = get_score_for(request.auth, options_score_id, write=True)
    services.remove_score(user=request.auth, score=score, reason=_remove_reason(request))
    return Status(204, None)


@router.get("/options-analyses/{int:analysis_id}/result", response=ResultOut)
def result(request, analysis_id: int):
    analysis = _analysis_for(request.auth, analysis_id)
    try:
        r = analysis_result(analysis)
    except AnalysisError as exc:
        error = ValidationError({exc.field: [exc.message]})
        raise error from exc
    return {
        "ranking": [{"alternative": row.alternative.pk, "name": row.alternative.name,
                     "total": float(round2(float(row.total))), "rank": row.rank}
                    for row in r.ranking],
        "stability": [{"criterion": s.criterion.pk, "weight": s.weight,
                       "min_weight": s.min_weight, "max_weight": s.max_weight,
                       "smallest_change": s.smallest_change} for s in r.stability],
        "close_call": r.close_call,
    }


@router.post("/options-analyses/{int:analysis_id}/report", response={201: ReportOut})
def report(request, analysis_id: int):
    analysis = _analysis_for(request.auth, analysis_id, write=True)
    try:
        document = generate_report(user=request.auth, analysis=analysis)
    except AnalysisError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc
    return Status(201, {"id": document.pk, "version": document.version,
                        "title": document.title})


@router.get("/organisational-forms", response=list[dict])
def organisational_forms(request):
    return list(OrganisationalForm.objects.values(
        "key", "rule_id", "name", "legal_basis", "owners", "liability", "minimum_capital",
        "board_rules", "registration", "typical_cost", "time_to_establish", "examples",
        "sources", "checked_on"))
