"""Pages for the procurement of the process leader."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.attachments.access import Target
from videreforing.attachments.models import Attachment
from videreforing.attachments.services import upload_attachment
from videreforing.audit.services import log_action
from videreforing.documents.rendering import DOCX_CONTENT_TYPE
from videreforing.lib.dates import safe_add
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.programmes.views import _context, programme_view
from videreforing.rules import procurement as rules

from . import documents, services
from .access import (
    can_change_supplier,
    can_suggest,
    can_write_register,
    check_register_write,
    get_bid_for,
    get_supplier_for,
)
from .evaluation import EvaluationError, evaluate
from .forms import (
    AnnounceForm,
    AwardForm,
    BidEditForm,
    BidForm,
    ContractCopyForm,
    ContractForm,
    CriterionForm,
    NoticeForm,
    ReasonForm,
    RequirementForm,
    SuggestionForm,
    SupplierForm,
    TenderForm,
)
from .info import regime_info
from .models import AwardCriterion, Contract, QualificationRequirement, Supplier, Tender

NO_CHANGES = _lazy("Ingen endringer å lagre: alt var som før.")


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
    form = TenderForm(request.POST or None,
                      initial={"authority_name": services.default_authority_name(programme),
                               "submission_address": request.user.email})
    if request.method == "POST" and form.is_valid():
        try:
            tender = services.create_tender(
                user=request.user, programme=programme,
                **{k: v for k, v in form.cleaned_data.items() if k != "version"})
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
        can_write_register=can_write_register(request.user),
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


def _criteria_locked(tender: Tender) -> bool:
    """Requirements and criteria lock when the tender deadline has passed (P-CRITERIA)."""
    return not tender.is_open or bool(
        tender.tender_deadline and timezone.localdate() > tender.tender_deadline)


def announced_note(tender: Tender) -> str:
    """Announced and still open to changes: whatever changes in the requirements and
    criteria must reach every supplier at the same time (equal treatment under
    P-CRITERIA; no rule of its own). Empty otherwise."""
    if tender.announced_on is None or _criteria_locked(tender):
        return ""
    return _("Konkurransen er kunngjort %(date)s. Endringer i krav og kriterier må gjøres "
             "kjent for alle leverandørene samtidig.") % {"date": _date(tender.announced_on)}


def _with_note(tender: Tender, text: str) -> list[tuple[int, str]]:
    """A success message about a requirement or criterion, with the reminder to tell
    every supplier when the tender is announced."""
    note = announced_note(tender)
    return [(messages.SUCCESS, f"{text} {note}" if note else str(text))]


def _tender_page(request, programme, tender, *, status=200, **forms):
    criteria = list(tender.criteria.all())
    evaluation = error = None
    try:
        evaluation = evaluate(tender)
    except EvaluationError as exc:
        error = exc.message
    return render(request, "procurement/tender.html", _context(
        programme, **_state_context(tender, forms),
        tender=tender, info=regime_info(tender), criteria=criteria,
        criteria_locked=_criteria_locked(tender),
        announced_note=announced_note(tender),
        award_from=services.award_possible_from(tender),
        award_open=bool(tender.tender_deadline
                        and timezone.localdate() > tender.tender_deadline),
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
                                            "tender_deadline", "deadline_time",
                                            "submission_address", "authority_name",
                                            "authority_org_number", "version")}),
        requirement_form=forms.get("requirement_form") or RequirementForm(),
        criterion_form=forms.get("criterion_form") or CriterionForm(),
        bid_form=forms.get("bid_form") or BidForm(criteria=criteria),
        award_form=forms.get("award_form") or (
            AwardForm(rows=evaluation.rows, initial={"bid": str(evaluation.rows[0].bid.pk)})
            if evaluation and evaluation.rows else None),
    ), status=status)


# The steps shown on the tender page, in order (issue 9, point 5). "notice" stands for
# both states after the notice: the standstill running and the standstill over.
STEP_CODES = ("draft", "announced", "deadline_passed", "evaluated", "awarded", "notice",
              "contract_signed")


def _steps(tender: Tender, state: str, notice_required: bool) -> list[dict]:
    current = {"standstill": "notice", "notice_sent": "notice"}.get(state, state)
    index = STEP_CODES.index(current) if current in STEP_CODES else -1
    steps = []
    for position, code in enumerate(STEP_CODES):
        if code == "notice":
            label = (_("Meddelelse og karensperiode") if notice_required
                     else _("Meddelelse til leverandørene (anbefalt)"))
        else:
            label = services.state_label(code)
        # The signed contract ends the process: its step is done, and nothing is "now"
        # (it stays the step the list is at, for assistive technology).
        finished = state == "contract_signed"
        done = position < index or (finished and position == index)
        if code == "notice" and done and not tender.notice_sent_on:
            done = False  # part I: the contract was signed without the notice
        steps.append({"code": code, "label": label, "current": position == index,
                      "now": position == index and not finished, "done": done})
    return steps


def contract_attachment(contract: Contract) -> Attachment | None:
    """The signed copy uploaded with the contract form, unless it was removed."""
    copy = contract.signed_copy
    return copy if copy is not None and not copy.is_removed else None


def _winning_contact(tender: Tender) -> tuple[str, str]:
    bid = tender.winner
    if bid is None:
        return "", ""
    return bid.contact_name, bid.contact_email


def _state_context(tender: Tender, forms: dict) -> dict:
    """The tender's state in words, its steps, and the forms for the next action."""
    today = timezone.localdate()
    state = services.tender_state(tender, today)
    notice_required = rules.notice_required(tender.regime)
    version = {"version": tender.version}
    context = {
        "state": state, "state_text": services.state_label(state),
        "steps": _steps(tender, state, notice_required),
        "notice_required": notice_required, "state_error": forms.get("state_error"),
        "announcement_text": documents.announcement_text(tender),
        "standstill_from": (safe_add(tender.standstill_ends, 1)
                            if tender.standstill_ends else None),
    }
    if state == "draft":
        context["announce_gaps"] = services.announcement_gaps(tender)
        context["announce_form"] = forms.get("announce_form") or AnnounceForm(initial={
            "announced_on": today, "channels": services.required_channels(tender),
            **version})
    if state == "awarded":
        days, ends = services.notice_plan(tender, today)
        context.update(plan_days=days, plan_ends=ends,
                       plan_from=safe_add(ends, 1) if ends else None)
        context["notice_form"] = forms.get("notice_form") or NoticeForm(
            required=notice_required, initial={
                "sent_on": today, "advantages": services.default_advantages(tender),
                **version})
    contract_open = state == "notice_sent" or (state == "awarded" and not notice_required)
    if contract_open:
        name, email = _winning_contact(tender)
        context["contract_no_contact"] = not email
        context["contract_form"] = forms.get("contract_form") or ContractForm(
            email_required=not email, initial={
                "signed_on": today, "value": tender.winner.price if tender.winner else None,
                "period_start": tender.contract_start, "period_end": tender.contract_end,
                "contact_name": name, "contact_email": email, **version})
    context["contract_open"] = contract_open
    if state == "contract_signed":
        contract = Contract.objects.filter(tender=tender).first()
        context["contract"] = contract
        context["contract_file"] = contract_attachment(contract) if contract else None
        leader = _process_leader(tender, contract)
        context["leader"] = leader
        context["leader_name"] = "" if leader is None else leader.user.get_full_name() or (
            contract.contact_name if contract is not None
            and leader.user.email.lower() == contract.contact_email.lower() else "")
        if contract is not None and context["contract_file"] is None:
            context["copy_form"] = forms.get("copy_form") or ContractCopyForm()
    return context


