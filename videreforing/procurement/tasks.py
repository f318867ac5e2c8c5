"""Background work for procurement, run by the django-tasks worker."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def send_award_notices(tender_id: int) -> int:
    """E-mail the notice of the award (meddelelse, P-NOTICE) to every bidder that has an
    address, each with its own letter as PDF, in one run so that all get it at the same
    time. Returns how many were sent."""
    from . import documents
    from .models import Tender

    tender = Tender.objects.select_related("programme").get(pk=tender_id)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for bid in tender.bids.select_related("supplier"):
            to = bid.contact_email or bid.supplier.contact_email
            if not to:
                continue
            context = documents.award_letter_context(tender, bid)
            message = EmailMessage(
                subject=_("%(heading)s: %(title)s") % {"heading": context["heading"],
                                                       "title": tender.title},
                body=documents.award_letter_text(context),
                from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
            message.attach(f"meddelelse-{tender.pk}-{bid.supplier.org_number}.pdf",
                           documents.award_letter_pdf(tender, bid), "application/pdf")
            message.send()
            sent += 1
    return sent
