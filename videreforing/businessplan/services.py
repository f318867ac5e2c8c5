"""Writes to the business plan. Every service is keyword-only, runs in one transaction,
checks the current state, raises one domain error (DomainError, StaleVersion) or one
ValidationError naming every wrong field, and writes one audit entry.

An activity's decision carries its own required facts: handed over needs to whom
(`handed_to`), ended needs why (`reason`) (R-PREPROJECT: the activities the programme
started are carried on, handed over or ended)."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.bounds import check_values
from videreforing.lib.errors import DomainError, StaleVersion

from .importing import column_title, read_rows
from .models import Activity, BusinessPlan

ACTIVITY_FIELDS = ("name", "focus_area", "owner", "status", "yearly_cost", "results",
                   "decision", "handed_to", "handed_from", "reason")
TEXT_FIELDS = ("name", "focus_area", "owner", "results", "handed_to", "reason")


def _plan_exists(plan: BusinessPlan) -> DomainError:
    return DomainError(_("Programmet har allerede en forretningsplan."), code="exists",
                       data={"id": plan.pk})


def create_plan(*, user, programme) -> BusinessPlan:
    """Start the programme's business plan; refused (code "exists", with its id) when
    the programme has one."""
    existing = BusinessPlan.objects.filter(programme=programme).first()
    if existing is not None:
        raise _plan_exists(existing)
    try:
        with transaction.atomic():
            plan = BusinessPlan.objects.create(programme=programme, created_by=user)
            log_action(action="businessplan.plan.created", actor=user, programme=programme,
                       obj=plan, data={"version": plan.version})
    except IntegrityError as exc:  # another request created it in the meantime
        existing = BusinessPlan.objects.filter(programme=programme).first()
        if existing is None:
            raise
        raise _plan_exists(existing) from exc
    return plan


def _clean_activity(values: dict[str, Any]) -> dict[str, Any]:
    """The values as stored, or one ValidationError naming every wrong field."""
    values = dict(values)
    for key in TEXT_FIELDS:
        value = values.get(key)
        values[key] = "" if value is None else (value.strip() if isinstance(value, str)
                                                 else value)
    if not values.get("status"):
        values["status"] = Activity.Status.PLANNED
    if values.get("yearly_cost") == "":
        values["yearly_cost"] = None
    if values.get("handed_from") == "":
        values["handed_from"] = None
    errors: dict[str, list] = {}
    try:
        values = check_values(Activity, values)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if not values.get("name"):
        errors.setdefault("name", []).append(ValidationError(
            _("Oppgi aktivitetens navn."), code="required"))
    decision = values.get("decision")
    if not decision:
        errors.setdefault("decision", []).append(ValidationError(
            _("Velg hva som skal skje med aktiviteten."), code="required"))
    elif "decision" not in errors:
        if decision == Activity.Decision.HAND_OVER and not values.get("handed_to"):
            errors.setdefault("handed_to", []).append(ValidationError(
                _("Oppgi hvem aktiviteten overlates til."), code="required"))
        if decision == Activity.Decision.END and not values.get("reason"):
            errors.setdefault("reason", []).append(ValidationError(
                _("Oppgi hvorfor aktiviteten avsluttes."), code="required"))
    if errors:
        raise ValidationError(errors)
    if isinstance(values.get("yearly_cost"), Decimal):
        values["yearly_cost"] = values["yearly_cost"].quantize(Decimal(1))
    return {k: values.get(k) for k in ACTIVITY_FIELDS}


def _state(activity: Activity) -> dict[str, Any]:
    return {k: getattr(activity, k) for k in ACTIVITY_FIELDS}


def _json(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _label(key: str) -> str:
    field = Activity._meta.get_field(key)
    return str(getattr(field, "verbose_name", key))


@transaction.atomic
def add_activity(*, user, plan: BusinessPlan, **values: Any) -> Activity:
    """Add one activity to the plan's register."""
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    clean = _clean_activity(values)
    activity = Activity.objects.create(plan=plan, **clean)
    log_action(action="businessplan.activity.added", actor=user,
               programme=plan.programme, obj=activity,
               data={"name": activity.name, "decision": activity.decision})
    return activity


@transaction.atomic
def update_activity(*, user, activity: Activity, expected_version: int | None,
                    **changes: Any) -> Activity:
    """Correct an activity (PATCH semantics: only the given fields change). Refused with
    StaleVersion when someone saved it after `expected_version` was read."""
    current = (Activity.objects.select_for_update().select_related("plan__programme")
               .filter(pk=activity.pk).first())
    if current is None:
        raise DomainError(_("Aktiviteten er fjernet."), code="gone")
    if expected_version is not None and current.version != expected_version:
        raise StaleVersion(_("Noen andre har endret aktiviteten etter at du åpnet den. Se "
                             "gjennom endringene deres og prøv igjen."), current=current)
    unknown = set(changes) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    before = _state(current)
    after = _clean_activity({**before, **changes})
    changed = [k for k in ACTIVITY_FIELDS if before[k] != after[k]]
    if not changed:
        return current
    for key in changed:
        setattr(current, key, after[key])
    current.version += 1
    current.save()
    log_action(action="businessplan.activity.updated", actor=user,
               programme=current.plan.programme, obj=current,
               data={"name": current.name, "fields": [_label(k) for k in changed],
                     "before": {k: _json(before[k]) for k in changed},
                     "after": {k: _json(after[k]) for k in changed},
                     "version": current.version})
    return current


@transaction.atomic
def remove_activity(*, user, activity: Activity) -> None:
    """Remove an activity from the register; the history keeps what it was."""
    current = (Activity.objects.select_for_update().select_related("plan__programme")
               .filter(pk=activity.pk).first())
    if current is None:
        return
    state = {k: _json(v) for k, v in _state(current).items()}
    programme = current.plan.programme
    log_action(action="businessplan.activity.removed", actor=user, programme=programme,
               obj=current, data={"name": current.name, "removed": state})
    current.delete()


@transaction.atomic
def import_activities(*, user, plan: BusinessPlan, upload) -> list[Activity]:
    """Add every activity of an XLSX or CSV file (the template's columns). Every wrong
    cell is reported by row and column, and nothing is imported when any row is wrong."""
    rows, errors = read_rows(upload)
    cleaned: list[dict[str, Any]] = []
    for number, row in rows:
        try:
            cleaned.append(_clean_activity(row))
        except ValidationError as exc:
            errors.extend(_row_errors(number, exc))
    if errors:
        raise ValidationError({"file": errors})
    if not cleaned:
        raise ValidationError({"file": [_("Filen har ingen aktiviteter.")]})
    created = [Activity.objects.create(plan=plan, **values) for values in cleaned]
    log_action(action="businessplan.activities.imported", actor=user,
               programme=plan.programme, obj=plan,
               data={"count": len(created), "file": str(getattr(upload, "name", "") or ""),
                     "names": [a.name for a in created]})
    return created


def _row_errors(number: int, exc: ValidationError) -> list[str]:
    return [_("Rad %(row)s, kolonne «%(column)s»: %(message)s") % {
                "row": number, "column": column_title(field), "message": message}
            for field, messages in exc.message_dict.items() for message in messages]
