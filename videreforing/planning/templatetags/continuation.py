"""`{% continuation_start programme as start %}`: when the continuation started and
whether that was in time (R-START), for the deadline card of the programme page."""

from django import template

from videreforing.programmes import selectors
from videreforing.rules.deadlines import ContinuationStart

register = template.Library()


@register.simple_tag
def continuation_start(programme) -> ContinuationStart | None:
    return selectors.continuation_start(programme)
