"""The phase page and its phase actions: start, correct or take back the start, plan.
The gate actions (gates.py) come back to this page when their form has errors."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.lib.errors import DomainError
from videreforing.lib.forms import add_service_errors
from videreforing.rules import phases as phase_rules

from .. import selectors, services
from ..forms import GateForm, PhasePlanForm, PhaseStartCorrectionForm, StartPhaseForm, UndoStartForm
from ..models import Task
from ._common import (
    STAGES,
    _context,
    next_started_label,
    open_at_gate,
    phase_or_404,
    programme_view,
    stage_or_404,
    to_phase,
)


@programme_view()
def phase_detail(request, programme, kind):
    return render_phase(request, programme, kind)


def _decisions_with_open_tasks(phase) -> list:
    """The phase's decisions, each with the tasks that were open when it was recorded
    and whether each is done now (so the page can say "ikke utført ved vedtaket")."""
    if phase is None:
        return []
    decisions = list(phase.gate_decisions.select_related("document").order_by("decided_on",
                                                                              "pk"))
    ids = {item["id"] for d in decisions for item in d.open_tasks_at_decision or []}
    now = {t.pk: t for t in Task.objects.filter(pk__in=ids, removed_at__isnull=True)}
    for d in decisions:
        d.open_tasks = [{"id": item["id"], "title": item.get("title", ""),
                         "task": now.get(item["id"])}
                        for item in d.open_tasks_at_decision or []]
    return decisions


def gate_documents(programme, kind):
    """Report versions a gate can refer to (the pre-study report for the pre-study)."""
    if kind != phase_rules.PRE_STUDY:
        return []
    return list(programme.documents.filter(kind="pre_study_report").order_by("-created_at"))


def render_phase(request, programme, kind, *, start_form=None, gate_form=None, plan_form=None,
                 status=200, open_tasks=None):
    """The phase page; a POST that failed passes its bound form back to show its errors."""
    kind = stage_or_404(kind)
    phase = None
    if kind in phase_rules.PHASE_ORDER:
        phase = programme.continuation.phases.get(kind=kind)
    previous = phase_rules.previous_phase(kind) if phase else None
    previous_gate = (
        programme.continuation.phases.get(kind=previous).gate if previous else None
    )
    needs_override = bool(phase) and phase_rules.start_needs_override(
        kind, previous_gate.outcome if previous_gate else None
    )
    decisions = _decisions_with_open_tasks(phase)
    current_gate = phase.gate if phase else None
    context = _context(
        programme,
        kind=kind, stage_label=STAGES[kind], phase=phase,
        stages=[(k, STAGES[k]) for k in phase_rules.STAGE_ORDER],
        tasks=selectors.tasks_of(programme, kind),
        needs_override=needs_override, previous_label=STAGES.get(previous, ""),
        start_form=start_form or StartPhaseForm(),
        gate_form=gate_form or GateForm(initial={"decided_on": timezone.localdate()},
                                        documents=gate_documents(programme, kind)),
        plan_form=plan_form or PhasePlanForm(initial={
            key: getattr(phase, key) for key in services.PHASE_PLAN_FIELDS
        } if phase else None),
        decisions=decisions,
        current_gate=current_gate,
        open_at_gate=open_at_gate(programme, kind),
        confirm_open_tasks=open_tasks or [],
        confirm_open_task_ids=",".join(str(t.pk) for t in open_tasks or []),
        gate_final_because=next_started_label(phase),
        today=timezone.localdate(),
    )
    return render(request, "programmes/phase.html", context, status=status)


@programme_view(write=True)
@require_POST
def phase_start(request, programme, kind):
    form = StartPhaseForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.start_phase(
                user=request.user, programme=programme, kind=kind,
                override_reason=form.cleaned_data["override_reason"],
            )
        except ValidationError as exc:
            if "kind" in getattr(exc, "message_dict", {}):
                raise Http404 from exc
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error("override_reason", exc.message)
            status = 409
        else:
            messages.success(request, _("%(phase)s er startet.") % {"phase": STAGES[kind]})
            return to_phase(programme, kind)
    return render_phase(request, programme, kind, start_form=form, status=status)


def _started_phase_or_redirect(request, programme, kind):
    phase = phase_or_404(programme, kind)
    if phase.status == phase.Status.NOT_STARTED:
        messages.info(request, _("%(phase)s er ikke startet.") % {"phase": STAGES[kind]})
        return phase, to_phase(programme, kind)
    return phase, None


def _undo_start_refusal(phase) -> str:
    """Why the start cannot be taken back, or "" when it can."""
    if phase.gate is not None:
        return _("%(phase)s har et vedtak. Trekk tilbake vedtaket før du angrer "
                 "oppstarten.") % {"phase": phase.get_kind_display()}
    following = next_started_label(phase)
    if following:
        return _("Oppstarten kan ikke angres fordi %(next)s er startet.") % {
            "next": following}
    return ""


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def phase_start_edit(request, programme, kind):
    """Correct the date the phase started, with a reason."""
    phase, away = _started_phase_or_redirect(request, programme, kind)
    if away:
        return away
    form = PhaseStartCorrectionForm(request.POST or None,
                                    initial={"started_on": phase.actual_start})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.correct_phase_start(
                    user=request.user, programme=programme, kind=kind,
                    started_on=form.cleaned_data["started_on"],
                    reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Startdatoen er rettet."))
                return to_phase(programme, kind)
    return render(request, "programmes/phase_start_form.html", _context(
        programme, form=form, phase=phase, kind=kind, stage_label=STAGES[kind],
        undo_refused=_undo_start_refusal(phase),
    ), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def phase_start_undo(request, programme, kind):
    """Confirmation page: take back a start made by mistake, with a reason."""
    phase, away = _started_phase_or_redirect(request, programme, kind)
    if away:
        return away
    form = UndoStartForm(request.POST or None)
    refused = _undo_start_refusal(phase)
    status = 409 if refused else 200
    if request.method == "POST" and not refused:
        status = 400
        if form.is_valid():
            try:
                services.undo_phase_start(user=request.user, programme=programme, kind=kind,
                                          reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Oppstarten av %(phase)s er angret. Fasen står "
                                            "som ikke startet.") % {
                    "phase": str(STAGES[kind]).lower()})
                return to_phase(programme, kind)
    return render(request, "programmes/phase_start_undo.html", _context(
        programme, form=form, phase=phase, kind=kind, stage_label=STAGES[kind],
        refused=refused,
    ), status=status)


@programme_view(write=True)
@require_POST
def phase_plan(request, programme, kind):
    form = PhasePlanForm(request.POST)
    if form.is_valid():
        try:
            services.plan_phase(user=request.user, programme=programme, kind=kind,
                                **form.cleaned_data)
        except ValidationError as exc:
            if "kind" in getattr(exc, "message_dict", {}):
                raise Http404 from exc
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Planlagte datoer er lagret."))
            return to_phase(programme, kind)
    return render_phase(request, programme, kind, plan_form=form, status=400)
