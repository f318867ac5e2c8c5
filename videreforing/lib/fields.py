"""A decimal column whose stored value can always be read back."""

import decimal

from django.db import models
from django.utils.functional import cached_property

# Wide enough for any double SQLite may hold (about 1.8 × 10^308).
_READ_CONTEXT = decimal.Context(prec=400)


class ReadableDecimalField(models.DecimalField):
    """A DecimalField that never fails to read what is stored.

    On SQLite Django rounds every number it reads to the field's max_digits (a quantize
    in a context of that precision). A number stored with more digits, as the tender
    form allowed before the bounds existed (99 999 999 999 999 999 999 999), raised
    decimal.InvalidOperation on every page, calendar and admin view that loaded the row.
    This field reads with a wide context, so the value is shown (and the bound refuses
    it on the next save); writing and validation keep the declared max_digits.

    The column is an ordinary decimal column: deconstruct() names DecimalField, so the
    migrations and the database are the same as for DecimalField."""

    @cached_property
    def context(self) -> decimal.Context:
        return _READ_CONTEXT

    def to_python(self, value):
        if isinstance(value, float):  # as DecimalField: rounded to the declared digits
            value = decimal.Context(prec=self.max_digits).create_decimal_from_float(value)
        return super().to_python(value)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
