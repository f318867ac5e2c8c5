"""What every programme page shares: the access decorator, the page context, and the
confirmation page and redirects that several pages repeat.

The other apps' pages (planning, procurement, options, attachments, advisers) import
`programme_view` and `_context` from `videreforing.programmes.views`."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from videreforing.accounts.models import Membership
from videreforing.rules import phases as phase_rules

from .. import selectors, services
from ..access import get_programme_for
from ..models import Task

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


def confirm_page(request, programme, *, title, question, confirm_label, cancel_url,
                 warning=""):
    """The confirmation page every removal shows before its POST."""
    return render(request, "programmes/confirm.html", _context(
        programme, title=title, question=question, warning=warning,
        confirm_label=confirm_label, cancel_url=cancel_url,
    ))


def to_phase(programme, kind):
    """Back to the phase page, where every phase and gate action starts."""
    return redirect("programmes:phase", pk=programme.pk, kind=kind)


def saved_programme(request, programme, message):
    """Say the programme is saved, with its warnings, and show its page."""
    messages.success(request, message)
    for warning in selectors.programme_warnings(programme):
        messages.warning(request, warning["message"])
    return redirect("programmes:detail", pk=programme.pk)


def stage_or_404(kind: str) -> str:
    if kind not in phase_rules.STAGE_ORDER:
        raise Http404
    return kind


def phase_or_404(programme, kind):
    """The phase of this kind; 404 for an unknown kind or a stage that is no phase."""
    kind = stage_or_404(kind)
    if kind not in phase_rules.PHASE_ORDER:
        raise Http404
    return programme.continuation.phases.get(kind=kind)


def next_started_label(phase) -> str:
    """The name of the next phase if it has started (the gate is then final)."""
    following = services.next_phase_started(phase) if phase else None
    return str(following.get_kind_display()).lower() if following else ""


def open_at_gate(programme, kind) -> set[int]:
    """Ids of the tasks that were open when the phase's current gate was decided."""
    phase = programme.continuation.phases.filter(kind=kind).first()
    gate = phase.gate if phase else None
    return {item["id"] for item in (gate.open_tasks_at_decision or [])} if gate else set()


def members_of(programme):
    return list(Membership.objects.filter(programme=programme).select_related("user")
                .order_by("user__first_name", "user__email"))

