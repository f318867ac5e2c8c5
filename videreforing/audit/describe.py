"""Audit entries in plain Norwegian for the history page.

What each action says, and the labels of its codes and keys, are registered by the app
that writes it (``<app>/audit.py``, see ``registry``); this module imports no domain app.
Every changed field is named by its model field's verbose name (or a registered label for
keys that are not model fields), with the values before and after where they are short:
numbers through the active language's formats (no needless trailing zeros, as in the
tables), dates as localised dates, choices by their labels. A reason in the data is shown
as "Begrunnelse: …". An action without a description still reads as a sentence."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from videreforing.lib.numbers import plain

from .models import AuditEntry
from .registry import registry


def _messages() -> dict[str, str]:
    """Every registered action's description in the active language."""
    return {action: str(text) for action, text in registry.messages.items()}


# Keys in the data that are not model fields, whatever the app ("reason" is the generic
# reason of a correction; "status" is a phase's or a tender's). The apps register their
# own (``audit.py``).
_GENERIC_LABELS = {
    "status": _lazy("status"),
    "reason": _lazy("begrunnelse"),
}
# Corrections and removals show the reason in their data ("reason" elsewhere is the
# justification of a score or an award, or a code).
_REASON_VERBS = {"updated", "removed", "corrected", "withdrawn", "reopened",
                 "start_corrected", "start_undone"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# Texts longer than this are named, not quoted, in a history line.
_SHORT = 80
# Data keys shown as they are (the before/after values and field names are described by
# ``changes``; codes by the owning app's labels).
_RAW_KEYS = {"before", "after", "fields"}


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def _model_for(entry: AuditEntry) -> type[models.Model] | None:
    prefix = entry.action.rsplit(".", 1)[0]
    label = registry.models.get(prefix)
    if label is None and "." in (entry.object_type or ""):
        label = entry.object_type
    if label is None:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def label(model: type[models.Model] | None, key: str) -> str:
    """A data key's label in the active language."""
    if key in registry.labels:
        return str(registry.labels[key])
    if key in _GENERIC_LABELS:
        return str(_GENERIC_LABELS[key])
    field = _field(model, key)
    if field is not None and getattr(field, "verbose_name", None):
        name = str(field.verbose_name)
        if name != key.replace("_", " "):  # Django's own English fallback is no label
            return name
    return key.replace("_", " ")


def _number(value: Any, *, amount: bool = False) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _DECIMAL.match(value.strip()):
            return None
        value = value.strip().replace(",", ".")
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    if not amount:
        return plain(number)
    text = f"{number:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(Decimal(text), decimal_pos=decimals, use_l10n=True,
                         force_grouping=True)


