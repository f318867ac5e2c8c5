from decimal import Decimal as D

import pytest

from videreforing.rules import budget as b
from videreforing.rules import inhouse as h

MUNICIPALITY = h.Owner("Sunndal kommune", "municipality", D(100), D(1_000_000))


def income(owner: int, other: int) -> list[h.Income]:
    return [h.Income(D(owner), owner_income=True), h.Income(D(other))]


def test_sole_municipal_owner_with_more_than_80_percent_owner_income_is_eligible():
    # 850 000 of 1 000 000 from the owner: 85 %.
    verdict = h.check([MUNICIPALITY], income(850_000, 150_000))
    assert verdict.eligible
    assert verdict.owner_income_share == D("85.0")
    assert verdict.reasons == []


def test_80_percent_exactly_is_not_enough():
    verdict = h.check([MUNICIPALITY], income(800_000, 200_000))
    assert not verdict.eligible
    assert verdict.owner_income_share == D("80.0")
    assert verdict.reasons == [
        h.Reason("owner_income_share", {"share": D("80.0"), "required": D(80)}),
    ]


def test_80_1_percent_is_enough():
    verdict = h.check([MUNICIPALITY], income(801_000, 199_000))
    assert verdict.eligible
    assert verdict.owner_income_share == D("80.1")


def test_a_hair_above_80_is_eligible_and_the_share_is_not_rounded_up():
    # 800 001 / 1 000 000 = 80.0001 %: above 80, reported rounded down.
    verdict = h.check([MUNICIPALITY], income(800_001, 199_999))
    assert verdict.eligible and verdict.owner_income_share == D("80.0")
    # 799 999 / 1 000 000 = 79.9999 %: reported 79.9, never 80.0.
    verdict = h.check([MUNICIPALITY], income(799_999, 200_001))
    assert not verdict.eligible and verdict.owner_income_share == D("79.9")


def test_owner_income_share_figure_is_given_for_the_message():
    # 1 000 000 of 1 300 000 = 76.923… %: "76,9 % … kravet er over 80 %".
    verdict = h.check([MUNICIPALITY], income(1_000_000, 300_000))
    assert not verdict.eligible
    assert verdict.codes == ["owner_income_share"]
    assert verdict.reasons[0].data == {"share": D("76.9"), "required": D(80)}


def test_owner_income_summed_over_the_plan_period():
    lines = [h.Income(D(400_000), True), h.Income(D(500_000), True), h.Income(D(50_000)),
             h.Income(D(50_000))]  # 900 000 of 1 000 000
    assert h.check([MUNICIPALITY], lines).owner_income_share == D("90.0")
    assert h.owner_income_share(lines) == D("90.0")


def test_without_income_the_turnover_condition_fails_with_no_share():
    verdict = h.check([MUNICIPALITY], [])
    assert not verdict.eligible
    assert verdict.owner_income_share is None
    assert verdict.reasons == [h.Reason("owner_income_share", {"share": None, "required": D(80)})]
    assert h.owner_income_share([]) is None


def test_private_owner_with_1_percent_breaks_it():
    owners = [h.Owner("Sunndal kommune", "municipality", D(99)),
              h.Owner("Sparebanken AS", "private", D(1))]
    assert h.validate_shares(owners) is None
    verdict = h.check(owners, income(900_000, 100_000))
    assert not verdict.eligible
    assert verdict.owner_income_share == D("90.0")
    assert verdict.reasons == [
        h.Reason("private_owner", {"owners": ["Sparebanken AS"], "share": D(1)}),
        h.Reason("no_public_control", {"public_share": D(99), "required": D(100)}),
    ]


def test_joint_public_ownership_is_control():
    owners = [h.Owner("Sunndal kommune", "municipality", D(60)),
              h.Owner("Tingvoll kommune", "municipality", D(25)),
              h.Owner("Møre og Romsdal fylkeskommune", "county", D(10)),
              h.Owner("Nordmøre IKS", "iks", D(5))]
    verdict = h.check(owners, income(850_000, 150_000))
    assert verdict.eligible and verdict.reasons == []


def test_public_owners_holding_less_than_all_shares_is_no_control():
    owners = [h.Owner("Sunndal kommune", "municipality", D(50)),
              h.Owner("Tingvoll kommune", "public_other", D(30))]
    verdict = h.check(owners, income(900_000, 100_000))
    assert verdict.codes == ["no_public_control"]
    assert verdict.reasons[0].data == {"public_share": D(80), "required": D(100)}


def test_no_owners_is_no_control():
    verdict = h.check([], income(900_000, 100_000))
    assert not verdict.eligible
    assert verdict.codes == ["no_public_control"]


def test_every_failing_condition_is_named():
    owners = [h.Owner("A AS", "private", D(100))]
    verdict = h.check(owners, income(100, 900))
    assert verdict.codes == ["private_owner", "no_public_control", "owner_income_share"]
    assert verdict.owner_income_share == D("10.0")


@pytest.mark.parametrize("shares,total", [((60, 30), D(90)), ((60, 50), D(110)),
                                          ((D("33.3"), D("33.3"), D("33.3")), D("99.9"))])
def test_shares_not_summing_to_100_are_refused(shares, total):
    owners = [h.Owner(f"Kommune {i}", "municipality", D(s)) for i, s in enumerate(shares)]
    error = h.validate_shares(owners)
    assert error is not None
    assert error.code == "shares_sum"
    assert error.data["total"] == total and error.data["required"] == D(100)


def test_shares_summing_to_100_with_decimals_are_accepted():
    owners = [h.Owner("A", "municipality", D("33.34")), h.Owner("B", "county", D("33.33")),
              h.Owner("C", "iks", D("33.33"))]
    assert h.validate_shares(owners) is None


def test_share_out_of_range_is_refused_even_when_the_sum_is_100():
    owners = [h.Owner("A", "municipality", D(120)), h.Owner("B", "county", D(-20))]
    error = h.validate_shares(owners)
    assert error is not None and error.data["out_of_range"] == ["A", "B"]


def test_unknown_owner_kind_is_refused():
    with pytest.raises(ValueError):
        h.Owner("X", "foundation", D(100))


def test_budget_income_lines_feed_the_check():
    lines = [
        b.Line(2026, "income", "service_agreement", D(700_000), owner_income=True),
        b.Line(2026, "income", "municipal_base_funding", D(200_000), owner_income=True),
        b.Line(2026, "income", "sale_of_services", D(100_000)),
        b.Line(2026, "cost", "salaries", D(900_000)),
        b.Line(2031, "income", "sale_of_services", D(5_000_000)),  # outside the period
    ]
    verdict = h.check([MUNICIPALITY], b.income_lines(lines, years=range(2026, 2031)))
    assert verdict.eligible and verdict.owner_income_share == D("90.0")
