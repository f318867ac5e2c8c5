"""`{% attachments_for programme gate=d as items %}`: the attachments shown beside a gate
decision, a tender or a bid on pages of other apps (through attachments/_panel.html)."""

from django import template

from videreforing.attachments.filetypes import ACCEPT
from videreforing.attachments.forms import upload_help
from videreforing.attachments.models import Attachment
from videreforing.attachments.services import size_label

register = template.Library()


@register.simple_tag
def attachments_for(programme, gate=None, tender=None, bid=None) -> list[Attachment]:
    qs = Attachment.objects.filter(programme=programme, removed_at__isnull=True)
    # A variable missing from the including template arrives as "".
    if gate:
        qs = qs.filter(gate=gate)
    elif bid:
        qs = qs.filter(bid=bid)
    elif tender:
        qs = qs.filter(tender=tender, bid__isnull=True)
    else:
        return []
    return list(qs.select_related("uploaded_by"))


@register.simple_tag
def attachment_help() -> str:
    return upload_help()


@register.filter
def filesize(value) -> str:
    try:
        return size_label(int(value))
    except (TypeError, ValueError):
        return "–"


@register.simple_tag
def attachment_accept() -> str:
    return ACCEPT
