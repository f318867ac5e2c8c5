"""Schemas of the programmes' API (videreforing.programmes.api)."""

from datetime import date, datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from videreforing.api.schemas import WarningOut
from videreforing.lib.bounds import DAYS
from videreforing.municipalities.schemas import MunicipalityOut
from videreforing.programmes.models import REASON_MAX, TEXT_MAX

PhaseKind = Literal["pre_study", "pre_project", "main_project"]
Stage = Literal["initiation", "pre_study", "pre_project", "main_project"]
RoleName = Literal[
    "project_owner", "process_leader", "project_group", "board_chair", "programme_manager",
    "observer",
]


class GateOut(Schema):
    id: int
    deciding_body: str
    decided_on: date
    outcome: str
    case_number: str
    note: str
    document: int | None = None
    version: int = 1


class PhaseOut(Schema):
    kind: str
    status: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    override_reason: str
    gate: GateOut | None


class ContinuationOut(Schema):
    latest_start: date
    operative_deadline: date
    status: str
    started_on: date | None = None  # the first phase's actual start (R-START)
    started_in_time: bool | None = None  # started on or before latest_start
    phases: list[PhaseOut]


class ProgrammeOut(Schema):
    id: int
    name: str
    municipalities: list[MunicipalityOut]
    period_start: date
    period_end: date
    warnings: list[WarningOut]
    continuation: ContinuationOut
    version: int
    is_demo: bool
    access: str


class MunicipalityRef(Schema):
    number: str


class ProgrammeIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    # "1837" or {"number": "1837"}, as the programme reads them back
    municipalities: list[str | MunicipalityRef] = Field(min_length=1)
    period_start: date
    period_end: date


class ProgrammePatch(Schema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    municipalities: list[str | MunicipalityRef] | None = None
    period_start: date | None = None
    period_end: date | None = None
    version: int | None = None


class StartIn(Schema):
    override_reason: str | None = Field(default=None, max_length=REASON_MAX)


class StartPatch(Schema):
    """A correction of the date the phase started, and why."""

    started_on: date
    reason: str = Field(max_length=REASON_MAX)


class UndoStartIn(Schema):
    reason: str = Field(max_length=REASON_MAX)


DecidingBodyName = Literal["restructuring_board", "executive_committee", "municipal_council",
                           "other"]
OutcomeName = Literal["approved", "rework", "stopped"]


class GateIn(Schema):
    deciding_body: DecidingBodyName
    decided_on: date
    outcome: OutcomeName
    case_number: str | None = Field(default=None, max_length=50)
    note: str | None = Field(default=None, max_length=TEXT_MAX)
    document: int | None = None


class GatePatch(Schema):
    """A correction of the current gate decision: the changed fields, why, and the
    version that was read (a stale version answers 409 with current_version)."""

    reason: str = Field(max_length=REASON_MAX)
    version: int
    deciding_body: DecidingBodyName | None = None
    decided_on: date | None = None
    outcome: OutcomeName | None = None
    case_number: str | None = Field(default=None, max_length=50)
    note: str | None = Field(default=None, max_length=TEXT_MAX)


class GateWarningOut(Schema):
    code: str
    tasks: list[int] = []


class GateRecordOut(GateOut):
    """The recorded decision as GateOut, plus `warnings` (issue 9, point 4)."""

    warnings: list[GateWarningOut] = []


class GateWithdrawIn(Schema):
    reason: str = Field(max_length=REASON_MAX)
    version: int | None = None


class DependencyIO(Schema):
    task: int
    lag_days: int = Field(default=0, ge=DAYS.minimum, le=DAYS.maximum)


class DependencyOut(Schema):
    """As stored: a value from before the bounds is read back, never a 500."""

    task: int
    lag_days: int


class TaskOut(Schema):
    id: int
    phase: str
    title: str
    description: str
    responsible_role: str
    assignee: str | None
    due_date: date | None
    done: bool
    started_on: date | None
    rule_id: str
    version: int
    duration_days: int | None
    optimistic_days: int | None
    likely_days: int | None
    pessimistic_days: int | None
    estimate_basis: str
    depends_on: list[DependencyOut]


class TaskIn(Schema):
    phase: Stage
    title: str = Field(min_length=1, max_length=200)
    description: str | None = None
    responsible_role: RoleName | None = None
    assignee: str | int | None = None
    due_date: date | None = None
    done: bool | None = False
    started_on: date | None = None
    duration_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    optimistic_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    likely_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    pessimistic_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    depends_on: list[DependencyIO] | None = None


class TaskPatch(Schema):
    version: int
    phase: Stage | None = None
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = None
    responsible_role: RoleName | Literal[""] | None = None
    assignee: str | int | None = None
    due_date: date | None = None
    done: bool | None = None
    started_on: date | None = None
    duration_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    optimistic_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    likely_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    pessimistic_days: int | None = Field(default=None, ge=DAYS.minimum, le=DAYS.maximum)
    depends_on: list[DependencyIO] | None = None


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: str


class MemberIn(Schema):
    email: str = Field(min_length=3, max_length=254)
    role: RoleName


class MemberPatch(Schema):
    role: RoleName


StakeholderKind = Literal["business", "organisation", "public_body", "other"]


class StakeholderOut(Schema):
    id: int
    name: str
    kind: str
    org_number: str
    contact_name: str
    contact_email: str
    contact_phone: str
    notes: str
    version: int


class StakeholderIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: StakeholderKind
    org_number: str | None = Field(default=None, max_length=20)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=30)
    notes: str | None = None


class StakeholderPatch(Schema):
    version: int | None = None
    name: str | None = Field(default=None, min_length=1, max_length=200)
    kind: StakeholderKind | None = None
    org_number: str | None = Field(default=None, max_length=20)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=30)
    notes: str | None = None


class HistoryOut(Schema):
    id: int
    action: str
    description: str
    actor: str | None
    created_at: datetime
    data: dict[str, Any]
