"""Every write in the procurement of the consultancy assignment (R-TENDER)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.accounts.services import add_member
from videreforing.audit.services import log_action
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


def _clean_tender(values: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "title" in values and not (values["title"] or "").strip():
        errors["title"] = [_("Skriv inn en tittel på konkurransen.")]
    if "estimated_value" in values:
        try:
            value = parse_decimal(values["estimated_value"], "estimated_value")
        except ValidationError as exc:
            errors.update(exc.message_dict)
        else:
            if value < 0:
                errors["estimated_value"] = [_("Verdien kan ikke være negativ.")]
            values["estimated_value"] = value.quantize(Decimal(1))
    if values.get("procedure") not in (None, *rules.PROCEDURES):
        errors["procedure"] = [_("Velg åpen, begrenset eller konkurranse med forhandling.")]
    start, end = values.get("contract_start"), values.get("contract_end")
    if start and end and end < start:
        errors["contract_end"] = [_("Kontraktens slutt kan ikke komme før starten.")]
    if errors:
        raise ValidationError(errors)
    for key in ("title", "description", "climate_exception"):
        if key in values:
            values[key] = (values[key] or "").strip()
    return values


@transaction.atomic
def create_tender(
    *, user, programme, title: str, estimated_value, description: str = "",
    procedure: str = rules.OPEN, contract_start: date | None = None,
    contract_end: date | None = None, tender_deadline: date | None = None,
) -> Tender:
    values = _clean_tender({
        "title": title, "description": description, "estimated_value": estimated_value,
        "procedure": procedure or rules.OPEN, "contract_start": contract_start,
        "contract_end": contract_end, "tender_deadline": tender_deadline,
    })
    values["regime"] = rules.regime(values["estimated_value"], current_limits())
    tender = Tender.objects.create(programme=programme, created_by=user, **values)
    log_action(action="procurement.tender.created", actor=user, programme=programme,
               obj=tender, data={"title": tender.title, "regime": tender.regime,
                                 "estimated_value": str(tender.estimated_value)})
    return tender


TENDER_FIELDS = ("title", "description", "estimated_value", "procedure", "contract_start",
                 "contract_end", "tender_deadline", "climate_exception")


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


@transaction.atomic
def add_requirement(*, user, tender: Tender, text: str, documentation: str = ""
                    ) -> QualificationRequirement:
    _check_criteria_unlocked(tender)
    if not (text or "").strip():
        raise ValidationError({"text": [_("Skriv inn kravet.")]})
    order = (tender.requirements.aggregate(m=Max("order"))["m"] or 0) + 1
    requirement = QualificationRequirement.objects.create(
        tender=tender, text=text.strip(), documentation=(documentation or "").strip(),
        order=order)
    log_action(action="procurement.requirement.added", actor=user, programme=tender.programme,
               obj=requirement, data={"text": requirement.text, "tender": tender.title})
    return requirement


@transaction.atomic
def remove_requirement(*, user, requirement: QualificationRequirement) -> None:
    tender = requirement.tender
    _check_criteria_unlocked(tender)
    log_action(action="procurement.requirement.removed", actor=user,
               programme=tender.programme, obj=requirement,
               data={"text": requirement.text, "tender": tender.title})
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
    kind_given = str(values.get("kind") or "")
    values["kind"] = KIND_ALIASES.get(kind_given, kind_given)
    if not (values.get("name") or "").strip():
        errors["name"] = [_("Skriv inn navnet på kriteriet.")]
    kind = values.get("kind")
    if kind not in AwardCriterion.Kind.values:
        errors["kind"] = [_("Velg type: pris, kvalitet/kompetanse, metode, klima og miljø "
                            "eller annet.")]
    try:
        weight = parse_decimal(values.get("weight"), "weight")
    except ValidationError as exc:
        errors.update(exc.message_dict)
        weight = None
    if weight is not None:
        if not Decimal(0) < weight <= Decimal(100):
            errors["weight"] = [_("Vekten må være mer enn 0 og høyst 100 %.")]
        else:
            others = tender.criteria.exclude(pk=exclude_pk)
            total = sum((c.weight for c in others), Decimal(0)) + weight
            if total > Decimal(100):
                errors["weight"] = [_("Summen av vektene blir %(sum)s %%. Den kan ikke være "
                                      "over 100 %%.") % {"sum": plain(total)}]
            elif (kind == AwardCriterion.Kind.CLIMATE and weight < CLIMATE_MINIMUM
                  and not (values.get("climate_exception") or tender.climate_exception)):
                errors["weight"] = [_("Klima og miljø skal vektes minst 30 %% når det brukes "
                                      "som tildelingskriterium, med mindre et unntak er "
                                      "begrunnet (P-CLIMATE). Skriv begrunnelsen for "
                                      "unntaket.")]
    model = values.get("price_model") or ""
    if kind == AwardCriterion.Kind.PRICE:
        model = model or AwardCriterion.PriceModel.LINEAR
        if model not in AwardCriterion.PriceModel.values:
            errors["price_model"] = [_("Velg lineær eller forholdsmessig prismodell.")]
    elif model:
        errors["price_model"] = [_("Bare priskriteriet har prismodell.")]
    if errors:
        raise ValidationError(errors)
    return {"name": values["name"].strip(), "kind": kind, "weight": weight,
            "price_model": model, "scoring": (values.get("scoring") or "").strip()}


@transaction.atomic
def add_criterion(*, user, tender: Tender, name: str, kind: str, weight, price_model: str = "",
                  scoring: str = "", climate_exception: str = "") -> AwardCriterion:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_criteria_unlocked(tender)
    values = _clean_criterion(tender, {"name": name, "kind": (kind or "").strip().lower(),
                                       "weight": weight, "price_model": price_model,
                                       "scoring": scoring,
                                       "climate_exception": climate_exception})
    if climate_exception and climate_exception.strip() != tender.climate_exception:
        tender.climate_exception = climate_exception.strip()
        tender.save(update_fields=["climate_exception"])
    order = (tender.criteria.aggregate(m=Max("order"))["m"] or 0) + 1
    criterion = AwardCriterion.objects.create(tender=tender, order=order, **values)
    log_action(action="procurement.criterion.added", actor=user, programme=tender.programme,
               obj=criterion, data={"name": criterion.name, "kind": criterion.kind,
                                    "weight": str(criterion.weight),
                                    "price_model": criterion.price_model,
                                    "climate_exception": tender.climate_exception
                                    if criterion.kind == "climate" else ""})
    return criterion


@transaction.atomic
def remove_criterion(*, user, criterion: AwardCriterion) -> None:
    tender = criterion.tender
    _check_criteria_unlocked(tender)
    log_action(action="procurement.criterion.removed", actor=user, programme=tender.programme,
               obj=criterion, data={"name": criterion.name, "weight": str(criterion.weight)})
    criterion.delete()


# ---------------------------------------------------------------- suppliers


@transaction.atomic
def create_supplier(*, user, org_number: str, name: str, contact_name: str = "",
                    contact_email: str = "", contact_phone: str = "", experience: str = ""
                    ) -> Supplier:
    errors: dict[str, list[str]] = {}
    number = normalise_org_number(org_number or "")
    try:
        validate_org_number(number)
    except ValidationError as exc:
        errors["org_number"] = list(exc.messages)
    if not number:
        errors["org_number"] = [_("Oppgi organisasjonsnummeret (9 siffer).")]
    if not (name or "").strip():
        errors["name"] = [_("Skriv inn navnet på leverandøren.")]
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    if "org_number" not in errors and Supplier.objects.filter(org_number=number).exists():
        errors["org_number"] = [_("En leverandør med dette organisasjonsnummeret finnes "
                                  "allerede.")]
    if errors:
        raise ValidationError(errors)
    supplier = Supplier.objects.create(
        org_number=number, name=name.strip(), contact_name=contact_name.strip(),
        contact_email=contact_email.strip(), contact_phone=contact_phone.strip(),
        experience=experience.strip())
    log_action(action="procurement.supplier.created", actor=user, obj=supplier,
               data={"org_number": number, "name": supplier.name})
    return supplier


@transaction.atomic
def suggest_supplier(*, user, programme, supplier: Supplier, note: str = ""
                     ) -> SupplierSuggestion:
    suggestion, created = SupplierSuggestion.objects.get_or_create(
        programme=programme, supplier=supplier,
        defaults={"suggested_by": user, "note": (note or "").strip()})
    if not created:
        raise ValidationError({"supplier": [_("Leverandøren er allerede foreslått.")]})
    log_action(action="procurement.supplier.suggested", actor=user, programme=programme,
               obj=suggestion, data={"name": supplier.name, "org_number": supplier.org_number})
    return suggestion


# ---------------------------------------------------------------- bids


def _clean_scores(tender: Tender, scores: dict) -> dict[int, tuple[Decimal, str]]:
    criteria = {c.pk: c for c in tender.criteria.all()}
    cleaned: dict[int, tuple[Decimal, str]] = {}
    errors = []
    for key, value in (scores or {}).items():
        try:
            cid = int(key)
        except (TypeError, ValueError):
            errors.append(_("Ukjent kriterium: %(id)s.") % {"id": key})
            continue
        criterion = criteria.get(cid)
        if criterion is None:
            errors.append(_("Ukjent kriterium: %(id)s.") % {"id": key})
            continue
        if criterion.kind == AwardCriterion.Kind.PRICE:
            continue  # price points come from the price, not from an assessment
        score, justification = value if isinstance(value, tuple) else (value, "")
        try:
            number = parse_decimal(score, "scores")
        except ValidationError:
            errors.append(_("Poeng må være et tall fra 0 til 10."))
            continue
        if not Decimal(0) <= number <= Decimal(10):
            errors.append(_("Poeng må være fra 0 til 10 (%(name)s).") % {"name": criterion.name})
            continue
        cleaned[cid] = (number, (justification or "").strip())
    if errors:
        raise ValidationError({"scores": errors})
    return cleaned


@transaction.atomic
def register_bid(
    *, user, tender: Tender, supplier: Supplier, price, qualified: bool = True,
    rejected: bool = False, rejection_reason: str = "", scores: dict | None = None,
    documents: str = "", received_on: date | None = None, contact_name: str = "",
    contact_email: str = "",
) -> Bid:
    _check_open(tender)
    errors: dict[str, list[str]] = {}
    try:
        price = parse_decimal(price, "price").quantize(Decimal(1))
        if price <= 0:
            errors["price"] = [_("Prisen må være større enn 0.")]
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (rejected or not qualified) and not (rejection_reason or "").strip():
        # The page asks for the reason; a caller that gives none gets the plain one.
        rejection_reason = (_("Tilbudet er avvist.") if rejected
                            else _("Kvalifikasjonskravene er ikke oppfylt."))
    if contact_email:
        try:
            validate_email(contact_email)
        except ValidationError:
            errors["contact_email"] = [_("Skriv inn en gyldig e-postadresse.")]
    if tender.bids.filter(supplier=supplier).exists():
        errors["supplier_org_number"] = [_("Leverandøren har allerede levert tilbud.")]
    try:
        cleaned = _clean_scores(tender, scores or {})
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    bid = Bid.objects.create(
        tender=tender, supplier=supplier, price=price, qualified=bool(qualified),
        rejected=bool(rejected), rejection_reason=(rejection_reason or "").strip(),
        documents=(documents or "").strip(), received_on=received_on or timezone.localdate(),
        contact_name=(contact_name or "").strip(), contact_email=(contact_email or "").strip())
    BidScore.objects.bulk_create(
        BidScore(bid=bid, criterion_id=cid, score=score, justification=justification)
        for cid, (score, justification) in cleaned.items())
    log_action(action="procurement.bid.registered", actor=user, programme=tender.programme,
               obj=bid, data={"supplier": supplier.name, "org_number": supplier.org_number,
                              "price": str(price), "qualified": bid.qualified,
                              "rejected": bid.rejected, "reason": bid.rejection_reason,
                              "scores": {str(k): str(v[0]) for k, v in cleaned.items()}})
    return bid


@transaction.atomic
def score_bid(*, user, bid: Bid, criterion: AwardCriterion, score, justification: str
              ) -> BidScore:
    _check_open(bid.tender)
    cleaned = _clean_scores(bid.tender, {criterion.pk: (score, justification)})
    value, text = cleaned[criterion.pk]
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
    _check_open(bid.tender)
    if not (reason or "").strip():
        raise ValidationError({"rejection_reason": [_("Skriv begrunnelsen for avvisningen.")]})
    if disqualify:
        bid.qualified = False
    else:
        bid.rejected = True
    bid.rejection_reason = reason.strip()
    bid.version += 1
    bid.save()
    log_action(action="procurement.bid.excluded", actor=user, programme=bid.tender.programme,
               obj=bid, data={"supplier": bid.supplier.name, "reason": bid.rejection_reason,
                              "disqualified": disqualify})
    return bid


# ---------------------------------------------------------------- award


@transaction.atomic
def award_tender(*, user, tender: Tender, bid: Bid, reason: str = "") -> Tender:
    """Choose the winner: normally rank 1; another choice needs a written reason. The
    winner's contact person becomes the programme's process leader (R-CONSULTANT)."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    _check_open(tender)
    try:
        evaluation = evaluate(tender)
    except EvaluationError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc
    if bid.tender_id != tender.pk or bid.excluded:
        raise ValidationError({"bid": [_("Vinneren må være et kvalifisert tilbud som ikke er "
                                         "avvist.")]})
    reason = (reason or "").strip()
    if bid not in evaluation.tied_winners and not reason:
        raise ValidationError({"reason": [_("Tilbudet er ikke rangert først. Skriv hvorfor "
                                            "det likevel skal vinne.")]})
    tender.winner, tender.award_reason = bid, reason
    tender.status, tender.awarded_on = Tender.Status.AWARDED, timezone.localdate()
    tender.version += 1
    tender.save()
    email = (bid.contact_email or bid.supplier.contact_email or "").strip().lower()
    leader = None
    if email:
        membership = Membership.objects.filter(programme=tender.programme,
                                               user__email__iexact=email).first()
        if membership is None:
            leader = add_member(user=user, programme=tender.programme, email=email,
                                role=Role.PROCESS_LEADER)
        elif membership.role != Role.PROCESS_LEADER:
            from videreforing.accounts.services import change_member_role
            leader = change_member_role(user=user, membership=membership,
                                        role=Role.PROCESS_LEADER)
        else:
            leader = membership
    log_action(action="procurement.tender.awarded", actor=user, programme=tender.programme,
               obj=tender, data={"title": tender.title, "winner": bid.supplier.name,
                                 "org_number": bid.supplier.org_number,
                                 "rank": next(r.rank for r in evaluation.rows if r.bid == bid),
                                 "reason": reason,
                                 "process_leader": leader.user.email if leader else None})
    return tender
