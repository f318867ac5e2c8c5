"""One access helper per object type. Outsiders get 404 (nothing leaks); read-only
users get 403 on writes. Views and API endpoints reach objects only through these."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import EDIT_ROLES

from .models import Programme, Stakeholder, Task

EDIT = "edit"
READ = "read"


def visible_programmes(user) -> QuerySet[Programme]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Programme.objects.none()
    if getattr(user, "sees_every_programme", False):
        return Programme.objects.all()
    ids = Programme.objects.filter(
        Q(memberships__user=user) | Q(municipalities__county__advisers__user=user)
    ).values("pk")
    return Programme.objects.filter(pk__in=ids)


def access_levels(user, programmes) -> dict[int, str]:
    """The access level of each of `programmes`, which must be visible to `user`
    (visible_programmes), in one query: edit or read by membership, read otherwise
    (advisers of the county, the national team)."""
    roles = dict(Membership.objects.filter(user=user, programme__in=[p.pk for p in programmes])
                 .values_list("programme_id", "role"))
    return {p.pk: EDIT if roles.get(p.pk) in EDIT_ROLES else READ for p in programmes}


def access_level(user, programme: Programme) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    role = (
        Membership.objects.filter(programme=programme, user=user)
        .values_list("role", flat=True)
        .first()
    )
    if role in EDIT_ROLES:
        return EDIT
    if role is not None:
        return READ
    if getattr(user, "sees_every_programme", False):
        return READ
    if programme.municipalities.filter(county__advisers__user=user).exists():
        return READ
    return None


def _check(user, programme: Programme, write: bool) -> Programme:
    level = access_level(user, programme)
    if level is None:
        raise Http404
    if write and level != EDIT:
        raise PermissionDenied
    programme.access = level
    programme.can_edit = level == EDIT
    return programme


def get_programme_for(user, pk, *, write: bool = False) -> Programme:
    try:
        programme = Programme.objects.get(pk=int(pk))
    except (Programme.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    return _check(user, programme, write)


def get_task_for(user, pk, *, write: bool = False) -> Task:
    try:
        task = Task.objects.select_related("continuation__programme").get(
            pk=int(pk), removed_at__isnull=True
        )
    except (Task.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    _check(user, task.continuation.programme, write)
    return task


def get_stakeholder_for(user, programme: Programme, pk) -> Stakeholder:
    try:
        return programme.stakeholders.get(pk=int(pk), removed_at__isnull=True)
    except (Stakeholder.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
