"""Schemas of the procurement API (videreforing.procurement.api)."""

from datetime import date, time
from decimal import Decimal

from ninja import Field, Schema

from videreforing.api.schemas import WarningOut
from videreforing.lib.bounds import AMOUNT, PERCENT
from videreforing.procurement.models import BID_PRICE


class TenderIn(Schema):
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    estimated_value: Decimal = Field(ge=AMOUNT.minimum, le=AMOUNT.maximum)
    procedure: str | None = Field(default="open", pattern="^(open|restricted|negotiation)$")
    contract_start: date | None = None
    contract_end: date | None = None
    tender_deadline: date | None = None
    # The contracting authority named to suppliers; empty name: the programme's first
    # municipality.
    authority_name: str | None = Field(default=None, max_length=200)
    authority_org_number: str | None = Field(default=None, max_length=20)
    deadline_time: time | None = None
    submission_address: str | None = Field(default=None, max_length=300)


class TenderPatch(Schema):
    """Correct a tender in preparation; only the fields sent change. `version` is the
    version read (a stale one answers 409 stale_version)."""

    version: int | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    estimated_value: Decimal | None = Field(default=None, ge=AMOUNT.minimum,
                                            le=AMOUNT.maximum)
    procedure: str | None = Field(default=None, pattern="^(open|restricted|negotiation)$")
    contract_start: date | None = None
    contract_end: date | None = None
    tender_deadline: date | None = None
    authority_name: str | None = Field(default=None, max_length=200)
    authority_org_number: str | None = Field(default=None, max_length=20)
    deadline_time: time | None = None
    submission_address: str | None = Field(default=None, max_length=300)


class ProcessLeaderOut(Schema):
    """What an award did about the process leader: added, changed, unchanged or none."""

    outcome: str
    email: str | None = None


class ContractOut(Schema):
    signed_on: date
    value: int
    period_start: date | None = None
    period_end: date | None = None
    contact_name: str = ""
    contact_email: str = ""


class TenderOut(Schema):
    """`status` is the tender's state: draft, announced, deadline_passed (bids registered
    and opened), evaluated (every bid scored), awarded, standstill (notice sent, the
    standstill period running until `standstill_ends`, its last day), notice_sent (no
    standstill, or it has ended), contract_signed, or cancelled."""

    id: int
    programme: int
    title: str
    description: str
    estimated_value: int
    procedure: str
    regime: str
    doffin_required: bool
    ted_required: bool
    min_tender_days: int | None
    min_request_days: int | None
    tender_deadline: date | None
    # The first day the award is possible: the day after the tender deadline.
    award_possible_from: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    authority_name: str = ""
    authority_org_number: str = ""
    deadline_time: time | None = None
    submission_address: str = ""
    status: str
    winner: int | None
    awarded_on: date | None = None
    announced_on: date | None = None
    announcement_channels: list[str] = []
    announcement_reference: str = ""
    notice_sent_on: date | None = None
    standstill_days: int | None = None
    # The last day of the standstill; the contract may be signed from the day after.
    standstill_ends: date | None = None
    contract: ContractOut | None = None
    consequences: list[str]
    warnings: list[WarningOut]
    version: int
    process_leader: ProcessLeaderOut | None = None


class SupplierIn(Schema):
    org_number: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=200)
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    experience: str | None = None


class SupplierOut(Schema):
    id: int
    org_number: str
    name: str
    contact_name: str
    contact_email: str
    experience: str
    version: int


class SupplierPatch(Schema):
    version: int | None = None
    org_number: str | None = Field(default=None, min_length=1, max_length=20)
    name: str | None = Field(default=None, min_length=1, max_length=200)
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    experience: str | None = None


class TenderCriterionIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: str = Field(min_length=1, max_length=40)
    weight: Decimal = Field(gt=0, le=PERCENT.maximum, max_digits=5, decimal_places=2)
    price_model: str | None = Field(default=None, pattern="^(linear|proportional)$")
    scoring: str | None = None
    climate_exception: str | None = None


