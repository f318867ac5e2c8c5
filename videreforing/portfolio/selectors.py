"""The adviser's portfolio (issue 10, points 2 and 5): one row per programme in the
user's counties (every programme for the national team), with the continuation's
status, the stored forecast and the risk, red/amber/green with its reasons.

The number of queries does not grow with the number of programmes: the programmes with
their last change (one query, annotated), their municipalities and counties, their
phases, the task counts per programme and phase (one aggregate query) and the stored
forecasts (`forecasts_for`, one query). Status, current phase and the gate are computed
in Python from these rows with the same rules as the per-programme selectors
(programmes/selectors.py) and the reminders (planning/reminders.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from videreforing.municipalities.models import Municipality
from videreforing.planning.forecasts import forecasts_for
from videreforing.planning.reminders import RISK_THRESHOLD
from videreforing.programmes.models import Phase, Programme, Task
from videreforing.programmes.selectors import STATUS_COLORS, status_label
from videreforing.rules import deadlines
from videreforing.rules import phases as phase_rules
from videreforing.rules import portfolio as rules

from .access import portfolio_programmes

RAG_LABELS = {
    rules.RED: gettext_noop("Rød"),
    rules.AMBER: gettext_noop("Gul"),
    rules.GREEN: gettext_noop("Grønn"),
    rules.UNKNOWN: gettext_noop("Beregnes"),
}
# Designsystemet colours of the risk tag (always beside its text, never alone).
RAG_COLORS = {rules.RED: "danger", rules.AMBER: "warning", rules.GREEN: "success",
              rules.UNKNOWN: "neutral"}
NO_PHASE = "none"  # filter value: the continuation has not started
PHASES = (*phase_rules.PHASE_ORDER, NO_PHASE)

# Sort keys (the `sort` parameter; "-key" sorts descending). Rows without a value
# (no forecast yet, no phase) come last either way.
SORT_KEYS = ("name", "municipalities", "county", "period_end", "latest_start", "status",
             "phase", "forecast", "probability", "slack", "overdue", "gate", "changed",
             "rag")
DEFAULT_SORT = "rag"


@dataclass
class Row:
    programme: Programme
    name: str
    municipalities: list[str]
    county_numbers: list[str]
    county_names: list[str]
    period_end: date
    latest_start: date
    operative_deadline: date
    status: str
    status_label: str
    status_color: str
    started_on: date | None
    started_in_time: bool | None
    current_phase: str | None
    current_phase_label: str
    forecast_pending: bool  # the plan changed: the forecast is being computed
    forecast_operative: date | None
    probability_on_time: float | None
    slack_days: int | None
    overdue_tasks: int
    gate_pending: bool
    gate_phase: str | None  # the phase waiting for its gate decision
    rag: str
    rag_label: str
    rag_color: str
    rag_reasons: list[str] = field(default_factory=list)  # rules.portfolio codes
    rag_reason: str = ""  # the reasons in words, joined
    updated_at: datetime | None = None  # the last change (history or the programme row)
    days_since_change: int | None = None


def check_filters(*, county=None, status=None, phase=None, risk=None, sort=None) -> None:
    """ValueError naming the parameter for a value the portfolio does not know."""
    if county and not (len(county) == 2 and county.isdigit()):
        raise ValueError("county")
    if status and status not in deadlines.ContinuationStatus.ALL:
        raise ValueError("status")
    if phase and phase not in PHASES:
        raise ValueError("phase")
    if risk and risk not in rules.RAGS:
        raise ValueError("risk")
    if sort and sort.removeprefix("-") not in SORT_KEYS:
        raise ValueError("sort")


def portfolio_rows(user, *, county: str | None = None, status: str | None = None,
                   phase: str | None = None, risk: str | None = None,
                   sort: str | None = None, today: date | None = None) -> list[Row]:
    """The rows of the user's portfolio, filtered and sorted. An unknown filter or sort
    value raises ValueError with the parameter's name; a user without a portfolio gets
    no rows (see access.py)."""
    check_filters(county=county, status=status, phase=phase, risk=risk, sort=sort)
    today = today or timezone.localdate()
    programmes = _programmes(user, county)
    if not programmes:
        return []
    counts = _task_counts([p.pk for p in programmes], today)
    forecasts = forecasts_for(programmes)
    rows = [_row(p, counts.get(p.pk, {}), forecasts.get(p.pk), today) for p in programmes]
    rows = [r for r in rows if (not status or r.status == status)
            and (not phase or (r.current_phase or NO_PHASE) == phase)
            and (not risk or r.rag == risk)]
    return sort_rows(rows, sort or DEFAULT_SORT)


def _programmes(user, county: str | None) -> list[Programme]:
    queryset = (
        portfolio_programmes(user)
        .select_related("continuation")
        .annotate(last_audit=Max("audit_entries__created_at"))
        .prefetch_related(
            Prefetch("municipalities",
                     queryset=Municipality.objects.select_related("county").order_by("number")),
            Prefetch("continuation__phases", queryset=Phase.objects.order_by("order")),
        )
    )
    if county:
        queryset = queryset.filter(pk__in=Programme.objects.filter(
            municipalities__county_id=county).values("pk"))
    return list(queryset.order_by("name", "pk"))


def _task_counts(programme_ids: list[int], today: date) -> dict[int, dict[str, dict]]:
    """Per programme and stage: tasks (not removed), open ones, overdue ones."""
    rows = (
        Task.objects.filter(continuation__programme_id__in=programme_ids,
                            removed_at__isnull=True)
        .values("continuation__programme_id", "phase")
        .annotate(total=Count("pk"), open=Count("pk", filter=Q(done=False)),
                  overdue=Count("pk", filter=Q(done=False, due_date__lt=today)))
        .order_by()
    )
    out: dict[int, dict[str, dict]] = {}
    for row in rows:
        out.setdefault(row["continuation__programme_id"], {})[row["phase"]] = dict(row)
    return out


def _row(programme: Programme, counts: dict[str, dict], forecast, today: date) -> Row:
    phase_list = list(programme.continuation.phases.all())
    main = next((p for p in phase_list if p.kind == Phase.Kind.MAIN_PROJECT), None)
    # As programmes.selectors.continuation_status, from the prefetched phases.
    status = deadlines.continuation_status(deadlines.ContinuationFacts(
        period_end=programme.period_end,
        any_phase_started=any(p.actual_start for p in phase_list),
        main_project_approved=bool(main and main.status == Phase.Status.COMPLETED),
    ), today)
    started = deadlines.continuation_start(programme.period_end,
                                           [p.actual_start for p in phase_list])
    current = rules.current_phase([(p.kind, p.status) for p in phase_list])
    waiting = next((p for p in phase_list if rules.gate_pending(
        phase_in_progress=p.status == Phase.Status.IN_PROGRESS,
        tasks=counts.get(p.kind, {}).get("total", 0),
        open_tasks=counts.get(p.kind, {}).get("open", 0))), None)
    overdue = sum(c["overdue"] for c in counts.values())
    known = forecast is not None
    assessment = rules.assess(rules.PortfolioFacts(
        status=status, forecast_known=known,
        slack_days=forecast.slack_days if known else None,
        probability_on_time=forecast.probability_on_time if known else None,
        overdue_tasks=overdue, gate_pending=waiting is not None,
    ), risk_threshold=RISK_THRESHOLD)
    municipalities = list(programme.municipalities.all())
    counties = sorted({m.county_id: m.county.name for m in municipalities}.items())
    changed = max((t for t in (getattr(programme, "last_audit", None), programme.updated_at)
                   if t is not None), default=None)
    row = Row(
        programme=programme, name=programme.name,
        municipalities=[m.name for m in municipalities],
        county_numbers=[number for number, _name in counties],
        county_names=[name for _number, name in counties],
        period_end=programme.period_end, latest_start=programme.latest_start,
        operative_deadline=programme.operative_deadline,
        status=status, status_label=status_label(status),
        status_color=STATUS_COLORS[status],
        started_on=started.started_on if started else None,
        started_in_time=started.in_time if started else None,
        current_phase=current,
        current_phase_label=str(Phase.Kind(current).label) if current else "",
        forecast_pending=not known,
        forecast_operative=forecast.forecast_operative if known else None,
        probability_on_time=forecast.probability_on_time if known else None,
        slack_days=forecast.slack_days if known else None,
        overdue_tasks=overdue, gate_pending=waiting is not None,
        gate_phase=waiting.kind if waiting else None,
        rag=assessment.rag, rag_label=_(RAG_LABELS[assessment.rag]),
        rag_color=RAG_COLORS[assessment.rag], rag_reasons=list(assessment.reasons),
        updated_at=changed,
        days_since_change=(today - timezone.localdate(changed)).days if changed else None,
    )
    row.rag_reason = "; ".join(reason_text(code, row) for code in assessment.reasons)
    if not row.rag_reason:
        row.rag_reason = _("Ingen varsler")
    return row


def _d(value: date) -> str:
    return date_format(value, "j. F Y")


def reason_text(code: str, row: Row) -> str:
    """One reason in Norwegian words."""
    if code == rules.FORECAST_LATE:
        days = -(row.slack_days or 0)
        return ngettext(
            "Prognosen for operativ enhet er %(days)s dag etter fristen %(date)s",
            "Prognosen for operativ enhet er %(days)s dager etter fristen %(date)s",
            days) % {"days": days, "date": _d(row.operative_deadline)}
    if code == rules.LATEST_START_PASSED:
        return _("Seneste oppstart %(date)s er passert uten at videreføringen har startet") % {
            "date": _d(row.latest_start)}
    if code == rules.LOW_PROBABILITY:
        return _("Sannsynligheten for operativ enhet i tide er under %(percent)s %%") % {
            "percent": round(RISK_THRESHOLD * 100)}
    if code == rules.LATEST_START_SOON:
        return _("Seneste oppstart er %(date)s, og videreføringen har ikke startet") % {
            "date": _d(row.latest_start)}
    if code == rules.GATE_PENDING:
        label = str(Phase.Kind(row.gate_phase).label).lower() if row.gate_phase else ""
        return _("Alle oppgavene i %(phase)s er utført, og beslutningspunktet venter på "
                 "vedtak") % {"phase": label}
    if code == rules.OVERDUE_TASKS:
        return ngettext("%(count)s oppgave på overtid", "%(count)s oppgaver på overtid",
                        row.overdue_tasks) % {"count": row.overdue_tasks}
    if code == rules.FORECAST_PENDING:
        return _("Prognosen beregnes etter en endring i planen")
    raise ValueError(code)


def _sort_value(row: Row, key: str):
    if key == "name":
        return row.name.casefold()
    if key == "municipalities":
        return ", ".join(row.municipalities).casefold()
    if key == "county":
        return ", ".join(row.county_numbers)
    if key == "period_end":
        return row.period_end
    if key == "latest_start":
        return row.latest_start
    if key == "status":
        return deadlines.ContinuationStatus.ALL.index(row.status)
    if key == "phase":
        return (phase_rules.PHASE_ORDER.index(row.current_phase)
                if row.current_phase else None)
    if key == "forecast":
        return row.forecast_operative
    if key == "probability":
        return row.probability_on_time
    if key == "slack":
        return row.slack_days
    if key == "overdue":
        return row.overdue_tasks
    if key == "gate":
        return int(row.gate_pending)
    if key == "changed":
        return row.days_since_change
    if key == "rag":
        return rules.RAGS.index(row.rag)
    raise ValueError("sort")


def sort_rows(rows: list[Row], sort: str) -> list[Row]:
    """Sort by one key ("-key": descending); ties by name. Missing values last."""
    key = sort.removeprefix("-")
    descending = sort.startswith("-")
    rows = sorted(rows, key=lambda r: (r.name.casefold(), r.programme.pk))
    present = [r for r in rows if _sort_value(r, key) is not None]
    missing = [r for r in rows if _sort_value(r, key) is None]
    present.sort(key=lambda r: _sort_value(r, key), reverse=descending)
    return present + missing


def portfolio_size(user) -> int:
    """How many programmes the portfolio has before any filter (for the empty state)."""
    return portfolio_programmes(user).count()
