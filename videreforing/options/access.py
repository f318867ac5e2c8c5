"""One access helper per object type of the options analysis. Outsiders get 404 (nothing
leaks); read-only users get 403 on writes. Pages and API reach objects only through
these (or through the programme's own helper)."""

from django.http import Http404

from videreforing.lib.ids import object_pk as _pk
from videreforing.programmes.access import get_programme_for

from .models import Alternative, Criterion, OptionsAnalysis, Score


def get_analysis_for(user, pk, *, write: bool = False) -> OptionsAnalysis:
    analysis = OptionsAnalysis.objects.filter(pk=_pk(pk)).first()
    if analysis is None:
        raise Http404
    analysis.programme = get_programme_for(user, analysis.programme_id, write=write)
    return analysis


def get_alternative_for(user, pk, *, write: bool = False) -> Alternative:
    alternative = Alternative.objects.select_related("analysis").filter(pk=_pk(pk)).first()
    if alternative is None:
        raise Http404
    alternative.analysis.programme = get_programme_for(
        user, alternative.analysis.programme_id, write=write)
    return alternative


def get_criterion_for(user, pk, *, write: bool = False) -> Criterion:
    criterion = Criterion.objects.select_related("analysis").filter(pk=_pk(pk)).first()
    if criterion is None:
        raise Http404
    criterion.analysis.programme = get_programme_for(
        user, criterion.analysis.programme_id, write=write)
    return criterion


def get_score_for(user, pk, *, write: bool = False) -> Score:
    score = (Score.objects.select_related("alternative__analysis", "criterion")
             .filter(pk=_pk(pk)).first())
    if score is None:
        raise Http404
    score.alternative.analysis.programme = get_programme_for(
        user, score.alternative.analysis.programme_id, write=write)
    return score
