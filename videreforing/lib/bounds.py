"""The bounds of every value a user or the API can enter, declared once.

Each kind of value (an amount, a percentage, a score, a number of days, a date, a
number that is stored in an integer column) is a `Bound`. Its numbers live here and
nowhere else:

- model fields take their validators from it (`AMOUNT.validators()`), and a
  `CheckConstraint` from it where the database can enforce the range
  (`AMOUNT.constraint("estimated_value", name=...)`);
- forms take their fields from it (`AMOUNT.form_field(label=...)`);
- API schemas take `ge`/`le` from it (`AMOUNT.schema()`), so the OpenAPI document
  states the same range;
- services check what they are about to store with `check_values(Model, values)`,
  which runs every model field's own validators (bounds, lengths, choices, control
  characters) and raises one ValidationError naming every field that is wrong.

A value stored before these bounds existed is still shown (reads never assume the
range); see `lib.dates.safe_add` for date arithmetic that cannot overflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

# Largest value of a signed 32-bit integer column (PositiveIntegerField and friends on
# PostgreSQL); SQLite would store more, PostgreSQL would refuse it with a 500.
INT_COLUMN_MAX = 2_147_483_647

DATE_MIN = date(1990, 1, 1)
DATE_MAX = date(2100, 12, 31)

# C0 control characters and DEL, except tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f]")


def _show(value) -> str:
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | int | float):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


# Units are stored untranslated in the validators (and so in the migrations) and
# translated when a message is shown.
UNIT_NAMES = {"kr": _("kr"), "dager": _("dager"), "%": "%"}


@deconstructible
class RangeValidator:
    """Refuses a value outside [minimum, maximum] with one Norwegian sentence."""

    def __init__(self, minimum, maximum, unit: str = ""):
        self.minimum = minimum
        self.maximum = maximum
        self.unit = unit

    def __call__(self, value) -> None:
        if value is None:
            return
        try:
            outside = value < self.minimum or value > self.maximum
        except (TypeError, InvalidOperation):
            outside = True
        if isinstance(value, Decimal) and not value.is_finite():
            outside = True
        if outside:
            message = (_("Oppgi en dato fra %(minimum)s til %(maximum)s.")
                       if isinstance(self.minimum, date)
                       else _("Oppgi en verdi fra %(minimum)s til %(maximum)s%(unit)s."))
            raise ValidationError(
                message,
                code="out_of_bounds",
                params={"minimum": _show(self.minimum), "maximum": _show(self.maximum),
                        "unit": f" {UNIT_NAMES.get(self.unit, self.unit)}" if self.unit else ""},
            )

    def __eq__(self, other) -> bool:
        return (isinstance(other, RangeValidator) and self.minimum == other.minimum
                and self.maximum == other.maximum and self.unit == other.unit)


@deconstructible
class NoControlCharacters:
    """No NUL or other control characters (PostgreSQL refuses NUL in text)."""

    def __init__(self, multiline: bool = True):
        self.multiline = multiline

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        pattern = _CONTROL if self.multiline else _CONTROL_ONE_LINE
        if pattern.search(value):
            raise ValidationError(_("Teksten inneholder tegn som ikke kan lagres "
                                    "(kontrolltegn)."), code="control_characters")

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters) and self.multiline == other.multiline


@dataclass(frozen=True)
class Bound:
    """A closed range [minimum, maximum] for one kind of value."""

    minimum: Any
    maximum: Any
    unit: str = ""
    decimal_places: int | None = None  # None for integers and dates

    def validators(self) -> list:
        return [RangeValidator(self.minimum, self.maximum, self.unit)]

    def check(self, value, field: str):
        """The value if it is within the bound, else a ValidationError naming the field."""
        try:
            RangeValidator(self.minimum, self.maximum, self.unit)(value)
        except ValidationError as exc:
            raise ValidationError({field: exc.error_list}) from exc
        return value

    def constraint(self, field: str, *, name: str) -> models.CheckConstraint:
        """The same range in the database (NULL passes: optional fields stay optional)."""
        return models.CheckConstraint(
            condition=(models.Q(**{f"{field}__gte": self.minimum})
                       & models.Q(**{f"{field}__lte": self.maximum}))
            | models.Q(**{f"{field}__isnull": True}),
            name=name,
        )

    def schema(self) -> dict:
        """Keyword arguments for a pydantic Field: the range in the OpenAPI document."""
        if isinstance(self.minimum, date):
            return {}
        return {"ge": self.minimum, "le": self.maximum}

    def form_field(self, **kwargs) -> forms.Field:
        """A form field with the bound as min/max (browser hints and server check)."""
        if isinstance(self.minimum, date):
            from .forms import DateInput

            kwargs.setdefault("widget", DateInput(attrs={
                "min": self.minimum.isoformat(), "max": self.maximum.isoformat()}))
            field: forms.Field = forms.DateField(**kwargs)
        elif self.decimal_places is None:
            field = forms.IntegerField(min_value=self.minimum, max_value=self.maximum,
                                       **kwargs)
        else:
            kwargs.setdefault("decimal_places", self.decimal_places)
            field = forms.DecimalField(min_value=self.minimum, max_value=self.maximum,
                                       **kwargs)
        field.validators = [v for v in field.validators
                            if type(v).__name__ not in ("MinValueValidator",
                                                        "MaxValueValidator")]
        field.validators.extend(self.validators())
        return field


# ---------------------------------------------------------------- the bounds

AMOUNT = Bound(Decimal(0), Decimal(10_000_000_000), "kr", decimal_places=0)
PERCENT = Bound(Decimal(0), Decimal(100), "%", decimal_places=2)
SCORE = Bound(Decimal(0), Decimal(10), decimal_places=2)
DAYS = Bound(0, 3650, "dager")
DATE = Bound(DATE_MIN, DATE_MAX)
COUNT = Bound(0, INT_COLUMN_MAX)  # an order, a rank or another stored integer


def text_validators(*, multiline: bool = True) -> list:
    return [NoControlCharacters(multiline=multiline)]


# ---------------------------------------------------------------- services


def check_values(model: type[models.Model], values: dict[str, Any], *,
                 exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Run each named model field's validators on the value about to be stored.

    Covers the declared bounds, max_length, max_digits, choices and control characters
    for every field, from the page and the API alike. Keys that are not concrete fields
    of the model are left alone. Raises one ValidationError with every wrong field;
    returns the values converted as the field would store them."""
    errors: dict[str, list] = {}
    cleaned = dict(values)
    for name, value in values.items():
        if name in exclude:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not isinstance(field, models.Field) or not field.concrete or field.is_relation:
            continue
        if value is None or value == "":
            continue  # required-ness is the service's own business
        try:
            python = field.to_python(value)
            field.validate(python, None)
            field.run_validators(python)
            if isinstance(field, models.CharField | models.TextField):
                NoControlCharacters(multiline=isinstance(field, models.TextField))(python)
            if isinstance(field, models.IntegerField) and not isinstance(
                    field, models.BigIntegerField):
                RangeValidator(-INT_COLUMN_MAX - 1, INT_COLUMN_MAX)(python)
            if isinstance(field, models.DateField) and not isinstance(
                    field, models.DateTimeField):
                DATE.validators()[0](python)
        except ValidationError as exc:
            # The bound says it best: "from 0 to 10 000 000 000 kr" rather than "at most
            # 14 digits" for the same value.
            bounded = [e for e in exc.error_list if e.code == "out_of_bounds"]
            errors[name] = bounded or exc.error_list
        else:
            cleaned[name] = python
    if errors:
        raise ValidationError(errors)
    return cleaned