def _process_leader(tender: Tender, contract: Contract | None) -> Membership | None:
    """Who leads the process now (R-CONSULTANT): the contract's contact person if they
    have the role, else whoever has it in the programme."""
    leaders = Membership.objects.filter(programme=tender.programme_id,
                                        role=Role.PROCESS_LEADER).select_related("user")
    if contract is not None and contract.contact_email:
        named = leaders.filter(user__email__iexact=contract.contact_email).first()
        if named is not None:
            return named
    return leaders.order_by("created_at", "pk").first()


def _state_post(request, programme, tender, form, key, action, success):
    """Validate a state form, call the service, and answer: field errors (400), a state
    the action does not fit (409, said at the top of the panel), or the page again with
    a message. Nothing typed is lost."""
    status, state_error = 400, None
    if form.is_valid():
        try:
            result = action(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            state_error, status = exc.message, 409
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form.data = data  # what was typed, at the version now stored
        except DomainError as exc:
            state_error, status = exc.message, 409
        else:
            for level, text in success(result):
                messages.add_message(request, level, text)
            return redirect(_tender_url(programme, tender) + "#state-heading")
    tender.refresh_from_db()
    return _tender_page(request, programme, tender, status=status, state_error=state_error,
                        **{key: form})


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def announce(request, programme, tender_id):
    """Register the announcement (date, channels, reference)."""
    tender = _tender(programme, tender_id)
    if request.method == "GET":
        return redirect(_tender_url(programme, tender) + "#state-heading")
    form = AnnounceForm(request.POST)

    def action(f):
        data = f.cleaned_data
        return services.announce_tender(
            user=request.user, tender=tender, announced_on=data["announced_on"],
            channels=data["channels"], reference=data["reference"],
            expected_version=data["version"])

    return _state_post(request, programme, tender, form, "announce_form", action,
                       lambda t: [(messages.SUCCESS, _("Kunngjøringen er registrert."))])


def _notice_recipients(tender: Tender) -> list[dict]:
    return [{"name": b.supplier.name, "email": b.contact_email or b.supplier.contact_email,
             "winner": b.pk == tender.winner_id}
            for b in tender.bids.select_related("supplier")]


class _DryRun(Exception):
    pass


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def notice(request, programme, tender_id):
    """Send the notice of the award after a confirmation page. The tender page's form
    posts `step=review`: the notice is checked by the service itself in a transaction
    that is rolled back (nothing stored, nothing sent), and the confirmation page lists
    the bidders and who has no e-mail address. Its form posts `step=confirm`; `step=edit`
    goes back to the tender page with what was typed."""
    tender = _tender(programme, tender_id)
    if request.method == "GET":
        return redirect(_tender_url(programme, tender) + "#state-heading")
    required = rules.notice_required(tender.regime)
    form = NoticeForm(request.POST, required=required)
    step = request.POST.get("step")
    if step == "edit":
        return _tender_page(request, programme, tender, notice_form=form)

    def action(f):
        data = f.cleaned_data
        return services.send_notice(
            user=request.user, tender=tender, sent_on=data["sent_on"],
            advantages=data["advantages"], expected_version=data["version"])

    if step == "review":
        status, state_error = 400, None
        if form.is_valid():
            try:
                with transaction.atomic():
                    action(form)
                    raise _DryRun  # roll back: the review stores and sends nothing
            except _DryRun:
                pass
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleVersion as exc:
                state_error, status = exc.message, 409
                data = request.POST.copy()
                data["version"] = str(exc.current.version)
                form.data = data
            except DomainError as exc:
                state_error, status = exc.message, 409
            if status == 400 and not form.errors:
                sent_on = form.cleaned_data["sent_on"]
                days, ends = services.notice_plan(tender, sent_on)
                recipients = _notice_recipients(tender)
                return render(request, "procurement/notice_confirm.html", _context(
                    programme, tender=tender, form=form, recipients=recipients,
                    without_email=[r for r in recipients if not r["email"]],
                    with_email=[r for r in recipients if r["email"]],
                    sent_on=sent_on, days=days, ends=ends,
                    next_day=safe_add(ends, 1) if ends else None,
                    notice_required=required))
        tender.refresh_from_db()
        return _tender_page(request, programme, tender, status=status,
                            state_error=state_error, notice_form=form)

    def said(t):
        recipients = _notice_recipients(t)
        with_email = [r for r in recipients if r["email"]]
        without = [r["name"] for r in recipients if not r["email"]]
        result = [(messages.SUCCESS, ngettext(
            "Meddelelsen om tildelingen er registrert og sendes på e-post til "
            "%(count)s leverandør.",
            "Meddelelsen om tildelingen er registrert og sendes på e-post til "
            "%(count)s leverandører.", len(with_email)) % {"count": len(with_email)})]
        if without:
            result.append((messages.WARNING, _(
                "Uten e-postadresse, må få meddelelsen på annen måte: %(names)s.")
                % {"names": ", ".join(without)}))
        if t.standstill_ends:
            result.append((messages.INFO, _(
                "Karensperioden varer til og med %(date)s. Kontrakten kan signeres fra "
                "%(next)s.") % {"date": _date(t.standstill_ends),
                                "next": _date(safe_add(t.standstill_ends, 1))}))
        return result

    return _state_post(request, programme, tender, form, "notice_form", action, said)


def _date(day) -> str:
    return date_format(day, "j. F Y")


class _UploadRefused(Exception):
    pass


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def contract(request, programme, tender_id):
    """Record the signed contract, and store the signed copy on the tender if one is
    given. Both or neither: a refused file leaves no contract behind."""
    tender = _tender(programme, tender_id)
    if request.method == "GET":
        return redirect(_tender_url(programme, tender) + "#state-heading")
    _name, email = _winning_contact(tender)
    form = ContractForm(request.POST, request.FILES, email_required=not email)

    def action(f):
        try:
            with transaction.atomic():
                contract = services.record_contract(
                    user=request.user, tender=tender,
                    expected_version=f.cleaned_data["version"], **f.contract_values())
                upload = f.cleaned_data.get("file")
                if upload:
                    try:
                        contract.signed_copy = upload_attachment(
                            user=request.user,
                            target=Target(programme=programme, tender=tender), upload=upload)
                        contract.save(update_fields=["signed_copy"])
                    except ValidationError as exc:
                        add_service_errors(f, exc)
                        raise _UploadRefused from exc
        except _UploadRefused:
            raise ValidationError({}) from None
        return contract

    return _state_post(request, programme, tender, form, "contract_form", action,
                       contract_messages)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def contract_copy(request, programme, tender_id):
    """Upload the signed copy of a contract recorded without one: stored on the tender
    and linked to the contract. A refused file is said at the field; nothing is stored."""
    tender = _tender(programme, tender_id)
    back = _tender_url(programme, tender) + "#state-heading"
    contract = Contract.objects.filter(tender=tender).first()
    if request.method == "GET" or contract is None:
        if contract is None and request.method == "POST":
            messages.info(request, _("Kontrakten er ikke registrert ennå. Last opp den "
                                     "signerte kontrakten når du registrerer den."))
        return redirect(back)
    if contract_attachment(contract) is not None:
        messages.info(request, _("Den signerte kontrakten er allerede lastet opp."))
        return redirect(back)
    form = ContractCopyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                attachment = upload_attachment(
                    user=request.user, target=Target(programme=programme, tender=tender),
                    upload=form.cleaned_data["file"])
                contract.signed_copy = attachment
                contract.save(update_fields=["signed_copy"])
                log_action(action="procurement.contract.copy_uploaded", actor=request.user,
                           programme=programme, obj=contract,
                           data={"title": tender.title, "name": attachment.name,
                                 "attachment": attachment.pk})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Den signerte kontrakten «%(name)s» er lastet opp.")
                             % {"name": attachment.name})
            return redirect(back)
    return _tender_page(request, programme, tender, status=400, copy_form=form)


