"""The in-house check for the new unit (issue 12, point 3). Pure Python: no Django import.

E-INHOUSE (anskaffelsesforskriften §§ 3-1 and 3-2; directive 2014/24 art. 12): the
owning authorities may award contracts to the unit without a tender only when all three
conditions hold. Each failing condition gives one reason, with its figures, so the
caller can write the message:

- `private_owner`: an owner of kind `private` holds a share (any share, however small:
  private co-owners break the exemption). Data: `owners` (names), `share` (their total,
  percent).
- `no_public_control`: the public owners do not together control the unit. "Control"
  is judged here, as a plain rule on the ownership register, as: the shares of the
  public owners (kinds `municipality`, `county`, `iks`, `public_other`) sum to exactly
  100 %. No owners at all is no control. A private owner therefore fails this condition
  too, and both reasons are given. Data: `public_share` (percent), `required` (100).
  Decisive influence through the articles or an agreement is not judged here.
- `owner_income_share`: MORE than 80 % of the unit's income over the plan period must
  come from the owning authorities for tasks they give it (income lines marked
  `owner_income`); 80 % exactly is not enough. Without income (total zero or less) the
  condition cannot be shown and fails with share None. Data: `share` (percent, one
  decimal, rounded down so it never overstates the share; None without income),
  `required` (80).

The verdict compares exact figures; only the reported share is rounded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Protocol

MUNICIPALITY = "municipality"
COUNTY = "county"
IKS = "iks"
PUBLIC_OTHER = "public_other"
PRIVATE = "private"
PUBLIC_KINDS = (MUNICIPALITY, COUNTY, IKS, PUBLIC_OTHER)
KINDS = (*PUBLIC_KINDS, PRIVATE)

PRIVATE_OWNER = "private_owner"
NO_PUBLIC_CONTROL = "no_public_control"
OWNER_INCOME_SHARE = "owner_income_share"
SHARES_SUM = "shares_sum"  # validation error, see validate_shares

# E-INHOUSE: directive 2014/24/EU art. 12(1)(b) (and 12(3)(b) for joint control):
# more than 80 % of the activity is carried out for the controlling authorities
# (anskaffelsesforskriften §§ 3-1 and 3-2). Strictly more: 80 % exactly is not enough.
OWNER_INCOME_THRESHOLD = Decimal(80)
FULL_SHARE = Decimal(100)  # shares sum to 100 %; the public owners must hold all of it

SHARE_STEP = Decimal("0.1")


@dataclass(frozen=True)
class Owner:
    name: str
    kind: str  # one of KINDS
    share: Decimal  # percent of the unit, 0..100
    capital: Decimal = Decimal(0)  # capital paid in, kroner

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(self.kind)

    @property
    def public(self) -> bool:
        return self.kind in PUBLIC_KINDS


class IncomeLine(Protocol):
    """An income line over the plan period (budget.Line of kind income fits)."""

    @property
    def amount(self) -> Decimal: ...

    @property
    def owner_income(self) -> bool: ...


@dataclass(frozen=True)
class Income:
    amount: Decimal
    owner_income: bool = False


@dataclass(frozen=True)
class Reason:
    """A failing condition (or a validation error): a code and the figures behind it."""

    code: str
    data: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    eligible: bool
    owner_income_share: Decimal | None  # percent, 0..100; None without income
    reasons: list[Reason]

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]


def validate_shares(owners: Iterable[Owner]) -> Reason | None:
    """The owners' shares must sum to 100 %: None when they do, else a `shares_sum`
    error with the total and the required 100. Each share must also be in 0..100."""
    owners = list(owners)
    total = sum((Decimal(o.share) for o in owners), Decimal(0))
    bad = [o.name for o in owners if not Decimal(0) <= Decimal(o.share) <= FULL_SHARE]
    if total != FULL_SHARE or bad:
        return Reason(SHARES_SUM, {"total": total, "required": FULL_SHARE,
                                   "out_of_range": bad})
    return None


def owner_income_share(income: Iterable[IncomeLine]) -> Decimal | None:
    """Percent of the income from owner income, rounded down to one decimal; None when
    the total income is zero or less."""
    return _share(*_income_totals(income))


def _share(total: Decimal, owner: Decimal) -> Decimal | None:
    if total <= 0:
        return None
    return (owner * 100 / total).quantize(SHARE_STEP, rounding=ROUND_DOWN)


def _income_totals(income: Iterable[IncomeLine]) -> tuple[Decimal, Decimal]:
    total = owner = Decimal(0)
    for line in income:
        amount = Decimal(line.amount)
        total += amount
        if line.owner_income:
            owner += amount
    return total, owner


def check(owners: Iterable[Owner], income: Iterable[IncomeLine]) -> Verdict:
    """E-INHOUSE verdict over the owners and the plan period's income lines.

    Shares are expected to be valid (validate_shares); invalid shares are not refused
    here, they simply fail the control condition unless the public shares are 100."""
    owners = list(owners)
    reasons: list[Reason] = []

    private = [o for o in owners if not o.public]
    if private:
        reasons.append(Reason(PRIVATE_OWNER, {
            "owners": [o.name for o in private],
            "share": sum((Decimal(o.share) for o in private), Decimal(0)),
        }))

    public_share = sum((Decimal(o.share) for o in owners if o.public), Decimal(0))
    if public_share != FULL_SHARE:
        reasons.append(Reason(NO_PUBLIC_CONTROL, {
            "public_share": public_share, "required": FULL_SHARE,
        }))

    total, owner = _income_totals(income)
    share = _share(total, owner)
    # Exact comparison, no rounding: owner / total > 80 / 100.
    if total <= 0 or not owner * 100 > OWNER_INCOME_THRESHOLD * total:
        reasons.append(Reason(OWNER_INCOME_SHARE, {
            "share": share, "required": OWNER_INCOME_THRESHOLD,
        }))

    return Verdict(eligible=not reasons, owner_income_share=share, reasons=reasons)
