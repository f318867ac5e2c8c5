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
from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from videreforing.programmes.models import Programme
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


def store(plan: ProgrammeSchedule, plan_version: int) -> Forecast:
    risk = plan.risk
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
    version = Programme.objects.filter(pk=programme.pk).values_list(
        "plan_version", flat=True).get()
    programme.plan_version = version
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
    if stale:
        from .tasks import recompute_forecasts

        transaction.on_commit(lambda: recompute_forecasts.enqueue(stale))
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