def _leader_messages(done: str, leader, *, added: str, none: str) -> list[tuple[int, str]]:
    """What an award or a contract did about the process leader, and only that
    (R-CONSULTANT): `done` and the sentence for the outcome; `added` and `none` are the
    caller's own wording for a new process leader and for nobody."""
    if leader.kind == "added":
        return [(messages.SUCCESS, done + " " + added % {"email": leader.email})]
    if leader.kind == "changed":
        return [(messages.SUCCESS, done + " " + _(
            "%(email)s var allerede med i programmet som %(role)s og er nå prosessleder.")
            % {"email": leader.email,
               "role": str(Role(leader.previous_role).label).lower()})]
    if leader.kind == "unchanged":
        return [(messages.SUCCESS, done + " " + _(
            "%(email)s var allerede prosessleder i programmet.") % {"email": leader.email})]
    return [(messages.SUCCESS, done), (messages.WARNING, none)]


def contract_messages(contract: Contract) -> list[tuple[int, str]]:
    return _leader_messages(
        _("Den signerte kontrakten er registrert."), contract.leader,
        added=_("Kontaktpersonen (%(email)s) er lagt til som prosessleder i programmet og "
                "får en e-post om tilgangen."),
        none=_("Ingen er lagt til som prosessleder. Legg til prosesslederen under "
               "«Personer» i programmet."))


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
            for level, text in (success(tender) if callable(success) else
                                [(messages.SUCCESS, success)]):
                messages.add_message(request, level, text)
            return redirect(reverse("procurement:tender", args=[programme.pk, tender.pk]))
    return _tender_page(request, programme, tender, status=status, **{key: form})


