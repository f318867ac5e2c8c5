"""Tenders are reached through their programme's access helper: outsiders get 404."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from videreforing.programmes.access import READ, access_level, get_programme_for

from .models import Bid, Tender


def get_tender_for(user, pk, *, write: bool = False) -> Tender:
    try:
        tender = Tender.objects.select_related("programme").get(pk=int(pk))
    except (Tender.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    get_programme_for(user, tender.programme_id, write=write)
    return tender


def get_bid_for(user, tender: Tender, pk) -> Bid:
    try:
        return tender.bids.select_related("supplier").get(pk=int(pk))
    except (Bid.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


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
