"""Every write in the procurement of the consultancy assignment (R-TENDER).

Each service is keyword-only and runs in one transaction; it checks the state (a tender
in preparation; criteria and requirements until the deadline, P-CRITERIA; bids until
the award, or after the award is reopened with a reason), checks every value against
its bound with lib.bounds.check_values (one ValidationError naming every wrong field,
nothing stored), refuses a stale `expected_version` with StaleVersion, and writes one
audit entry; corrections and removals record `before` and `after` (and a `reason`)."""

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.accounts.services import add_member
from videreforing.audit.services import log_action
from videreforing.lib.bounds import check_values
from videreforing.lib.dates import safe_add
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.numbers import parse_decimal, plain
from videreforing.lib.orgnumber import normalise_org_number, validate_org_number
from videreforing.rules import procurement as rules

from .evaluation import EvaluationError, evaluate
from .models import (
    AwardCriterion,
    Bid,
    BidScore,
    ProcurementThreshold,
    QualificationRequirement,
    Supplier,
    SupplierSuggestion,
    Tender,
)

CLIMATE_MINIMUM = Decimal(30)  # P-CLIMATE


def current_limits(day: date | None = None) -> dict[str, rules.Threshold]:
    day = day or timezone.localdate()
    return rules.thresholds_on([t.as_rule() for t in ProcurementThreshold.objects.all()], day)




def _check_open(tender: Tender) -> None:
    if tender.status != Tender.Status.DRAFT:
        raise DomainError(_("Konkurransen er avsluttet og kan ikke endres."), code="closed")


def _check_criteria_unlocked(tender: Tender) -> None:
    """P-CRITERIA: criteria and the price model are fixed once the deadline passes."""
    _check_open(tender)
    if tender.tender_deadline and timezone.localdate() > tender.tender_deadline:
        raise DomainError(
            _("Tilbudsfristen er passert. Tildelingskriteriene og prismodellen er låst "
              "(P-CRITERIA)."), code="criteria_locked")


# ---------------------------------------------------------------- tenders


def _merge(errors: dict[str, list[str]], exc: ValidationError) -> None:
    for key, messages in exc.message_dict.items():
        errors.setdefault(key, []).extend(m for m in messages if m not in errors.get(key, []))


def _checked(model, values: dict[str, Any], errors: dict[str, list[str]], *,
             exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """The model's own bounds, lengths and control characters (lib/bounds.py), with the
    errors added to `errors` so every wrong field is reported at once."""
    try:
        return check_values(model, values, exclude=exclude)
    except ValidationError as exc:
        _merge(errors, exc)
        return values


def _text(value) -> str:
    return str(value if value is not None else "").strip()


def _whole(value: Decimal) -> Decimal:
    """Whole kroner. A number too large to round is left for the bound to refuse."""
    try:
        return value.quantize(Decimal(1))
    except InvalidOperation:
        return value


def _check_version(obj, expected_version, message: str) -> None:
    if expected_version in (None, ""):
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"version": [_("Ugyldig versjon.")]}) from exc
    if expected != obj.version:
        raise StaleVersion(message, current=obj)


