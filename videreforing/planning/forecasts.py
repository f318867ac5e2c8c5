"""Stored, never stale forecasts (issue 10, point 1).

Every change to a programme's plan (tasks, estimates, dependencies, phases, gates,
period) bumps `Programme.plan_version` in the same transaction (planning/signals.py).
The schedule and risk figures are stored in `Forecast` with the plan version and the
day they were computed for; after the change they are recomputed once the transaction
commits (in the request, for one programme) or by a django-tasks job (bulk changes).

Readers:
- `current_forecast(programme)` for one programme: the stored row when it is for the
  current plan version and today, else computed now and stored;
- `forecasts_for(programmes)` for lists: one query; a row for an older plan version is
  never returned (None: "being computed", and a job is queued).
The risk simulation's seed is derived from the plan (rules.schedule.plan_seed), so two
servers computing the same plan store the same figures."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from videreforing.programmes.models import Phase, Programme, Task
from videreforing.rules import phases as phase_rules
from videreforing.rules import portfolio as portfolio_rules
from videreforing.rules import schedule as rules

from .models import Forecast
from .plan import SAMPLES, ProgrammeSchedule, schedule_for


def bump_plan_version(programme_id: int | None) -> None:
    """The plan of `programme_id` changed: a new plan version in this transaction, and a
    recomputation once it commits."""
    if programme_id is None:
        return
    Programme.objects.filter(pk=programme_id).update(plan_version=F("plan_version") + 1)
    transaction.on_commit(lambda: refresh_if_stale(programme_id))


def bump_plan_versions(programme_ids: Iterable[int]) -> None:
    """A bulk change (a template update, a data migration): new plan versions for all,
    recomputed by the worker."""
    ids = sorted(set(programme_ids))
    if not ids:
        return
    Programme.objects.filter(pk__in=ids).update(plan_version=F("plan_version") + 1)
    from .tasks import recompute_forecasts

    transaction.on_commit(lambda: recompute_forecasts.enqueue(ids))


@dataclass(frozen=True)
class PlanFacts:
    """What the portfolio shows of a plan besides its figures; changes only with the
    plan (every change bumps the plan version), so it is stored with the forecast."""

    started_on: date | None  # R-START: the first phase's actual start
    current_phase: str | None  # rules.portfolio.current_phase
    gate_phase: str | None  # the phase waiting for its gate decision
    main_completed: bool  # the main project approved: the continuation is completed


def plan_facts(phases: Iterable[tuple[str, str, date | None]],
               tasks: dict[str, tuple[int, int]]) -> PlanFacts:
    """The facts from the phases, as (kind, status, actual start), and the tasks per
    stage, as (tasks, open tasks) without removed ones; the same rules as
    programmes.selectors (status, start) and the gate reminder (rules.portfolio)."""
    ordered = sorted(phases, key=lambda p: phase_rules.PHASE_ORDER.index(p[0])
                     if p[0] in phase_rules.PHASE_ORDER else len(phase_rules.PHASE_ORDER))
    starts = [start for _kind, _status, start in ordered if start is not None]
    waiting = next((kind for kind, status, _start in ordered if portfolio_rules.gate_pending(
        phase_in_progress=status == Phase.Status.IN_PROGRESS,
        tasks=tasks.get(kind, (0, 0))[0], open_tasks=tasks.get(kind, (0, 0))[1])), None)
    return PlanFacts(
        started_on=min(starts) if starts else None,
        current_phase=portfolio_rules.current_phase([(k, s) for k, s, _ in ordered]),
        gate_phase=waiting,
        main_completed=any(kind == phase_rules.MAIN_PROJECT
                           and status == Phase.Status.COMPLETED
                           for kind, status, _start in ordered),
    )


def stored_facts(forecast: Forecast) -> PlanFacts:
    return PlanFacts(started_on=forecast.started_on,
                     current_phase=forecast.current_phase or None,
                     gate_phase=forecast.gate_phase or None,
                     main_completed=forecast.main_completed)


def list_facts(forecasts: dict[int, Forecast | None]) -> dict[int, PlanFacts]:
    """The facts of each programme of `forecasts_for`: stored with its forecast, or read
    now (two queries for all) when the forecast is being recomputed."""
    now = facts_for([pk for pk, forecast in forecasts.items() if forecast is None])
    return {pk: stored_facts(forecast) if forecast is not None else now[pk]
            for pk, forecast in forecasts.items()}


def _facts_of_plan(plan: ProgrammeSchedule) -> PlanFacts:
    """From the phases and tasks the schedule was computed from (no query when the
    programme's phases were read with the page)."""
    tasks: dict[str, tuple[int, int]] = {}
    for item in plan.items.values():
        if item.kind == "task":
            total, open_ = tasks.get(item.stage, (0, 0))
            tasks[item.stage] = (total + 1, open_ + (not getattr(item.obj, "done", False)))
    phases = [(p.kind, p.status, p.actual_start)
              for p in plan.programme.continuation.phases.all()]
    return plan_facts(phases, tasks)


def facts_for(programme_ids: list[int]) -> dict[int, PlanFacts]:
    """The facts of programmes whose stored forecast is missing or for an older plan
    version, read now (two queries whatever the number)."""
    if not programme_ids:
        return {}
    phases: dict[int, list[tuple[str, str, date | None]]] = {}
    for pk, kind, status, start in (
            Phase.objects.filter(continuation__programme_id__in=programme_ids)
            .values_list("continuation__programme_id", "kind", "status", "actual_start")
            .order_by()):
        phases.setdefault(pk, []).append((kind, status, start))
    tasks: dict[int, dict[str, tuple[int, int]]] = {}
    for row in (Task.objects.filter(continuation__programme_id__in=programme_ids,
                                    removed_at__isnull=True)
                .values("continuation__programme_id", "phase")
                .annotate(total=Count("pk"), open=Count("pk", filter=Q(done=False)))
                .order_by()):
        tasks.setdefault(row["continuation__programme_id"], {})[row["phase"]] = (
            row["total"], row["open"])
    return {pk: plan_facts(phases.get(pk, []), tasks.get(pk, {})) for pk in programme_ids}


def queue_recompute(programme_ids: list[int]) -> None:
    """Recompute these stale forecasts in the worker once the transaction commits."""
    if not programme_ids:
        return
    from .tasks import recompute_forecasts

    ids = sorted(set(programme_ids))
    transaction.on_commit(lambda: recompute_forecasts.enqueue(ids))


def store(plan: ProgrammeSchedule, plan_version: int) -> Forecast:
    risk = plan.risk
    facts = _facts_of_plan(plan)
    values = {
        "plan_version": plan_version,
        "computed_on": plan.today,
        "forecast_operative": plan.forecast_operative,
        "operative_deadline": plan.operative_deadline,
        "slack_days": plan.slack_days,
        "probability_on_time": risk.probability_on_time if risk else None,
        "p50": risk.p50 if risk else None,
        "p80": risk.p80 if risk else None,
        "samples": risk.samples if risk else 0,
        "critical_path": [str(k) for k in plan.schedule.critical_path],
        "missing_estimates": len(plan.missing_estimates),
        "out_of_range": plan.out_of_range,
        "started_on": facts.started_on,
        "current_phase": facts.current_phase or "",
        "gate_phase": facts.gate_phase or "",
        "main_completed": facts.main_completed,
    }
    forecast, _created = Forecast.objects.update_or_create(programme=plan.programme,
                                                           defaults=values)
    return forecast


def refresh_forecast(programme: Programme, *, today: date | None = None,
                     samples: int = SAMPLES) -> tuple[Forecast, ProgrammeSchedule]:
    """Compute the schedule and risk now and store them for the current plan version."""
    version = Programme.objects.filter(pk=programme.pk).values_list(
        "plan_version", flat=True).get()
    programme.plan_version = version
    plan = schedule_for(programme, today=today, samples=samples)
    return store(plan, version), plan


def is_current(forecast: Forecast | None, programme: Programme, today: date) -> bool:
    return (forecast is not None and forecast.plan_version == programme.plan_version
            and forecast.computed_on == today)


def refresh_if_stale(programme_id: int, today: date | None = None) -> bool:
    """Recompute when the stored figures are not for the current plan version and day.
    Returns whether it computed."""
    today = today or timezone.localdate()
    programme = Programme.objects.filter(pk=programme_id).first()
    if programme is None:
        return False
    forecast = Forecast.objects.filter(programme=programme).first()
    if is_current(forecast, programme, today):
        return False
    refresh_forecast(programme, today=today)
    return True


def current_forecast(programme: Programme, *, today: date | None = None) -> Forecast:
    """The figures for the programme's current plan, computed now if the stored ones
    are for another plan version or day."""
    today = today or timezone.localdate()
    # The programme was read in this request (its plan version with it); a change made
    # since is caught by refresh_forecast, which reads the version again.
    forecast = Forecast.objects.filter(programme=programme).first()
    if is_current(forecast, programme, today):
        assert forecast is not None
        return forecast
    forecast, _plan = refresh_forecast(programme, today=today)
    return forecast


def stored_risk(forecast: Forecast) -> rules.Risk | None:
    if forecast.probability_on_time is None or forecast.p50 is None or forecast.p80 is None:
        return None
    return rules.Risk(samples=forecast.samples, probability_on_time=forecast.probability_on_time,
                      p50=forecast.p50, p80=forecast.p80, seed=0)


def plan_for_page(programme: Programme, *, today: date | None = None) -> ProgrammeSchedule:
    """The schedule for one programme's pages: the deterministic schedule computed from
    the database (cheap), with the risk figures read from the stored forecast for the
    current plan version (the simulation runs only when the plan or the day changed)."""
    today = today or timezone.localdate()
    forecast = current_forecast(programme, today=today)
    plan = schedule_for(programme, today=today, samples=0)
    plan.risk = stored_risk(forecast)
    return plan


def forecasts_for(programmes: Iterable[Programme]) -> dict[int, Forecast | None]:
    """The stored figures of each programme, in one query. A row for an older plan
    version is left out (None) and its recomputation queued: a list never shows
    figures for a plan that has since changed. A row for the current plan computed on
    an earlier day is shown (the daily run recomputes it)."""
    programmes = list(programmes)
    rows = {f.programme_id: f for f in Forecast.objects.filter(
        programme_id__in=[p.pk for p in programmes])}
    out: dict[int, Forecast | None] = {}
    stale: list[int] = []
    for programme in programmes:
        forecast = rows.get(programme.pk)
        if forecast is not None and forecast.plan_version == programme.plan_version:
            out[programme.pk] = forecast
        else:
            out[programme.pk] = None
            stale.append(programme.pk)
    queue_recompute(stale)
    return out


def recompute(programme_ids: Iterable[int] | None = None, *,
              today: date | None = None) -> int:
    """Recompute the stale forecasts among `programme_ids` (all programmes when None).
    Returns how many were computed."""
    today = today or timezone.localdate()
    queryset = Programme.objects.all()
    if programme_ids is not None:
        queryset = queryset.filter(pk__in=list(programme_ids))
    computed = 0
    for pk in queryset.values_list("pk", flat=True).order_by("pk"):
        computed += refresh_if_stale(pk, today)
    return computed
