"""An object id from a URL or a request body: a positive integer that fits the column,
or 404 (nothing leaks, and no database error for 10**30)."""

from django.http import Http404

from .bounds import INT_COLUMN_MAX


def object_pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc
    if not 0 < pk <= INT_COLUMN_MAX:
        raise Http404
    return pk
