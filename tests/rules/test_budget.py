from decimal import Decimal as D

import pytest

from videreforing.rules import budget as b

YEARS = [2026, 2027, 2028, 2029, 2030]


def line(year, kind, category, amount, owner_income=False):
    return b.Line(year, kind, category, D(amount), owner_income)


def test_hand_worked_five_year_budget():
    # Capital paid in 1 000 000.
    # year  income                         cost                       result     cash_end
    # 2026  1 500 000 + 300 000 = 1 800 000  1 200 000 + 800 000 = 2 000 000  −200 000  800 000
    # 2027  1 500 000 + 400 000 = 1 900 000  2 000 000                        −100 000  700 000
    # 2028  1 500 000 + 500 000 = 2 000 000  2 000 000                               0  700 000
    # 2029  1 500 000 + 600 000 = 2 100 000  2 000 000                         100 000  800 000
    # 2030  1 500 000 + 700 000 = 2 200 000  2 000 000                         200 000  1 000 000
    # totals: income 7 500 000 + 2 500 000 = 10 000 000, cost 10 000 000, result 0.
    lines = []
    for i, y in enumerate(YEARS):
        lines += [
            line(y, "income", "municipal_base_funding", 1_500_000, True),
            line(y, "income", "sale_of_services", 300_000 + 100_000 * i),
            line(y, "cost", "salaries", 1_200_000),
            line(y, "cost", "premises", 300_000),
            line(y, "cost", "other_costs", 500_000),
        ]
    budget = b.compute(lines, capital_paid_in=D(1_000_000), years=YEARS)
    assert [(r.year, r.income_total, r.cost_total, r.result, r.cash_end)
            for r in budget.years] == [
        (2026, D(1_800_000), D(2_000_000), D(-200_000), D(800_000)),
        (2027, D(1_900_000), D(2_000_000), D(-100_000), D(700_000)),
        (2028, D(2_000_000), D(2_000_000), D(0), D(700_000)),
        (2029, D(2_100_000), D(2_000_000), D(100_000), D(800_000)),
        (2030, D(2_200_000), D(2_000_000), D(200_000), D(1_000_000)),
    ]
    assert (budget.totals.income, budget.totals.cost, budget.totals.result) == (
        D(10_000_000), D(10_000_000), D(0))
    assert budget.totals.owner_income == D(7_500_000)
    assert budget.years[0].income_by_category["sale_of_services"] == D(300_000)
    assert budget.years[0].cost_by_category["business_grants"] == D(0)
    # Cash never below zero, no business fund; municipal money and sales each year
    # raise the state-aid flag (E-AID) every year.
    assert budget.warning_codes == ["state_aid_check"] * 5
    assert [w.data["year"] for w in budget.warnings] == YEARS
    # Grants 1 500 000 of 1 800 000 = 83.3 %, sales 300 000 = 16.7 % (2026);
    # period: grants 7 500 000 / 10 000 000 = 75 %, sales 2 500 000 = 25 %.
    assert budget.years[0].shares == b.Shares(D("83.3"), D("16.7"), D("0.0"))
    assert budget.totals.shares == b.Shares(D("75.0"), D("25.0"), D("0.0"))


def test_several_lines_of_the_same_category_add_up():
    lines = [line(2026, "income", "project_grants", 100_000),
             line(2026, "income", "project_grants", 250_000),
             line(2026, "cost", "projects", 120_000),
             line(2026, "cost", "projects", 80_000)]
    year = b.compute(lines, capital_paid_in=D(0), years=[2026]).years[0]
    assert (year.income_total, year.cost_total, year.result, year.cash_end) == (
        D(350_000), D(200_000), D(150_000), D(150_000))


def test_negative_cash_names_the_first_year_below_zero():
    # Capital 500 000; results −300 000, −300 000, +1 000 000, −2 000 000, 0.
    # Cash: 200 000, −100 000 (first below zero: 2027), 900 000, −1 100 000, −1 100 000.
    results = [-300_000, -300_000, 1_000_000, -2_000_000, 0]
    lines = []
    for y, r in zip(YEARS, results, strict=True):
        lines += [line(y, "income", "county", 2_000_000),
                  line(y, "cost", "projects", 2_000_000 - r)]
    budget = b.compute(lines, capital_paid_in=D(500_000), years=YEARS)
    assert [r.cash_end for r in budget.years] == [
        D(200_000), D(-100_000), D(900_000), D(-1_100_000), D(-1_100_000)]
    assert budget.warnings == [b.BudgetWarning("negative_cash",
                                               {"year": 2027, "cash_end": D(-100_000)})]


