"""The gate decisions of a phase: record one (from the phase page), correct it or take
it back. Each goes back to the phase page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.forms import add_service_errors

from .. import services
from ..forms import GateCorrectionForm, GateForm, GateWithdrawForm
from ..models import GateDecision, Phase
from ._common import STAGES, _context, next_started_label, phase_or_404, programme_view, to_phase
from .phases import gate_documents, render_phase


def _current_gate_or_redirect(request, programme, kind):
    """The phase and its current decision, or a redirect to the phase page saying why."""
    phase = phase_or_404(programme, kind)
    gate = phase.gate
    if gate is None:
        messages.info(request, _("Det er ikke registrert noe vedtak for %(phase)s.") % {
            "phase": str(STAGES[kind]).lower()})
        return phase, None, to_phase(programme, kind)
    return phase, gate, None


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def gate_edit(request, programme, kind):
    """Correct the current gate decision, with a reason (versioned, logged)."""
    phase, gate, away = _current_gate_or_redirect(request, programme, kind)
    if away:
        return away
    initial = {**services.gate_snapshot(gate), "version": gate.version}
    form = GateCorrectionForm(request.POST or None, initial=initial)
    current, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.correct_gate_decision(
                    user=request.user, programme=programme, kind=kind,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"], **form.changes())
            except ValidationError as exc:
                add_service_errors(form, exc)
            except StaleVersion as exc:
                form.add_error(None, exc.message)
                current, status = exc.current, 409
            except DomainError as exc:
                form.add_error("outcome" if exc.code == "next_phase_started" else None,
                               exc.message)
                status = 409
            else:
                messages.success(request, _("Vedtaket er rettet. Endringen og begrunnelsen "
                                            "står i historikken."))
                return to_phase(programme, kind)
    return render(request, "programmes/gate_form.html", _context(
        programme, form=form, phase=phase, gate=gate, current=current, kind=kind,
        stage_label=STAGES[kind], gate_final_because=next_started_label(phase),
    ), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def gate_withdraw(request, programme, kind):
    """Confirmation page asking for the reason; the phase reopens when withdrawn."""
    phase, gate, away = _current_gate_or_redirect(request, programme, kind)
    if away:
        return away
    form = GateWithdrawForm(request.POST or None, initial={"version": gate.version})
    refused = next_started_label(phase)
    # A "må bearbeides" decision left the phase in progress: withdrawing it reopens
    # nothing, and the messages must not say it does.
    reopens = phase.status != phase.Status.IN_PROGRESS
    status = 409 if refused else 200
    if request.method == "POST" and not refused:
        status = 400
        if form.is_valid():
            try:
                services.withdraw_gate_decision(
                    user=request.user, programme=programme, kind=kind,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            except DomainError as exc:  # a stale version or the next phase just started
                form.add_error(None, exc.message)
                status = 409
            else:
                if reopens:
                    message = _("Vedtaket er trukket tilbake. %(phase)s er åpnet igjen og "
                                "står som pågående.")
                else:
                    message = _("Vedtaket er trukket tilbake. %(phase)s pågår fortsatt.")
                messages.success(request, message % {"phase": STAGES[kind]})
                return to_phase(programme, kind)
    return render(request, "programmes/gate_withdraw.html", _context(
        programme, form=form, phase=phase, gate=gate, kind=kind, stage_label=STAGES[kind],
        refused=refused, reopens=reopens,
    ), status=status)


@programme_view(write=True)
@require_POST
def gate_record(request, programme, kind):
    form = GateForm(request.POST, documents=gate_documents(programme, kind))
    status = 400
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "document"}
        # Issue 9, point 4: an approval with open tasks is recorded only once the user
        # has confirmed it for exactly these tasks; until then nothing is stored and the
        # form comes back with every typed value and the open tasks listed.
        in_progress = programme.continuation.phases.filter(
            kind=kind, status=Phase.Status.IN_PROGRESS).exists()
        open_tasks = (services.open_tasks_of_phase(programme, kind)
                      if data["outcome"] == GateDecision.Outcome.APPROVED and in_progress
                      else [])
        seen = request.POST.get("open_tasks_seen", "")
        if open_tasks and not (request.POST.get("confirm_open_tasks")
                               and seen == ",".join(str(t.pk) for t in open_tasks)):
            return render_phase(request, programme, kind, gate_form=form,
                                open_tasks=open_tasks)
        try:
            services.record_gate_decision(user=request.user, programme=programme, kind=kind,
                                          document=form.cleaned_document(), **data)
        except ValidationError as exc:
            if "kind" in getattr(exc, "message_dict", {}):
                raise Http404 from exc
            add_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Vedtaket er registrert."))
            if open_tasks:
                messages.info(request, ngettext(
                    "%(count)s oppgave var ikke utført ved vedtaket. Den står på vedtaket "
                    "og kan fortsatt krysses av.",
                    "%(count)s oppgaver var ikke utført ved vedtaket. De står på vedtaket "
                    "og kan fortsatt krysses av.", len(open_tasks)) % {"count": len(open_tasks)})
            return to_phase(programme, kind)
    return render_phase(request, programme, kind, gate_form=form, status=status)