@programme_view(write=True)
@require_POST
def tender_edit(request, programme, tender_id):
    result = {}

    def action(t, f):
        data = dict(f.cleaned_data)
        result["tender"] = services.update_tender(
            user=request.user, tender=t, expected_version=data.pop("version"), **data)

    def said(t):
        if result["tender"].version == t.version:
            return [(messages.INFO, NO_CHANGES)]
        return [(messages.SUCCESS, _("Konkurransen er lagret."))]

    return _post(request, programme, tender_id, TenderForm, "tender_form", action, said)


@programme_view(write=True)
@require_POST
def requirement_add(request, programme, tender_id):
    return _post(request, programme, tender_id, RequirementForm, "requirement_form",
                 lambda t, f: services.add_requirement(
                     user=request.user, tender=t, text=f.cleaned_data["text"],
                     documentation=f.cleaned_data["documentation"]),
                 lambda t: _with_note(t, _("Kravet er lagt til.")))


@programme_view(write=True)
@require_POST
def criterion_add(request, programme, tender_id):
    return _post(request, programme, tender_id, CriterionForm, "criterion_form",
                 lambda t, f: services.add_criterion(
                     user=request.user, tender=t,
                     **{k: v for k, v in f.cleaned_data.items() if k != "version"}),
                 lambda t: _with_note(t, _("Kriteriet er lagt til.")))