def test_cash_exactly_zero_is_not_negative():
    lines = [line(2026, "cost", "other_costs", 100_000)]
    budget = b.compute(lines, capital_paid_in=D(100_000), years=[2026])
    assert budget.years[0].cash_end == D(0)
    assert budget.warnings == []


def test_a_year_without_lines_carries_the_cash_forward():
    lines = [line(2026, "income", "membership_fees", 50_000)]
    budget = b.compute(lines, capital_paid_in=D(10_000), years=[2026, 2027])
    assert [(r.income_total, r.result, r.cash_end) for r in budget.years] == [
        (D(50_000), D(50_000), D(60_000)), (D(0), D(0), D(60_000))]
    assert budget.years[1].shares == b.Shares(None, None, None)
    assert budget.years[0].shares == b.Shares(D("0.0"), D("0.0"), D("100.0"))


def test_business_fund_paying_salaries_or_premises_is_a_warning_to_check():
    lines = [line(2026, "income", "business_fund", 400_000),
             line(2026, "cost", "salaries", 300_000),
             line(2026, "cost", "premises", 100_000),
             line(2027, "income", "business_fund", 400_000),
             line(2027, "cost", "business_grants", 400_000),  # grants only: no warning
             line(2028, "income", "municipal_base_funding", 400_000),
             line(2028, "cost", "salaries", 400_000)]  # no business fund: no warning
    budget = b.compute(lines, capital_paid_in=D(0), years=[2026, 2027, 2028])
    assert budget.warnings == [b.BudgetWarning("business_fund_operations", {
        "year": 2026, "business_fund": D(400_000), "operating_costs": ["salaries", "premises"],
    })]


def test_state_aid_flag_when_municipal_money_funds_sales_in_a_market():
    lines = [line(2026, "income", "municipal_base_funding", 1_000_000),
             line(2026, "income", "sale_of_services", 200_000),
             line(2027, "income", "county", 1_000_000),  # not municipal money
             line(2027, "income", "sale_of_services", 200_000)]
    budget = b.compute(lines, capital_paid_in=D(0), years=[2026, 2027])
    assert budget.warnings == [b.BudgetWarning("state_aid_check", {
        "year": 2026, "municipal_funding": D(1_000_000), "sale_of_services": D(200_000),
    })]


def test_lines_outside_the_period_are_left_out_and_warned_about():
    lines = [line(2026, "income", "other_income", 100), line(2025, "income", "other_income", 7),
             line(2031, "cost", "other_costs", 9)]
    budget = b.compute(lines, capital_paid_in=D(0), years=[2026])
    assert budget.totals.income == D(100) and budget.totals.cost == D(0)
    assert budget.warnings == [b.BudgetWarning("lines_outside_period",
                                               {"years": [2025, 2031], "count": 2})]


def test_employer_contribution_default_rate_is_14_1_percent_to_be_checked():
    assert b.EMPLOYER_CONTRIBUTION_RATE == D("14.1")
    assert b.EMPLOYER_CONTRIBUTION_RATE_TO_BE_CHECKED is True
    assert b.employer_contribution(D(1_000_000)) == D(141_000)
    # 654 321 × 14.1 % = 92 259.261 → 92 259; zone-dependent rate as input: 6.4 %.
    assert b.employer_contribution(D(654_321)) == D(92_259)
    assert b.employer_contribution(D(500_000), D("6.4")) == D(32_000)
    # Half a krone rounds up: 5 × 14.1 % = 0.705 → 1.
    assert b.employer_contribution(D(5)) == D(1)


def test_categories():
    assert b.INCOME_CATEGORIES == (
        "municipal_base_funding", "service_agreement", "other_municipalities",
        "business_fund", "county", "innovation_norway", "membership_fees",
        "sale_of_services", "project_grants", "other_income")
    assert b.COST_CATEGORIES == ("salaries", "premises", "projects", "business_grants",
                                 "other_costs")
    grouped = b.GRANT_CATEGORIES + b.SALES_CATEGORIES + b.OTHER_INCOME_CATEGORIES
    assert sorted(grouped) == sorted(b.INCOME_CATEGORIES)


@pytest.mark.parametrize("kind,category,amount", [
    ("income", "salaries", 1), ("cost", "sale_of_services", 1), ("gift", "other_income", 1),
    ("income", "other_income", D("10.50")),
])
def test_invalid_lines_are_refused(kind, category, amount):
    with pytest.raises(ValueError):
        b.Line(2026, kind, category, D(amount))
