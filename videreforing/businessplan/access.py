"""One access helper per object type of the business plan. Outsiders get 404 (nothing
leaks); read-only users get 403 on writes. Pages and API reach objects only through
these (or through the programme's own helper)."""

from django.http import Http404

from videreforing.lib.ids import object_pk as _pk
from videreforing.programmes.access import get_programme_for

from .models import Activity, BusinessPlan


def get_plan_for(user, pk, *, write: bool = False) -> BusinessPlan:
    plan = BusinessPlan.objects.filter(pk=_pk(pk)).first()
    if plan is None:
        raise Http404
    plan.programme = get_programme_for(user, plan.programme_id, write=write)
    return plan


def get_activity_for(user, pk, *, write: bool = False) -> Activity:
    activity = Activity.objects.select_related("plan").filter(pk=_pk(pk)).first()
    if activity is None:
        raise Http404
    activity.plan.programme = get_programme_for(user, activity.plan.programme_id,
                                                write=write)
    return activity
