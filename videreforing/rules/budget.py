"""The new unit's five-year budget and financing (issue 12, point 5). Pure Python: no
Django import.

Budget lines are whole kroner (Decimal). Per plan year: income and cost totals, the
result (income − cost) and the cash at the year's end (capital paid in plus the
accumulated result); totals for the period; the share of income from grants, from sale
of services and from other income; and warnings, each a code with its figures (the
caller writes the message):

- `negative_cash`: cash at a year's end goes below zero; names the FIRST such year.
- `business_fund_operations` (E-FUND): a year has income from the municipal business
  fund and costs for salaries or premises. Business funds may not pay ordinary
  municipal operating tasks: a point to check, not a refusal (the fund may well pay
  project work while the municipality pays the operations).
- `state_aid_check` (E-AID): a year has municipal money (MUNICIPAL_FUNDING) and income
  from sale of services in a market: the funding may be state aid and must be judged;
  the register's reporting threshold is dated data (AID_THRESHOLDS), to be checked.
- `lines_outside_period`: lines whose year is not a plan year; they are left out of
  every figure.

Salary lines are taken as given: `compute` does not add the employer's contribution;
the caller adds it to the salary lines with `employer_contribution`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

INCOME = "income"
COST = "cost"
KINDS = (INCOME, COST)

MUNICIPAL_BASE_FUNDING = "municipal_base_funding"
SERVICE_AGREEMENT = "service_agreement"
OTHER_MUNICIPALITIES = "other_municipalities"
BUSINESS_FUND = "business_fund"
COUNTY = "county"
INNOVATION_NORWAY = "innovation_norway"
MEMBERSHIP_FEES = "membership_fees"
SALE_OF_SERVICES = "sale_of_services"
PROJECT_GRANTS = "project_grants"
OTHER_INCOME = "other_income"
INCOME_CATEGORIES = (
    MUNICIPAL_BASE_FUNDING, SERVICE_AGREEMENT, OTHER_MUNICIPALITIES, BUSINESS_FUND,
    COUNTY, INNOVATION_NORWAY, MEMBERSHIP_FEES, SALE_OF_SERVICES, PROJECT_GRANTS,
    OTHER_INCOME,
)

SALARIES = "salaries"
PREMISES = "premises"
PROJECTS = "projects"
BUSINESS_GRANTS = "business_grants"
OTHER_COSTS = "other_costs"
COST_CATEGORIES = (SALARIES, PREMISES, PROJECTS, BUSINESS_GRANTS, OTHER_COSTS)

CATEGORIES = {INCOME: INCOME_CATEGORIES, COST: COST_CATEGORIES}

# Grants versus sale of services. Grants: public money given to the unit, not paid for
# a service. Sales: payment for services, including the owners' service agreements
# (tjenesteavtale / bestillingsdokument: the municipality buys tasks). Membership fees
# and other income are neither.
GRANT_CATEGORIES = (
    MUNICIPAL_BASE_FUNDING, OTHER_MUNICIPALITIES, BUSINESS_FUND, COUNTY, INNOVATION_NORWAY,
    PROJECT_GRANTS,
)
SALES_CATEGORIES = (SERVICE_AGREEMENT, SALE_OF_SERVICES)
OTHER_INCOME_CATEGORIES = (MEMBERSHIP_FEES, OTHER_INCOME)

# E-FUND: costs that are ordinary operations, which a municipal business fund may not pay.
OPERATING_COSTS = (SALARIES, PREMISES)
# E-AID: municipal money that, funding a unit selling in a market, may be state aid.
MUNICIPAL_FUNDING = (MUNICIPAL_BASE_FUNDING, OTHER_MUNICIPALITIES, BUSINESS_FUND)
MARKET_SALES = (SALE_OF_SERVICES,)

NEGATIVE_CASH = "negative_cash"
BUSINESS_FUND_OPERATIONS = "business_fund_operations"
STATE_AID_CHECK = "state_aid_check"
LINES_OUTSIDE_PERIOD = "lines_outside_period"

# Employer's national insurance contribution (arbeidsgiveravgift), percent of salaries.
# Zone dependent (zone I: 14.1 %; lower in zones II–V): TO BE CHECKED for the unit's
# municipality (issue 12, point 5). The caller passes the rate it has confirmed.
EMPLOYER_CONTRIBUTION_RATE = Decimal("14.1")
EMPLOYER_CONTRIBUTION_RATE_TO_BE_CHECKED = True

KRONE = Decimal(1)
PERCENT_STEP = Decimal("0.1")


@dataclass(frozen=True)
class AidThreshold:
    """A dated state-aid amount (E-AID), in euro."""

    kind: str
    amount_eur: Decimal
    valid_from: date
    source: str = ""
    to_be_checked: bool = True


# E-AID: grants of EUR 100 000 or more are reported to the Register for state aid from
# 11 Dec 2023; de minimis EUR 200 000 over three fiscal years (old regulation; the new
# EU regulation 2023/2831 sets EUR 300 000 — whether Norway has taken it in was not
# found: to be checked).
AID_THRESHOLDS = (
    AidThreshold("register_reporting", Decimal(100_000), date(2023, 12, 11),
                 "regjeringen.no (offentlig støtte, melding til registeret)", False),
    AidThreshold("de_minimis", Decimal(200_000), date(2014, 1, 1),
                 "regjeringen.no; ks.no (old regulation, three fiscal years)", True),
)


@dataclass(frozen=True)
class Line:
    year: int
    kind: str  # INCOME or COST
    category: str  # one of CATEGORIES[kind]
    amount: Decimal  # whole kroner
    owner_income: bool = False  # E-INHOUSE: income from the owners for tasks they give

    def __post_init__(self) -> None:
        if self.kind not in CATEGORIES:
            raise ValueError(self.kind)
        if self.category not in CATEGORIES[self.kind]:
            raise ValueError(self.category)
        if Decimal(self.amount) != Decimal(self.amount).to_integral_value():
            raise ValueError(f"not whole kroner: {self.amount}")


@dataclass(frozen=True)
class BudgetWarning:
    code: str
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Shares:
    """Percent of the income (one decimal) from grants, sales and other; None without
    income (total zero or less)."""

    grants: Decimal | None
    sales: Decimal | None
    other: Decimal | None


@dataclass(frozen=True)
class Year:
    year: int
    income_total: Decimal
    cost_total: Decimal
    result: Decimal
    cash_end: Decimal
    income_by_category: dict[str, Decimal]  # every income category, zero included
    cost_by_category: dict[str, Decimal]  # every cost category, zero included
    owner_income: Decimal
    shares: Shares


@dataclass(frozen=True)
class Totals:
    income: Decimal
    cost: Decimal
    result: Decimal
    owner_income: Decimal
    shares: Shares


@dataclass(frozen=True)
class Budget:
    years: list[Year]
    totals: Totals
    warnings: list[BudgetWarning]

    @property
    def warning_codes(self) -> list[str]:
        return [w.code for w in self.warnings]


def employer_contribution(salaries: Decimal,
                          rate: Decimal = EMPLOYER_CONTRIBUTION_RATE) -> Decimal:
    """The employer's contribution on `salaries` at `rate` percent, whole kroner
    (rounded half up). The default rate is zone I's, to be checked."""
    return (Decimal(salaries) * Decimal(rate) / 100).quantize(KRONE, rounding=ROUND_HALF_UP)


