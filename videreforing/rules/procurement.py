"""Procurement rules for the consultancy assignment. Pure Python: no Django import.

Thresholds are dated data (P-100K, P-NAT, P-EEA) passed in by the caller; a limit
applies at the value or above.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

BELOW_REGULATION = "below_regulation"
PART_1 = "part_1"
PART_2 = "part_2"
PART_3 = "part_3"

REGULATION = "regulation"  # P-100K
NATIONAL = "national"  # P-NAT
EEA = "eea"  # P-EEA

OPEN = "open"
RESTRICTED = "restricted"
NEGOTIATION = "negotiation"
PROCEDURES = (OPEN, RESTRICTED, NEGOTIATION)

NEAR_THRESHOLD = Decimal("0.10")  # within 10 % of a limit: warn about the estimate


@dataclass(frozen=True)
class Threshold:
    kind: str
    amount: Decimal
    valid_from: date
    source: str = ""


def thresholds_on(thresholds: list[Threshold], day: date) -> dict[str, Threshold]:
    """The limit of each kind in force on `day` (the latest that took effect)."""
    current: dict[str, Threshold] = {}
    for t in sorted(thresholds, key=lambda t: t.valid_from):
        if t.valid_from <= day:
            current[t.kind] = t
    return current


def regime(value: Decimal, limits: dict[str, Threshold]) -> str:
    value = Decimal(value)
    if EEA in limits and value >= limits[EEA].amount:
        return PART_3
    if NATIONAL in limits and value >= limits[NATIONAL].amount:
        return PART_2
    if REGULATION in limits and value >= limits[REGULATION].amount:
        return PART_1
    return BELOW_REGULATION


def doffin_required(regime_: str) -> bool:
    return regime_ in (PART_2, PART_3)  # P-NAT, P-EEA


def ted_required(regime_: str) -> bool:
    return regime_ == PART_3  # P-EEA


def min_days(regime_: str, procedure: str, *, electronic: bool = True) -> dict[str, int | None]:
    """P-DEADLINE. Part III has fixed minimums; part II and below: a reasonable
    deadline set by the assignment's complexity (None: no fixed minimum)."""
    if regime_ != PART_3:
        return {"tender": None, "request": None}
    if procedure == OPEN:
        return {"tender": 30 if electronic else 35, "request": None}
    if procedure == RESTRICTED:
        return {"tender": 25, "request": 30}
    if procedure == NEGOTIATION:
        return {"tender": None, "request": 30}
    raise ValueError(procedure)


def near_thresholds(value: Decimal, limits: dict[str, Threshold]) -> list[Threshold]:
    """Limits within 10 % of the value, either side."""
    value = Decimal(value)
    return [t for t in limits.values()
            if abs(value - t.amount) <= NEAR_THRESHOLD * t.amount]


def linear_price_points(price: Decimal, lowest: Decimal) -> Decimal:
    """P-LINEAR: 10 − 10 × (Pe − Pb) / Pb; negative for a price above twice the lowest."""
    price, lowest = Decimal(price), Decimal(lowest)
    return Decimal(10) - Decimal(10) * (price - lowest) / lowest


def proportional_price_points(price: Decimal, lowest: Decimal) -> Decimal:
    """P-PROP: 10 × Pb / Pe."""
    return Decimal(10) * Decimal(lowest) / Decimal(price)


def price_points(model: str, price: Decimal, lowest: Decimal) -> Decimal:
    if model == "linear":
        return linear_price_points(price, lowest)
    if model == "proportional":
        return proportional_price_points(price, lowest)
    raise ValueError(model)


# ---------------------------------------------------------------- notice and standstill


@dataclass(frozen=True)
class Standstill:
    """A dated standstill length for a regime (P-NOTICE)."""

    regime: str
    days: int
    valid_from: date
    source: str = ""
    to_be_checked: bool = True


def notice_required(regime_: str) -> bool:
    """P-NOTICE: parts II and III must notify all bidders before the contract is signed;
    in part I (and below) a notice with reasons is recommended, not required."""
    return regime_ in (PART_2, PART_3)


def standstill_on(periods: list[Standstill], regime_: str, day: date) -> Standstill | None:
    """The standstill in force for `regime_` on `day` (the latest that took effect), or
    None where no standstill applies (part I and below, P-NOTICE)."""
    if not notice_required(regime_):
        return None
    current = None
    for p in sorted(periods, key=lambda p: p.valid_from):
        if p.regime == regime_ and p.valid_from <= day:
            current = p
    return current


def standstill_end(notice_sent_on: date, days: int) -> date:
    """The last day of the standstill: it runs from the day after the notice is sent
    and lasts `days` days (P-NOTICE, to be checked); the contract may be signed from the
    day after. Saturates at date.max."""
    from datetime import timedelta

    try:
        return notice_sent_on + timedelta(days=days)
    except OverflowError:
        return date.max
