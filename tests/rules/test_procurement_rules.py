from datetime import date
from decimal import Decimal as D

import pytest

from videreforing.rules import procurement as p

LIMITS = [
    p.Threshold(p.REGULATION, D(100_000), date(2017, 1, 1)),
    p.Threshold(p.NATIONAL, D(1_300_000), date(2017, 1, 1)),
    p.Threshold(p.EEA, D(2_200_000), date(2022, 1, 1)),
    p.Threshold(p.EEA, D(2_300_000), date(2024, 3, 14)),
]
NOW = p.thresholds_on(LIMITS, date(2026, 11, 27))


@pytest.mark.parametrize("value,expected", [
    (0, "below_regulation"), (99_999, "below_regulation"), (100_000, "part_1"),
    (1_299_999, "part_1"), (1_300_000, "part_2"), (2_299_999, "part_2"),
    (2_300_000, "part_3"), (10_000_000, "part_3"),
])
def test_thresholds_apply_at_the_value_or_above(value, expected):
    assert p.regime(D(value), NOW) == expected


def test_eea_threshold_before_14_march_2024_was_2_200_000():
    before = p.thresholds_on(LIMITS, date(2024, 3, 13))
    assert before[p.EEA].amount == D(2_200_000)
    assert p.regime(D(2_250_000), before) == "part_3"
    assert p.regime(D(2_250_000), NOW) == "part_2"


def test_announcement_duties():
    assert not p.doffin_required("part_1") and not p.ted_required("part_1")
    assert p.doffin_required("part_2") and not p.ted_required("part_2")
    assert p.doffin_required("part_3") and p.ted_required("part_3")


def test_minimum_deadlines():
    assert p.min_days("part_3", "open") == {"tender": 30, "request": None}
    assert p.min_days("part_3", "open", electronic=False)["tender"] == 35
    assert p.min_days("part_3", "restricted") == {"tender": 25, "request": 30}
    assert p.min_days("part_3", "negotiation")["request"] == 30
    assert p.min_days("part_2", "open") == {"tender": None, "request": None}


def test_near_threshold_within_ten_percent_either_side():
    assert [t.kind for t in p.near_thresholds(D(1_170_000), NOW)] == ["national"]
    assert [t.kind for t in p.near_thresholds(D(1_430_000), NOW)] == ["national"]
    assert p.near_thresholds(D(1_169_999), NOW) == []
    assert p.near_thresholds(D(500_000), NOW) == []


def test_linear_price_points_follow_the_formula_and_can_be_negative():
    assert p.linear_price_points(D(200_000), D(200_000)) == D(10)
    assert p.linear_price_points(D(250_000), D(200_000)) == D("7.5")
    assert p.linear_price_points(D(400_000), D(200_000)) == D(0)
    assert p.linear_price_points(D(500_000), D(200_000)) == D(-5)


def test_proportional_price_points_follow_the_formula():
    assert p.proportional_price_points(D(200_000), D(200_000)) == D(10)
    assert p.proportional_price_points(D(250_000), D(200_000)) == D(8)
    assert p.proportional_price_points(D(400_000), D(200_000)) == D(5)
