"""Norwegian sentences for the API's input errors.

django-ninja reports a body, query or path value that does not fit its schema with
pydantic's English message. The API answers in the user's language like the pages do:
each error keeps pydantic's `loc` and `type` and gets a `msg` in Norwegian (English when
the request's language is English)."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def _show(value) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number_format(value, use_l10n=True, force_grouping=True)
    try:
        from decimal import Decimal

        if isinstance(value, Decimal):
            return number_format(value, use_l10n=True, force_grouping=True)
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def message_for(error: dict) -> str:
    """One sentence for a pydantic error dict (type, loc, msg, ctx)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("Feltet må fylles ut.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Oppgi et helt tall.")
    if kind in ("decimal_parsing", "decimal_type", "float_parsing", "float_type",
                "finite_number"):
        return _("Oppgi et tall.")
    if kind in ("decimal_max_digits", "decimal_whole_digits", "decimal_max_places"):
        return _("Tallet har for mange sifre.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Verdien må være minst %(limit)s.") % {
            "limit": _show(ctx.get("ge", ctx.get("gt")))}
    if kind in ("less_than_equal", "less_than"):
        return _("Verdien kan ikke være over %(limit)s.") % {
            "limit": _show(ctx.get("le", ctx.get("lt")))}
    if kind.startswith("date") or kind.startswith("datetime"):
        return _("Oppgi en gyldig dato (ÅÅÅÅ-MM-DD).")
    if kind in ("string_type", "string_unicode"):
        return _("Oppgi en tekst.")
    if kind == "string_too_long":
        return _("Teksten kan ikke være lenger enn %(limit)s tegn.") % {
            "limit": _show(ctx.get("max_length"))}
    if kind == "string_too_short":
        return _("Teksten må være minst %(limit)s tegn.") % {
            "limit": _show(ctx.get("min_length"))}
    if kind in ("bool_parsing", "bool_type"):
        return _("Oppgi true eller false.")
    if kind in ("literal_error", "enum"):
        return _("Ugyldig valg. Tillatte verdier: %(expected)s.") % {
            "expected": ctx.get("expected", "")}
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Oppgi en liste.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Oppgi et objekt.")
    if kind == "json_invalid":
        return _("Ugyldig JSON.")
    if kind == "extra_forbidden":
        return _("Ukjent felt.")
    if kind == "too_long":
        return _("For mange verdier.")
    if kind == "value_error":
        return str(ctx.get("error") or error.get("msg", ""))
    return _("Ugyldig verdi.")


def translated(errors: list[dict]) -> list[dict]:
    """The errors with Norwegian messages and nothing that cannot be shown as JSON."""
    out = []
    for error in errors:
        item = {"loc": list(error.get("loc", ())), "msg": message_for(error),
                "type": error.get("type", "value_error")}
        out.append(item)
    return out
