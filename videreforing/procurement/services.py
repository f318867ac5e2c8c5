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
    """In preparation or announced; after the award only the award's own steps
    (notice, contract, reopening) change the tender."""
    if not tender.is_open:
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
    _check_deadline_move(tender, values)
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


def _check_deadline_move(tender: Tender, values: dict[str, Any]) -> None:
    """The deadline of an announced tender that has passed with bids received stays
    passed: moving it to today or later would let in bids after the others were opened
    (P-DEADLINE). An announced tender keeps a deadline, on or after the announcement.
    A tender not yet announced can move its deadline freely."""
    if "tender_deadline" not in values:
        return
    new, old = values["tender_deadline"], tender.tender_deadline
    if new == old:
        return
    today = timezone.localdate()
    if (tender.announced_on is not None and old is not None and old < today
            and tender.bids.exists() and (new is None or new >= today)):
        raise ValidationError({"tender_deadline": [_(
            "Tilbudsfristen %(date)s er passert, og tilbud er registrert. Fristen kan ikke "
            "flyttes fram i tid etter at tilbudene er åpnet.")
            % {"date": date_format(old, "j. F Y")}]})
    if tender.announced_on is not None:
        if new is None:
            raise ValidationError({"tender_deadline": [_(
                "Konkurransen er kunngjort og må ha en tilbudsfrist.")]})
        if new < tender.announced_on:
            raise ValidationError({"tender_deadline": [_(
                "Tilbudsfristen kan ikke være før kunngjøringen %(date)s.")
                % {"date": date_format(tender.announced_on, "j. F Y")}]})


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
    if tender.status in (Tender.Status.AWARDED, Tender.Status.NOTICE_SENT):
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
    return _plan_leader_email(programme, bid.contact_email)


def _plan_leader_email(programme, email: str) -> LeaderOutcome:
    email = (email or "").strip().lower()
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


def _past_or_today(field: str, day, *, label: str) -> date:
    """A date something happened: given, not in the future, within the bounds."""
    errors: dict[str, list[str]] = {}
    if day in (None, ""):
        raise ValidationError({field: [_("Oppgi datoen %(what)s.") % {"what": label}]})
    if not isinstance(day, date):
        raise ValidationError({field: [_("Skriv en gyldig dato.")]})
    _checked(Tender, {"announced_on": day}, errors)
    if errors:
        raise ValidationError({field: errors["announced_on"]})
    if day > timezone.localdate():
        raise ValidationError({field: [_("Datoen kan ikke være fram i tid.")]})
    return day


