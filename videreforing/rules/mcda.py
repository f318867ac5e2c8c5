"""Weighted-sum multi-criteria analysis: totals, ranking, and weight stability.

Pure Python: no Django import. Weights are percentages summing to 100; scores are
points (0–10, or price points that may be negative under P-LINEAR). Total of an
alternative = Σ weight × points / 100.

Weight stability: vary one criterion's weight w over 0–100 while the other weights
keep their proportions and fill the rest (100 − w). Each total is then linear in w,
so the range in which the leader stays first (ties included) is an interval found
exactly, with no search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TOTAL_WEIGHT = 100.0
EPS = 1e-9


def round2(value: float) -> Decimal:
    """Two decimals, halves rounded up, as shown to users and in the API."""
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def weights_sum_to_100(weights: Sequence[float]) -> bool:
    return abs(sum(weights) - TOTAL_WEIGHT) < 1e-6


def weighted_totals(points: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    """points[i][j] is alternative i's points on criterion j."""
    return [sum(w * p for w, p in zip(weights, row, strict=True)) / TOTAL_WEIGHT
            for row in points]


def competition_ranks(totals: Sequence[float]) -> list[int]:
    """1, 1, 3 …: equal totals (to two decimals) share a rank."""
    rounded = [round2(t) for t in totals]
    return [1 + sum(1 for other in rounded if other > mine) for mine in rounded]


@dataclass(frozen=True)
class WeightRange:
    criterion: int
    weight: float
    min_weight: float
    max_weight: float

    @property
    def whole_range(self) -> bool:
        return self.min_weight <= EPS and self.max_weight >= TOTAL_WEIGHT - EPS

    @property
    def smallest_change(self) -> float | None:
        """Percentage points the weight must move for another alternative to tie the
        leader; None when no weight from 0 to 100 changes the leader."""
        changes = []
        if self.min_weight > EPS:
            changes.append(self.weight - self.min_weight)
        if self.max_weight < TOTAL_WEIGHT - EPS:
            changes.append(self.max_weight - self.weight)
        return min(changes) if changes else None


def _linear_totals(points, weights, c):
    """Totals as a + b·w when criterion c has weight w and the rest keep proportions."""
    others = [(j, w) for j, w in enumerate(weights) if j != c]
    rest = sum(w for _j, w in others)
    coefficients = []
    for row in points:
        if rest > EPS:
            r = sum(w * row[j] for j, w in others) / rest  # average over the other criteria
        else:
            # all other weights are zero: share the remainder equally
            r = sum(row[j] for j, _w in others) / len(others) if others else 0.0
        # T(w) = w·s_c/100 + (100 − w)·r/100
        a = r
        b = (row[c] - r) / TOTAL_WEIGHT
        coefficients.append((a, b))
    return coefficients


def weight_stability(points: Sequence[Sequence[float]], weights: Sequence[float]
                     ) -> list[WeightRange]:
    """For each criterion, the weight range in which the current leader stays first."""
    if not points:
        return []
    totals = weighted_totals(points, weights)
    leader = max(range(len(points)), key=lambda i: totals[i])
    result = []
    for c, w_c in enumerate(weights):
        coefficients = _linear_totals(points, weights, c)
        a_l, b_l = coefficients[leader]
        low, high = 0.0, TOTAL_WEIGHT
        for i, (a_i, b_i) in enumerate(coefficients):
            if i == leader:
                continue
            da, db = a_l - a_i, b_l - b_i  # leader − other = da + db·w ≥ 0
            if abs(db) < EPS:
                continue  # parallel: the order does not depend on this weight
            root = -da / db
            if db > 0:
                low = max(low, root)
            else:
                high = min(high, root)
        low, high = max(0.0, min(low, w_c)), min(TOTAL_WEIGHT, max(high, w_c))
        result.append(WeightRange(criterion=c, weight=w_c, min_weight=low, max_weight=high))
    return result


def close_call(totals: Sequence[float], relative: float = 0.05) -> bool:
    """The top two are within `relative` (5 %) of the leader's total."""
    ordered = sorted(totals, reverse=True)
    if len(ordered) < 2 or ordered[0] <= 0:
        return len(ordered) >= 2 and ordered[0] == ordered[1]
    return (ordered[0] - ordered[1]) <= relative * ordered[0]


def rank_sum_weights(ranks: Sequence[int]) -> list[float]:
    """Weights from a ranking (1 = most important) by the rank-sum method:
    w_i = (n − r_i + 1) / Σ_j (n − r_j + 1) × 100. Equal ranks get equal weights."""
    n = len(ranks)
    points = [n - r + 1 for r in ranks]
    total = sum(points)
    return [100.0 * p / total for p in points] if total else []
