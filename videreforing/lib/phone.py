"""Telephone numbers, checked lightly.

A number may be Norwegian or foreign and written in many ways ("+47 22 33 44 55",
"(0047) 22-33-44-55", "22334455"), so only the characters and the number of digits
are checked: digits, spaces, "+", "-" and parentheses, with 8 to 15 digits in all
(15 is the longest number E.164 allows). Put `validate_phone` in a model field's
validators; `lib.bounds.check_values` then applies it to pages and the API alike.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_MIN_DIGITS = 8
PHONE_MAX_DIGITS = 15

_ALLOWED = re.compile(r"^[0-9 +\-()]*$")


def validate_phone(value: str) -> None:
    """Refuse a telephone number with other characters or too few / many digits."""
    if not value:
        return
    digits = sum(ch.isdigit() for ch in value)
    if not _ALLOWED.match(value) or not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        raise ValidationError(
            _(
                "Oppgi et telefonnummer med 8 til 15 siffer. Bare siffer, mellomrom, "
                "+, - og parenteser er tillatt."
            ),
            code="invalid_phone",
        )
