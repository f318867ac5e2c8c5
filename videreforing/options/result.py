"""The result of an options analysis: weighted totals, ranking, weight stability and a
close-call flag (R-PRESTUDY). Totals are Σ weight × score / 100."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from videreforing.lib.numbers import plain
from videreforing.rules import mcda

from .models import Alternative, Criterion, OptionsAnalysis


class AnalysisError(Exception):
    def __init__(self, message: str, *, field: str, missing: list | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.missing = missing or []


@dataclass
class RankRow:
    alternative: Alternative
    total: Decimal
    rank: int


@dataclass
class Stability:
    criterion: Criterion
    weight: float
    min_weight: float
    max_weight: float
    smallest_change: float | None


@dataclass
class Result:
    analysis: OptionsAnalysis
    criteria: list[Criterion]
    alternatives: list[Alternative]
    ranking: list[RankRow]
    stability: list[Stability] = field(default_factory=list)
    close_call: bool = False

    @property
    def leader(self) -> Alternative | None:
        return self.ranking[0].alternative if self.ranking else None


def analysis_result(analysis: OptionsAnalysis) -> Result:
    criteria = list(analysis.criteria.all())
    alternatives = list(analysis.alternatives.all())
    if not alternatives:
        raise AnalysisError(_("Legg til minst ett alternativ."), field="alternatives")
    if not criteria:
        raise AnalysisError(_("Legg til minst ett kriterium."), field="criteria")
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    if abs(total_weight - Decimal(100)) > Decimal("0.01"):
        raise AnalysisError(
            _("Vektene summerer seg til %(sum)s %%. De må summere seg til 100 %%.")
            % {"sum": plain(total_weight)}, field="weight")
    scores = {(s.alternative_id, s.criterion_id): s.score
              for s in analysis_scores(analysis)}
    missing = [(a, c) for a in alternatives for c in criteria if (a.pk, c.pk) not in scores]
    if missing:
        raise AnalysisError(
            _("Poeng mangler: %(list)s.") % {"list": "; ".join(
                _("«%(alternative)s» på «%(criterion)s»") % {
                    "alternative": a.name, "criterion": c.name} for a, c in missing)},
            field="scores", missing=[{"alternative": a.pk, "criterion": c.pk}
                                     for a, c in missing])
    weights = [float(c.weight) for c in criteria]
    matrix = [[float(scores[(a.pk, c.pk)]) for c in criteria] for a in alternatives]
    totals = [sum((c.weight * scores[(a.pk, c.pk)] for c in criteria), Decimal(0)) / 100
              for a in alternatives]
    ranks = mcda.competition_ranks([float(t) for t in totals])
    ranking = sorted((RankRow(a, t, r) for a, t, r in zip(alternatives, totals, ranks,
                                                          strict=True)),
                     key=lambda row: (row.rank, row.alternative.order, row.alternative.pk))
    result = Result(analysis, criteria, alternatives, ranking,
                    close_call=mcda.close_call([float(t) for t in totals]))
    if len(alternatives) >= 2:
        for rng in mcda.weight_stability(matrix, weights):
            result.stability.append(Stability(
                criteria[rng.criterion], round(rng.weight, 2), round(rng.min_weight, 2),
                round(rng.max_weight, 2),
                None if rng.smallest_change is None else round(rng.smallest_change, 2)))
    return result


def analysis_scores(analysis: OptionsAnalysis):
    from .models import Score

    return Score.objects.filter(alternative__analysis=analysis)
