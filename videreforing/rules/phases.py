"""Phase order and gate rules (R-PHASES). Pure Python: no Django import."""

PRE_STUDY = "pre_study"
PRE_PROJECT = "pre_project"
MAIN_PROJECT = "main_project"
PHASE_ORDER = (PRE_STUDY, PRE_PROJECT, MAIN_PROJECT)

# The initiation stage holds tasks before the pre-study; it has no start and no gate.
INITIATION = "initiation"
STAGE_ORDER = (INITIATION, *PHASE_ORDER)

APPROVED = "approved"
REWORK = "rework"
STOPPED = "stopped"
OUTCOMES = (APPROVED, REWORK, STOPPED)


def previous_phase(kind: str) -> str | None:
    index = PHASE_ORDER.index(kind)
    return PHASE_ORDER[index - 1] if index > 0 else None


def start_needs_override(kind: str, previous_gate_outcome: str | None) -> bool:
    """A phase starts only after the gate before it is approved (R-PHASES)."""
    if previous_phase(kind) is None:
        return False
    return previous_gate_outcome != APPROVED
