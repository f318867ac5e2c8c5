"""API for the procurement of the process leader (R-TENDER)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from videreforing.api.body import body_doc, optional_body
from videreforing.api.schemas import ErrorOut
from videreforing.procurement import services
from videreforing.procurement.access import (
    can_suggest,
    check_register_write,
    get_any_bid_for,
    get_bid_for,
    get_criterion_for,
    get_requirement_for,
    get_supplier_for,
    get_tender_for,
)
from videreforing.procurement.evaluation import EvaluationError, evaluate
from videreforing.procurement.info import regime_info
from videreforing.procurement.models import Supplier, Tender
from videreforing.procurement.schemas import (
    AnnounceIn,
    AwardIn,
    BidIn,
    BidOut,
    BidPatch,
    ContractIn,
    DocumentOut,
    EvaluationOut,
    NoticeIn,
    ProcurementRemoveIn,
    ReopenIn,
    RequirementIn,
    RequirementOut,
    RequirementPatch,
    SuggestionIn,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
    TenderCriterionIn,
    TenderCriterionOut,
    TenderCriterionPatch,
    TenderIn,
    TenderOut,
    TenderPatch,
)
from videreforing.programmes.access import get_programme_for
from videreforing.rules.mcda import round2

router = Router(tags=["procurement"])


def _tender_out(tender: Tender) -> dict:
    info = regime_info(tender)
    return {
        "id": tender.pk, "programme": tender.programme_id, "title": tender.title,
        "description": tender.description, "estimated_value": tender.estimated_value,
        "procedure": tender.procedure, "regime": tender.regime,
        "doffin_required": info.doffin_required, "ted_required": info.ted_required,
        "min_tender_days": info.min_tender_days, "min_request_days": info.min_request_days,
        "tender_deadline": tender.tender_deadline,
        "award_possible_from": services.award_possible_from(tender),
        "status": services.tender_state(tender),
        "awarded_on": tender.awarded_on, "announced_on": tender.announced_on,
        "announcement_channels": list(tender.announcement_channels or []),
        "announcement_reference": tender.announcement_reference,
        "notice_sent_on": tender.notice_sent_on, "standstill_days": tender.standstill_days,
        "standstill_ends": tender.standstill_ends, "contract": _contract_out(tender),
        "contract_start": tender.contract_start, "contract_end": tender.contract_end,
        "authority_name": tender.authority_name,
        "authority_org_number": tender.authority_org_number,
        "deadline_time": tender.deadline_time, "submission_address": tender.submission_address,
        "winner": tender.winner_id, "consequences": info.consequences,
        "warnings": info.warnings, "version": tender.version,
    }


def _contract_out(tender: Tender) -> dict | None:
    contract = getattr(tender, "contract", None) if tender.pk else None
    if contract is None:
        return None
    return {"signed_on": contract.signed_on, "value": contract.value,
            "period_start": contract.period_start, "period_end": contract.period_end,
            "contact_name": contract.contact_name, "contact_email": contract.contact_email}


def _bid_out(bid) -> dict:
    scores = list(bid.scores.all())
    return {"id": bid.pk, "supplier_org_number": bid.supplier.org_number, "price": bid.price,
            "qualified": bid.qualified, "rejected": bid.rejected,
            "rejection_reason": bid.rejection_reason, "version": bid.version,
            "scores": {s.criterion_id: float(s.score) for s in scores},
            "justifications": {s.criterion_id: s.justification for s in scores},
            "contact_name": bid.contact_name, "contact_email": bid.contact_email,
            "received_on": bid.received_on, "documents": bid.documents}


def _criterion_out(c) -> dict:
    return {"id": c.pk, "name": c.name, "kind": c.kind, "weight": c.weight,
            "price_model": c.price_model or None, "version": c.version}


def _requirement_out(r) -> dict:
    return {"id": r.pk, "text": r.text, "documentation": r.documentation,
            "version": r.version}


def _no_nulls(changes: dict, required: tuple[str, ...]) -> dict:
    """A null for a required field is an error; for a text it means empty."""
    from django.core.exceptions import ValidationError

    for key in required:
        if key in changes and changes[key] is None:
            raise ValidationError({key: [_("Feltet kan ikke være tomt.")]})
    return {k: ("" if v is None else v) for k, v in changes.items()}


def _supplier(org_number: str) -> Supplier:
    from django.core.exceptions import ValidationError

    from videreforing.lib.orgnumber import normalise_org_number

    number = normalise_org_number(org_number or "")
    # Only a plausible number reaches the database (PostgreSQL refuses NUL in a query).
    supplier = (Supplier.objects.filter(org_number=number).first()
                if number.isdigit() and len(number) <= 20 else None)
    if supplier is None:
        raise ValidationError({"supplier_org_number": [
            _("Ingen leverandør med dette organisasjonsnummeret i registeret. Legg den til "
              "først.")]})
    return supplier


@router.get("/programmes/{int:programme_id}/tenders", response=list[TenderOut])
def list_tenders(request, programme_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return [_tender_out(t) for t in programme.tenders.all()]


@router.post("/programmes/{int:programme_id}/tenders", response={201: TenderOut})
def create_tender(request, programme_id: int, payload: TenderIn):
    programme = get_programme_for(request.auth, programme_id, write=True)
    data = payload.dict()
    data["description"] = data["description"] or ""
    data["procedure"] = data["procedure"] or "open"
    data["authority_name"] = data["authority_name"] or ""
    data["authority_org_number"] = data["authority_org_number"] or ""
    data["submission_address"] = data["submission_address"] or ""
    tender = services.create_tender(user=request.auth, programme=programme, **data)
    return Status(201, _tender_out(tender))


@router.get("/tenders/{int:tender_id}", response=TenderOut)
def get_tender(request, tender_id: int):
    return _tender_out(get_tender_for(request.auth, tender_id))


@router.get("/tenders/{int:tender_id}/documents", response=list[DocumentOut])
def tender_documents(request, tender_id: int):
    """The tender's generated documents with their download URLs: the request for
    tenders, the procurement record (Word and PDF) and, after the award, the award
    letter to each bidder (Word and PDF)."""
    from django.urls import reverse

    tender = get_tender_for(request.auth, tender_id)
    ids = [tender.programme_id, tender.pk]
    out: list[dict[str, object]] = [
        {"kind": "tender_document", "title": _("Konkurransegrunnlag"),
         "audience": "suppliers", "format": "docx",
         "url": reverse("procurement:tender-document", args=ids)},
        {"kind": "procurement_record", "title": _("Anskaffelsesprotokoll"),
         "audience": "buyer", "format": "docx",
         "url": reverse("procurement:record-docx", args=ids)},
        {"kind": "procurement_record", "title": _("Anskaffelsesprotokoll"),
         "audience": "buyer", "format": "pdf",
         "url": reverse("procurement:record-pdf", args=ids)},
    ]
    if tender.winner_id:
        for bid in tender.bids.select_related("supplier"):
            title = _("Tildelingsbrev til %(name)s") % {"name": bid.supplier.name}
            for fmt, name in (("docx", "procurement:award-letter"),
                              ("pdf", "procurement:award-letter-pdf")):
                out.append({"kind": "award_letter", "title": title, "audience": "suppliers",
                            "format": fmt, "bid": bid.pk,
                            "url": reverse(name, args=[*ids, bid.pk])})
    return [o | {"url": request.build_absolute_uri(str(o["url"]))} for o in out]


@router.patch("/tenders/{int:tender_id}", response={200: TenderOut, 409: ErrorOut})
def patch_tender(request, tender_id: int, payload: TenderPatch):
    """Correct title, description, estimated value (the regime follows), procedure,
    contract dates, tender deadline and contracting authority of a tender in
    preparation. Moving the deadline moves the criteria lock and the first day of the
    award with it (both are computed from it). 409 `stale_version` with
    `current_version`, 409 `closed` after the award."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    for key in ("description", "authority_name", "authority_org_number",
                "submission_address"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    if changes.get("title", "") is None or changes.get("estimated_value", 0) is None:
        from django.core.exceptions import ValidationError
        field = "title" if changes.get("title", "") is None else "estimated_value"
        raise ValidationError({field: [_("Feltet kan ikke være tomt.")]})
    if "procedure" in changes and changes["procedure"] is None:
        changes.pop("procedure")
    tender = services.update_tender(user=request.auth, tender=tender,
                                    expected_version=version, **changes)
    return _tender_out(tender)