@transaction.atomic
def award_tender(*, user, tender: Tender, bid: Bid, reason: str = "",
                 decided_on: date | None = None) -> Tender:
    """Choose the winner: normally rank 1; another choice needs a written reason. The
    process leader offered in the winning bid (its contact e-mail) becomes the programme's
    process leader (R-CONSULTANT); a bid without one adds nobody. `tender.leader` says
    what happened, so the message can tell the truth. `decided_on` records an award
    decided earlier (not before the day after the deadline, not in the future)."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    plan = plan_award(tender=tender, bid=bid, reason=reason)
    day = timezone.localdate()
    if decided_on not in (None, ""):
        day = _past_or_today("decided_on", decided_on, label=_("for tildelingen"))
        first = award_possible_from(tender)
        if first is not None and day < first:
            raise ValidationError({"decided_on": [_(
                "Tildelingen kan ikke være besluttet før tilbudsfristen var ute. Første "
                "mulige dag er %(date)s.") % {"date": date_format(first, "j. F Y")}]})
    tender.winner, tender.award_reason = bid, plan.reason
    tender.status, tender.awarded_on = Tender.Status.AWARDED, day
    tender.version += 1
    tender.save()
    for event in ("tender_announced", "tender_awarded"):  # awarded, so announced too
        _complete_programme_tasks(user=user, tender=tender, event=event)
    outcome = _make_process_leader(user=user, programme=tender.programme,
                                   outcome=plan.leader, name=bid.contact_name)
    log_action(action="procurement.tender.awarded", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "winner": bid.supplier.name,
                                 "org_number": bid.supplier.org_number,
                                 "rank": plan.rank,
                                 "reason": plan.reason,
                                 "awarded_on": day.isoformat(),
                                 "process_leader": outcome.email or None,
                                 "process_leader_outcome": outcome.kind})
    tender.leader = outcome
    return tender


def _make_process_leader(*, user, programme, outcome: LeaderOutcome,
                         name: str = "") -> LeaderOutcome:
    """Carry out what `_plan_leader` planned (R-CONSULTANT); a new account gets `name`
    (the bid's or the contract's contact person)."""
    if outcome.kind == "added":
        add_member(user=user, programme=programme, email=outcome.email,
                   role=Role.PROCESS_LEADER, name=name)
    elif outcome.kind == "changed":
        from videreforing.accounts.services import change_member_role
        membership = Membership.objects.get(programme=programme,
                                            user__email__iexact=outcome.email)
        change_member_role(user=user, membership=membership, role=Role.PROCESS_LEADER)
    return outcome


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
    if tender.status == Tender.Status.CONTRACT_SIGNED:
        raise DomainError(_("Kontrakten er signert. Tildelingen kan ikke gjenåpnes."),
                          code="contract_signed")
    if tender.status not in (Tender.Status.AWARDED, Tender.Status.NOTICE_SENT):
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
              "award_reason": tender.award_reason,
              "notice_sent_on": (tender.notice_sent_on.isoformat()
                                 if tender.notice_sent_on else None)}
    # Back to where it was before the award: announced if it was announced.
    tender.status = Tender.Status.ANNOUNCED if tender.announced_on else Tender.Status.DRAFT
    tender.winner, tender.awarded_on = None, None
    tender.award_reason = ""
    tender.notice_sent_on = tender.standstill_ends = tender.standstill_days = None
    tender.winner_advantages = ""
    tender.version += 1
    tender.save()
    log_action(action="procurement.tender.reopened", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "reason": reason,
                                 "winner": before["winner"], "before": before,
                                 "after": {"status": tender.status, "winner": None,
                                           "awarded_on": None, "award_reason": ""}})
    return tender


# ------------------------------------------------ state, announcement, notice, contract

# The states a tender passes through (issue 9, point 5), in order. `status` stores the
# steps a user takes; `tender_state` adds the ones that follow from dates and scores.
STATES = ("draft", "announced", "deadline_passed", "evaluated", "awarded", "notice_sent",
          "standstill", "contract_signed", "cancelled")


def tender_state(tender: Tender, today: date | None = None) -> str:
    """draft → announced → deadline_passed (bids registered and opened) → evaluated
    (every bid scored) → awarded → standstill (notice sent, standstill running) →
    notice_sent (no standstill, or it has ended) → contract_signed; or cancelled."""
    today = today or timezone.localdate()
    status = tender.status
    if status in (Tender.Status.DRAFT, Tender.Status.ANNOUNCED):
        if not tender.announced_on:
            return "draft"
        if tender.tender_deadline is None or today <= tender.tender_deadline:
            return "announced"
        try:
            evaluated = bool(evaluate(tender).rows)
        except EvaluationError:
            evaluated = False
        return "evaluated" if evaluated else "deadline_passed"
    if status == Tender.Status.NOTICE_SENT:
        if tender.standstill_ends is not None and today <= tender.standstill_ends:
            return "standstill"
        return "notice_sent"
    return str(status)


def state_label(state: str) -> str:
    return {
        "draft": _("Under forberedelse"),
        "announced": _("Kunngjort, tilbudsfristen løper"),
        "deadline_passed": _("Tilbudsfristen er ute"),
        "evaluated": _("Tilbudene er evaluert"),
        "awarded": _("Tildeling besluttet"),
        "notice_sent": _("Meddelelse sendt"),
        "standstill": _("Karensperiode"),
        "contract_signed": _("Kontrakt signert"),
        "cancelled": _("Avlyst"),
    }.get(state, state)


def standstill_for(tender: Tender, day: date) -> rules.Standstill | None:
    """The standstill length in force for the tender's regime on `day` (P-NOTICE)."""
    from .models import StandstillPeriod

    periods = [rules.Standstill(p.regime, p.days, p.valid_from or date.min, p.source,
                                p.to_be_checked)
               for p in StandstillPeriod.objects.filter(regime=tender.regime)]
    return rules.standstill_on(periods, tender.regime, day)


