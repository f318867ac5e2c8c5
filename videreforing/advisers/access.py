"""Who writes remarks. Outsiders get 404 (through programmes.access); a member who may
not do the write gets 403.

- A remark is written by an adviser of the programme's counties or a national user
  (R-ADVISER, issue 10); members who are not advisers only read and answer.
- A reply is written by members with an editing role, the advisers and national users.
- A remark is corrected by its author only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from videreforing.programmes.access import EDIT, access_level, get_programme_for
from videreforing.programmes.models import Programme

from .models import Remark


def is_adviser_of(user, programme: Programme) -> bool:
    """An adviser of one of the programme's counties, or a national user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "sees_every_programme", False):
        return True
    return programme.municipalities.filter(county__advisers__user=user).exists()


def check_can_remark(user, programme: Programme) -> None:
    if access_level(user, programme) is None:
        raise Http404
    if not is_adviser_of(user, programme):
        raise PermissionDenied


def can_reply(user, programme: Programme) -> bool:
    level = access_level(user, programme)
    return level == EDIT or (level is not None and is_adviser_of(user, programme))


def check_can_reply(user, programme: Programme) -> None:
    if access_level(user, programme) is None:
        raise Http404
    if not can_reply(user, programme):
        raise PermissionDenied


def get_remark_for(user, programme: Programme, pk) -> Remark:
    """A remark of a programme the user reads (404 otherwise)."""
    try:
        return programme.adviser_remarks.select_related("author").get(pk=int(pk))
    except (Remark.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def get_any_remark_for(user, pk) -> Remark:
    """A remark by its own id (the API's /remarks/{id}); 404 unless its programme is
    visible to the user."""
    try:
        remark = Remark.objects.select_related("programme", "author").get(pk=int(pk))
    except (Remark.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    remark.programme = get_programme_for(user, remark.programme_id)
    return remark


def check_is_author(user, remark: Remark) -> None:
    if remark.author_id is None or remark.author_id != getattr(user, "pk", None):
        raise PermissionDenied
