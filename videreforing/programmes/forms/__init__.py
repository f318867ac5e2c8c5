"""Page forms. Each value's bounds come from lib/bounds.py (the same as the model and
the API); each form's cross-field rules come from the service, so that one post shows
every error at once, each at its field.

One module per concept, as the services: `programmes`, `phases`, `gates`, `tasks`,
`people` (members) and `stakeholders`; `_base` holds `BoundedForm` and the shared
date and days fields."""

from ._base import BoundedForm
from .gates import GateCorrectionForm, GateForm, GateWithdrawForm
from .people import MemberForm, MemberRoleForm
from .phases import PhasePlanForm, PhaseStartCorrectionForm, StartPhaseForm, UndoStartForm
from .programmes import ProgrammeForm, municipality_choices
from .stakeholders import StakeholderForm
from .tasks import TaskForm

__all__ = [
    "BoundedForm",
    "GateCorrectionForm",
    "GateForm",
    "GateWithdrawForm",
    "MemberForm",
    "MemberRoleForm",
    "PhasePlanForm",
    "PhaseStartCorrectionForm",
    "ProgrammeForm",
    "StakeholderForm",
    "StartPhaseForm",
    "TaskForm",
    "UndoStartForm",
    "municipality_choices",
]
