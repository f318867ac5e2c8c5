"""API for the business plan (R-PREPROJECT): the plan and its activities register.

- `POST /programmes/{id}/business-plan` → 201 `{id}`; a second plan for the programme
  answers 409 with the existing plan's id.
- `GET /business-plans/{id}`: the plan with its activities.
- `POST|GET /business-plans/{id}/activities`; `GET|PATCH|DELETE /activities/{id}`
  (PATCH with the version read: 409 `stale_version` when someone saved in between)."""

from ninja import Router, Status

from videreforing.lib.errors import DomainError
from videreforing.programmes.access import get_programme_for

from . import services
from .access import get_activity_for, get_plan_for
from .models import Activity, BusinessPlan
from .schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    BusinessPlanExistsOut,
    BusinessPlanIdOut,
    BusinessPlanOut,
)

router = Router(tags=["businessplan"])


def _activity_out(a: Activity) -> dict:
    return {"id": a.pk, "plan": a.plan_id, "name": a.name, "focus_area": a.focus_area,
            "owner": a.owner, "status": a.status,
            "yearly_cost": int(a.yearly_cost) if a.yearly_cost is not None else None,
            "results": a.results, "decision": a.decision, "handed_to": a.handed_to,
            "handed_from": a.handed_from, "reason": a.reason, "version": a.version}


def _plan_out(plan: BusinessPlan) -> dict:
    return {"id": plan.pk, "programme": plan.programme_id,
            "created_by": plan.created_by.email if plan.created_by else None,
            "created_at": plan.created_at, "version": plan.version,
            "activities": [_activity_out(a) for a in plan.activities.all()]}


@router.post("/programmes/{int:programme_id}/business-plan",
             response={201: BusinessPlanIdOut, 409: BusinessPlanExistsOut})
def create_business_plan(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id, write=True)
    try:
        plan = services.create_plan(user=request.auth, programme=programme)
    except DomainError as exc:
        if exc.code != "exists":
            raise
        return Status(409, {"detail": exc.message, "code": exc.code, "message": exc.message,
                            "id": exc.data["id"]})
    return Status(201, {"id": plan.pk})


@router.get("/business-plans/{int:business_plan_id}", response=BusinessPlanOut)
def get_business_plan(request, business_plan_id: int):
    return _plan_out(get_plan_for(request.auth, business_plan_id))


@router.get("/business-plans/{int:business_plan_id}/activities",
            response=list[ActivityOut])
def list_activities(request, business_plan_id: int):
    plan = get_plan_for(request.auth, business_plan_id)
    return [_activity_out(a) for a in plan.activities.all()]


@router.post("/business-plans/{int:business_plan_id}/activities",
             response={201: ActivityOut})
def add_activity(request, business_plan_id: int, payload: ActivityIn):
    plan = get_plan_for(request.auth, business_plan_id, write=True)
    activity = services.add_activity(user=request.auth, plan=plan,
                                     **payload.model_dump(exclude_unset=True))
    return Status(201, _activity_out(activity))


@router.get("/activities/{int:activity_id}", response=ActivityOut)
def get_activity(request, activity_id: int):
    return _activity_out(get_activity_for(request.auth, activity_id))


@router.patch("/activities/{int:activity_id}", response={200: ActivityOut})
def patch_activity(request, activity_id: int, payload: ActivityPatch):
    activity = get_activity_for(request.auth, activity_id, write=True)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    activity = services.update_activity(user=request.auth, activity=activity,
                                        expected_version=version, **changes)
    return _activity_out(activity)


@router.delete("/activities/{int:activity_id}", response={204: None})
def delete_activity(request, activity_id: int):
    activity = get_activity_for(request.auth, activity_id, write=True)
    services.remove_activity(user=request.auth, activity=activity)
    return Status(204, None)
