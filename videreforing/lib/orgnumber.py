"""Norwegian organisation numbers: 9 digits with a MOD11 check digit (python-stdnum)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.no import orgnr


def normalise_org_number(value: str) -> str:
    return orgnr.compact(value or "")


def validate_org_number(value: str) -> None:
    if not value:
        return
    try:
        orgnr.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Organisasjonsnummeret må ha 9 siffer og gyldig kontrollsiffer (MOD11)."),
            code="invalid_org_number",
        ) from exc
