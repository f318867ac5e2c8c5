"""Helpers shared by the programme services: bounds on stored values, a written
reason, the optimistic-lock version check and a field's label for the history."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from videreforing.lib.bounds import NoControlCharacters, check_values
from videreforing.lib.errors import StaleVersion

from ..models import REASON_MAX


def _bounded(model, values: dict[str, Any], errors: dict[str, list]) -> None:
    """Add the bound errors of `values` to `errors`; a field's own (more specific)
    message already in `errors` wins. Raises nothing: the caller raises once."""
    try:
        check_values(model, {k: v for k, v in values.items() if k not in errors})
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, list(messages))


def clean_reason(reason: str | None, *, field: str = "reason", required: bool = True,
                 errors: dict[str, list] | None = None) -> str:
    """A written reason (for a correction, a withdrawal): required, at most
    REASON_MAX characters, no control characters."""
    text = str(reason or "").strip()
    message = None
    if required and not text:
        message = _("Skriv en begrunnelse.")
    elif len(text) > REASON_MAX:
        message = _("Begrunnelsen kan ikke være lenger enn %(limit)s tegn.") % {
            "limit": REASON_MAX}
    else:
        try:
            NoControlCharacters()(text)
        except ValidationError as exc:
            message = exc.messages[0]
    if message:
        if errors is not None:
            errors.setdefault(field, []).append(message)
        else:
            raise ValidationError({field: [message]})
    return text


def _label(model, name: str) -> str:
    """A field's verbose name for the history."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _check_version(obj, expected_version: int | None, message: str) -> None:
    if expected_version is not None and int(expected_version) != obj.version:
        raise StaleVersion(message, current=obj)
