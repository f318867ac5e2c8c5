"""Every write to programmes, phases, gates, tasks and stakeholders.

Each service takes keyword-only arguments, runs in one transaction, checks the
current state before it changes anything, raises ValidationError (bad input, with
the field) or DomainError (refused by the state), and writes one audit entry.

Every value about to be stored goes through `check_values` (lib/bounds.py): dates
1990–2100, days 0–3650, text lengths and no control characters, the same for the
pages and the API. All errors of one call are raised together, each at its field.

One module per concept: `programmes` (a programme and its continuation from the task
template), `phases` (start, corrections, plan), `gates` (gate decisions), `tasks`
(tasks, dependencies, estimates) and `stakeholders`; `_common` holds the shared
helpers. Callers import from here (`services.create_task`) or from the module."""

from ._common import clean_reason
from .gates import (
    GATE_FIELDS,
    correct_gate_decision,
    gate_snapshot,
    open_tasks_of_phase,
    record_gate_decision,
    withdraw_gate_decision,
)
from .phases import (
    PHASE_PLAN_FIELDS,
    clean_phase_plan,
    correct_phase_start,
    next_phase_started,
    plan_phase,
    start_phase,
    undo_phase_start,
)
from .programmes import create_programme, update_programme
from .stakeholders import (
    STAKEHOLDER_FIELDS,
    clean_stakeholder,
    create_stakeholder,
    remove_stakeholder,
    update_stakeholder,
)
from .tasks import (
    ESTIMATE_FIELDS,
    TASK_FIELDS,
    clean_estimate,
    complete_tasks_for_event,
    create_task,
    remove_task,
    update_task,
)

__all__ = [
    "ESTIMATE_FIELDS",
    "GATE_FIELDS",
    "PHASE_PLAN_FIELDS",
    "STAKEHOLDER_FIELDS",
    "TASK_FIELDS",
    "clean_estimate",
    "clean_phase_plan",
    "clean_reason",
    "clean_stakeholder",
    "complete_tasks_for_event",
    "correct_gate_decision",
    "correct_phase_start",
    "create_programme",
    "create_stakeholder",
    "create_task",
    "gate_snapshot",
    "next_phase_started",
    "open_tasks_of_phase",
    "plan_phase",
    "record_gate_decision",
    "remove_stakeholder",
    "remove_task",
    "start_phase",
    "undo_phase_start",
    "update_programme",
    "update_stakeholder",
    "update_task",
    "withdraw_gate_decision",
]
