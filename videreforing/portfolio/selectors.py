"""The adviser's portfolio (issue 10, points 2 and 5): one row per programme in the
user's counties (every programme for the national team), with the continuation's
status, the stored forecast and the risk, red/amber/green with its reasons.

The number of queries does not grow with the number of programmes, and no row is a
model read from the database (issue 10, point 6): the programmes with their stored
forecast and the facts stored with it for the same plan version (started, current
phase, gate waiting, main project approved: planning/forecasts.py `plan_facts`), as
values in one query; their municipalities and counties (one query); the overdue tasks
(one aggregate query) and the last history entry (one Max aggregate), which depend on
today. Status and risk are computed in Python from these with the same rules as the
per-programme selectors (programmes/selectors.py) and the reminders
(planning/reminders.py). A programme whose stored forecast is for an older plan has its
facts read now (two more queries for all of them) while it is recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from videreforing.audit.models import AuditEntry
from videreforing.planning.forecasts import PlanFacts, facts_for, queue_recompute
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
    rag_reason: str = ""  # the reasons in words, joined (the API and the exports)
    rag_reason_texts: list[str] = field(default_factory=list)  # one per reason (the page)
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
    queryset = _programmes(user, county)
    programmes = list(queryset.values(*_PROGRAMME_FIELDS, *_FORECAST_FIELDS)
                      .order_by("name", "pk"))
    if not programmes:
        return []
    ids = queryset.values("pk")
    places = _places(ids)
    overdue = _overdue_tasks(ids, today)
    changes = _last_changes(ids)
    # A forecast for an older plan version is never shown (forecasts.forecasts_for): its
    # figures are "being computed", and its facts are read now for these rows only.
    stale = [p["pk"] for p in programmes
             if p["forecast__plan_version"] != p["plan_version"]]
    queue_recompute(stale)
    facts = facts_for(stale)
    texts = _Texts()
    rows = [_row(p, places.get(p["pk"], ([], [])), overdue.get(p["pk"], 0),
                 changes.get(p["pk"]), facts.get(p["pk"]), today, texts) for p in programmes]
    rows = [r for r in rows if (not status or r.status == status)
            and (not phase or (r.current_phase or NO_PHASE) == phase)
            and (not risk or r.rag == risk)]
    return sort_rows(rows, sort or DEFAULT_SORT)


# Read as values, not model instances: a row is cheap (issue 10, point 6).
_PROGRAMME_FIELDS = ("pk", "name", "period_start", "period_end", "is_demo", "updated_at",
                     "plan_version")
_FORECAST_FIELDS = ("forecast__plan_version", "forecast__forecast_operative",
                    "forecast__probability_on_time", "forecast__slack_days",
                    "forecast__started_on", "forecast__current_phase",
                    "forecast__gate_phase", "forecast__main_completed")


def _programmes(user, county: str | None) -> QuerySet[Programme]:
    queryset = portfolio_programmes(user)
    if county:
        queryset = queryset.filter(pk__in=Programme.objects.filter(
            municipalities__county_id=county).values("pk"))
    return queryset


def _places(ids) -> dict[int, tuple[list[str], list[tuple[str, str]]]]:
    """Per programme: its municipalities' names by number, and its counties as (number,
    name) by number. One query."""
    through = Programme.municipalities.through
    out: dict[int, tuple[list[str], dict[str, str]]] = {}
    for pk, name, number, county_name in (
            through.objects.filter(programme_id__in=ids)
            .values_list("programme_id", "municipality__name", "municipality__county_id",
                         "municipality__county__name")
            .order_by("municipality__number")):
        names, counties = out.setdefault(pk, ([], {}))
        names.append(name)
        counties[number] = county_name
    return {pk: (names, sorted(counties.items())) for pk, (names, counties) in out.items()}


def _overdue_tasks(ids, today: date) -> dict[int, int]:
    """Open tasks (not removed) past their due date, per programme. One query."""
    return dict(
        Task.objects.filter(continuation__programme_id__in=ids, removed_at__isnull=True,
                            done=False, due_date__lt=today)
        .values("continuation__programme_id").annotate(n=Count("pk"))
        .values_list("continuation__programme_id", "n").order_by()
    )


def _last_changes(ids) -> dict[int, datetime]:
    """When the latest history entry of each programme was written. One query: the
    latest entry is the one with the highest id (entries are numbered as they are
    written), which the index on the programme finds without reading the table."""
    latest = (AuditEntry.objects.filter(programme_id__in=ids).values("programme_id")
              .annotate(latest=Max("pk")).values("latest").order_by())
    return dict(AuditEntry.objects.filter(pk__in=latest)
                .values_list("programme_id", "created_at").order_by())


class _Texts:
    """The labels many rows share, translated once per list."""

    def __init__(self) -> None:
        self.status = {code: status_label(code) for code in deadlines.ContinuationStatus.ALL}
        self.rag = {code: _(label) for code, label in RAG_LABELS.items()}
        self.phase = {code: str(label) for code, label in Phase.Kind.choices}
        self.no_reason = _("Ingen varsler")


def _row(values: dict, places: tuple[list[str], list[tuple[str, str]]], overdue: int,
         last_audit: datetime | None, facts: PlanFacts | None, today: date,
         texts: _Texts) -> Row:
    programme = Programme(id=values["pk"], name=values["name"],
                          period_start=values["period_start"],
                          period_end=values["period_end"], is_demo=values["is_demo"],
                          updated_at=values["updated_at"],
                          plan_version=values["plan_version"])
    known = facts is None  # the stored forecast is for the current plan version
    if facts is None:
        facts = PlanFacts(started_on=values["forecast__started_on"],
                          current_phase=values["forecast__current_phase"] or None,
                          gate_phase=values["forecast__gate_phase"] or None,
                          main_completed=values["forecast__main_completed"])
    slack = values["forecast__slack_days"] if known else None
    probability = values["forecast__probability_on_time"] if known else None
    # As programmes.selectors.continuation_status and continuation_start.
    status = deadlines.continuation_status(deadlines.ContinuationFacts(
        period_end=programme.period_end, any_phase_started=facts.started_on is not None,
        main_project_approved=facts.main_completed), today)
    latest_start = programme.latest_start
    started = (deadlines.ContinuationStart(facts.started_on, latest_start)
               if facts.started_on else None)  # as deadlines.continuation_start
    current = facts.current_phase
    assessment = rules.assess(rules.PortfolioFacts(
        status=status, forecast_known=known, slack_days=slack,
        probability_on_time=probability, overdue_tasks=overdue,
        gate_pending=facts.gate_phase is not None,
    ), risk_threshold=RISK_THRESHOLD)
    names, counties = places
    changed = max((t for t in (last_audit, programme.updated_at) if t is not None),
                  default=None)
    row = Row(
        programme=programme, name=programme.name, municipalities=names,
        county_numbers=[number for number, _name in counties],
        county_names=[name for _number, name in counties],
        period_end=programme.period_end, latest_start=latest_start,
        operative_deadline=programme.operative_deadline,
        status=status, status_label=texts.status[status],
        status_color=STATUS_COLORS[status],
        started_on=started.started_on if started else None,
        started_in_time=started.in_time if started else None,
        current_phase=current,
        current_phase_label=texts.phase[current] if current else "",
        forecast_pending=not known,
        forecast_operative=values["forecast__forecast_operative"] if known else None,
        probability_on_time=probability, slack_days=slack,
        overdue_tasks=overdue, gate_pending=facts.gate_phase is not None,
        gate_phase=facts.gate_phase,
        rag=assessment.rag, rag_label=texts.rag[assessment.rag],
        rag_color=RAG_COLORS[assessment.rag], rag_reasons=list(assessment.reasons),
        updated_at=changed,
        days_since_change=(today - timezone.localdate(changed)).days if changed else None,
    )
    row.rag_reason_texts = [reason_text(code, row) for code in assessment.reasons]
    row.rag_reason = "; ".join(row.rag_reason_texts)
    if not row.rag_reason:
        row.rag_reason = texts.no_reason
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
        # Worst first: red, amber, unknown, green (rules.portfolio.RAGS); within a
        # colour the least slack first (no figure yet: after those with one), then name.
        return (rules.RAGS.index(row.rag), row.slack_days is None,
                row.slack_days if row.slack_days is not None else 0, row.name.casefold())
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
