"""Who has a portfolio. Outsiders get 404 (nothing leaks), like programmes/access.py.

An adviser (with at least one county, R-ADVISER) has the programmes of their counties;
Innovasjon Norge's national team and administrators (`sees_every_programme`) have every
programme. A municipality's own people follow their programmes under *Mine programmer*
and have no portfolio."""

from django.db.models import QuerySet
from django.http import Http404

from videreforing.programmes.access import visible_programmes
from videreforing.programmes.models import Programme


def has_portfolio(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "sees_every_programme", False):
        return True
    return user.adviser_assignments.exists()


def check_portfolio(user) -> None:
    if not has_portfolio(user):
        raise Http404


def portfolio_programmes(user) -> QuerySet[Programme]:
    """The programmes in the user's portfolio (none for a user without one). A
    programme the adviser is a member of in another county is not in the portfolio."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Programme.objects.none()
    if getattr(user, "sees_every_programme", False):
        return visible_programmes(user)
    ids = Programme.objects.filter(municipalities__county__advisers__user=user).values("pk")
    return visible_programmes(user).filter(pk__in=ids)