def _percent(part: Decimal, total: Decimal) -> Decimal | None:
    if total <= 0:
        return None
    return (part * 100 / total).quantize(PERCENT_STEP, rounding=ROUND_HALF_UP)


def _shares(by_category: dict[str, Decimal], total: Decimal) -> Shares:
    def part(categories: tuple[str, ...]) -> Decimal:
        return sum((by_category[c] for c in categories), Decimal(0))

    return Shares(
        grants=_percent(part(GRANT_CATEGORIES), total),
        sales=_percent(part(SALES_CATEGORIES), total),
        other=_percent(part(OTHER_INCOME_CATEGORIES), total),
    )


def compute(lines: Iterable[Line], *, capital_paid_in: Decimal,
            years: Sequence[int]) -> Budget:
    """The budget over the plan `years` (in order), starting with `capital_paid_in`."""
    capital = Decimal(capital_paid_in)
    plan_years = sorted(set(years))
    income = {y: dict.fromkeys(INCOME_CATEGORIES, Decimal(0)) for y in plan_years}
    cost = {y: dict.fromkeys(COST_CATEGORIES, Decimal(0)) for y in plan_years}
    owner = dict.fromkeys(plan_years, Decimal(0))
    outside: set[int] = set()
    outside_count = 0

    for line in lines:
        if line.year not in income:
            outside.add(line.year)
            outside_count += 1
            continue
        amount = Decimal(line.amount)
        if line.kind == INCOME:
            income[line.year][line.category] += amount
            if line.owner_income:
                owner[line.year] += amount
        else:
            cost[line.year][line.category] += amount

    rows: list[Year] = []
    warnings: list[BudgetWarning] = []
    cash = capital
    first_negative: Year | None = None
    for y in plan_years:
        income_total = sum(income[y].values(), Decimal(0))
        cost_total = sum(cost[y].values(), Decimal(0))
        result = income_total - cost_total
        cash += result
        row = Year(
            year=y, income_total=income_total, cost_total=cost_total, result=result,
            cash_end=cash, income_by_category=income[y], cost_by_category=cost[y],
            owner_income=owner[y], shares=_shares(income[y], income_total),
        )
        rows.append(row)
        if cash < 0 and first_negative is None:
            first_negative = row

    if first_negative is not None:
        warnings.append(BudgetWarning(NEGATIVE_CASH, {
            "year": first_negative.year, "cash_end": first_negative.cash_end,
        }))

    for row in rows:  # E-FUND
        fund = row.income_by_category[BUSINESS_FUND]
        operating = [c for c in OPERATING_COSTS if row.cost_by_category[c] > 0]
        if fund > 0 and operating:
            warnings.append(BudgetWarning(BUSINESS_FUND_OPERATIONS, {
                "year": row.year, "business_fund": fund, "operating_costs": operating,
            }))

    for row in rows:  # E-AID
        municipal = sum((row.income_by_category[c] for c in MUNICIPAL_FUNDING), Decimal(0))
        sales = sum((row.income_by_category[c] for c in MARKET_SALES), Decimal(0))
        if municipal > 0 and sales > 0:
            warnings.append(BudgetWarning(STATE_AID_CHECK, {
                "year": row.year, "municipal_funding": municipal, "sale_of_services": sales,
            }))

    if outside:
        warnings.append(BudgetWarning(LINES_OUTSIDE_PERIOD, {
            "years": sorted(outside), "count": outside_count,
        }))

    total_income = sum((r.income_total for r in rows), Decimal(0))
    total_cost = sum((r.cost_total for r in rows), Decimal(0))
    period_income = {c: sum((income[y][c] for y in plan_years), Decimal(0))
                     for c in INCOME_CATEGORIES}
    totals = Totals(
        income=total_income, cost=total_cost, result=total_income - total_cost,
        owner_income=sum(owner.values(), Decimal(0)),
        shares=_shares(period_income, total_income),
    )
    return Budget(years=rows, totals=totals, warnings=warnings)


def income_lines(lines: Iterable[Line], years: Sequence[int] | None = None) -> list[Line]:
    """The income lines (of the plan years, when given): the input of inhouse.check."""
    return [line for line in lines if line.kind == INCOME
            and (years is None or line.year in years)]
