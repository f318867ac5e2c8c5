from decimal import Decimal

from django.utils.formats import number_format


def plain(value) -> str:
    """A number without trailing zeros, with the active language's decimal sign."""
    text = f"{Decimal(str(value)):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(Decimal(text), decimal_pos=decimals, use_l10n=True)