@router.post("/tenders/{int:tender_id}/requirements", response={201: RequirementOut})
def add_requirement(request, tender_id: int, payload: RequirementIn):
    tender = get_tender_for(request.auth, tender_id, write=True)
    r = services.add_requirement(user=request.auth, tender=tender, text=payload.text,
                                 documentation=payload.documentation or "")
    return Status(201, _requirement_out(r))


@router.patch("/requirements/{int:requirement_id}",
              response={200: RequirementOut, 409: ErrorOut})
def patch_requirement(request, requirement_id: int, payload: RequirementPatch):
    requirement = get_requirement_for(request.auth, requirement_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    requirement = services.update_requirement(
        user=request.auth, requirement=requirement, expected_version=version,
        **_no_nulls(changes, ("text",)))
    return _requirement_out(requirement)


@router.delete("/requirements/{int:requirement_id}", response={204: None, 409: ErrorOut},
               openapi_extra=body_doc(ProcurementRemoveIn))
def delete_requirement(request, requirement_id: int):
    requirement = get_requirement_for(request.auth, requirement_id, write=True)
    body = optional_body(request, ProcurementRemoveIn)
    services.remove_requirement(user=request.auth, requirement=requirement,
                                expected_version=body.version)
    return Status(204, None)


@router.post("/tenders/{int:tender_id}/criteria", response={201: TenderCriterionOut})
def add_criterion(request, tender_id: int, payload: TenderCriterionIn):
    tender = get_tender_for(request.auth, tender_id, write=True)
    c = services.add_criterion(
        user=request.auth, tender=tender, name=payload.name, kind=payload.kind,
        weight=payload.weight, price_model=payload.price_model or "",
        scoring=payload.scoring or "", climate_exception=payload.climate_exception or "")
    return Status(201, _criterion_out(c))


@router.get("/tenders/{int:tender_id}/criteria", response=list[TenderCriterionOut])
def list_criteria(request, tender_id: int):
    tender = get_tender_for(request.auth, tender_id)
    return [_criterion_out(c) for c in tender.criteria.all()]


@router.patch("/criteria/{int:criterion_id}", response={200: TenderCriterionOut, 409: ErrorOut})
def patch_criterion(request, criterion_id: int, payload: TenderCriterionPatch):
    criterion = get_criterion_for(request.auth, criterion_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    criterion = services.update_criterion(
        user=request.auth, criterion=criterion, expected_version=version,
        **_no_nulls(changes, ("name", "kind", "weight")))
    return _criterion_out(criterion)


@router.delete("/criteria/{int:criterion_id}", response={204: None, 409: ErrorOut},
               openapi_extra=body_doc(ProcurementRemoveIn))
def delete_criterion(request, criterion_id: int):
    criterion = get_criterion_for(request.auth, criterion_id, write=True)
    body = optional_body(request, ProcurementRemoveIn)
    services.remove_criterion(user=request.auth, criterion=criterion,
                              expected_version=body.version)
    return Status(204, None)


@router.post("/tenders/{int:tender_id}/bids", response={201: BidOut})
def register_bid(request, tender_id: int, payload: BidIn):
    tender = get_tender_for(request.auth, tender_id, write=True)
    scores = {cid: (score, payload.justifications.get(cid, ""))
              for cid, score in payload.scores.items()}
    bid = services.register_bid(
        user=request.auth, tender=tender, supplier=_supplier(payload.supplier_org_number),
        price=payload.price, qualified=payload.qualified, rejected=payload.rejected,
        rejection_reason=payload.rejection_reason or "", scores=scores,
        contact_name=payload.contact_name or "", contact_email=payload.contact_email or "",
        documents=payload.documents or "", received_on=payload.received_on)
    return Status(201, _bid_out(bid))


@router.get("/tenders/{int:tender_id}/bids", response=list[BidOut])
def list_bids(request, tender_id: int):
    tender = get_tender_for(request.auth, tender_id)
    return [_bid_out(b) for b in tender.bids.select_related("supplier")
            .prefetch_related("scores")]


@router.patch("/bids/{int:bid_id}", response={200: BidOut, 409: ErrorOut})
def patch_bid(request, bid_id: int, payload: BidPatch):
    """Correct a bid until the award (after it, reopen the award first: 409)."""
    bid = get_any_bid_for(request.auth, bid_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    scores = changes.pop("scores", None)
    justifications = changes.pop("justifications", None)
    changes = _no_nulls(changes, ("price", "qualified", "rejected"))
    if "received_on" in changes and changes["received_on"] == "":
        changes["received_on"] = None
    bid = services.update_bid(user=request.auth, bid=bid, expected_version=version,
                              scores=scores, justifications=justifications, **changes)
    return _bid_out(bid)


@router.delete("/bids/{int:bid_id}", response={204: None, 409: ErrorOut},
               openapi_extra=body_doc(ProcurementRemoveIn))
def delete_bid(request, bid_id: int):
    bid = get_any_bid_for(request.auth, bid_id, write=True)
    body = optional_body(request, ProcurementRemoveIn)
    services.remove_bid(user=request.auth, bid=bid, expected_version=body.version,
                        reason=body.reason or "")
    return Status(204, None)


@router.get("/tenders/{int:tender_id}/evaluation", response={200: EvaluationOut})
def evaluation(request, tender_id: int):
    from django.core.exceptions import ValidationError

    tender = get_tender_for(request.auth, tender_id)
    try:
        result = evaluate(tender)
    except EvaluationError as exc:
        raise ValidationError({exc.field: [exc.message]}) from exc
    return {
        "ranking": [{
            "bid": r.bid.pk, "supplier_org_number": r.bid.supplier.org_number,
            "total": float(round2(float(r.total))),
            "scores": {cid: float(round2(float(p))) for cid, p in r.points.items()},
            "rank": r.rank,
        } for r in result.rows],
        "winner": result.winner.pk if result.winner else None,
        "excluded": [_bid_out(b) for b in result.excluded],
        "lowest_price": result.lowest_price,
        "sensitivity": [{"criterion": s.criterion.pk, "weight": float(s.criterion.weight),
                         "min_weight": s.min_weight, "max_weight": s.max_weight,
                         "smallest_change": s.smallest_change} for s in result.sensitivity],
    }


@router.post("/tenders/{int:tender_id}/award", response={200: TenderOut, 409: ErrorOut})
def award(request, tender_id: int, payload: AwardIn):
    """Award the tender to a bid (rank 1, or another with a `reason`). Refused with 409
    `deadline_not_passed` until the tender deadline has passed (or while the tender has
    no deadline): `award_possible_from` in the tender says from which day. Only the process
    leader the bid itself offers (its `contact_email`) is added to the programme as
    process leader, with an e-mail; the supplier register's address is never used. A bid
    without one adds nobody: `process_leader.outcome` is "none"."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    try:
        bid = get_bid_for(request.auth, tender, payload.bid)
    except Http404:
        from django.core.exceptions import ValidationError
        raise ValidationError({"bid": [_("Ukjent tilbud.")]}) from None
    tender = services.award_tender(user=request.auth, tender=tender, bid=bid,
                                   reason=payload.reason or "",
                                   decided_on=payload.decided_on)
    leader = tender.leader
    return _tender_out(tender) | {"process_leader": {"outcome": leader.kind,
                                                     "email": leader.email or None}}


@router.post("/tenders/{int:tender_id}/announce", response={200: TenderOut, 409: ErrorOut})
def announce(request, tender_id: int, payload: AnnounceIn):
    """Record that the competition was announced: when (`announced_on`, today or
    earlier, not after the deadline) and where (`channels`: Doffin is required over the
    national threshold, Doffin and TED over the EEA threshold). Ticks the programme's
    task for announcing the assignment. 409 `already_announced`, `not_ready` (no
    deadline, or criteria whose weights do not sum to 100), `closed`, `stale_version`."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    tender = services.announce_tender(
        user=request.auth, tender=tender, announced_on=payload.announced_on,
        channels=payload.channels, reference=payload.reference or "",
        expected_version=payload.version)
    return _tender_out(tender)


@router.post("/tenders/{int:tender_id}/notice", response={200: TenderOut, 409: ErrorOut})
def notice(request, tender_id: int, payload: NoticeIn):
    """Send the notice of the award (meddelelse) to every bidder at the same time, with
    the reasons (each criterion's score for the winner and the bidder, the winner's
    relative advantages) and, in parts II and III, the standstill period:
    `standstill_ends` is its last day. Each bidder with an e-mail address gets its letter
    by e-mail. In part I the notice is recommended, without a standstill.
    409 `not_awarded`, `notice_sent`, `contract_signed`, `stale_version`."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    tender = services.send_notice(user=request.auth, tender=tender, sent_on=payload.sent_on,
                                  advantages=payload.advantages or "",
                                  expected_version=payload.version)
    return _tender_out(tender)


@router.post("/tenders/{int:tender_id}/contract", response={201: TenderOut, 409: ErrorOut})
def contract(request, tender_id: int, payload: ContractIn):
    """Record the signed contract with the winner. Its contact person (by default the
    winning bid's) becomes the programme's process leader: `process_leader` says what
    happened. 409 `not_awarded`; `notice_required` in parts II and III before the notice;
    `standstill` when `signed_on` is not after the standstill's last day;
    `contract_signed` when already recorded; `stale_version`."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    contract = services.record_contract(
        user=request.auth, tender=tender, signed_on=payload.signed_on, value=payload.value,
        period_start=payload.period_start, period_end=payload.period_end,
        contact_name=payload.contact_name or "", contact_email=payload.contact_email or "",
        expected_version=payload.version)
    tender = Tender.objects.get(pk=contract.tender_id)
    leader = contract.leader
    return Status(201, _tender_out(tender) | {
        "process_leader": {"outcome": leader.kind, "email": leader.email or None}})


@router.post("/tenders/{int:tender_id}/award/reopen", response={200: TenderOut, 409: ErrorOut})
def reopen_award(request, tender_id: int, payload: ReopenIn):
    """Reopen an award with a written reason: the tender is back in preparation, without a
    winner, and its bids can be corrected."""
    tender = get_tender_for(request.auth, tender_id, write=True)
    tender = services.reopen_award(user=request.auth, tender=tender, reason=payload.reason,
                                   expected_version=payload.version)
    return _tender_out(tender)


@router.get("/suppliers", response=list[SupplierOut])
def list_suppliers(request):
    return list(Supplier.objects.all())


@router.post("/suppliers", response={201: SupplierOut})
def create_supplier(request, payload: SupplierIn):
    """Those who edit a programme, and administrators, add to the shared register;
    observers and advisers get 403 (advisers suggest suppliers to a programme)."""
    check_register_write(request.auth)
    supplier = services.create_supplier(
        user=request.auth, org_number=payload.org_number, name=payload.name,
        contact_name=payload.contact_name or "", contact_email=payload.contact_email or "",
        contact_phone=payload.contact_phone or "", experience=payload.experience or "")
    return Status(201, supplier)


@router.post("/programmes/{int:programme_id}/supplier-suggestions", response={201: SupplierOut})
def suggest_supplier(request, programme_id: int, payload: SuggestionIn):
    programme = get_programme_for(request.auth, programme_id)
    can_suggest(request.auth, programme)
    supplier = _supplier(payload.supplier_org_number)
    services.suggest_supplier(user=request.auth, programme=programme, supplier=supplier,
                              note=payload.note or "")
    return Status(201, supplier)


@router.patch("/suppliers/{int:supplier_id}", response={200: SupplierOut, 409: ErrorOut})
def patch_supplier(request, supplier_id: int, payload: SupplierPatch):
    """The one who registered the supplier, or an administrator, corrects it."""
    supplier = get_supplier_for(request.auth, supplier_id, write=True)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version", None)
    supplier = services.update_supplier(user=request.auth, supplier=supplier,
                                        expected_version=version,
                                        **_no_nulls(changes, ("org_number", "name")))
    return supplier


@router.delete("/suppliers/{int:supplier_id}", response={204: None, 409: ErrorOut},
               openapi_extra=body_doc(ProcurementRemoveIn))
def delete_supplier(request, supplier_id: int):
    """409 when the supplier has bids or suggestions: it stays in the register."""
    supplier = get_supplier_for(request.auth, supplier_id, write=True)
    body = optional_body(request, ProcurementRemoveIn)
    services.remove_supplier(user=request.auth, supplier=supplier,
                             expected_version=body.version)
    return Status(204, None)


__all__ = ["router"]
