"""Tenders are reached through their programme's access helper: outsiders get 404,
read-only users 403 on writes.

The supplier register is shared by every programme: every signed-in user reads it.
Writing to it is for those who edit a programme (they run tenders) and for
administrators; observers and advisers only read it (advisers suggest suppliers to a
programme instead, R-ADVISER). A supplier is corrected or removed by the one who
registered it, or by an administrator."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import EDIT_ROLES
from videreforing.programmes.access import READ, access_level, get_programme_for

from .models import AwardCriterion, Bid, QualificationRequirement, Supplier, Tender


def get_tender_for(user, pk, *, write: bool = False) -> Tender:
    try:
        tender = Tender.objects.select_related("programme").get(pk=int(pk))
    except (Tender.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    get_programme_for(user, tender.programme_id, write=write)
    return tender


def get_bid_for(user, tender: Tender, pk) -> Bid:
    try:
        return tender.bids.select_related("supplier").get(pk=int(pk))
    except (Bid.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc


def _owned(model, user, pk, write: bool):
    try:
        item = model.objects.select_related("tender__programme").get(pk=int(pk))
    except (model.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    get_programme_for(user, item.tender.programme_id, write=write)
    return item


def get_any_bid_for(user, pk, *, write: bool = False) -> Bid:
    """A bid by its own id (the API's /bids/{id})."""
    bid = _owned(Bid, user, pk, write)
    return Bid.objects.select_related("supplier", "tender__programme").get(pk=bid.pk)


def get_criterion_for(user, pk, *, write: bool = False) -> AwardCriterion:
    return _owned(AwardCriterion, user, pk, write)


def get_requirement_for(user, pk, *, write: bool = False) -> QualificationRequirement:
    return _owned(QualificationRequirement, user, pk, write)


def can_suggest(user, programme) -> bool:
    """Editors, and the Innovasjon Norge advisers of the programme's counties (R-ADVISER)."""
    level = access_level(user, programme)
    if level is None:
        raise Http404
    if level == READ and not programme.municipalities.filter(
        county__advisers__user=user
    ).exists():
        raise PermissionDenied
    return True


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_active", False)
                and (getattr(user, "is_staff", False) or getattr(user, "is_superuser", False)))


def can_write_register(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return is_administrator(user) or Membership.objects.filter(
        user=user, role__in=EDIT_ROLES).exists()


def check_register_write(user) -> None:
    """403 for those who only read the register (observers, advisers)."""
    if not can_write_register(user):
        raise PermissionDenied


def can_change_supplier(user, supplier: Supplier) -> bool:
    if is_administrator(user):
        return True
    return (supplier.created_by_id is not None and supplier.created_by_id == user.pk
            and can_write_register(user))


def get_supplier_for(user, pk, *, write: bool = False) -> Supplier:
    """Every signed-in user sees the register; writes need `can_change_supplier`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    try:
        supplier = Supplier.objects.get(pk=int(pk))
    except (Supplier.DoesNotExist, ValueError, TypeError, OverflowError) as exc:
        raise Http404 from exc
    if write and not can_change_supplier(user, supplier):
        raise PermissionDenied
    return supplier
