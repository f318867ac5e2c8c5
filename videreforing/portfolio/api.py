"""API for the adviser's portfolio (issue 10, point 2): the same rows as the page
`/portefolje/`, from `portfolio.selectors.portfolio_rows`."""

from datetime import date, datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from videreforing.portfolio.access import has_portfolio
from videreforing.portfolio.selectors import portfolio_rows

router = Router(tags=["portfolio"])

StatusName = Literal["not_started", "due_soon", "overdue", "in_progress", "completed"]
PhaseFilter = Literal["pre_study", "pre_project", "main_project", "none"]
RagName = Literal["red", "amber", "green", "unknown"]
MAX_PAGE_SIZE = 500


class PortfolioRowOut(Schema):
    programme: int
    name: str
    municipalities: list[str]
    county_numbers: list[str]
    period_end: date
    latest_start: date
    status: str
    current_phase: str | None
    forecast_operative: date | None
    probability_on_time: float | None
    slack_days: int | None
    overdue_tasks: int
    gate_pending: bool
    rag: str
    rag_reason: str
    updated_at: datetime | None


class PortfolioOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[PortfolioRowOut]


@router.get("/portfolio", response=PortfolioOut)
def portfolio(request,
              county: str | None = Query(None, pattern=r"^[0-9]{2}$"),
              status: StatusName | None = None,
              phase: PhaseFilter | None = None,
              risk: RagName | None = None,
              page: int = Query(1, ge=1, le=1_000_000),
              page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE)):
    """The programmes of the adviser's counties (every programme for Innovasjon Norge's
    national team and administrators), most urgent first, with the continuation's
    status, the stored forecast (null figures while it is being computed: `rag` is then
    `unknown` unless a red reason is known) and the risk with its reasons in Norwegian.

    `phase=none`: not started. A user without a portfolio (a municipality's own people,
    who follow their programmes under `GET /programmes`) gets 403, as the page answers
    them 404: the portfolio is not theirs, and an empty list would look like an empty
    portfolio. A bad query value answers 422 naming the field."""
    user = request.auth
    if not has_portfolio(user):
        raise HttpError(403, _("Porteføljen er for Innovasjon Norges rådgivere."))
    rows = portfolio_rows(user, county=county, status=status, phase=phase, risk=risk)
    start = (page - 1) * page_size
    return {
        "count": len(rows), "page": page, "page_size": page_size,
        "results": [{
            "programme": row.programme.pk, "name": row.name,
            "municipalities": row.municipalities, "county_numbers": row.county_numbers,
            "period_end": row.period_end, "latest_start": row.latest_start,
            "status": row.status, "current_phase": row.current_phase,
            "forecast_operative": row.forecast_operative,
            "probability_on_time": row.probability_on_time, "slack_days": row.slack_days,
            "overdue_tasks": row.overdue_tasks, "gate_pending": row.gate_pending,
            "rag": row.rag, "rag_reason": row.rag_reason, "updated_at": row.updated_at,
        } for row in rows[start:start + page_size]],
    }
