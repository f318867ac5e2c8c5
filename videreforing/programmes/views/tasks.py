"""The task pages: add, edit, tick off (also in place with htmx) and remove a task."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from videreforing.lib.errors import StaleVersion
from videreforing.lib.forms import add_service_errors
from videreforing.rules import phases as phase_rules

from .. import services
from ..access import get_task_for
from ..forms import TaskForm
from ..models import Task
from ._common import (
    STAGES,
    _context,
    confirm_page,
    members_of,
    open_at_gate,
    programme_view,
    to_phase,
)


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
    form = TaskForm(request.POST or None, members=members_of(programme),
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
            return to_phase(programme, task.phase)
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
    form = TaskForm(request.POST or None, members=members_of(programme),
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
            return to_phase(programme, task.phase)
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
                                   open_at_gate=open_at_gate(programme, task.phase)))
        patch_vary_headers(response, ("HX-Request",))
        return response
    if error:
        messages.error(request, error)
    return to_phase(programme, task.phase)


@programme_view(write=True)
@require_http_methods(["GET", "POST"])
def task_remove(request, programme, task_id):
    task = _task_or_404(request, programme, task_id, write=True)
    if request.method == "POST":
        services.remove_task(user=request.user, task=task)
        messages.success(request, _("Oppgaven «%(title)s» er fjernet.") % {"title": task.title})
        return to_phase(programme, task.phase)
    return confirm_page(
        request, programme,
        title=_("Fjerne oppgaven?"),
        question=_("Vil du fjerne oppgaven «%(title)s»? Den forsvinner fra listen, men "
                   "fjerningen står i historikken.") % {"title": task.title},
        confirm_label=_("Fjern oppgaven"),
        cancel_url=reverse("programmes:phase", args=[programme.pk, task.phase]),
    )