def _clean_tender(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in values and not _text(values["title"]):
        errors["title"] = [_("Skriv inn en tittel på konkurransen.")]
    for key in ("title", "description", "climate_exception"):
        if key in values:
            values[key] = _text(values[key])
    if "estimated_value" in values:
        try:
            values["estimated_value"] = _whole(parse_decimal(values["estimated_value"],
                                                             "estimated_value"))
        except ValidationError as exc:
            _merge(errors, exc)
            values.pop("estimated_value")
    if values.get("procedure") not in (None, *rules.PROCEDURES):
        errors["procedure"] = [_("Velg åpen, begrenset eller konkurranse med forhandling.")]
    if "authority_name" in values:
        values["authority_name"] = _text(values["authority_name"])
    if "submission_address" in values:
        values["submission_address"] = _text(values["submission_address"])
    if "deadline_time" in values and values["deadline_time"] is None:
        values["deadline_time"] = DEFAULT_DEADLINE_TIME
    if values.get("authority_org_number"):
        number = normalise_org_number(values["authority_org_number"])
        try:
            validate_org_number(number)
        except ValidationError as exc:
            errors["authority_org_number"] = list(exc.messages)
        values["authority_org_number"] = number
    elif "authority_org_number" in values:
        values["authority_org_number"] = ""
    values = _checked(Tender, values, errors, exclude=(
        "procedure", *(("authority_org_number",) if "authority_org_number" in errors
                       else ())))
    start, end = values.get("contract_start"), values.get("contract_end")
    if (start and end and "contract_start" not in errors and "contract_end" not in errors
            and end < start):
        errors["contract_end"] = [_("Kontraktens slutt kan ikke komme før starten.")]
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_tender(
    *, user, programme, title: str, estimated_value, description: str = "",
    procedure: str = rules.OPEN, contract_start: date | None = None,
    contract_end: date | None = None, tender_deadline: date | None = None,
    authority_name: str = "", authority_org_number: str = "",
    deadline_time: time | None = None, submission_address: str = "",
) -> Tender:
    values = _clean_tender({
        "title": title, "description": description, "estimated_value": estimated_value,
        "procedure": procedure or rules.OPEN, "contract_start": contract_start,
        "contract_end": contract_end, "tender_deadline": tender_deadline,
        "authority_name": authority_name or default_authority_name(programme),
        "authority_org_number": authority_org_number,
        "deadline_time": deadline_time or DEFAULT_DEADLINE_TIME,
        # By default the bids go to the person who set up the tender.
        "submission_address": submission_address or getattr(user, "email", "") or "",
    })
    values["regime"] = rules.regime(values["estimated_value"], current_limits())
    tender = Tender.objects.create(programme=programme, created_by=user, **values)
    log_action(action="procurement.tender.created", actor=user, programme=programme,
               obj=tender, data={"title": tender.title, "regime": tender.regime,
                                 "estimated_value": str(tender.estimated_value)})
    return tender


TENDER_FIELDS = ("title", "description", "estimated_value", "procedure", "contract_start",
                 "contract_end", "tender_deadline", "climate_exception", "authority_name",
                 "authority_org_number", "deadline_time", "submission_address")
DEFAULT_DEADLINE_TIME = time(12, 0)


def default_authority_name(programme) -> str:
    """The programme's first municipality as contracting authority ("Meløy kommune").
    The municipality register has no organisation numbers: the user types it."""
    first = programme.municipalities.order_by("number").first() if programme.pk else None
    return _("%(name)s kommune") % {"name": first.name} if first else ""


@transaction.atomic
def update_tender(*, user, tender: Tender, expected_version: int | None = None,
                  **changes: Any) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if expected_version is not None and int(expected_version) != tender.version:
        raise StaleVersion(_("Noen andre har endret konkurransen etter at du åpnet den. "
                             "Se gjennom endringene og prøv igjen."), current=tender)
    _check_open(tender)
    unknown = set(changes) - set(TENDER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    if "procedure" in changes:
        _check_criteria_unlocked(tender)
    values = _clean_tender(dict(changes))
    changed = [k for k, v in values.items() if getattr(tender, k) != v]
    if not changed:
        return tender
    before = {k: getattr(tender, k) for k in changed}
    for key in changed:
        setattr(tender, key, values[key])
    if "estimated_value" in changed:
        tender.regime = rules.regime(tender.estimated_value, current_limits())
    tender.version += 1
    tender.save()
    log_action(action="procurement.tender.updated", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "fields": changed,
                                 "before": {k: str(v) for k, v in before.items()},
                                 "after": {k: str(values[k]) for k in changed}})
    return tender


# ---------------------------------------------------------------- requirements and criteria


def _clean_requirement(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values = {k: _text(v) for k, v in values.items()}
    if "text" in values and not values["text"]:
        errors["text"] = [_("Skriv inn kravet.")]
    values = _checked(QualificationRequirement, values, errors)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def add_requirement(*, user, tender: Tender, text: str, documentation: str = ""
                    ) -> QualificationRequirement:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_criteria_unlocked(tender)
    values = _clean_requirement({"text": text, "documentation": documentation})
    order = (tender.requirements.aggregate(m=Max("order"))["m"] or 0) + 1
    requirement = QualificationRequirement.objects.create(tender=tender, order=order, **values)
    log_action(action="procurement.requirement.added", actor=user, programme=tender.programme,
               obj=requirement, data={"text": requirement.text, "tender": tender.title})
    return requirement


REQUIREMENT_FIELDS = ("text", "documentation")


@transaction.atomic
def update_requirement(*, user, requirement: QualificationRequirement,
                       expected_version: int | None = None, **changes: Any
                       ) -> QualificationRequirement:
    """Correct a requirement until the criteria lock (P-CRITERIA)."""
    requirement = QualificationRequirement.objects.select_for_update().select_related(
        "tender__programme").get(pk=requirement.pk)
    _check_version(requirement, expected_version, _(
        "Noen andre har endret kravet etter at du åpnet det. Se gjennom endringene og prøv "
        "igjen."))
    _check_criteria_unlocked(requirement.tender)
    unknown = set(changes) - set(REQUIREMENT_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    values = _clean_requirement(changes)
    changed = [k for k, v in values.items() if getattr(requirement, k) != v]
    if not changed:
        return requirement
    before = {k: getattr(requirement, k) for k in changed}
    for key in changed:
        setattr(requirement, key, values[key])
    requirement.version += 1
    requirement.save()
    log_action(action="procurement.requirement.updated", actor=user,
               programme=requirement.tender.programme, obj=requirement,
               data={"text": requirement.text, "tender": requirement.tender.title,
                     "fields": changed, "before": before,
                     "after": {k: values[k] for k in changed}})
    return requirement


@transaction.atomic
def remove_requirement(*, user, requirement: QualificationRequirement,
                       expected_version: int | None = None) -> None:
    tender = Tender.objects.select_for_update().get(pk=requirement.tender_id)
    requirement = QualificationRequirement.objects.get(pk=requirement.pk)
    _check_version(requirement, expected_version, _(
        "Noen andre har endret kravet etter at du åpnet det. Se gjennom endringene og prøv "
        "igjen."))
    _check_criteria_unlocked(tender)
    log_action(action="procurement.requirement.removed", actor=user,
               programme=tender.programme, obj=requirement,
               data={"text": requirement.text, "tender": tender.title,
                     "before": {"text": requirement.text,
                                "documentation": requirement.documentation}})
    requirement.delete()


# Other names for the kinds that callers use (the criteria's own words).
KIND_ALIASES = {
    "competence": "quality", "quality_competence": "quality", "quality/competence": "quality",
    "climate_and_environment": "climate", "climate_environment": "climate",
    "environment": "climate",
}


def _clean_criterion(tender: Tender, values: dict[str, Any], *, exclude_pk=None
                     ) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    kind_given = _text(values.get("kind")).lower()
    values["kind"] = KIND_ALIASES.get(kind_given, kind_given)
    values["name"] = _text(values.get("name"))
    values["scoring"] = _text(values.get("scoring"))
    values["climate_exception"] = _text(values.get("climate_exception"))
    if not values["name"]:
        errors["name"] = [_("Skriv inn navnet på kriteriet.")]
    kind = values.get("kind")
    if kind not in AwardCriterion.Kind.values:
        errors["kind"] = [_("Velg type: pris, kvalitet/kompetanse, metode, klima og miljø "
                            "eller annet.")]
    try:
        weight = parse_decimal(values.get("weight"), "weight")
    except ValidationError as exc:
        _merge(errors, exc)
        weight = None
    checked = _checked(AwardCriterion, {"name": values["name"], "weight": weight,
                                        "scoring": values["scoring"]}, errors)
    _checked(Tender, {"climate_exception": values["climate_exception"]}, errors)
    if weight is not None and "weight" not in errors:
        weight = checked["weight"]
        if not Decimal(0) < weight <= Decimal(100):
            errors["weight"] = [_("Vekten må være mer enn 0 og høyst 100 %.")]
        else:
            others = tender.criteria.exclude(pk=exclude_pk)
            total = sum((c.weight for c in others), Decimal(0)) + weight
            if total > Decimal(100):
                errors["weight"] = [_("Summen av vektene blir %(sum)s %%. Den kan ikke være "
                                      "over 100 %%.") % {"sum": plain(total)}]
            elif (kind == AwardCriterion.Kind.CLIMATE and weight < CLIMATE_MINIMUM
                  and not (values["climate_exception"] or tender.climate_exception)):
                errors["weight"] = [_("Klima og miljø skal vektes minst 30 %% når det brukes "
                                      "som tildelingskriterium, med mindre et unntak er "
                                      "begrunnet (P-CLIMATE). Skriv begrunnelsen for "
                                      "unntaket.")]
    model = _text(values.get("price_model"))
    if kind == AwardCriterion.Kind.PRICE:
        model = model or AwardCriterion.PriceModel.LINEAR
        if model not in AwardCriterion.PriceModel.values:
            errors["price_model"] = [_("Velg lineær eller forholdsmessig prismodell.")]
    elif model:
        errors["price_model"] = [_("Bare priskriteriet har prismodell.")]
    if errors:
        raise ValidationError(errors)
    return {"name": values["name"], "kind": kind, "weight": weight,
            "price_model": model, "scoring": values["scoring"]}


def _keep_climate_exception(tender: Tender, climate_exception: str) -> None:
    text = _text(climate_exception)
    if text and text != tender.climate_exception:
        tender.climate_exception = text
        tender.save(update_fields=["climate_exception"])


@transaction.atomic
def add_criterion(*, user, tender: Tender, name: str, kind: str, weight, price_model: str = "",
                  scoring: str = "", climate_exception: str = "") -> AwardCriterion:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_criteria_unlocked(tender)
    values = _clean_criterion(tender, {"name": name, "kind": kind,
                                       "weight": weight, "price_model": price_model,
                                       "scoring": scoring,
                                       "climate_exception": climate_exception})
    _keep_climate_exception(tender, climate_exception)
    order = (tender.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = AwardCriterion.objects.create(tender=tender, order=order, **values)
    log_action(action="procurement.criterion.added", actor=user, programme=tender.programme,
               obj=criterion, data={"name": criterion.name, "kind": criterion.kind,
                                    "weight": str(criterion.weight),
                                    "price_model": criterion.price_model,
                                    "climate_exception": tender.climate_exception
                                    if criterion.kind == "climate" else ""})
    return criterion


CRITERION_FIELDS = ("name", "kind", "weight", "price_model", "scoring", "climate_exception")


@transaction.atomic
def update_criterion(*, user, criterion: AwardCriterion, expected_version: int | None = None,
                     **changes: Any) -> AwardCriterion:
    """Correct a criterion until the criteria lock at the tender deadline (P-CRITERIA)."""
    tender = Tender.objects.select_for_update().get(pk=criterion.tender_id)
    criterion = AwardCriterion.objects.select_for_update().get(pk=criterion.pk)
    _check_version(criterion, expected_version, _(
        "Noen andre har endret kriteriet etter at du åpnet det. Se gjennom endringene og "
        "prøv igjen."))
    _check_criteria_unlocked(tender)
    unknown = set(changes) - set(CRITERION_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    merged = {k: getattr(criterion, k) for k in CRITERION_FIELDS if k != "climate_exception"}
    if "kind" in changes and changes["kind"] != criterion.kind and "price_model" not in changes:
        merged["price_model"] = ""  # a new kind gets the default model for that kind
    merged.update({k: v for k, v in changes.items()})
    values = _clean_criterion(tender, merged, exclude_pk=criterion.pk)
    changed = [k for k, v in values.items() if getattr(criterion, k) != v]
    before = {k: str(getattr(criterion, k)) for k in changed}
    after = {k: str(values[k]) for k in changed}
    exception_before = tender.climate_exception
    _keep_climate_exception(tender, changes.get("climate_exception", ""))
    if tender.climate_exception != exception_before:  # P-CLIMATE: recorded with the rest
        changed.append("climate_exception")
        before["climate_exception"] = exception_before
        after["climate_exception"] = tender.climate_exception
    if not changed:
        return criterion
    for key in values:
        setattr(criterion, key, values[key])
    criterion.version += 1
    criterion.save()
    log_action(action="procurement.criterion.updated", actor=user, programme=tender.programme,
               obj=criterion, data={"name": criterion.name, "weight": str(criterion.weight),
                                    "fields": changed, "before": before, "after": after})
    return criterion


@transaction.atomic
def remove_criterion(*, user, criterion: AwardCriterion,
                     expected_version: int | None = None) -> None:
    tender = Tender.objects.select_for_update().get(pk=criterion.tender_id)
    criterion = AwardCriterion.objects.get(pk=criterion.pk)
    _check_version(criterion, expected_version, _(
        "Noen andre har endret kriteriet etter at du åpnet det. Se gjennom endringene og "
        "prøv igjen."))
    _check_criteria_unlocked(tender)
    scores = {s.bid.supplier.name: {"score": str(s.score), "justification": s.justification}
              for s in criterion.scores.select_related("bid__supplier")}
    log_action(action="procurement.criterion.removed", actor=user, programme=tender.programme,
               obj=criterion, data={"name": criterion.name, "weight": str(criterion.weight),
                                    "before": {"name": criterion.name, "kind": criterion.kind,
                                               "weight": str(criterion.weight),
                                               "price_model": criterion.price_model,
                                               "scoring": criterion.scoring,
                                               "scores": scores}})
    criterion.delete()


# ---------------------------------------------------------------- suppliers

SUPPLIER_FIELDS = ("org_number", "name", "contact_name", "contact_email", "contact_phone",
                   "experience")


def _clean_supplier(values: dict[str, Any], *, exclude_pk=None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    values = {k: _text(v) for k, v in values.items()}
    if "org_number" in values:
        number = normalise_org_number(values["org_number"])
        if not number:
            errors["org_number"] = [_("Oppgi organisasjonsnummeret (9 siffer).")]
        else:
            try:
                validate_org_number(number)
            except ValidationError as exc:
                errors["org_number"] = list(exc.messages)
        values["org_number"] = number
        if "org_number" not in errors and Supplier.objects.filter(
                org_number=number).exclude(pk=exclude_pk).exists():
            errors["org_number"] = [_("En leverandør med dette organisasjonsnummeret finnes "
                                      "allerede.")]
    if "name" in values and not values["name"]:
        errors["name"] = [_("Skriv inn navnet på leverandøren.")]
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    values = _checked(Supplier, values, errors,
                      exclude=("org_number",) if "org_number" in errors else ())
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_supplier(*, user, org_number: str, name: str, contact_name: str = "",
                    contact_email: str = "", contact_phone: str = "", experience: str = ""
                    ) -> Supplier:
    """Add a consultancy to the shared register. Who may write to the register is the
    caller's check (access.check_register_write)."""
    values = _clean_supplier({
        "org_number": org_number, "name": name, "contact_name": contact_name,
        "contact_email": contact_email, "contact_phone": contact_phone,
        "experience": experience})
    supplier = Supplier.objects.create(
        created_by=user if getattr(user, "pk", None) else None, **values)
    log_action(action="procurement.supplier.created", actor=user, obj=supplier,
               data={"org_number": supplier.org_number, "name": supplier.name})
    return supplier


@transaction.atomic
def update_supplier(*, user, supplier: Supplier, expected_version: int | None = None,
                    **changes: Any) -> Supplier:
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    _check_version(supplier, expected_version, _(
        "Noen andre har endret leverandøren etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    unknown = set(changes) - set(SUPPLIER_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    values = _clean_supplier(changes, exclude_pk=supplier.pk)
    changed = [k for k, v in values.items() if getattr(supplier, k) != v]
    if not changed:
        return supplier
    before = {k: getattr(supplier, k) for k in changed}
    for key in changed:
        setattr(supplier, key, values[key])
    supplier.version += 1
    supplier.save()
    log_action(action="procurement.supplier.updated", actor=user, obj=supplier,
               data={"name": supplier.name, "org_number": supplier.org_number,
                     "fields": changed, "before": before,
                     "after": {k: values[k] for k in changed}})
    return supplier


def supplier_removal_refusal(supplier: Supplier) -> DomainError | None:
    """Why the supplier cannot be removed, or None. One that has bids stays (the bids and
    the procurement record refer to it, P-PROTOCOL), and so does one an adviser has
    suggested to a programme (R-ADVISER): correct it instead. The confirmation page asks
    this before it offers to remove."""
    bids = supplier.bids.count()
    if bids:
        return DomainError(
            ngettext("«%(name)s» har levert tilbud i %(count)d konkurranse og kan ikke "
                     "fjernes fra registeret, fordi tilbudet og anskaffelsesprotokollen viser "
                     "til leverandøren. Du kan rette opplysningene i stedet.",
                     "«%(name)s» har levert tilbud i %(count)d konkurranser og kan ikke "
                     "fjernes fra registeret, fordi tilbudene og anskaffelsesprotokollene "
                     "viser til leverandøren. Du kan rette opplysningene i stedet.",
                     bids) % {"name": supplier.name, "count": bids},
            code="supplier_has_bids")
    suggestions = supplier.suggestions.count()
    if suggestions:
        return DomainError(
            ngettext("«%(name)s» er foreslått for %(count)d program og kan ikke fjernes fra "
                     "registeret. Du kan rette opplysningene i stedet.",
                     "«%(name)s» er foreslått for %(count)d programmer og kan ikke fjernes "
                     "fra registeret. Du kan rette opplysningene i stedet.",
                     suggestions) % {"name": supplier.name, "count": suggestions},
            code="supplier_suggested")
    return None


@transaction.atomic
def remove_supplier(*, user, supplier: Supplier, expected_version: int | None = None) -> None:
    """Remove a supplier from the register, unless `supplier_removal_refusal` says why
    not."""
    supplier = Supplier.objects.select_for_update().get(pk=supplier.pk)
    _check_version(supplier, expected_version, _(
        "Noen andre har endret leverandøren etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    refusal = supplier_removal_refusal(supplier)
    if refusal is not None:
        raise refusal
    log_action(action="procurement.supplier.removed", actor=user, obj=supplier,
               data={"name": supplier.name, "org_number": supplier.org_number,
                     "before": {k: getattr(supplier, k) for k in SUPPLIER_FIELDS}})
    supplier.delete()


@transaction.atomic
def suggest_supplier(*, user, programme, supplier: Supplier, note: str = ""
                     ) -> SupplierSuggestion:
    errors: dict[str, list[str]] = {}
    note = _text(note)
    _checked(SupplierSuggestion, {"note": note}, errors)
    if errors:
        raise ValidationError(errors)
    suggestion, created = SupplierSuggestion.objects.get_or_create(
        programme=programme, supplier=supplier,
        defaults={"suggested_by": user, "note": note})
    if not created:
        raise ValidationError({"supplier": [_("Leverandøren er allerede foreslått.")]})
    log_action(action="procurement.supplier.suggested", actor=user, programme=programme,
               obj=suggestion, data={"name": supplier.name, "org_number": supplier.org_number})
    return suggestion


# ---------------------------------------------------------------- bids


def _clean_scores(tender: Tender, scores: dict, *, allow_clear: bool = False
                  ) -> dict[int, tuple[Decimal, str] | None]:
    """Criterion id → (score, justification); None clears a score when `allow_clear`."""
    criteria = {c.pk: c for c in tender.criteria.all()}
    cleaned: dict[int, tuple[Decimal, str] | None] = {}
    errors: list[str] = []
    if not isinstance(scores, dict):
        raise ValidationError({"scores": [_("Poengene må gis per kriterium.")]})
    for key, value in scores.items():
        try:
            cid = int(key)
        except (TypeError, ValueError, OverflowError):
            errors.append(_("Ukjent kriterium: %(id)s.") % {"id": str(key)[:40]})
            continue
        criterion = criteria.get(cid)
        if criterion is None:
            errors.append(_("Ukjent kriterium: %(id)s.") % {"id": cid})
            continue
        if criterion.kind == AwardCriterion.Kind.PRICE:
            continue  # price points come from the price, not from an assessment
        score, justification = value if isinstance(value, tuple) else (value, "")
        if score is None or score == "":
            if allow_clear:
                cleaned[cid] = None
            continue
        try:
            number = parse_decimal(score, "scores")
        except ValidationError:
            errors.append(_("Poeng må være et tall fra 0 til 10 (%(name)s).") % {
                "name": criterion.name})
            continue
        if not Decimal(0) <= number <= Decimal(10):
            errors.append(_("Poeng må være fra 0 til 10 (%(name)s).") % {"name": criterion.name})
            continue
        text_errors: dict[str, list[str]] = {}
        checked = _checked(BidScore, {"score": number, "justification": _text(justification)},
                           text_errors)
        if text_errors:
            errors.extend(f"{criterion.name}: {m}" for ms in text_errors.values() for m in ms)
            continue
        cleaned[cid] = (checked["score"], _text(justification))
    if errors:
        raise ValidationError({"scores": errors})
    return cleaned


BID_FIELDS = ("price", "qualified", "rejected", "rejection_reason", "documents",
              "received_on", "contact_name", "contact_email")


def _clean_bid(values: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Check a bid's own values (price, dates, texts); the caller raises `errors`."""
    for key in ("rejection_reason", "documents", "contact_name", "contact_email"):
        if key in values:
            values[key] = _text(values[key])
    for key in ("qualified", "rejected"):
        if key in values:
            if not isinstance(values[key], bool):
                errors[key] = [_("Oppgi ja eller nei.")]
    if "price" in values:
        try:
            values["price"] = _whole(parse_decimal(values["price"], "price"))
        except ValidationError as exc:
            _merge(errors, exc)
            values.pop("price")
        else:
            if values["price"] <= 0:
                errors["price"] = [_("Prisen må være større enn 0.")]
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    return _checked(Bid, values, errors, exclude=tuple(errors))


@transaction.atomic
def register_bid(
    *, user, tender: Tender, supplier: Supplier, price, qualified: bool = True,
    rejected: bool = False, rejection_reason: str = "", scores: dict | None = None,
    documents: str = "", received_on: date | None = None, contact_name: str = "",
    contact_email: str = "",
) -> Bid:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_open(tender)
    errors: dict[str, list[str]] = {}
    values = _clean_bid({
        "price": price, "qualified": qualified, "rejected": rejected,
        "rejection_reason": rejection_reason, "documents": documents,
        "received_on": received_on or timezone.localdate(), "contact_name": contact_name,
        "contact_email": contact_email}, errors)
    if ((values.get("rejected") or not values.get("qualified", True))
            and not values.get("rejection_reason")):
        # The page asks for the reason; a caller that gives none gets the plain one.
        values["rejection_reason"] = (_("Tilbudet er avvist.") if values.get("rejected")
                                      else _("Kvalifikasjonskravene er ikke oppfylt."))
    if tender.bids.filter(supplier=supplier).exists():
        errors["supplier_org_number"] = [_("Leverandøren har allerede levert tilbud. Rett "
                                           "det registrerte tilbudet i stedet.")]
    cleaned: dict = {}
    try:
        cleaned = _clean_scores(tender, scores or {})
    except ValidationError as exc:
        _merge(errors, exc)
    if errors:
        raise ValidationError(errors)
    bid = Bid.objects.create(tender=tender, supplier=supplier, **values)
    BidScore.objects.bulk_create(
        BidScore(bid=bid, criterion_id=cid, score=score, justification=justification)
        for cid, (score, justification) in cleaned.items())
    log_action(action="procurement.bid.registered", actor=user, programme=tender.programme,
               obj=bid, data={"supplier": supplier.name, "org_number": supplier.org_number,
                              "price": str(bid.price), "qualified": bid.qualified,
                              "rejected": bid.rejected, "reason": bid.rejection_reason,
                              "scores": {str(k): str(v[0]) for k, v in cleaned.items()}})
    return bid


def _bid_state(bid: Bid) -> dict[str, Any]:
    state: dict[str, Any] = {k: getattr(bid, k) for k in BID_FIELDS}
    state["price"] = str(bid.price)
    state["received_on"] = bid.received_on.isoformat() if bid.received_on else None
    state["scores"] = {s.criterion.name: {"score": str(s.score), "justification": s.justification}
                       for s in bid.scores.select_related("criterion").order_by(
                           "criterion__order", "criterion__pk")}
    return state


def _check_bid_open(tender: Tender) -> None:
    if tender.status == Tender.Status.AWARDED:
        raise DomainError(_("Oppdraget er tildelt, og tilbudene kan ikke lenger endres. "
                            "Gjenåpne tildelingen med en begrunnelse for å rette dem."),
                          code="awarded")
    _check_open(tender)


@transaction.atomic
def update_bid(*, user, bid: Bid, expected_version: int | None = None,
               scores: dict | None = None, justifications: dict | None = None,
               **changes: Any) -> Bid:
    """Correct a bid: price, qualification, rejection and reason, contact, received date,
    documents, and scores with justifications (a bid registered without scores is scored
    here). Freely until the award; after it only once the award is reopened.

    `scores` maps criterion id → score (None or "" clears it), or → (score, justification);
    `justifications` maps criterion id → text, for a score given now or already stored."""
    tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    bid = Bid.objects.select_for_update().select_related("supplier").get(pk=bid.pk)
    _check_version(bid, expected_version, _(
        "Noen andre har endret tilbudet etter at du åpnet det. Se gjennom endringene og prøv "
        "igjen."))
    _check_bid_open(tender)
    unknown = set(changes) - set(BID_FIELDS)
    if unknown:
        raise ValidationError({sorted(unknown)[0]: [_("Feltet kan ikke endres.")]})
    errors: dict[str, list[str]] = {}
    values = _clean_bid(dict(changes), errors)
    stored = {s.criterion_id: s for s in bid.scores.all()}
    given: dict = {}
    for cid, value in (scores or {}).items():
        given[cid] = value
    if justifications is not None and not isinstance(justifications, dict):
        errors["justifications"] = [_("Begrunnelsene må gis per kriterium.")]
        justifications = {}
    for cid, text in (justifications or {}).items():
        # A justification alone corrects the stored score's text.
        key = next((k for k in given if str(k) == str(cid)), None)
        if key is not None:
            value = given[key]
            score = value[0] if isinstance(value, tuple) else value
            given[key] = (score, text)
        else:
            try:
                number = int(cid)
            except (TypeError, ValueError, OverflowError):
                number = None
            if number in stored:
                given[cid] = (stored[number].score, text)
            else:
                errors.setdefault("justifications", []).append(
                    _("Gi poeng for kriteriet før begrunnelsen (kriterium %(id)s).")
                    % {"id": str(cid)[:40]})
    for cid, value in list(given.items()):
        # A new score without a justification keeps the stored justification.
        if not isinstance(value, tuple):
            try:
                stored_score = stored.get(int(cid))
            except (TypeError, ValueError, OverflowError):
                stored_score = None
            given[cid] = (value, stored_score.justification if stored_score else "")
    cleaned: dict = {}
    try:
        cleaned = _clean_scores(tender, given, allow_clear=True)
    except ValidationError as exc:
        _merge(errors, exc)
    merged = {k: getattr(bid, k) for k in BID_FIELDS} | values
    if ((merged["rejected"] or not merged["qualified"]) and not merged["rejection_reason"]
            and "rejection_reason" not in errors):
        errors["rejection_reason"] = [_("Skriv begrunnelsen når tilbudet avvises eller "
                                        "leverandøren ikke er kvalifisert.")]
    if errors:
        raise ValidationError(errors)
    before = _bid_state(bid)
    for key, value in values.items():
        setattr(bid, key, value)
    if not (bid.rejected or not bid.qualified):
        bid.rejection_reason = ""
    for cid, item in cleaned.items():
        if item is None:
            BidScore.objects.filter(bid=bid, criterion_id=cid).delete()
        else:
            BidScore.objects.update_or_create(
                bid=bid, criterion_id=cid,
                defaults={"score": item[0], "justification": item[1]})
    after = _bid_state(bid)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return bid
    bid.version += 1
    bid.save()
    log_action(action="procurement.bid.updated", actor=user, programme=tender.programme,
               obj=bid, data={"supplier": bid.supplier.name, "fields": changed,
                              "before": {k: before[k] for k in changed},
                              "after": {k: after[k] for k in changed}})
    return bid


@transaction.atomic
def remove_bid(*, user, bid: Bid, expected_version: int | None = None,
               reason: str = "") -> None:
    """Withdraw a registered bid (registered by mistake, or withdrawn by the supplier)."""
    tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    bid = Bid.objects.select_for_update().select_related("supplier").get(pk=bid.pk)
    _check_version(bid, expected_version, _(
        "Noen andre har endret tilbudet etter at du åpnet det. Se gjennom endringene og prøv "
        "igjen."))
    _check_bid_open(tender)
    errors: dict[str, list[str]] = {}
    reason = _text(reason)
    _checked(Tender, {"award_reason": reason}, errors)
    if errors:
        raise ValidationError({"reason": errors["award_reason"]})
    log_action(action="procurement.bid.removed", actor=user, programme=tender.programme,
               obj=bid, data={"supplier": bid.supplier.name,
                              "org_number": bid.supplier.org_number,
                              "reason": reason, "before": _bid_state(bid)})
    bid.delete()


@transaction.atomic
def score_bid(*, user, bid: Bid, criterion: AwardCriterion, score, justification: str
              ) -> BidScore:
    bid.tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    _check_bid_open(bid.tender)
    cleaned = _clean_scores(bid.tender, {criterion.pk: (score, justification)})
    if criterion.pk not in cleaned:
        raise ValidationError({"criterion": [_("Priskriteriet får poeng fra prisen.")]})
    item = cleaned[criterion.pk]
    assert item is not None
    value, text = item
    if not text:
        raise ValidationError({"justification": [_("Skriv en begrunnelse for poengene.")]})
    result, _created = BidScore.objects.update_or_create(
        bid=bid, criterion=criterion, defaults={"score": value, "justification": text})
    log_action(action="procurement.bid.scored", actor=user, programme=bid.tender.programme,
               obj=result, data={"supplier": bid.supplier.name, "criterion": criterion.name,
                                 "score": str(value), "justification": text})
    return result


@transaction.atomic
def exclude_bid(*, user, bid: Bid, reason: str, disqualify: bool = False) -> Bid:
    """Reject the bid, or find the supplier not qualified (P-QUAL); the reason is kept."""
    bid.tender = Tender.objects.select_for_update().get(pk=bid.tender_id)
    _check_bid_open(bid.tender)
    errors: dict[str, list[str]] = {}
    reason = _text(reason)
    if not reason:
        errors["rejection_reason"] = [_("Skriv begrunnelsen for avvisningen.")]
    _checked(Bid, {"rejection_reason": reason}, errors)
    if errors:
        raise ValidationError(errors)
    if disqualify:
        bid.qualified = False
    else:
        bid.rejected = True
    bid.rejection_reason = reason
    bid.version += 1
    bid.save()
    log_action(action="procurement.bid.excluded", actor=user, programme=bid.tender.programme,
               obj=bid, data={"supplier": bid.supplier.name, "reason": bid.rejection_reason,
                              "disqualified": disqualify})
    return bid


# ---------------------------------------------------------------- award


@dataclass(frozen=True)
class LeaderOutcome:
    """What the award did (or will do) about the programme's process leader
    (R-CONSULTANT)."""

    kind: str  # added, changed, unchanged, none
    email: str = ""
    previous_role: str = ""


@dataclass(frozen=True)
class AwardPlan:
    """What an award of `bid` would do, for the confirmation page; nothing is stored."""

    tender: Tender
    bid: Bid
    rank: int
    total: Decimal
    ranked_first: bool
    bids: int
    reason: str
    leader: LeaderOutcome
    # Always False: plan_award refuses an award before the deadline (kept for callers).
    deadline_not_passed: bool = False


def _plan_leader(programme, bid: Bid) -> LeaderOutcome:
    """Only the process leader the bid itself offers (its own contact e-mail) gets access
    (R-CONSULTANT). The supplier register's general address is never used: nobody typed
    it as the person who will lead the work."""
    email = (bid.contact_email or "").strip().lower()
    if not email:
        return LeaderOutcome("none")
    membership = Membership.objects.filter(programme=programme,
                                           user__email__iexact=email).first()
    if membership is None:
        return LeaderOutcome("added", email)
    if membership.role != Role.PROCESS_LEADER:
        return LeaderOutcome("changed", email, membership.role)
    return LeaderOutcome("unchanged", email)


def award_possible_from(tender: Tender) -> date | None:
    """The first day the tender may be awarded: the day after its bid deadline (the
    deadline is a whole day, bids may come in until it ends). None without a deadline."""
    if tender.tender_deadline is None:
        return None
    return safe_add(tender.tender_deadline, 1)


def _check_deadline_passed(tender: Tender) -> None:
    """Issue 9, point 5: the award is refused before the tender deadline has passed.
    No rule id in RULES.md says this in so many words; it follows from the deadline
    given to the suppliers (P-DEADLINE) and from the criteria being fixed only when the
    deadline passes (P-CRITERIA): every bid received within the deadline is evaluated."""
    deadline = tender.tender_deadline
    if deadline is None:
        raise DomainError(_("Konkurransen har ingen tilbudsfrist. Registrer tilbudsfristen "
                            "under «Endre opplysningene om konkurransen»; oppdraget kan "
                            "tildeles dagen etter fristen."), code="deadline_not_passed")
    if timezone.localdate() <= deadline:
        raise DomainError(_("Oppdraget kan ikke tildeles før tilbudsfristen er ute. "
                            "Tilbudsfristen er %(deadline)s; tildeling er mulig fra "
                            "%(day)s.") % {"deadline": date_format(deadline, "j. F Y"),
                                           "day": date_format(safe_add(deadline, 1),
                                                              "j. F Y")},
                          code="deadline_not_passed")


def plan_award(*, tender: Tender, bid: Bid, reason: str = "") -> AwardPlan:
    """Check an award as `award_tender` does and say what it would do, without storing
    anything: for the confirmation page."""
    _check_open(tender)
    _check_deadline_passed(tender)
    try:
        evaluation = evaluate(tender)
    except EvaluationError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc
    if bid.tender_id != tender.pk or bid.excluded:
        raise ValidationError({"bid": [_("Vinneren må være et kvalifisert tilbud som ikke er "
                                         "avvist.")]})
    reason = _text(reason)
    errors: dict[str, list[str]] = {}
    _checked(Tender, {"award_reason": reason}, errors)
    if errors:
        raise ValidationError({"reason": errors["award_reason"]})
    ranked_first = bid in evaluation.tied_winners
    if not ranked_first and not reason:
        raise ValidationError({"reason": [_("Tilbudet er ikke rangert først. Skriv hvorfor "
                                            "det likevel skal vinne.")]})
    row = next(r for r in evaluation.rows if r.bid == bid)
    return AwardPlan(
        tender=tender, bid=bid, rank=row.rank, total=row.total, ranked_first=ranked_first,
        bids=len(evaluation.rows), reason=reason, leader=_plan_leader(tender.programme, bid))


def _complete_programme_tasks(*, user, tender: Tender, event: str) -> None:
    """Tick off the programme's template tasks that this tender event completes
    ("tender_announced", "tender_awarded"), with a link to the tender (issue 9, point 3).
    Procurement calls programmes, never the reverse."""
    from django.urls import reverse

    from videreforing.programmes.services import complete_tasks_for_event

    complete_tasks_for_event(
        user=user, programme=tender.programme, event=event, source=tender.title,
        link=reverse("procurement:tender", args=[tender.programme_id, tender.pk]))


@transaction.atomic
def award_tender(*, user, tender: Tender, bid: Bid, reason: str = "") -> Tender:
    """Choose the winner: normally rank 1; another choice needs a written reason. The
    process leader offered in the winning bid (its contact e-mail) becomes the programme's
    process leader (R-CONSULTANT); a bid without one adds nobody. `tender.leader` says
    what happened, so the message can tell the truth."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    plan = plan_award(tender=tender, bid=bid, reason=reason)
    tender.winner, tender.award_reason = bid, plan.reason
    tender.status, tender.awarded_on = Tender.Status.AWARDED, timezone.localdate()
    tender.version += 1
    tender.save()
    for event in ("tender_announced", "tender_awarded"):  # awarded, so announced too
        _complete_programme_tasks(user=user, tender=tender, event=event)
    outcome = plan.leader
    if outcome.kind == "added":
        add_member(user=user, programme=tender.programme, email=outcome.email,
                   role=Role.PROCESS_LEADER)
    elif outcome.kind == "changed":
        from videreforing.accounts.services import change_member_role
        membership = Membership.objects.get(programme=tender.programme,
                                            user__email__iexact=outcome.email)
        change_member_role(user=user, membership=membership, role=Role.PROCESS_LEADER)
    log_action(action="procurement.tender.awarded", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "winner": bid.supplier.name,
                                 "org_number": bid.supplier.org_number,
                                 "rank": plan.rank,
                                 "reason": plan.reason,
                                 "process_leader": outcome.email or None,
                                 "process_leader_outcome": outcome.kind})
    tender.leader = outcome
    return tender


@transaction.atomic
def reopen_award(*, user, tender: Tender, reason: str,
                 expected_version: int | None = None) -> Tender:
    """Undo an award so that bids can be corrected: the tender is back in preparation and
    has no winner. The written reason and the award as it was are kept in the history.
    A process leader added by the award keeps the role (change it on the people page)."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_version(tender, expected_version, _(
        "Noen andre har endret konkurransen etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    if tender.status != Tender.Status.AWARDED:
        raise DomainError(_("Konkurransen er ikke tildelt, så det er ingen tildeling å "
                            "gjenåpne."), code="not_awarded")
    reason = _text(reason)
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Skriv hvorfor tildelingen gjenåpnes.")]
    else:
        _checked(Tender, {"award_reason": reason}, errors)
        if "award_reason" in errors:
            errors["reason"] = errors.pop("award_reason")
    if errors:
        raise ValidationError(errors)
    winner = tender.winner
    before = {"status": tender.status,
              "winner": winner.supplier.name if winner else None,
              "awarded_on": tender.awarded_on.isoformat() if tender.awarded_on else None,
              "award_reason": tender.award_reason}
    tender.status, tender.winner, tender.awarded_on = Tender.Status.DRAFT, None, None
    tender.award_reason = ""
    tender.version += 1
    tender.save()
    log_action(action="procurement.tender.reopened", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "reason": reason,
                                 "winner": before["winner"], "before": before,
                                 "after": {"status": tender.status, "winner": None,
                                           "awarded_on": None, "award_reason": ""}})
    return tender
