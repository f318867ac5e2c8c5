from django import template
from django.utils.formats import number_format

from videreforing.portfolio.access import has_portfolio as _has_portfolio

register = template.Library()


@register.filter
def has_portfolio(user) -> bool:
    """Whether the main navigation shows the portfolio (one query per request at most)."""
    cached = getattr(user, "_has_portfolio", None)
    if cached is None:
        cached = _has_portfolio(user)
        try:
            user._has_portfolio = cached
        except AttributeError:  # AnonymousUser allows it too; be safe
            pass
    return cached


@register.filter
def percent(value) -> str:
    """A probability 0..1 as a localised whole percent ("37 %")."""
    if value is None:
        return ""
    return f"{number_format(round(float(value) * 100), decimal_pos=0, use_l10n=True)} %"
