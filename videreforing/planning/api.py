"""JSON API of the planning: a programme's schedule (critical path and risk) and its
calendar. Calls the same forecasts and calendar as the pages."""

from datetime import date

from ninja import Router, Schema

from videreforing.planning.calendar import programme_calendar
from videreforing.planning.forecasts import plan_for_page
from videreforing.planning.views import ics_response
from videreforing.programmes.access import get_programme_for

router = Router()


class ScheduleTaskOut(Schema):
    id: int
    earliest_start: date
    earliest_finish: date
    latest_start: date
    latest_finish: date
    slack_days: int
    critical: bool


class ScheduleOut(Schema):
    forecast_operative: date
    operative_deadline: date
    slack_days: int
    probability_on_time: float | None
    p50_operative: date | None
    p80_operative: date | None
    critical_path: list[int]
    tasks: list[ScheduleTaskOut]
    phases: list[dict]
    method: str
    samples: int


@router.get("/programmes/{int:programme_id}/schedule", response=ScheduleOut,
            tags=["planning"])
def programme_schedule(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    plan = plan_for_page(programme)
    tasks = []
    for key, item in plan.items.items():
        if item.kind != "task":
            continue
        a = plan.schedule.activities[key]
        tasks.append({"id": item.obj.pk, "earliest_start": a.earliest_start,
                      "earliest_finish": a.earliest_finish, "latest_start": a.latest_start,
                      "latest_finish": a.latest_finish, "slack_days": a.slack_days,
                      "critical": a.critical})
    phases = []
    for key, item in plan.items.items():
        if item.kind == "phase":
            a = plan.schedule.activities[key]
            phases.append({"kind": item.stage, "earliest_start": a.earliest_start.isoformat(),
                           "earliest_finish": a.earliest_finish.isoformat(),
                           "slack_days": a.slack_days, "critical": a.critical})
    return {
        "forecast_operative": plan.forecast_operative,
        "operative_deadline": plan.operative_deadline,
        "slack_days": plan.slack_days,
        "probability_on_time": round(plan.risk.probability_on_time, 4) if plan.risk else None,
        "p50_operative": plan.risk.p50 if plan.risk else None,
        "p80_operative": plan.risk.p80 if plan.risk else None,
        "critical_path": [plan.items[str(k)].obj.pk for k in plan.schedule.critical_path
                          if plan.items[str(k)].kind == "task"],
        "tasks": tasks,
        "phases": phases,
        "method": "critical path; Monte Carlo over PERT (beta, lambda=4) durations, seeded",
        "samples": plan.risk.samples if plan.risk else 0,
    }


@router.get("/programmes/{int:programme_id}/calendar.ics", tags=["planning"],
            response={200: None})
def programme_calendar_ics(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return ics_response(programme_calendar(programme), f"videreforing-{programme.pk}.ics")
