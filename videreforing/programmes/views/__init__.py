"""Pages. Thin: parse the form, call a service or selector, message, redirect.
Every view reaches its programme through the access helper.

One module per concept, as the services and forms: `programmes` (list, create, edit,
the programme page, history), `phases` (the phase page, start, start corrections,
plan), `gates` (record, correct, withdraw a decision), `tasks`, `people` (members) and
`stakeholders`; `_common` holds `programme_view`, `_context` and the shared confirmation
page and redirects. The other apps import `programme_view` and `_context` from here."""

from ._common import STAGES, _context, programme_view
from .gates import gate_edit, gate_record, gate_withdraw
from .people import member_edit, member_remove, people
from .phases import phase_detail, phase_plan, phase_start, phase_start_edit, phase_start_undo
from .programmes import history, programme_create, programme_detail, programme_edit, programme_list
from .stakeholders import stakeholder_edit, stakeholder_remove, stakeholders
from .tasks import task_create, task_edit, task_remove, task_toggle

__all__ = [
    "STAGES",
    "_context",
    "gate_edit",
    "gate_record",
    "gate_withdraw",
    "history",
    "member_edit",
    "member_remove",
    "people",
    "phase_detail",
    "phase_plan",
    "phase_start",
    "phase_start_edit",
    "phase_start_undo",
    "programme_create",
    "programme_detail",
    "programme_edit",
    "programme_list",
    "programme_view",
    "stakeholder_edit",
    "stakeholder_remove",
    "stakeholders",
    "task_create",
    "task_edit",
    "task_remove",
    "task_toggle",
]
