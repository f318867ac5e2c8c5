"""One access helper per object type of the business plan. Outsiders get 404 (nothing
leaks); read-only users get 403 on writes. Pages and API reach objects only through
these (or through the programme's own helper)."""

from django.http import Http404

from videreforing.lib.bounds import INT_COLUMN_MAX
from videreforing.programmes.access import get_programme_for

from .models import Activity, BusinessPlan


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not 0 < pk <= INT_COLUMN_MAX:
        raise Http404
    return pk


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
