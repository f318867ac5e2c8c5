"""Pages for the procurement of the process leader."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.documents.rendering import DOCX_CONTENT_TYPE
from videreforing.lib.errors import DomainError
from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view

from . import documents, services
from .access import can_suggest, get_bid_for
from .evaluation import EvaluationError, evaluate
from .forms import (
    AwardForm,
    BidForm,
    CriterionForm,
    RequirementForm,
    SuggestionForm,
    SupplierForm,
    TenderForm,
)
from .info import regime_info
from .models import Supplier, Tender


def _tender(programme, tender_id) -> Tender:
    try:
        return programme.tenders.get(pk=int(tender_id))
    except (Tender.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _file(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@programme_view()
@require_http_methods(["GET", "POST"])
def tender_list(request, programme):
    form = TenderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.create_tender(user=request.user, programme=programme,
                                            **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Konkurransen er opprettet."))
            return redirect("procurement:tender", pk=programme.pk, tender_id=tender.pk)
    suggestions = programme.supplier_suggestions.select_related("supplier", "suggested_by")
    is_adviser = programme.municipalities.filter(county__advisers__user=request.user).exists()
    return render(request, "procurement/list.html", _context(
        programme, form=form, tenders=programme.tenders.all(), suggestions=suggestions,
        suggestion_form=SuggestionForm() if programme.can_edit or is_adviser else None,
    ), status=400 if form.errors else 200)


@programme_view(post_is_write=False)
@require_POST
def suggest(request, programme):
    can_suggest(request.user, programme)
    form = SuggestionForm(request.POST)
    if form.is_valid():
        try:
            services.suggest_supplier(user=request.user, programme=programme,
                                      **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Forslaget er registrert."))
    else:
        messages.error(request, _("Velg en leverandør fra registeret."))
    return redirect("procurement:list", pk=programme.pk)


def _tender_page(request, programme, tender, *, status=200, **forms):
    criteria = list(tender.criteria.all())
    evaluation = error = None
    try:
        evaluation = evaluate(tender)
    except EvaluationError as exc:
        error = exc.message
    return render(request, "procurement/tender.html", _context(
        programme, tender=tender, info=regime_info(tender), criteria=criteria,
        weight_sum=sum(c.weight for c in criteria),
        requirements=tender.requirements.all(),
        bids=tender.bids.select_related("supplier").prefetch_related("scores__criterion"),
        evaluation=evaluation, evaluation_error=error,
        sensitivity=documents.sensitivity_lines(evaluation) if evaluation else [],
        close_call=bool(evaluation and len(evaluation.rows) > 1 and _close(evaluation)),
        doffin=documents.doffin_notice(tender),
        suggestions=programme.supplier_suggestions.select_related("supplier"),
        tender_form=forms.get("tender_form") or TenderForm(initial={
            f: getattr(tender, f) for f in ("title", "description", "estimated_value",
                                            "procedure", "contract_start", "contract_end",
                                            "tender_deadline")}),
        requirement_form=forms.get("requirement_form") or RequirementForm(),
        criterion_form=forms.get("criterion_form") or CriterionForm(),
        bid_form=forms.get("bid_form") or BidForm(criteria=criteria),
        award_form=forms.get("award_form") or (
            AwardForm(rows=evaluation.rows, initial={"bid": str(evaluation.rows[0].bid.pk)})
            if evaluation and evaluation.rows else None),
    ), status=status)


def _close(evaluation) -> bool:
    from videreforing.rules.mcda import close_call
    return close_call([float(r.total) for r in evaluation.rows])


@programme_view()
def tender_detail(request, programme, tender_id):
    return _tender_page(request, programme, _tender(programme, tender_id))


def _post(request, programme, tender_id, form_class, key, action, success, **form_kwargs):
    """Validate a form, call the service, and answer like the other pages do."""
    tender = _tender(programme, tender_id)
    form = form_class(request.POST, **form_kwargs)
    status = 400
    if form.is_valid():
        try:
            action(tender, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, success)
            return redirect(reverse("procurement:tender", args=[programme.pk, tender.pk]))
    return _tender_page(request, programme, tender, status=status, **{key: form})


@programme_view(write=True)
@require_POST
def tender_edit(request, programme, tender_id):
    return _post(request, programme, tender_id, TenderForm, "tender_form",
                 lambda t, f: services.update_tender(user=request.user, tender=t,
                                                     **f.cleaned_data),
                 _("Konkurransen er lagret."))


@programme_view(write=True)
@require_POST
def requirement_add(request, programme, tender_id):
    return _post(request, programme, tender_id, RequirementForm, "requirement_form",
                 lambda t, f: services.add_requirement(user=request.user, tender=t,
                                                       **f.cleaned_data),
                 _("Kravet er lagt til."))


@programme_view(write=True)
@require_POST
def criterion_add(request, programme, tender_id):
    return _post(request, programme, tender_id, CriterionForm, "criterion_form",
                 lambda t, f: services.add_criterion(user=request.user, tender=t,
                                                     **f.cleaned_data),
                 _("Kriteriet er lagt til."))


@programme_view(write=True)
@require_POST
def bid_add(request, programme, tender_id):
    tender = _tender(programme, tender_id)

    def action(t, f):
        data = dict(f.cleaned_data)
        scores = f.scores()
        for key in list(data):
            if key.startswith(("score_", "justification_")):
                data.pop(key)
        services.register_bid(user=request.user, tender=t, scores=scores, **data)

    return _post(request, programme, tender_id, BidForm, "bid_form", action,
                 _("Tilbudet er registrert."), criteria=list(tender.criteria.all()))


@programme_view(write=True)
@require_POST
def award(request, programme, tender_id):
    tender = _tender(programme, tender_id)
    try:
        rows = evaluate(tender).rows
    except EvaluationError:
        rows = []

    def action(t, f):
        bid = get_bid_for(request.user, t, f.cleaned_data["bid"])
        services.award_tender(user=request.user, tender=t, bid=bid,
                              reason=f.cleaned_data["reason"])

    return _post(request, programme, tender_id, AwardForm, "award_form", action,
                 _("Oppdraget er tildelt. Vinnerens kontaktperson er lagt til som "
                   "prosessleder."), rows=rows)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def remove_item(request, programme, tender_id, kind, item_id):
    """Remove a requirement or criterion after a confirmation."""
    tender = _tender(programme, tender_id)
    manager = {"krav": tender.requirements, "kriterium": tender.criteria}.get(kind)
    if manager is None:
        raise Http404
    item = manager.filter(pk=item_id).first()
    if item is None:
        raise Http404
    back = reverse("procurement:tender", args=[programme.pk, tender.pk])
    if request.method == "POST":
        try:
            if kind == "krav":
                services.remove_requirement(user=request.user, requirement=item)
            else:
                services.remove_criterion(user=request.user, criterion=item)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("«%(name)s» er fjernet.") % {"name": str(item)})
        return redirect(back)
    return render(request, "programmes/confirm.html", _context(
        programme, title=_("Fjerne «%(name)s»?") % {"name": str(item)},
        question=_("Vil du fjerne «%(name)s» fra konkurransen? Fjerningen står i "
                   "historikken.") % {"name": str(item)},
        confirm_label=_("Fjern"), cancel_url=back))


@programme_view()
def tender_document(request, programme, tender_id):
    tender = _tender(programme, tender_id)
    return _file(documents.tender_document_docx(tender), DOCX_CONTENT_TYPE,
                 f"konkurransegrunnlag-{tender.pk}.docx")


@programme_view()
def record_docx(request, programme, tender_id):
    tender = _tender(programme, tender_id)
    return _file(documents.procurement_record_docx(tender), DOCX_CONTENT_TYPE,
                 f"anskaffelsesprotokoll-{tender.pk}.docx")


@programme_view()
def record_pdf(request, programme, tender_id):
    tender = _tender(programme, tender_id)
    return _file(documents.procurement_record_pdf(tender), "application/pdf",
                 f"anskaffelsesprotokoll-{tender.pk}.pdf")


@programme_view()
def award_letter(request, programme, tender_id, bid_id):
    tender = _tender(programme, tender_id)
    if tender.winner_id is None:
        raise Http404
    bid = get_bid_for(request.user, tender, bid_id)
    return _file(documents.award_letter_docx(tender, bid), DOCX_CONTENT_TYPE,
                 f"tildelingsbrev-{tender.pk}-{bid.supplier.org_number}.docx")


@programme_view()
def award_letter_pdf(request, programme, tender_id, bid_id):
    tender = _tender(programme, tender_id)
    if tender.winner_id is None:
        raise Http404
    bid = get_bid_for(request.user, tender, bid_id)
    return _file(documents.award_letter_pdf(tender, bid), "application/pdf",
                 f"tildelingsbrev-{tender.pk}-{bid.supplier.org_number}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def suppliers(request):
    """The register of consultancies, shared by every programme."""
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_supplier(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Leverandøren er lagt til i registeret."))
            return redirect("procurement:suppliers")
    return render(request, "procurement/suppliers.html", {
        "form": form, "suppliers": Supplier.objects.all()},
        status=400 if form.errors else 200)