def _date(value: Any) -> str | None:
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date_format(date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            # Outside what Python's dates hold (year 0, month 13): shown as stored.
            return value
    return None


def _empty(value: Any) -> bool:
    # "None": some services store every value as str(), None included.
    return value is None or value in ("", "None") or value == [] or value == {}


def value_text(model: type[models.Model] | None, key: str, value: Any) -> str | None:
    """A stored value as the history shows it, or None when it is not short enough to
    quote (long texts, lists of objects)."""
    if _empty(value):
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    field = _field(model, key)
    own = registry.values.get(key)
    if own is not None:
        shown = own(value)
        if shown is not None:
            return shown
    if isinstance(value, dict) or (isinstance(value, list)
                                   and any(isinstance(v, dict | list) for v in value)):
        return None
    if isinstance(value, list):
        return get_text_list([value_text(None, "", v) or "…" for v in value], _("og"))
    choices = getattr(field, "choices", None)
    if choices:
        names = dict(field.flatchoices)
        if value in names:
            return str(names[value])
    if isinstance(field, models.DateField) or _ISO_DATE.match(str(value)):
        shown = _date(value)
        if shown is not None:
            return shown
    if isinstance(field, models.DecimalField | models.IntegerField | models.FloatField) \
            or key in registry.number_keys or (field is None and isinstance(value, str)
                                        and "." in value and _DECIMAL.match(value)):
        shown = _number(value, amount=key in registry.amount_keys)
        if shown is not None:
            return shown
    if isinstance(value, int | float | Decimal):
        return _number(value) or str(value)
    text = str(value)
    if len(text) > _SHORT or "\n" in text:
        return None
    return f"«{text}»"


def _score_of(value: Any) -> Any:
    return value.get("score") if isinstance(value, dict) else value


def _scores_change(before: Any, after: Any) -> list[str]:
    """Changed scores of a bid, one per criterion (the data maps criterion name to
    {score, justification})."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    parts = []
    for name in [*after, *(n for n in before if n not in after)]:
        old, new = before.get(name), after.get(name)
        old_score, new_score = _score_of(old), _score_of(new)
        if _empty(old_score) and not _empty(new_score):
            parts.append(_("poeng på «{criterion}» satt til {after}").format(
                criterion=name, after=_number(new_score) or new_score))
        elif _empty(new_score) and not _empty(old_score):
            parts.append(_("poeng på «{criterion}» fjernet (var {before})").format(
                criterion=name, before=_number(old_score) or old_score))
        elif _number(old_score) != _number(new_score):
            parts.append(_("poeng på «{criterion}» fra {before} til {after}").format(
                criterion=name, before=_number(old_score) or old_score,
                after=_number(new_score) or new_score))
        elif old != new:
            parts.append(_("begrunnelsen for poengene på «{criterion}»").format(criterion=name))
    return parts


def _change(model, key: str, before: Any, after: Any) -> tuple[str, bool]:
    """One changed field: its label, with the values when they are short."""
    name = label(model, key)
    old, new = value_text(model, key, before), value_text(model, key, after)
    if old is None or new is None or old == new:
        return name, False
    if _empty(before):
        return _("{label} satt til {after}").format(label=name, after=new), True
    if _empty(after):
        return _("{label} fjernet (var {before})").format(label=name, before=old), True
    return _("{label} fra {before} til {after}").format(
        label=name, before=old, after=new), True


def changes(entry: AuditEntry, model=None) -> str:
    """The changed fields of a correction, with their values where short."""
    data = entry.data if isinstance(entry.data, dict) else {}
    before, after = data.get("before"), data.get("after")
    model = model or _model_for(entry)
    parts: list[tuple[str, bool]] = []
    if isinstance(before, dict) and isinstance(after, dict):
        keys = list(after) + [k for k in before if k not in after]
        for key in keys:
            if key in before and key in after and before[key] == after[key]:
                continue  # an entry that holds the whole state names only what changed
            if key == "scores":
                scores = _scores_change(before.get(key), after.get(key))
                parts.extend((p, True) for p in scores)
                if not scores:
                    parts.append((label(model, key), False))
            else:
                parts.append(_change(model, key, before.get(key), after.get(key)))
    elif isinstance(data.get("fields"), list):
        # Entries without values: the names as stored (keys or labels).
        parts = [(label(model, str(f)), False) for f in data["fields"]]
    if not parts:
        return "–"
    separator = "; " if any(valued for _text, valued in parts) else ", "
    return separator.join(text for text, _valued in parts)


def _fallback(entry: AuditEntry) -> str:
    """A sentence for an action without its own description (never the code)."""
    model = _model_for(entry)
    if model is not None:
        return _("gjorde en endring i {what}").format(what=model._meta.verbose_name)
    return _("gjorde en endring")


def stored_value(entry: AuditEntry, data: dict[str, Any], model: type[models.Model] | None,
                 *, name_field: bool = False) -> None:
    """A formatter (see ``registry``) for one stored value brought into bounds: the data
    names the field (and the model, within the action's app) with the value before and
    after; with ``name_field`` the field is shown by its label."""
    field_model = model
    if data.get("model"):
        try:
            field_model = apps.get_model(entry.action.split(".")[0], data["model"])
        except LookupError:
            pass
    key = str(data.get("field", ""))
    for side in ("before", "after"):
        if side not in data:
            continue
        shown = value_text(field_model, key, data[side])
        data[side] = "–" if shown is None else shown.strip("«»")
    if name_field:
        data["field"] = label(field_model, key)


def describe(entry: AuditEntry) -> str:
    message = registry.messages.get(entry.action)
    if message is None:
        return _fallback(entry)
    template = str(message)
    data = dict(entry.data) if isinstance(entry.data, dict) else {}
    model = _model_for(entry)
    # Stored codes (a phase, a role) by their labels, as the owning app registered them.
    codes = registry.codes
    for key in codes.keys() & data.keys():
        data[key] = codes[key](data[key])
    for key, value in list(data.items()):
        if key in _RAW_KEYS or key in codes:
            continue
        if isinstance(value, str) and _ISO_DATE.match(value):
            data[key] = _date(value)
        elif key in registry.number_keys and not _empty(value):
            data[key] = _number(value, amount=key in registry.amount_keys) or value
    formatter = registry.formatters.get(entry.action)
    if formatter is not None:
        formatter(entry, data, model)
    elif "{fields}" in template:
        data["fields"] = changes(entry, model)
    text = template.format_map(_Default(data))
    reason = entry.data.get("reason") if isinstance(entry.data, dict) else None
    if (isinstance(reason, str) and reason.strip() and "{reason}" not in template
            and entry.action.rsplit(".", 1)[-1] in _REASON_VERBS
            and entry.action not in registry.no_reason):
        text = _("{text}. Begrunnelse: {reason}").format(text=text, reason=reason.strip())
    return text
