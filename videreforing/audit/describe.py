"""Audit entries in plain Norwegian for the history page.

Every changed field is named by its model field's verbose name (or a label below for
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

from videreforing.lib.numbers import plain

from .models import AuditEntry


def _messages() -> dict[str, str]:
    return {
        "programmes.programme.created": _("opprettet omstillingsprogrammet «{name}»"),
        "programmes.programme.updated": _("endret omstillingsprogrammet: {fields}"),
        "programmes.phase.started": _("startet {phase}"),
        "programmes.phase.started_with_override": _(
            "startet {phase} før forrige beslutningspunkt var godkjent. Begrunnelse: {reason}"
        ),
        "programmes.phase.planned": _("endret planlagte datoer for {phase}: {fields}"),
        "programmes.phase.start_corrected": _(
            "rettet startdatoen for {phase}: {fields}. Begrunnelse: {reason}"
        ),
        "programmes.phase.start_undone": _(
            "angret oppstarten av {phase}. Begrunnelse: {reason}"
        ),
        "programmes.gate.approved": _("registrerte vedtak for {phase}: godkjent ({body}, {date})"),
        "programmes.gate.rework": _(
            "registrerte vedtak for {phase}: må bearbeides ({body}, {date})"
        ),
        "programmes.gate.stopped": _("registrerte vedtak for {phase}: stoppet ({body}, {date})"),
        "programmes.gate.corrected": _(
            "rettet vedtaket for {phase}: {fields}. Begrunnelse: {reason}"
        ),
        "programmes.gate.withdrawn": _(
            "trakk tilbake vedtaket for {phase} ({body}, {date}); fasen pågår. "
            "Begrunnelse: {reason}"
        ),
        "programmes.bounds.clamped": _(
            "verdien i feltet «{label}» var utenfor det tillatte området og ble endret fra "
            "{before} til {after}"
        ),
        "programmes.task.created": _("la til oppgaven «{title}»"),
        "programmes.task.updated": _("endret oppgaven «{title}»: {fields}"),
        "programmes.task.completed": _("krysset av oppgaven «{title}» som utført"),
        "programmes.task.reopened": _("åpnet oppgaven «{title}» igjen"),
        "programmes.task.completed_by_tender_announced": _(
            "krysset av oppgaven «{title}» som utført: konkurransen «{source}» er lyst ut"
        ),
        "programmes.task.completed_by_tender_awarded": _(
            "krysset av oppgaven «{title}» som utført: konkurransen «{source}» er tildelt"
        ),
        "programmes.task.removed": _("fjernet oppgaven «{title}»"),
        "programmes.stakeholder.created": _("la til interessenten «{name}»"),
        "programmes.stakeholder.updated": _("endret interessenten «{name}»: {fields}"),
        "programmes.stakeholder.removed": _("fjernet interessenten «{name}»"),
        "procurement.tender.created": _("opprettet konkurransen «{title}»"),
        "procurement.tender.updated": _("endret konkurransen «{title}»: {fields}"),
        "procurement.requirement.added": _("la til kvalifikasjonskravet «{text}»"),
        "procurement.requirement.removed": _("fjernet kvalifikasjonskravet «{text}»"),
        "procurement.criterion.added": _("la til tildelingskriteriet «{name}» ({weight} %)"),
        "procurement.criterion.removed": _("fjernet tildelingskriteriet «{name}»"),
        "procurement.supplier.created": _("la til leverandøren «{name}»"),
        "procurement.supplier.suggested": _("foreslo konsulentmiljøet «{name}»"),
        "procurement.bid.registered": _("registrerte tilbud fra «{supplier}»"),
        "procurement.bid.scored": _("ga «{supplier}» {score} poeng på «{criterion}»"),
        "procurement.bid.excluded": _("avviste tilbudet fra «{supplier}»: {reason}"),
        "procurement.tender.awarded": _("tildelte «{title}» til «{winner}»"),
        "procurement.tender.announced": _("registrerte at konkurransen «{title}» ble "
                                          "kunngjort {announced_on}"),
        "procurement.tender.notice_sent": _("sendte meddelelse om tildelingen av «{title}» "
                                            "{sent_on}"),
        "procurement.contract.signed": _("registrerte signert kontrakt om «{title}» "
                                         "({signed_on}, {value})"),
        "procurement.contract.copy_uploaded": _("lastet opp den signerte kontrakten om "
                                                "«{title}» («{name}»)"),
        "procurement.tender.reopened": _(
            "gjenåpnet tildelingen av «{title}» (vinner var «{winner}»). Begrunnelse: {reason}"
        ),
        "procurement.requirement.updated": _("endret kvalifikasjonskravet «{text}»: {fields}"),
        "procurement.criterion.updated": _("endret tildelingskriteriet «{name}»: {fields}"),
        "procurement.supplier.updated": _("endret leverandøren «{name}»: {fields}"),
        "procurement.supplier.removed": _("fjernet leverandøren «{name}» fra registeret"),
        "procurement.bid.updated": _("rettet tilbudet fra «{supplier}»: {fields}"),
        "procurement.bid.removed": _("fjernet tilbudet fra «{supplier}»"),
        "procurement.value.corrected": _(
            "satte en lagret verdi utenfor gyldig område ({field}) til {after}"
        ),
        "options.analysis.created": _("opprettet alternativvurderingen «{title}»"),
        "options.alternative.added": _("la til alternativet «{name}»"),
        "options.alternative.removed": _("fjernet alternativet «{name}»"),
        "options.criterion.added": _("la til kriteriet «{name}»"),
        "options.criterion.removed": _("fjernet kriteriet «{name}»"),
        "options.weights.set": _("endret vektene i «{analysis}»"),
        "options.score.set": _("ga «{alternative}» {score} poeng på «{criterion}»"),
        "options.input.added": _("registrerte innspill fra «{stakeholder}»"),
        "options.texts.updated": _("endret anbefalingen i «{analysis}»"),
        "options.report.generated": _("laget forstudierapporten, versjon {version}"),
        "options.alternative.updated": _("endret alternativet «{name}»: {fields}"),
        "options.criterion.updated": _("endret kriteriet «{name}»: {fields}"),
        "options.score.corrected": _(
            "endret poengene for «{alternative}» på «{criterion}» fra {old_score} til {score}"
        ),
        "options.score.removed": _(
            "fjernet poengene for «{alternative}» på «{criterion}» ({score})"
        ),
        "options.input.updated": _("endret innspillet fra «{stakeholder}»: {fields}"),
        "options.input.removed": _("fjernet innspillet fra «{stakeholder}»"),
        "accounts.membership.created": _("ga {email} rollen {role}"),
        "accounts.membership.updated": _("endret rollen til {email} til {role}"),
        "accounts.membership.removed": _("fjernet {email} ({role}) fra programmet"),
        "attachments.attachment.uploaded": _("lastet opp «{name}» ({size}) til {where}"),
        "attachments.attachment.removed": _("fjernet vedlegget «{name}» ({size}) fra {where}"),
        "advisers.remark.created": _("skrev en merknad som rådgiver: «{text}»"),
        "advisers.remark.updated": _("rettet rådgivermerknaden: {fields}"),
        "advisers.remark.answered": _("svarte på rådgivermerknaden: «{text}»"),
    }




# The model whose fields an action's before/after keys name, by the action's prefix.
_MODELS = {
    "programmes.programme": "programmes.Programme",
    "programmes.phase": "programmes.Phase",
    "programmes.gate": "programmes.GateDecision",
    "programmes.task": "programmes.Task",
    "programmes.stakeholder": "programmes.Stakeholder",
    "procurement.tender": "procurement.Tender",
    "procurement.contract": "procurement.Contract",
    "procurement.requirement": "procurement.QualificationRequirement",
    "procurement.criterion": "procurement.AwardCriterion",
    "procurement.supplier": "procurement.Supplier",
    "procurement.bid": "procurement.Bid",
    "options.analysis": "options.OptionsAnalysis",
    "options.texts": "options.OptionsAnalysis",
    "options.weights": "options.OptionsAnalysis",
    "options.alternative": "options.Alternative",
    "options.criterion": "options.Criterion",
    "options.score": "options.Score",
    "options.input": "options.StakeholderInput",
    "attachments.attachment": "attachments.Attachment",
}


def _labels() -> dict[str, str]:
    """Keys in the data that are not model fields (or whose field has no Norwegian name)."""
    return {
        "scores": _("poeng"),
        "justifications": _("begrunnelser"),
        "depends_on": _("avhengigheter"),
        "status": _("status"),
        "phase_status": _("fasens status"),
        "phase_actual_end": _("fasens faktiske slutt"),
        "winner": _("vinner"),
        "withdrawn": _("trukket tilbake"),
        "reason": _("begrunnelse"),
        # P-CLIMATE: kept on the tender, corrected together with a criterion.
        "climate_exception": _("begrunnelse for unntak fra klimakravet"),
    }


# Top-level data keys holding numbers, and the amounts among them (grouped digits).
_NUMBER_KEYS = {"score", "old_score", "weight", "price", "estimated_value", "version", "rank",
                "value"}
_AMOUNT_KEYS = {"price", "estimated_value", "value"}
# Corrections and removals show the reason in their data ("reason" elsewhere is the
# justification of a score or an award, or a code).
_REASON_VERBS = {"updated", "removed", "corrected", "withdrawn", "reopened",
                 "start_corrected", "start_undone"}
_NO_REASON = {"procurement.value.corrected"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")
# Texts longer than this are named, not quoted, in a history line.
_SHORT = 80


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def _model_for(entry: AuditEntry) -> type[models.Model] | None:
    prefix = entry.action.rsplit(".", 1)[0]
    label = _MODELS.get(prefix)
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
    labels = _labels()
    if key in labels:
        return labels[key]
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
    if key == "financing" and isinstance(value, list):
        from videreforing.options.models import Financing

        names = dict(Financing.choices)
        return get_text_list([str(names.get(v, v)) for v in value], _("og"))
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
            or key in _NUMBER_KEYS or (field is None and isinstance(value, str)
                                        and "." in value and _DECIMAL.match(value)):
        shown = _number(value, amount=key in _AMOUNT_KEYS)
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


def describe(entry: AuditEntry) -> str:
    template = _messages().get(entry.action)
    if template is None:
        return _fallback(entry)
    data = dict(entry.data) if isinstance(entry.data, dict) else {}
    # Translate stored codes to readable labels.
    from videreforing.accounts.roles import Role
    from videreforing.programmes.models import DecidingBody, Phase, Task

    model = _model_for(entry)
    if "phase" in data:
        labels = dict(Phase.Kind.choices) | dict(Task.Stage.choices)
        data["phase"] = str(labels.get(data["phase"], data["phase"])).lower()
    if "role" in data:
        data["role"] = str(dict(Role.choices).get(data["role"], data["role"])).lower()
    if "body" in data:
        data["body"] = str(dict(DecidingBody.choices).get(data["body"], data["body"]))
    for key, value in list(data.items()):
        if key in {"before", "after", "fields", "phase", "role", "body"}:
            continue
        if isinstance(value, str) and _ISO_DATE.match(value):
            data[key] = _date(value)
        elif key in _NUMBER_KEYS and not _empty(value):
            data[key] = _number(value, amount=key in _AMOUNT_KEYS) or value
    if entry.action in {"programmes.bounds.clamped", "procurement.value.corrected"}:
        # One stored value brought into bounds: its field, before and after.
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
        if entry.action == "procurement.value.corrected":
            data["field"] = label(field_model, key)
    elif "{fields}" in template:
        data["fields"] = changes(entry, model)
    text = template.format_map(_Default(data))
    reason = entry.data.get("reason") if isinstance(entry.data, dict) else None
    if (isinstance(reason, str) and reason.strip() and "{reason}" not in template
            and entry.action.rsplit(".", 1)[-1] in _REASON_VERBS
            and entry.action not in _NO_REASON):
        text = _("{text}. Begrunnelse: {reason}").format(text=text, reason=reason.strip())
    return text
