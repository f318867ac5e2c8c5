"""Pages. Thin: parse the form, call a service or selector, message, redirect.
Every view reaches its programme through the access helper."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.accounts import services as member_services
from videreforing.accounts.models import Membership, User
from videreforing.audit.describe import describe
from videreforing.lib.errors import DomainError, StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.planning.forecasts import forecasts_for, plan_for_page
from videreforing.rules import phases as phase_rules

from . import selectors, services
from .access import access_level, get_programme_for, get_stakeholder_for, get_task_for
from .forms import (
    GateCorrectionForm,
    GateForm,
    GateWithdrawForm,
    MemberForm,
    MemberRoleForm,
    PhasePlanForm,
    PhaseStartCorrectionForm,
    ProgrammeForm,
    StakeholderForm,
    StartPhaseForm,
    TaskForm,
    UndoStartForm,
)
from .models import GateDecision, Phase, Task

STAGES = dict(Task.Stage.choices)


def programme_view(*, write: bool = False, post_is_write: bool = True):
    """Resolve the programme through the access helper; writes need an editing role.

    POST counts as a write (unless the view checks its own write permission, as the
    advisers' suggestions do); `write=True` also guards GET of form pages."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            programme = get_programme_for(
                request.user, pk, write=write or (post_is_write and request.method == "POST")
            )
            return view(request, programme, *args, **kwargs)

        return wrapper

    return decorator


def _context(programme, **extra):
    return {"programme": programme, "continuation_status": selectors.continuation_status(
        programme), **extra}


# ---------------------------------------------------------------- programmes