def required_channels(tender: Tender) -> list[str]:
    """Where the competition must be announced: Doffin over the national threshold
    (P-NAT), Doffin and TED over the EEA threshold (P-EEA)."""
    channels = []
    if rules.doffin_required(tender.regime):
        channels.append(Tender.Channel.DOFFIN.value)
    if rules.ted_required(tender.regime):
        channels.append(Tender.Channel.TED.value)
    return channels


def announcement_gaps(tender: Tender) -> list[str]:
    """What the tender lacks before it can be announced: a deadline and award criteria
    whose weights sum to 100 % (they go to the suppliers, P-CRITERIA)."""
    gaps = []
    if tender.tender_deadline is None:
        gaps.append(_("Registrer tilbudsfristen."))
    criteria = list(tender.criteria.all())
    if not criteria:
        gaps.append(_("Legg inn tildelingskriteriene."))
    elif sum(c.weight for c in criteria) != Decimal(100):
        gaps.append(_("Vektene på tildelingskriteriene må summere seg til 100 %."))
    return gaps


@transaction.atomic
def announce_tender(*, user, tender: Tender, announced_on: date | None = None,
                    channels: list[str] | tuple[str, ...] = (), reference: str = "",
                    expected_version: int | None = None) -> Tender:
    """Record that the competition was announced: when (today or earlier, not after the
    deadline) and where (Doffin, TED, invited suppliers). Ticks the template task for
    announcing the assignment. 409 `already_announced`, `closed`, `not_ready`."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_version(tender, expected_version, _(
        "Noen andre har endret konkurransen etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    if tender.status != Tender.Status.DRAFT:
        if tender.status == Tender.Status.CANCELLED:
            raise DomainError(_("Konkurransen er avlyst."), code="closed")
        raise DomainError(_("Konkurransen er allerede kunngjort."), code="already_announced")
    gaps = announcement_gaps(tender)
    if gaps:
        raise DomainError(_("Konkurransen kan ikke kunngjøres ennå: %(gaps)s")
                          % {"gaps": " ".join(gaps)}, code="not_ready")
    errors: dict[str, list[str]] = {}
    day = announced_on or timezone.localdate()
    try:
        day = _past_or_today("announced_on", day, label=_("for kunngjøringen"))
    except ValidationError as exc:
        _merge(errors, exc)
    else:
        if tender.tender_deadline and day > tender.tender_deadline:
            errors["announced_on"] = [_(
                "Kunngjøringen kan ikke være etter tilbudsfristen %(date)s.")
                % {"date": date_format(tender.tender_deadline, "j. F Y")}]
    chosen = []
    for code in channels or ():
        if code not in Tender.Channel.values:
            errors["channels"] = [_("Velg Doffin, TED eller invitasjon til utvalgte "
                                    "leverandører.")]
            break
        if code not in chosen:
            chosen.append(code)
    if "channels" not in errors:
        if not chosen:
            errors["channels"] = [_("Velg hvor konkurransen er kunngjort.")]
        else:
            missing = [Tender.Channel(c).label for c in required_channels(tender)
                       if c not in chosen]
            if missing:
                errors["channels"] = [_(
                    "Med denne verdien skal konkurransen kunngjøres i %(where)s.")
                    % {"where": " og ".join(str(m) for m in missing)}]
    reference = _text(reference)
    _checked(Tender, {"announcement_reference": reference}, errors)
    if "announcement_reference" in errors:
        errors["reference"] = errors.pop("announcement_reference")
    if errors:
        raise ValidationError(errors)
    tender.status = Tender.Status.ANNOUNCED
    tender.announced_on, tender.announcement_channels = day, chosen
    tender.announcement_reference = reference
    tender.version += 1
    tender.save()
    _complete_programme_tasks(user=user, tender=tender, event="tender_announced")
    log_action(action="procurement.tender.announced", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "announced_on": day.isoformat(),
                                 "channels": chosen, "reference": reference})
    return tender


def notice_plan(tender: Tender, sent_on: date) -> tuple[int, date | None]:
    """The standstill days and last day for a notice sent on `sent_on` (P-NOTICE):
    (0, None) where no standstill applies."""
    period = standstill_for(tender, sent_on)
    if period is None:
        return 0, None
    return period.days, rules.standstill_end(sent_on, period.days)


def default_advantages(tender: Tender) -> str:
    """A first wording of the winner's relative advantages, from the scores: the
    criteria where the winner scored highest. The user edits it before sending."""
    try:
        evaluation = evaluate(tender)
    except EvaluationError:
        return ""
    rows = {r.bid.pk: r for r in evaluation.rows}
    winner = rows.get(tender.winner_id) if tender.winner_id else None
    if winner is None:
        return ""
    lines = []
    for c in evaluation.criteria:
        others = [r.points[c.pk] for r in evaluation.rows if r.bid.pk != winner.bid.pk]
        if others and winner.points[c.pk] >= max(others):
            lines.append(_("%(criterion)s: best eller likt med de beste (%(points)s av 10 "
                           "poeng).") % {"criterion": c.name,
                                        "points": plain(winner.points[c.pk].quantize(
                                            Decimal("0.01")))})
    return "\n".join(lines)


@transaction.atomic
def send_notice(*, user, tender: Tender, sent_on: date | None = None,
                advantages: str = "", expected_version: int | None = None) -> Tender:
    """Record the notice of the award (meddelelse) to every bidder at the same time,
    with the reasons and, in parts II and III, the standstill period and its last day
    (P-NOTICE). In part I the notice is recommended and offered, without a standstill.
    The letters are e-mailed to every bidder with an address after the commit.
    409 `not_awarded`, `notice_sent`, `contract_signed`."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_version(tender, expected_version, _(
        "Noen andre har endret konkurransen etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    if tender.status == Tender.Status.NOTICE_SENT:
        raise DomainError(_("Meddelelsen er allerede sendt."), code="notice_sent")
    if tender.status == Tender.Status.CONTRACT_SIGNED:
        raise DomainError(_("Kontrakten er signert."), code="contract_signed")
    if tender.status != Tender.Status.AWARDED:
        raise DomainError(_("Meddelelsen sendes etter at tildelingen er besluttet."),
                          code="not_awarded")
    errors: dict[str, list[str]] = {}
    day = sent_on or timezone.localdate()
    try:
        day = _past_or_today("sent_on", day, label=_("for meddelelsen"))
    except ValidationError as exc:
        _merge(errors, exc)
    else:
        if tender.awarded_on and day < tender.awarded_on:
            errors["sent_on"] = [_("Meddelelsen kan ikke være sendt før tildelingen "
                                   "%(date)s.") % {"date": date_format(tender.awarded_on,
                                                                        "j. F Y")}]
    advantages = _text(advantages)
    if not advantages and rules.notice_required(tender.regime):
        errors["advantages"] = [_("Beskriv det valgte tilbudets relative fordeler. Det er "
                                  "en del av begrunnelsen til leverandørene.")]
    _checked(Tender, {"winner_advantages": advantages}, errors)
    if "winner_advantages" in errors:
        errors["advantages"] = errors.pop("winner_advantages")
    if errors:
        raise ValidationError(errors)
    days, ends = notice_plan(tender, day)
    tender.status = Tender.Status.NOTICE_SENT
    tender.notice_sent_on, tender.winner_advantages = day, advantages
    tender.standstill_days, tender.standstill_ends = (days or None), ends
    tender.version += 1
    tender.save()
    bids = list(tender.bids.select_related("supplier"))
    recipients = {b.pk: (b.contact_email or b.supplier.contact_email or "") for b in bids}
    log_action(action="procurement.tender.notice_sent", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "sent_on": day.isoformat(),
                                 "standstill_days": days or None,
                                 "standstill_ends": ends.isoformat() if ends else None,
                                 "recipients": sorted(e for e in recipients.values() if e),
                                 "without_email": [b.supplier.name for b in bids
                                                   if not recipients[b.pk]]})
    from .tasks import send_award_notices

    tender_id = tender.pk
    transaction.on_commit(lambda: send_award_notices.enqueue(tender_id))
    return tender