class TenderCriterionOut(Schema):
    id: int
    name: str
    kind: str
    weight: float
    price_model: str | None
    version: int = 1


class TenderCriterionPatch(Schema):
    version: int | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: str | None = Field(default=None, min_length=1, max_length=40)
    weight: Decimal | None = Field(default=None, gt=0, le=PERCENT.maximum, max_digits=5,
                                   decimal_places=2)
    price_model: str | None = Field(default=None, pattern="^(linear|proportional|)$")
    scoring: str | None = None
    climate_exception: str | None = None


class RequirementIn(Schema):
    text: str = Field(min_length=1, max_length=300)
    documentation: str | None = None


class RequirementOut(Schema):
    id: int
    text: str
    documentation: str
    version: int = 1


class RequirementPatch(Schema):
    version: int | None = None
    text: str | None = Field(default=None, min_length=1, max_length=300)
    documentation: str | None = None


class BidIn(Schema):
    supplier_org_number: str
    price: Decimal = Field(ge=BID_PRICE.minimum, le=BID_PRICE.maximum)
    scores: dict[int, Decimal] = {}
    justifications: dict[int, str] = {}
    qualified: bool = True
    rejected: bool = False
    rejection_reason: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    documents: str | None = None
    received_on: date | None = None


class BidOut(Schema):
    id: int
    supplier_org_number: str
    price: int
    qualified: bool
    rejected: bool
    rejection_reason: str
    version: int = 1
    scores: dict[int, float] = {}
    justifications: dict[int, str] = {}
    contact_name: str = ""
    contact_email: str = ""
    received_on: date | None = None
    documents: str = ""


class BidPatch(Schema):
    """Only the fields given change. `scores` like the create call (a null score clears
    it); `justifications` may correct the text of a stored score."""

    version: int
    price: Decimal | None = Field(default=None, ge=BID_PRICE.minimum, le=BID_PRICE.maximum)
    scores: dict[int, Decimal | None] | None = None
    justifications: dict[int, str] | None = None
    qualified: bool | None = None
    rejected: bool | None = None
    rejection_reason: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    documents: str | None = None
    received_on: date | None = None


class ProcurementRemoveIn(Schema):
    version: int | None = None
    reason: str | None = None


class ReopenIn(Schema):
    reason: str
    version: int | None = None


class RankingRow(Schema):
    bid: int
    supplier_org_number: str
    total: float
    scores: dict[int, float]
    rank: int


class SensitivityOut(Schema):
    criterion: int
    weight: float
    min_weight: float
    max_weight: float
    smallest_change: float | None


class EvaluationOut(Schema):
    ranking: list[RankingRow]
    winner: int | None
    excluded: list[BidOut]
    lowest_price: int | None
    sensitivity: list[SensitivityOut]


class AwardIn(Schema):
    bid: int
    reason: str | None = None
    # The day the award was decided, if earlier than today (not before the day after
    # the deadline).
    decided_on: date | None = None


class AnnounceIn(Schema):
    """Where: "doffin", "ted" and/or "invited" (invited suppliers). `announced_on`
    defaults to today."""

    announced_on: date | None = None
    channels: list[str] = Field(min_length=1, max_length=3)
    reference: str | None = Field(default=None, max_length=300)
    version: int | None = None


class NoticeIn(Schema):
    """`sent_on` defaults to today. `advantages`: the winner's relative advantages,
    required in parts II and III."""

    sent_on: date | None = None
    advantages: str | None = None
    version: int | None = None


class ContractIn(Schema):
    signed_on: date
    value: Decimal = Field(ge=AMOUNT.minimum, le=AMOUNT.maximum)
    period_start: date | None = None
    period_end: date | None = None
    # Empty: the winning bid's contact person.
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254)
    version: int | None = None


class DocumentOut(Schema):
    """A generated document of the tender: `audience` is "suppliers" (sent to them) or
    "buyer" (the procurement record); `url` downloads it with the same access as the
    tender's page."""

    kind: str
    title: str
    audience: str
    format: str
    bid: int | None = None
    url: str


class SuggestionIn(Schema):
    supplier_org_number: str
    note: str | None = None
