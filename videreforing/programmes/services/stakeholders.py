"""The programme's stakeholders (businesses, organisations, public bodies): create,
versioned update and soft removal."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.orgnumber import normalise_org_number, validate_org_number

from ..models import Programme, Stakeholder
from ._common import _bounded, _check_version, _label

STAKEHOLDER_FIELDS = (
    "name", "kind", "org_number", "contact_name", "contact_email", "contact_phone", "notes",
)


def clean_stakeholder(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "name" in values and not (values["name"] or "").strip():
        errors["name"] = [_("Skriv inn navnet på interessenten.")]
    if "kind" in values and values["kind"] not in Stakeholder.Kind.values:
        errors["kind"] = [_("Velg type: bedrift, organisasjon, offentlig virksomhet eller annet.")]
    if values.get("org_number"):
        values["org_number"] = normalise_org_number(values["org_number"])
        try:
            validate_org_number(values["org_number"])
        except ValidationError as exc:
            errors["org_number"] = list(exc.messages)
    if values.get("contact_email"):
        from django.core.validators import validate_email

        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    values = {k: (v.strip() if isinstance(v, str) else (v or "")) for k, v in values.items()}
    _bounded(Stakeholder, values, errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_stakeholder(*, user, programme: Programme, **fields: Any) -> Stakeholder:
    values = clean_stakeholder({k: fields.get(k, "") for k in STAKEHOLDER_FIELDS})
    stakeholder = Stakeholder.objects.create(programme=programme, **values)
    log_action(
        action="programmes.stakeholder.created", actor=user, programme=programme,
        obj=stakeholder, data=values,
    )
    return stakeholder


@transaction.atomic
def update_stakeholder(
    *, user, stakeholder: Stakeholder, expected_version: int | None = None, **changes: Any
) -> Stakeholder:
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    _check_version(
        stakeholder, expected_version,
        _("Noen andre har endret interessenten etter at du åpnet den. Se gjennom endringene "
          "og prøv igjen."),
    )
    unknown = set(changes) - set(STAKEHOLDER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    values = clean_stakeholder(dict(changes))
    changed = [k for k, v in values.items() if getattr(stakeholder, k) != v]
    if not changed:
        return stakeholder
    before = {k: getattr(stakeholder, k) for k in changed}
    for key in changed:
        setattr(stakeholder, key, values[key])
    stakeholder.version += 1
    stakeholder.save()
    log_action(
        action="programmes.stakeholder.updated", actor=user, programme=stakeholder.programme,
        obj=stakeholder,
        data={
            "name": stakeholder.name,
            "fields": [_label(Stakeholder, k) for k in changed],
            "before": before, "after": {k: values[k] for k in changed},
        },
    )
    return stakeholder


@transaction.atomic
def remove_stakeholder(*, user, stakeholder: Stakeholder) -> None:
    stakeholder = Stakeholder.objects.select_for_update().get(pk=stakeholder.pk)
    if stakeholder.removed_at is not None:
        return
    stakeholder.removed_at = timezone.now()
    stakeholder.save(update_fields=["removed_at"])
    log_action(
        action="programmes.stakeholder.removed", actor=user, programme=stakeholder.programme,
        obj=stakeholder,
        data={"name": stakeholder.name, **{k: getattr(stakeholder, k) for k in STAKEHOLDER_FIELDS}},
    )