@programme_view(write=True)
@require_POST
def bid_add(request, programme, tender_id):
    tender = _tender(programme, tender_id)

    criteria = list(tender.criteria.all())
    result = {}

    def action(t, f):
        result["bid"] = services.register_bid(
            user=request.user, tender=t, supplier=f.cleaned_data["supplier"],
            scores=f.scores(), **f.bid_values())

    def said(t):
        bid = result["bid"]
        text = _("Tilbudet fra «%(name)s» er registrert.") % {"name": bid.supplier.name}
        missing = [c.name for c in criteria if c.kind != AwardCriterion.Kind.PRICE
                   and not bid.scores.filter(criterion=c).exists()]
        if missing and not bid.excluded:
            return [(messages.SUCCESS, text), (messages.WARNING, _(
                "Tilbudet mangler poeng på %(names)s. Gi poengene med «Endre» ved tilbudet "
                "før evalueringen.") % {"names": ", ".join(f"«{n}»" for n in missing)})]
        return [(messages.SUCCESS, text)]

    return _post(request, programme, tender_id, BidForm, "bid_form", action, said,
                 criteria=criteria)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def award(request, programme, tender_id):
    """Award the assignment after a confirmation page.

    The tender page's form posts with `step=review` (or a link opens `?bid=…`): the
    choice is checked like the award itself and the confirmation page says what will
    happen (winner, rank, reason, who gets access as process leader and an e-mail).
    Its form posts `step=confirm`; a POST without `step=review` performs the award."""
    tender = _tender(programme, tender_id)
    try:
        rows = evaluate(tender).rows
    except EvaluationError:
        rows = []
    if request.method == "GET" and "bid" not in request.GET:
        return redirect(_tender_url(programme, tender) + "#award-heading")
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" or data.get("step") == "review":
        return _award_review(request, programme, tender, AwardForm(data, rows=rows))

    form = AwardForm(data, rows=rows)
    status = 400
    if form.is_valid():
        try:
            bid = get_bid_for(request.user, tender, form.cleaned_data["bid"])
            awarded = services.award_tender(user=request.user, tender=tender, bid=bid,
                                            reason=form.cleaned_data["reason"],
                                            decided_on=form.cleaned_data["decided_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            for level, text in award_messages(awarded):
                messages.add_message(request, level, text)
            return redirect(_tender_url(programme, tender))
    if status == 400 and set(form.errors) == {"decided_on"}:
        # Only the date is wrong: the confirmation page again, with the date at fault.
        confirm = _award_confirm_page(request, programme, tender, form)
        if confirm is not None:
            return confirm
    return _tender_page(request, programme, tender, status=status, award_form=form)


def _award_confirm_page(request, programme, tender, form):
    """The confirmation page for a form whose choice of winner is valid (its date may
    not be); None when the choice itself cannot be awarded."""
    try:
        bid = get_bid_for(request.user, tender, form.data.get("bid"))
        plan = services.plan_award(tender=tender, bid=bid, reason=form.data.get("reason", ""))
    except (ValidationError, DomainError, Http404):
        return None
    return render(request, "procurement/award_confirm.html", _context(
        programme, tender=tender, plan=plan, form=form,
        leader_role=(str(Role(plan.leader.previous_role).label).lower()
                     if plan.leader.previous_role else ""),
        people_url=reverse("programmes:people", args=[programme.pk])),
        status=400 if form.errors else 200)


def _award_review(request, programme, tender, form):
    """The confirmation page of an award; the choice goes back to the tender page with
    its errors when it cannot be awarded. Nothing is stored."""
    status = 400
    if form.is_valid():
        try:
            bid = get_bid_for(request.user, tender, form.cleaned_data["bid"])
            plan = services.plan_award(tender=tender, bid=bid,
                                       reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except DomainError as exc:
            if exc.code == "deadline_not_passed":
                # Refused before the tender deadline: the award form says why and when.
                form.add_error(None, exc.message)
                return _tender_page(request, programme, tender, status=409,
                                    award_form=form)
            # The tender is no longer open (awarded or cancelled): its page says so.
            messages.error(request, exc.message)
            return redirect(_tender_url(programme, tender))
        else:
            return render(request, "procurement/award_confirm.html", _context(
                programme, tender=tender, plan=plan, form=form,
                leader_role=(str(Role(plan.leader.previous_role).label).lower()
                             if plan.leader.previous_role else ""),
                people_url=reverse("programmes:people", args=[programme.pk])))
    return _tender_page(request, programme, tender, status=status, award_form=form)


def award_messages(tender: Tender) -> list[tuple[int, str]]:
    """Say what the award did, and only that (R-CONSULTANT)."""
    assert tender.winner is not None
    return _leader_messages(
        _("Oppdraget er tildelt %(name)s.") % {"name": tender.winner.supplier.name},
        tender.leader,
        added=_("Prosesslederen som tilbudet oppgir (%(email)s), er lagt til som "
                "prosessleder i programmet og får en e-post om tilgangen."),
        none=_("Ingen er lagt til som prosessleder, og ingen har fått e-post: tilbudet "
               "oppgir ingen e-postadresse for prosesslederen. Legg til prosesslederen "
               "under «Personer» i programmet."))


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
            for level, text in _with_note(tender, _("«%(name)s» er fjernet.") % {
                    "name": str(item)}):
                messages.add_message(request, level, text)
        return redirect(back)
    question = _("Vil du fjerne «%(name)s» fra konkurransen? Fjerningen står i "
                 "historikken.") % {"name": str(item)}
    scores = item.scores.count() if kind == "kriterium" else 0
    if scores:
        question += " " + ngettext(
            "%(count)d tilbud har fått poeng på kriteriet. Poengene fjernes også.",
            "%(count)d tilbud har fått poeng på kriteriet. Poengene fjernes også.",
            scores) % {"count": scores}
    note = announced_note(tender)
    if note:
        question += " " + note
    return render(request, "programmes/confirm.html", _context(
        programme, title=_("Fjerne «%(name)s»?") % {"name": str(item)},
        question=question, confirm_label=_("Fjern"), cancel_url=back))


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
    if not tender.is_awarded or tender.winner_id is None:
        raise Http404
    bid = get_bid_for(request.user, tender, bid_id)
    return _file(documents.award_letter_docx(tender, bid), DOCX_CONTENT_TYPE,
                 f"tildelingsbrev-{tender.pk}-{bid.supplier.org_number}.docx")


@programme_view()
def award_letter_pdf(request, programme, tender_id, bid_id):
    tender = _tender(programme, tender_id)
    if not tender.is_awarded or tender.winner_id is None:
        raise Http404
    bid = get_bid_for(request.user, tender, bid_id)
    return _file(documents.award_letter_pdf(tender, bid), "application/pdf",
                 f"tildelingsbrev-{tender.pk}-{bid.supplier.org_number}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def suppliers(request):
    """The register of consultancies, shared by every programme. Everyone signed in reads
    it; those who edit a programme, and administrators, add to it."""
    may_write = can_write_register(request.user)
    if request.method == "POST":
        check_register_write(request.user)
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.create_supplier(
                user=request.user,
                **{k: v for k, v in form.cleaned_data.items() if k != "version"})
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("«%(name)s» er lagt til i registeret.") % {
                "name": supplier.name})
            return redirect("procurement:suppliers")
    rows = [(s, can_change_supplier(request.user, s))
            for s in Supplier.objects.select_related("created_by")]
    return render(request, "procurement/suppliers.html", {
        "form": form if may_write else None, "rows": rows, "suppliers": rows},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_edit(request, supplier_id):
    supplier = get_supplier_for(request.user, supplier_id, write=True)
    fields = services.SUPPLIER_FIELDS
    form = SupplierForm(request.POST or None, initial={
        **{f: getattr(supplier, f) for f in fields}, "version": supplier.version})
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = supplier.version
        try:
            supplier = services.update_supplier(user=request.user, supplier=supplier,
                                                expected_version=data.pop("version"), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            current = exc.current
        else:
            if supplier.version == version:
                messages.info(request, NO_CHANGES)
            else:
                messages.success(request, _("«%(name)s» er lagret.") % {
                    "name": supplier.name})
            return redirect("procurement:suppliers")
    return render(request, "procurement/supplier_form.html", {
        "form": form, "supplier": supplier, "current": current},
        status=409 if current else 400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def supplier_remove(request, supplier_id):
    supplier = get_supplier_for(request.user, supplier_id, write=True)
    back = reverse("procurement:suppliers")
    if request.method == "POST":
        try:
            services.remove_supplier(user=request.user, supplier=supplier)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("«%(name)s» er fjernet fra registeret.") % {
                "name": supplier.name})
        return redirect(back)
    refusal = services.supplier_removal_refusal(supplier)
    if refusal is not None:
        # Said before anything is confirmed; no remove button, only a way back.
        return render(request, "procurement/confirm.html", {
            "title": _("«%(name)s» kan ikke fjernes") % {"name": supplier.name},
            "question": refusal.message, "refused": True, "cancel_url": back,
            "edit_url": reverse("procurement:supplier-edit", args=[supplier.pk])})
    return render(request, "procurement/confirm.html", {
        "title": _("Fjerne «%(name)s»?") % {"name": supplier.name},
        "question": _("Vil du fjerne «%(name)s» (%(number)s) fra leverandørregisteret? "
                      "Fjerningen står i historikken.") % {
            "name": supplier.name, "number": supplier.org_number},
        "confirm_label": _("Fjern"), "cancel_url": back})


# ---------------------------------------------------------------- corrections


def _tender_url(programme, tender) -> str:
    return reverse("procurement:tender", args=[programme.pk, tender.pk])


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def bid_edit(request, programme, tender_id, bid_id):
    """Correct a bid, and score one that was registered without scores."""
    tender = _tender(programme, tender_id)
    bid = get_bid_for(request.user, tender, bid_id)
    criteria = list(tender.criteria.all())
    stored = {s.criterion_id: s for s in bid.scores.all()}
    initial = {f: getattr(bid, f) for f in services.BID_FIELDS} | {"version": bid.version}
    for cid, score in stored.items():
        initial[f"score_{cid}"] = score.score
        initial[f"justification_{cid}"] = score.justification
    form = BidEditForm(request.POST or None, criteria=criteria, initial=initial)
    current = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.bid_values()
            try:
                saved = services.update_bid(user=request.user, bid=bid,
                                            expected_version=form.cleaned_data["version"],
                                            scores=form.all_scores(), **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                current = exc.current
                status = 409
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                if saved.version == bid.version:
                    messages.info(request, NO_CHANGES)
                else:
                    messages.success(request, _("Tilbudet fra «%(name)s» er lagret.") % {
                        "name": bid.supplier.name})
                return redirect(_tender_url(programme, tender) + f"#bid-{bid.pk}")
    return render(request, "procurement/bid_form.html", _context(
        programme, tender=tender, bid=bid, form=form, current=current,
        locked=not tender.is_open), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def bid_remove(request, programme, tender_id, bid_id):
    tender = _tender(programme, tender_id)
    bid = get_bid_for(request.user, tender, bid_id)
    form = ReasonForm(request.POST or None, required=False,
                      label=_("Hvorfor fjernes tilbudet?"),
                      initial={"version": bid.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.remove_bid(user=request.user, bid=bid,
                                    expected_version=form.cleaned_data["version"],
                                    reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Tilbudet fra «%(name)s» er fjernet. Fjerningen "
                                            "står i historikken.") % {
                    "name": bid.supplier.name})
                return redirect(_tender_url(programme, tender))
    return render(request, "procurement/reason_form.html", _context(
        programme, tender=tender, form=form,
        title=_("Fjerne tilbudet fra «%(name)s»?") % {"name": bid.supplier.name},
        question=_("Tilbudet, poengene og begrunnelsene fjernes fra konkurransen. "
                   "Opplysningene slik de var står i historikken."),
        confirm_label=_("Fjern tilbudet"), danger=True), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def award_reopen(request, programme, tender_id):
    """Reopen an award with a written reason, so that bids can be corrected."""
    tender = _tender(programme, tender_id)
    if tender.status == Tender.Status.CONTRACT_SIGNED:
        messages.info(request, _("Kontrakten er signert. Tildelingen kan ikke gjenåpnes."))
        return redirect(_tender_url(programme, tender))
    if tender.status not in (Tender.Status.AWARDED, Tender.Status.NOTICE_SENT):
        messages.info(request, _("Konkurransen er ikke tildelt, så det er ingen tildeling å "
                                 "gjenåpne."))
        return redirect(_tender_url(programme, tender))
    form = ReasonForm(request.POST or None, label=_("Hvorfor gjenåpnes tildelingen?"),
                      initial={"version": tender.version})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.reopen_award(user=request.user, tender=tender,
                                      expected_version=form.cleaned_data["version"],
                                      reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _(
                    "Tildelingen er gjenåpnet, og konkurransen har ingen vinner. Tilbudene "
                    "kan rettes, og oppdraget tildeles på nytt etter evalueringen."))
                messages.info(request, _(
                    "Tilgangene er ikke endret: en prosessleder som ble lagt til ved "
                    "tildelingen, har fortsatt rollen. Endre den under «Personer» om "
                    "nødvendig."))
                return redirect(_tender_url(programme, tender))
    return render(request, "procurement/reason_form.html", _context(
        programme, tender=tender, form=form,
        title=_("Gjenåpne tildelingen av «%(title)s»?") % {"title": tender.title},
        question=_reopen_question(tender),
        confirm_label=_("Gjenåpne tildelingen"), danger=False), status=status)


def _reopen_question(tender: Tender) -> str:
    name = tender.winner.supplier.name if tender.winner else "–"
    if tender.announced_on:
        text = _("Konkurransen går tilbake til «Kunngjort», og vinneren (%(name)s) fjernes, "
                 "slik at tilbudene kan rettes. Begrunnelsen og tildelingen slik den var "
                 "står i historikken.") % {"name": name}
    else:
        text = _("Konkurransen går tilbake til «Under forberedelse», og vinneren "
                 "(%(name)s) fjernes, slik at tilbudene kan rettes. Begrunnelsen og "
                 "tildelingen slik den var står i historikken. Tildelingsbrev som er "
                 "sendt, må trekkes tilbake utenfor løsningen.") % {"name": name}
        return text
    if tender.notice_sent_on:
        return text + " " + _("Meddelelsen om tildelingen ble sendt %(date)s. Gi alle "
                              "leverandørene beskjed om at tildelingen er gjenåpnet.") % {
            "date": _date(tender.notice_sent_on)}
    return text + " " + _("Tildelingsbrev som er sendt, må trekkes tilbake utenfor "
                          "løsningen.")


def _item_edit(request, programme, tender, item, form, save, title: str):
    current = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            version = data.pop("version", None)
            try:
                saved = save(item, version, data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                current = exc.current
                status = 409
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                if saved.version == item.version:
                    messages.info(request, NO_CHANGES)
                else:
                    for level, text in _with_note(tender, _("Endringene er lagret.")):
                        messages.add_message(request, level, text)
                return redirect(_tender_url(programme, tender))
    return render(request, "procurement/item_form.html", _context(
        programme, tender=tender, form=form, title=title, current=current,
        announced_note=announced_note(tender)), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def requirement_edit(request, programme, tender_id, item_id):
    tender = _tender(programme, tender_id)
    item = tender.requirements.filter(pk=item_id).first()
    if item is None:
        raise Http404
    form = RequirementForm(request.POST or None, initial={
        "text": item.text, "documentation": item.documentation, "version": item.version})

    def save(item: QualificationRequirement, version, data):
        return services.update_requirement(user=request.user, requirement=item,
                                           expected_version=version, **data)

    return _item_edit(request, programme, tender, item, form, save,
                      _("Endre kvalifikasjonskravet"))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def criterion_edit(request, programme, tender_id, item_id):
    tender = _tender(programme, tender_id)
    item = tender.criteria.filter(pk=item_id).first()
    if item is None:
        raise Http404
    form = CriterionForm(request.POST or None, initial={
        "name": item.name, "kind": item.kind, "weight": item.weight,
        "price_model": item.price_model, "scoring": item.scoring,
        "climate_exception": tender.climate_exception if item.kind == "climate" else "",
        "version": item.version})

    def save(item: AwardCriterion, version, data):
        return services.update_criterion(user=request.user, criterion=item,
                                         expected_version=version, **data)

    return _item_edit(request, programme, tender, item, form, save,
                      _("Endre tildelingskriteriet"))
