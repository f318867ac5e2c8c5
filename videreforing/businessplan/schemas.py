"""Schemas of the business plan's API (videreforing.businessplan.api)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from videreforing.lib.bounds import AMOUNT

from .models import TEXT_MAX

Decision = Literal["carry_on", "hand_over", "end"]
Status = Literal["planned", "ongoing", "completed"]


class BusinessPlanIdOut(Schema):
    id: int


class BusinessPlanExistsOut(Schema):
    """The answer to a second plan for a programme: the existing plan's id."""

    detail: str
    code: str
    message: str
    id: int


class ActivityIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    focus_area: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    status: Status | None = None
    yearly_cost: Decimal | None = Field(default=None, decimal_places=0,
                                       ge=AMOUNT.minimum, le=AMOUNT.maximum)
    results: str | None = Field(default=None, max_length=TEXT_MAX)
    decision: Decision
    handed_to: str | None = Field(default=None, max_length=200)
    handed_from: date | None = None
    reason: str | None = Field(default=None, max_length=TEXT_MAX)


class ActivityPatch(Schema):
    """The fields to correct and the version read (no lost update)."""

    version: int
    name: str | None = Field(default=None, min_length=1, max_length=200)
    focus_area: str | None = Field(default=None, max_length=200)
    owner: str | None = Field(default=None, max_length=200)
    status: Status | None = None
    yearly_cost: Decimal | None = Field(default=None, decimal_places=0,
                                       ge=AMOUNT.minimum, le=AMOUNT.maximum)
    results: str | None = Field(default=None, max_length=TEXT_MAX)
    decision: Decision | None = None
    handed_to: str | None = Field(default=None, max_length=200)
    handed_from: date | None = None
    reason: str | None = Field(default=None, max_length=TEXT_MAX)


class ActivityOut(Schema):
    id: int
    plan: int
    name: str
    focus_area: str
    owner: str
    status: str
    yearly_cost: int | None
    results: str
    decision: str
    handed_to: str
    handed_from: date | None
    reason: str
    version: int


class BusinessPlanOut(Schema):
    id: int
    programme: int
    created_by: str | None
    created_at: datetime
    version: int
    activities: list[ActivityOut]