@login_required
def programme_list(request):
    programmes = list(selectors.programme_list_for(request.user))
    today = timezone.localdate()
    # Stored figures, one query for the list (issue 10): never a schedule per row.
    forecasts = forecasts_for(programmes)
    rows = []
    for programme in programmes:
        status = selectors.continuation_status(programme, today)
        rows.append({
            "programme": programme,
            "status": status,
            "status_label": selectors.status_label(status),
            "status_color": selectors.STATUS_COLORS[status],
            "days_to_latest_start": (programme.latest_start - today).days,
            "forecast": forecasts[programme.pk] if status != "completed" else None,
            "completed": status == "completed",
        })
    my_tasks = selectors.open_tasks_for(request.user, programmes)[:20]
    return render(request, "programmes/list.html", {"rows": rows, "my_tasks": my_tasks,
                                                     "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.create_programme(
                user=request.user, name=data["name"],
                municipality_numbers=data["municipalities"],
                period_start=data["period_start"], period_end=data["period_end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Programmet er registrert."))
            for warning in selectors.programme_warnings(programme):
                messages.warning(request, warning["message"])
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/form.html", {"form": form, "creating": True})


@programme_view()
def programme_detail(request, programme):
    today = timezone.localdate()
    # Phases and gates read once for the status, the time bar, the table and the plan.
    programme = selectors.with_phases(programme)
    status = selectors.continuation_status(programme, today)
    entries = programme.audit_entries.select_related("actor")[:8]
    return render(request, "programmes/detail.html", _context(
        programme,
        today=today,
        status=status,
        status_label=selectors.status_label(status),
        status_color=selectors.STATUS_COLORS[status],
        days_to_latest_start=(programme.latest_start - today).days,
        days_past_latest_start=(today - programme.latest_start).days,
        days_to_deadline=(programme.operative_deadline - today).days,
        warnings=selectors.programme_warnings(programme),
        steps=selectors.next_steps(programme, today),
        phases=selectors.phases_of(programme),
        bar=selectors.time_bar(programme, today),
        history=[(e, describe(e)) for e in entries],
        plan=plan_for_page(programme, today=today),
    ))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def programme_edit(request, programme):
    initial = {
        "name": programme.name,
        "municipalities": [m.number for m in programme.municipalities.all()],
        "period_start": programme.period_start, "period_end": programme.period_end,
        "version": programme.version,
    }
    form = ProgrammeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.update_programme(
                user=request.user, programme=programme, expected_version=data["version"],
                name=data["name"], municipality_numbers=data["municipalities"],
                period_start=data["period_start"], period_end=data["period_end"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Endringene er lagret."))
            for warning in selectors.programme_warnings(programme):
                messages.warning(request, warning["message"])
            return redirect("programmes:detail", pk=programme.pk)
    return render(request, "programmes/form.html", _context(programme, form=form),
                  status=status)


# ---------------------------------------------------------------- phases and gates


def _stage_or_404(kind: str) -> str:
    if kind not in phase_rules.STAGE_ORDER:
        raise Http404
    return kind


@programme_view()
def phase_detail(request, programme, kind):
    return _render_phase(request, programme, kind)


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


def _open_at_gate(programme, kind) -> set[int]:
    """Ids of the tasks that were open when the phase's current gate was decided."""
    phase = programme.continuation.phases.filter(kind=kind).first()
    gate = phase.gate if phase else None
    return {item["id"] for item in (gate.open_tasks_at_decision or [])} if gate else set()


def _render_phase(request, programme, kind, *, start_form=None, gate_form=None, plan_form=None,
                  status=200, open_tasks=None):
    kind = _stage_or_404(kind)
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
                                        documents=_documents(programme, kind)),
        plan_form=plan_form or PhasePlanForm(initial={
            key: getattr(phase, key) for key in services.PHASE_PLAN_FIELDS
        } if phase else None),
        decisions=decisions,
        current_gate=current_gate,
        open_at_gate=_open_at_gate(programme, kind),
        confirm_open_tasks=open_tasks or [],
        confirm_open_task_ids=",".join(str(t.pk) for t in open_tasks or []),
        gate_final_because=_next_started_label(phase),
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
            return redirect("programmes:phase", pk=programme.pk, kind=kind)
    return _render_phase(request, programme, kind, start_form=form, status=status)


def _started_phase_or_redirect(request, programme, kind):
    kind = _stage_or_404(kind)
    if kind not in phase_rules.PHASE_ORDER:
        raise Http404
    phase = programme.continuation.phases.get(kind=kind)
    if phase.status == phase.Status.NOT_STARTED:
        messages.info(request, _("%(phase)s er ikke startet.") % {"phase": STAGES[kind]})
        return phase, redirect("programmes:phase", pk=programme.pk, kind=kind)
    return phase, None


def _undo_start_refusal(phase) -> str:
    """Why the start cannot be taken back, or "" when it can."""
    if phase.gate is not None:
        return _("%(phase)s har et vedtak. Trekk tilbake vedtaket før du angrer "
                 "oppstarten.") % {"phase": phase.get_kind_display()}
    following = _next_started_label(phase)
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
                return redirect("programmes:phase", pk=programme.pk, kind=kind)
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
                return redirect("programmes:phase", pk=programme.pk, kind=kind)
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
            return redirect("programmes:phase", pk=programme.pk, kind=kind)
    return _render_phase(request, programme, kind, plan_form=form, status=400)


def _next_started_label(phase) -> str:
    """The name of the next phase if it has started (the gate is then final)."""
    following = services.next_phase_started(phase) if phase else None
    return str(following.get_kind_display()).lower() if following else ""


def _current_gate_or_redirect(request, programme, kind):
    """The phase and its current decision, or a redirect to the phase page saying why."""
    kind = _stage_or_404(kind)
    if kind not in phase_rules.PHASE_ORDER:
        raise Http404
    phase = programme.continuation.phases.get(kind=kind)
    gate = phase.gate
    if gate is None:
        messages.info(request, _("Det er ikke registrert noe vedtak for %(phase)s.") % {
            "phase": str(STAGES[kind]).lower()})
        return phase, None, redirect("programmes:phase", pk=programme.pk, kind=kind)
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
                return redirect("programmes:phase", pk=programme.pk, kind=kind)
    return render(request, "programmes/gate_form.html", _context(
        programme, form=form, phase=phase, gate=gate, current=current, kind=kind,
        stage_label=STAGES[kind], gate_final_because=_next_started_label(phase),
    ), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def gate_withdraw(request, programme, kind):
    """Confirmation page asking for the reason; the phase reopens when withdrawn."""
    phase, gate, away = _current_gate_or_redirect(request, programme, kind)
    if away:
        return away
    form = GateWithdrawForm(request.POST or None, initial={"version": gate.version})
    refused = _next_started_label(phase)
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
                return redirect("programmes:phase", pk=programme.pk, kind=kind)
    return render(request, "programmes/gate_withdraw.html", _context(
        programme, form=form, phase=phase, gate=gate, kind=kind, stage_label=STAGES[kind],
        refused=refused, reopens=reopens,
    ), status=status)


def _documents(programme, kind):
    """Report versions a gate can refer to (the pre-study report for the pre-study)."""
    if kind != phase_rules.PRE_STUDY:
        return []
    return list(programme.documents.filter(kind="pre_study_report").order_by("-created_at"))


@programme_view(write=True)
@require_POST
def gate_record(request, programme, kind):
    form = GateForm(request.POST, documents=_documents(programme, kind))
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
            return _render_phase(request, programme, kind, gate_form=form,
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
            return redirect("programmes:phase", pk=programme.pk, kind=kind)
    return _render_phase(request, programme, kind, gate_form=form, status=status)


# ---------------------------------------------------------------- tasks


def _members(programme):
    return list(Membership.objects.filter(programme=programme).select_related("user")
                .order_by("user__first_name", "user__email"))


def _task_or_404(request, programme, task_id, *, write=False) -> Task:
    task = get_task_for(request.user, task_id, write=write)
    if task.continuation.programme_id != programme.pk:
        raise Http404
    return task


def _other_tasks(programme, exclude=None):
    qs = programme.continuation.tasks.filter(removed_at__isnull=True).order_by("order", "pk")
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return list(qs)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def task_create(request, programme):
    phase = request.GET.get("phase", phase_rules.INITIATION)
    form = TaskForm(request.POST or None, members=_members(programme),
                    tasks=_other_tasks(programme),
                    initial={"phase": phase if phase in STAGES else phase_rules.INITIATION})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.create_task(
                user=request.user, programme=programme, phase=data["phase"],
                title=data["title"], description=data["description"],
                responsible_role=data["responsible_role"], assignee=form.cleaned_assignee(),
                due_date=data["due_date"], done=data["done"],
                depends_on=form.cleaned_dependencies(), **form.estimate_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Oppgaven er lagt til."))
            return redirect("programmes:phase", pk=programme.pk, kind=task.phase)
    return render(request, "programmes/task_form.html", _context(programme, form=form))


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def task_edit(request, programme, task_id):
    task = _task_or_404(request, programme, task_id, write=True)
    initial = {
        "phase": task.phase, "title": task.title, "description": task.description,
        "responsible_role": task.responsible_role,
        "assignee": str(task.assignee_id) if task.assignee_id else "",
        "due_date": task.due_date, "done": task.done, "version": task.version,
        "started_on": task.started_on, "duration_days": task.duration_days,
        "optimistic_days": task.optimistic_days, "likely_days": task.likely_days,
        "pessimistic_days": task.pessimistic_days,
        "depends_on": [str(d.predecessor_id) for d in task.dependencies.all()],
        "lag_days": max([d.lag_days for d in task.dependencies.all()], default=0),
    }
    form = TaskForm(request.POST or None, members=_members(programme),
                    tasks=_other_tasks(programme, exclude=task), initial=initial,
                    current_assignee=task.assignee)
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.update_task(
                user=request.user, task=task, expected_version=data["version"],
                phase=data["phase"], title=data["title"], description=data["description"],
                responsible_role=data["responsible_role"], assignee=form.cleaned_assignee(),
                due_date=data["due_date"], done=data["done"],
                depends_on=form.cleaned_dependencies(), **form.estimate_values(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            current = exc.current
        else:
            messages.success(request, _("Oppgaven er lagret."))
            return redirect("programmes:phase", pk=programme.pk, kind=task.phase)
    return render(request, "programmes/task_form.html",
                  _context(programme, form=form, task=task, current=current),
                  status=409 if current else 200)


@programme_view(write=True)
@require_POST
def task_toggle(request, programme, task_id):
    task = _task_or_404(request, programme, task_id, write=True)
    error = None
    try:
        task = services.update_task(
            user=request.user, task=task, expected_version=request.POST.get("version"),
            done=request.POST.get("done") == "on",
        )
    except StaleVersion as exc:
        task = exc.current
        error = exc.message
    except ValidationError:
        error = _("Oppgaven kunne ikke oppdateres. Last siden på nytt.")
    if request.htmx:
        response = render(request, "programmes/phase.html#task-row",
                          _context(programme, task=task, error=error,
                                   open_at_gate=_open_at_gate(programme, task.phase)))
        patch_vary_headers(response, ("HX-Request",))
        return response
    if error:
        messages.error(request, error)
    return redirect("programmes:phase", pk=programme.pk, kind=task.phase)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def task_remove(request, programme, task_id):
    task = _task_or_404(request, programme, task_id, write=True)
    if request.method == "POST":
        services.remove_task(user=request.user, task=task)
        messages.success(request, _("Oppgaven «%(title)s» er fjernet.") % {"title": task.title})
        return redirect("programmes:phase", pk=programme.pk, kind=task.phase)
    return render(request, "programmes/confirm.html", _context(
        programme,
        title=_("Fjerne oppgaven?"),
        question=_("Vil du fjerne oppgaven «%(title)s»? Den forsvinner fra listen, men "
                   "fjerningen står i historikken.") % {"title": task.title},
        confirm_label=_("Fjern oppgaven"),
        cancel_url=reverse("programmes:phase", args=[programme.pk, task.phase]),
    ))


# ---------------------------------------------------------------- people


@programme_view()
@require_http_methods(["GET", "POST"])
def people(request, programme):
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = member_services.add_member(
                user=request.user, programme=programme, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(email)s er lagt til som %(role)s.") % {
                "email": membership.user.email,
                "role": str(membership.get_role_display()).lower()})
            return redirect("programmes:people", pk=programme.pk)
    members = _members(programme)
    advisers = (
        User.objects.filter(
            adviser_assignments__county__municipalities__programmes=programme
        ).distinct().order_by("email")
    )
    return render(request, "programmes/people.html", _context(
        programme, form=form, members=[(m, MemberRoleForm(initial={"role": m.role},
                                                          prefix=f"m{m.pk}"))
                                       for m in members],
        advisers=advisers,
    ), status=400 if form.errors else 200)


def _membership_or_404(programme, member_id) -> Membership:
    try:
        return Membership.objects.select_related("user").get(pk=int(member_id),
                                                             programme=programme)
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@programme_view(write=True)
@require_POST
def member_edit(request, programme, member_id):
    membership = _membership_or_404(programme, member_id)
    form = MemberRoleForm(request.POST, prefix=f"m{membership.pk}")
    if form.is_valid():
        try:
            member_services.change_member_role(user=request.user, membership=membership,
                                               role=form.cleaned_data["role"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Rollen er endret."))
    else:
        messages.error(request, _("Velg en rolle fra listen."))
    return redirect("programmes:people", pk=programme.pk)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def member_remove(request, programme, member_id):
    membership = _membership_or_404(programme, member_id)
    yourself = membership.user_id == request.user.pk
    if request.method == "POST":
        try:
            member_services.remove_member(user=request.user, membership=membership)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            if yourself and access_level(request.user, programme) is None:
                # The people page is now closed to you (404): go to your own list.
                messages.success(request, _("Du er fjernet fra programmet «%(name)s» og har "
                                            "ikke lenger tilgang til det.") % {
                    "name": programme.name})
                return redirect("programmes:list")
            messages.success(request, _("%(email)s er fjernet fra programmet.") % {
                "email": membership.user.email})
        return redirect("programmes:people", pk=programme.pk)
    if yourself:
        question = _("Vil du fjerne deg selv (%(role)s) fra programmet?") % {
            "role": str(membership.get_role_display()).lower()}
        warning = _("Du fjerner deg selv og mister tilgangen til programmet. Bare en som "
                    "kan redigere programmet, kan gi deg tilgang igjen.")
    else:
        question = _("Vil du fjerne %(email)s (%(role)s) fra programmet? Personen mister "
                     "tilgangen.") % {"email": membership.user.email,
                                      "role": str(membership.get_role_display()).lower()}
        warning = ""
    return render(request, "programmes/confirm.html", _context(
        programme,
        title=_("Fjerne deg selv?") if yourself else _("Fjerne personen?"),
        question=question, warning=warning,
        confirm_label=_("Fjern meg fra programmet") if yourself else _("Fjern personen"),
        cancel_url=reverse("programmes:people", args=[programme.pk]),
    ))


# ---------------------------------------------------------------- stakeholders


@programme_view()
@require_http_methods(["GET", "POST"])
def stakeholders(request, programme):
    form = StakeholderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.create_stakeholder(user=request.user, programme=programme, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Interessenten er lagt til."))
            return redirect("programmes:stakeholders", pk=programme.pk)
    items = programme.stakeholders.filter(removed_at__isnull=True).order_by("name")
    return render(request, "programmes/stakeholders.html",
                  _context(programme, form=form, stakeholders=items),
                  status=400 if form.errors else 200)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request, programme, stakeholder_id):
    stakeholder = get_stakeholder_for(request.user, programme, stakeholder_id)
    initial = {f: getattr(stakeholder, f) for f in services.STAKEHOLDER_FIELDS}
    initial["version"] = stakeholder.version
    form = StakeholderForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.update_stakeholder(user=request.user, stakeholder=stakeholder,
                                        expected_version=version, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersion as exc:
            form.add_error(None, exc.message)
            status = 409
        else:
            messages.success(request, _("Interessenten er lagret."))
            return redirect("programmes:stakeholders", pk=programme.pk)
    return render(request, "programmes/stakeholder_form.html",
                  _context(programme, form=form, stakeholder=stakeholder), status=status)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def stakeholder_remove(request, programme, stakeholder_id):
    stakeholder = get_stakeholder_for(request.user, programme, stakeholder_id)
    if request.method == "POST":
        services.remove_stakeholder(user=request.user, stakeholder=stakeholder)
        messages.success(request, _("Interessenten «%(name)s» er fjernet.") % {
            "name": stakeholder.name})
        return redirect("programmes:stakeholders", pk=programme.pk)
    return render(request, "programmes/confirm.html", _context(
        programme,
        title=_("Fjerne interessenten?"),
        question=_("Vil du fjerne «%(name)s» fra listen over interessenter?") % {
            "name": stakeholder.name},
        confirm_label=_("Fjern interessenten"),
        cancel_url=reverse("programmes:stakeholders", args=[programme.pk]),
    ))


# ---------------------------------------------------------------- history


@programme_view()
def history(request, programme):
    page = Paginator(programme.audit_entries.select_related("actor"), 50).get_page(
        request.GET.get("side")
    )
    return render(request, "programmes/history.html", _context(
        programme, page=page, entries=[(e, describe(e)) for e in page.object_list],
    ))
