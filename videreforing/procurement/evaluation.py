"""The evaluation of a tender's bids: price points, weighted totals, ranking and the
sensitivity of the winner to each criterion's weight (P-LINEAR, P-PROP, P-CRITERIA)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from videreforing.lib.numbers import plain
from videreforing.rules import mcda
from videreforing.rules import procurement as rules

from .models import AwardCriterion, Bid, Tender


class EvaluationError(Exception):
    """The evaluation cannot be computed yet; `field` names what is missing."""

    def __init__(self, message: str, *, field: str = "criteria"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Row:
    bid: Bid
    points: dict[int, Decimal]  # criterion id → points before weighting
    total: Decimal
    rank: int = 0


@dataclass
class Sensitivity:
    criterion: AwardCriterion
    min_weight: float
    max_weight: float
    smallest_change: float | None


@dataclass
class Evaluation:
    tender: Tender
    criteria: list[AwardCriterion]
    rows: list[Row]
    excluded: list[Bid]
    lowest_price: Decimal | None
    sensitivity: list[Sensitivity] = field(default_factory=list)

    @property
    def winner(self) -> Bid | None:
        return self.rows[0].bid if self.rows and self.rows[0].rank == 1 else None

    @property
    def tied_winners(self) -> list[Bid]:
        return [r.bid for r in self.rows if r.rank == 1]


def evaluate(tender: Tender) -> Evaluation:
    criteria = list(tender.criteria.order_by("order", "pk"))
    if not criteria:
        raise EvaluationError(_("Legg inn tildelingskriteriene før evalueringen."))
    total_weight = sum(c.weight for c in criteria)
    if total_weight != Decimal(100):
        raise EvaluationError(
            _("Vektene summerer seg til %(sum)s %%. De må summere seg til 100 %%.")
            % {"sum": plain(total_weight)}, field="weight")
    bids = list(tender.bids.select_related("supplier").prefetch_related("scores"))
    included = [b for b in bids if not b.excluded]
    excluded = [b for b in bids if b.excluded]
    lowest = min((b.price for b in included), default=None)  # excluded bids never set it
    rows: list[Row] = []
    missing: list[str] = []
    for bid in included:
        scores = {s.criterion_id: s.score for s in bid.scores.all()}
        points: dict[int, Decimal] = {}
        for c in criteria:
            if c.kind == AwardCriterion.Kind.PRICE:
                assert lowest is not None  # there is at least this bid
                points[c.pk] = rules.price_points(c.price_model or "linear", bid.price, lowest)
            elif c.pk in scores:
                points[c.pk] = scores[c.pk]
            else:
                missing.append(_("«%(supplier)s» mangler poeng på «%(criterion)s»") % {
                    "supplier": bid.supplier.name, "criterion": c.name})
        if not missing:
            total = sum((c.weight * points[c.pk] for c in criteria), Decimal(0)) / Decimal(100)
            rows.append(Row(bid=bid, points=points, total=total))
    if missing:
        raise EvaluationError("; ".join(missing) + ".", field="scores")
    ranks = mcda.competition_ranks([float(r.total) for r in rows])
    for row, rank in zip(rows, ranks, strict=True):
        row.rank = rank
    rows.sort(key=lambda r: (r.rank, r.bid.price, r.bid.pk))
    evaluation = Evaluation(tender, criteria, rows, excluded, lowest)
    if len(rows) >= 2:
        matrix = [[float(r.points[c.pk]) for c in criteria] for r in rows]
        for rng in mcda.weight_stability(matrix, [float(c.weight) for c in criteria]):
            evaluation.sensitivity.append(Sensitivity(
                criteria[rng.criterion], round(rng.min_weight, 2), round(rng.max_weight, 2),
                None if rng.smallest_change is None else round(rng.smallest_change, 2)))
    return evaluation
