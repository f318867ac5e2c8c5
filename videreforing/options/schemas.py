"""Schemas of the options analysis' API (videreforing.options.api)."""

from decimal import Decimal

from ninja import Field, Schema

from videreforing.lib.bounds import COUNT, PERCENT, SCORE
from videreforing.options import services


class AnalysisIn(Schema):
    title: str | None = Field(default=None, max_length=200)
    weight_method: str | None = Field(default="percent", pattern="^(percent|ranking)$")


class IdOut(Schema):
    id: int


class AnalysisOut(Schema):
    id: int
    programme: int
    title: str
    weight_method: str
    alternatives: list[dict]
    criteria: list[dict]
    scores: list[dict]
    report_outdated: bool


class AlternativeIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    organisational_form: str
    financing: list[str] | str | None = None
    scope: str | None = None
    description: str | None = None
    scope_municipalities: list[str] | None = None


class AlternativePatch(Schema):
    """The fields to correct, the version read and, optionally, why."""

    version: int
    name: str | None = Field(default=None, max_length=200)
    organisational_form: str | None = None
    financing: list[str] | str | None = None
    financing_note: str | None = None
    scope: str | None = None
    scope_note: str | None = Field(default=None, max_length=300)
    description: str | None = None
    scope_municipalities: list[str] | None = None
    reason: str | None = Field(default=None, max_length=services.REASON_MAX_LENGTH)


class OptionsRemoveIn(Schema):
    reason: str | None = Field(default=None, max_length=services.REASON_MAX_LENGTH)


class AlternativeOut(Schema):
    id: int
    name: str
    organisational_form: str
    financing: list[str]
    financing_note: str
    scope: str
    scope_note: str
    description: str
    version: int


class OptionsCriterionIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    weight: Decimal | None = Field(default=None, ge=PERCENT.minimum, le=PERCENT.maximum)
    rank: int | None = Field(default=None, ge=1, le=COUNT.maximum)
    description: str | None = None


class CriterionPatch(Schema):
    """The fields to correct, the version read and, optionally, why. `weight` under the
    percent method, `rank` under the ranking method (the weights follow)."""

    version: int
    name: str | None = Field(default=None, max_length=200)
    description: str | None = None
    weight: Decimal | None = Field(default=None, ge=PERCENT.minimum, le=PERCENT.maximum)
    rank: int | None = Field(default=None, ge=1, le=COUNT.maximum)
    reason: str | None = Field(default=None, max_length=services.REASON_MAX_LENGTH)


class OptionsCriterionOut(Schema):
    id: int
    name: str
    weight: float
    rank: int | None
    description: str
    version: int


class ScoreIn(Schema):
    alternative: int
    criterion: int
    score: Decimal = Field(ge=SCORE.minimum, le=SCORE.maximum)
    reason: str


class ScorePatch(Schema):
    """A corrected score and/or its reason (the justification), with the version read."""

    version: int
    score: Decimal | None = Field(default=None, ge=SCORE.minimum, le=SCORE.maximum)
    reason: str | None = None


class ScoreOut(Schema):
    id: int
    alternative: int
    criterion: int
    score: float
    reason: str
    version: int


class RankOut(Schema):
    alternative: int
    name: str
    total: float
    rank: int


class StabilityOut(Schema):
    criterion: int
    weight: float
    min_weight: float
    max_weight: float
    smallest_change: float | None


class ResultOut(Schema):
    ranking: list[RankOut]
    stability: list[StabilityOut]
    close_call: bool


class ReportOut(Schema):
    id: int
    version: int
    title: str
