"""How the programme entries read in the history (registered from
ProgrammesConfig.ready(); see videreforing/audit/registry.py)."""

from django.utils.translation import gettext_lazy as _

from videreforing.audit.describe import stored_value
from videreforing.audit.registry import choice_label, register

from .models import DecidingBody, Phase, Task

MESSAGES = {
    "programmes.programme.created": _("opprettet omstillingsprogrammet «{name}»"),
    "programmes.programme.updated": _("endret omstillingsprogrammet: {fields}"),
    "programmes.phase.started": _("startet {phase}"),
    "programmes.phase.started_with_override": _(
        "startet {phase} før forrige beslutningspunkt var godkjent. Begrunnelse: {reason}"
    ),
    "programmes.phase.planned": _("endret planlagte datoer for {phase}: {fields}"),
    "programmes.phase.start_corrected": _(
        "rettet startdatoen for {phase}: {fields}. Begrunnelse: {reason}"
    ),
    "programmes.phase.start_undone": _(
        "angret oppstarten av {phase}. Begrunnelse: {reason}"
    ),
    "programmes.gate.approved": _("registrerte vedtak for {phase}: godkjent ({body}, {date})"),
    "programmes.gate.rework": _(
        "registrerte vedtak for {phase}: må bearbeides ({body}, {date})"
    ),
    "programmes.gate.stopped": _("registrerte vedtak for {phase}: stoppet ({body}, {date})"),
    "programmes.gate.corrected": _(
        "rettet vedtaket for {phase}: {fields}. Begrunnelse: {reason}"
    ),
    "programmes.gate.withdrawn": _(
        "trakk tilbake vedtaket for {phase} ({body}, {date}); fasen pågår. "
        "Begrunnelse: {reason}"
    ),
    "programmes.bounds.clamped": _(
        "verdien i feltet «{label}» var utenfor det tillatte området og ble endret fra "
        "{before} til {after}"
    ),
    "programmes.task.created": _("la til oppgaven «{title}»"),
    "programmes.task.updated": _("endret oppgaven «{title}»: {fields}"),
    "programmes.task.completed": _("krysset av oppgaven «{title}» som utført"),
    "programmes.task.reopened": _("åpnet oppgaven «{title}» igjen"),
    "programmes.task.completed_by_tender_announced": _(
        "krysset av oppgaven «{title}» som utført: konkurransen «{source}» er lyst ut"
    ),
    "programmes.task.completed_by_tender_awarded": _(
        "krysset av oppgaven «{title}» som utført: konkurransen «{source}» er tildelt"
    ),
    "programmes.task.removed": _("fjernet oppgaven «{title}»"),
    "programmes.stakeholder.created": _("la til interessenten «{name}»"),
    "programmes.stakeholder.updated": _("endret interessenten «{name}»: {fields}"),
    "programmes.stakeholder.removed": _("fjernet interessenten «{name}»"),
}

# The model whose fields an action's before/after keys name, by the action's prefix.
MODELS = {
    "programmes.programme": "programmes.Programme",
    "programmes.phase": "programmes.Phase",
    "programmes.gate": "programmes.GateDecision",
    "programmes.task": "programmes.Task",
    "programmes.stakeholder": "programmes.Stakeholder",
}

# Keys in the data that are not model fields (or whose field has no Norwegian name).
LABELS = {
    "depends_on": _("avhengigheter"),
    "phase_status": _("fasens status"),
    "phase_actual_end": _("fasens faktiske slutt"),
    "withdrawn": _("trukket tilbake"),
}


def register_texts() -> None:
    register(
        "programmes", messages=MESSAGES, models=MODELS, labels=LABELS,
        codes={
            # A phase is named inside a sentence ("startet forstudium").
            "phase": choice_label(Phase.Kind.choices, Task.Stage.choices, lower=True),
            "body": choice_label(DecidingBody.choices),
        },
        # One stored value brought into bounds: its field, before and after.
        formatters={"programmes.bounds.clamped": stored_value},
    )