CONTRACT_FIELDS = ("signed_on", "value", "period_start", "period_end", "contact_name",
                   "contact_email")


@transaction.atomic
def record_contract(*, user, tender: Tender, signed_on: date | None, value,
                    period_start: date | None = None, period_end: date | None = None,
                    contact_name: str = "", contact_email: str = "",
                    expected_version: int | None = None):
    """Record the signed contract with the winner. Parts II and III: only after the
    notice, and signed after the standstill's last day (P-NOTICE). The contract's contact
    person (by default the winning bid's) becomes the programme's process leader
    (R-CONSULTANT); without one the user is asked for it. 409 `not_awarded`,
    `notice_required`, `standstill`, `contract_signed`."""
    from .models import Contract

    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_version(tender, expected_version, _(
        "Noen andre har endret konkurransen etter at du åpnet den. Se gjennom endringene og "
        "prøv igjen."))
    if tender.status == Tender.Status.CONTRACT_SIGNED:
        raise DomainError(_("Kontrakten er allerede registrert."), code="contract_signed")
    if tender.status not in (Tender.Status.AWARDED, Tender.Status.NOTICE_SENT):
        raise DomainError(_("Kontrakten registreres etter at tildelingen er besluttet."),
                          code="not_awarded")
    if tender.status == Tender.Status.AWARDED and rules.notice_required(tender.regime):
        raise DomainError(_("Send meddelelsen om tildelingen til alle leverandørene først. "
                            "Kontrakten kan signeres når karensperioden er ute."),
                          code="notice_required")
    errors: dict[str, list[str]] = {}
    day = None
    try:
        day = _past_or_today("signed_on", signed_on, label=_("for signeringen"))
    except ValidationError as exc:
        _merge(errors, exc)
    bid = tender.winner
    contact_name = _text(contact_name) or (bid.contact_name if bid else "")
    contact_email = _text(contact_email).lower() or (bid.contact_email if bid else "")
    if not contact_email:
        errors["contact_email"] = [_(
            "Tilbudet har ingen kontaktperson. Oppgi e-postadressen til den som skal være "
            "prosessleder hos leverandøren.")]
    else:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = [_("Skriv en gyldig e-postadresse.")]
    values: dict[str, Any] = {"period_start": period_start, "period_end": period_end,
                              "contact_name": contact_name, "contact_email": contact_email}
    try:
        values["value"] = _whole(parse_decimal(value, "value"))
    except ValidationError as exc:
        _merge(errors, exc)
    values = _checked(Contract, values, errors, exclude=(
        "contact_email",) if "contact_email" in errors else ())
    if (period_start and period_end and "period_start" not in errors
            and "period_end" not in errors and period_end < period_start):
        errors["period_end"] = [_("Kontraktsperioden kan ikke slutte før den starter.")]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    if tender.awarded_on is not None and day < tender.awarded_on:
        raise ValidationError({"signed_on": [_(
            "Kontrakten kan ikke være signert før tildelingen %(date)s.")
            % {"date": date_format(tender.awarded_on, "j. F Y")}]})
    if tender.standstill_ends is not None and day <= tender.standstill_ends:
        raise DomainError(_(
            "Kontrakten kan ikke signeres før karensperioden er ute. Siste dag i "
            "karensperioden er %(date)s; kontrakten kan signeres fra %(next)s.")
            % {"date": date_format(tender.standstill_ends, "j. F Y"),
               "next": date_format(safe_add(tender.standstill_ends, 1), "j. F Y")},
            code="standstill")
    contract = Contract.objects.create(tender=tender, signed_on=day, created_by=user,
                                       **values)
    tender.status = Tender.Status.CONTRACT_SIGNED
    tender.version += 1
    tender.save()
    outcome = _make_process_leader(
        user=user, programme=tender.programme,
        outcome=_plan_leader_email(tender.programme, contract.contact_email),
        name=contract.contact_name)
    for event in ("tender_announced", "tender_awarded"):
        _complete_programme_tasks(user=user, tender=tender, event=event)
    log_action(action="procurement.contract.signed", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "signed_on": day.isoformat(),
                                 "value": str(contract.value),
                                 "winner": bid.supplier.name if bid else None,
                                 "process_leader": outcome.email or None,
                                 "process_leader_outcome": outcome.kind})
    contract.leader = outcome
    return contract
