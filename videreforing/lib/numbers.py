from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def plain(value) -> str:
    """A number without trailing zeros, with the active language's decimal sign."""
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(Decimal(text), decimal_pos=decimals, use_l10n=True)


def parse_decimal(value, field: str) -> Decimal:
    """A finite Decimal from user input, or a ValidationError naming the field."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise ValidationError({field: [_("Oppgi et tall.")]}) from exc
    if not number.is_finite():
        raise ValidationError({field: [_("Oppgi et tall.")]})
    return number
