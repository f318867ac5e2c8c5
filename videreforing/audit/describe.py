"""Audit entries in plain Norwegian for the history page."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import AuditEntry


def _messages() -> dict[str, str]:
    return {
        "programmes.programme.created": _("opprettet omstillingsprogrammet «{name}»"),
        "programmes.programme.updated": _("endret omstillingsprogrammet: {fields}"),
        "programmes.phase.started": _("startet {phase}"),
        "programmes.phase.started_with_override": _(
            "startet {phase} før forrige beslutningspunkt var godkjent. Begrunnelse: {reason}"
        ),
        "programmes.phase.planned": _("endret planlagte datoer for {phase}"),
        "programmes.phase.start_corrected": _(
            "rettet startdatoen for {phase}. Begrunnelse: {reason}"
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
            "trakk tilbake vedtaket for {phase} ({body}, {date}); fasen er åpnet igjen. "
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
        "programmes.task.removed": _("fjernet oppgaven «{title}»"),
        "programmes.stakeholder.created": _("la til interessenten «{name}»"),
        "programmes.stakeholder.updated": _("endret interessenten «{name}»: {fields}"),
        "programmes.stakeholder.removed": _("fjernet interessenten «{name}»"),
        "procurement.tender.created": _("opprettet konkurransen «{title}»"),
        "procurement.tender.updated": _("endret konkurransen «{title}»"),
        "procurement.requirement.added": _("la til kvalifikasjonskravet «{text}»"),
        "procurement.requirement.removed": _("fjernet kvalifikasjonskravet «{text}»"),
        "procurement.criterion.added": _("la til tildelingskriteriet «{name}» ({weight} %)"),
        "procurement.criterion.removed": _("fjernet tildelingskriteriet «{name}»"),
        "procurement.supplier.created": _("la til leverandøren «{name}»"),
        "procurement.supplier.suggested": _("foreslo konsulentmiljøet «{name}»"),
        "procurement.bid.registered": _("registrerte tilbud fra «{supplier}»"),
        "procurement.bid.scored": _("ga «{supplier}» {score} poeng på «{criterion}»"),
        "procurement.bid.excluded": _("avviste tilbudet fra «{supplier}»: {reason}"),
        "procurement.tender.awarded": _("tildelte «{title}» til «{winner}»"),
        "procurement.tender.reopened": _(
            "gjenåpnet tildelingen av «{title}» (vinner var «{winner}»). Begrunnelse: {reason}"
        ),
        "procurement.requirement.updated": _("endret kvalifikasjonskravet «{text}»: {fields}"),
        "procurement.criterion.updated": _("endret tildelingskriteriet «{name}»: {fields}"),
        "procurement.supplier.updated": _("endret leverandøren «{name}»: {fields}"),
        "procurement.supplier.removed": _("fjernet leverandøren «{name}» fra registeret"),
        "procurement.bid.updated": _("rettet tilbudet fra «{supplier}»: {fields}"),
        "procurement.bid.removed": _("fjernet tilbudet fra «{supplier}»"),
        "procurement.value.corrected": _(
            "satte en lagret verdi utenfor gyldig område ({field}) til {after}"
        ),
        "options.analysis.created": _("opprettet alternativvurderingen «{title}»"),
        "options.alternative.added": _("la til alternativet «{name}»"),
        "options.alternative.removed": _("fjernet alternativet «{name}»"),
        "options.criterion.added": _("la til kriteriet «{name}»"),
        "options.criterion.removed": _("fjernet kriteriet «{name}»"),
        "options.weights.set": _("endret vektene i «{analysis}»"),
        "options.score.set": _("ga «{alternative}» {score} poeng på «{criterion}»"),
        "options.input.added": _("registrerte innspill fra «{stakeholder}»"),
        "options.texts.updated": _("endret anbefalingen i «{analysis}»"),
        "options.report.generated": _("laget forstudierapporten, versjon {version}"),
        "options.alternative.updated": _("endret alternativet «{name}»: {fields}"),
        "options.criterion.updated": _("endret kriteriet «{name}»: {fields}"),
        "options.score.corrected": _(
            "endret poengene for «{alternative}» på «{criterion}» fra {old_score} til {score}"
        ),
        "options.score.removed": _(
            "fjernet poengene for «{alternative}» på «{criterion}» ({score})"
        ),
        "options.input.updated": _("endret innspillet fra «{stakeholder}»: {fields}"),
        "options.input.removed": _("fjernet innspillet fra «{stakeholder}»"),
        "accounts.membership.created": _("ga {email} rollen {role}"),
        "accounts.membership.updated": _("endret rollen til {email} til {role}"),
        "accounts.membership.removed": _("fjernet {email} ({role}) fra programmet"),
        "attachments.attachment.uploaded": _("lastet opp «{name}» ({size}) til {where}"),
        "attachments.attachment.removed": _("fjernet vedlegget «{name}» ({size}) fra {where}"),
    }


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "–"


def describe(entry: AuditEntry) -> str:
    template = _messages().get(entry.action)
    if template is None:
        return entry.action
    data = dict(entry.data or {})
    # Translate stored codes to readable labels.
    from videreforing.accounts.roles import Role
    from videreforing.programmes.models import DecidingBody, Phase, Task

    if "phase" in data:
        labels = dict(Phase.Kind.choices) | dict(Task.Stage.choices)
        data["phase"] = str(labels.get(data["phase"], data["phase"])).lower()
    if "role" in data:
        data["role"] = str(dict(Role.choices).get(data["role"], data["role"])).lower()
    if "body" in data:
        data["body"] = str(dict(DecidingBody.choices).get(data["body"], data["body"]))
    if isinstance(data.get("date"), str):
        try:
            data["date"] = date_format(date.fromisoformat(data["date"]), "j. F Y")
        except ValueError:
            pass
    if "fields" in data and isinstance(data["fields"], list):
        data["fields"] = ", ".join(str(f) for f in data["fields"]) or "–"
    return template.format_map(_Default(data))
