"""Helpers for procurement tests."""

from datetime import timedelta

from django.utils import timezone

from videreforing.procurement.models import Tender


def pass_deadline(tender: Tender, days: int = 1) -> Tender:
    """Move the tender's deadline `days` into the past, so that it may be awarded (the
    award is refused before the deadline, issue 9 point 5). Criteria lock with it."""
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=days))
    tender.refresh_from_db()
    return tender
