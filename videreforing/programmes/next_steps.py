"""The programme page's "Neste steg", computed in one place from the programme's state
(issue 9, point 3): its phases and gate decisions, its tenders, the pre-study's options
analysis and its tasks. Every step has a code (for tests and the API), a sentence and,
where there is somewhere to do it, a link. Nothing finished is ever a next step: the
tender's step follows its state (announce, award, notice, contract) and ends when the
contract is signed.

Other apps are read through the programme's reverse relations (`tenders`,
`options_analyses`, `documents`) and URL names, so programmes imports none of them."""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from videreforing.lib.dates import safe_add
from videreforing.rules import phases as phase_rules
from videreforing.rules import procurement as tender_rules

from . import plans
from .models import GateDecision, Phase, Programme, TaskEvent


@dataclass(frozen=True)
class NextStep:
    code: str
    text: str
    url: str = ""


def _d(value: date) -> str:
    return date_format(value, "j. F Y")


def _lower(phase: Phase) -> str:
    return str(phase.get_kind_display()).lower()


@dataclass(frozen=True)
class _State:
    """What the steps are computed from, read once."""

    phases: list[Phase]
    open_tasks: dict[str, int]  # stage -> open tasks
    events_done: set[str]  # task events whose tasks are all ticked off (see _read)
    tenders: list  # procurement.Tender, not cancelled, newest first
    analyses: list  # options.OptionsAnalysis, newest first
    has_report: bool


def _read(programme: Programme, phases: list[Phase] | None = None) -> _State:
    continuation = programme.continuation
    if phases is None:
        phases = list(continuation.phases.prefetch_related("gate_decisions").order_by("order"))
    tasks = list(continuation.tasks.filter(removed_at__isnull=True)
                 .values("phase", "done", "done_by_event", "template_task__event"))
    open_tasks: dict[str, int] = {}
    for task in tasks:
        if not task["done"]:
            open_tasks[task["phase"]] = open_tasks.get(task["phase"], 0) + 1
    # An event's tasks all ticked off. For the award, only a tick by hand (engaged
    # outside the application) counts: a tick made by the award itself counts only while
    # the tender is awarded, so a reopened award is a next step again.
    events_done = {
        event for event in TaskEvent.values
        if any(t["template_task__event"] == event for t in tasks)
        and all(t["done"] and (event != TaskEvent.TENDER_AWARDED or not t["done_by_event"])
                for t in tasks if t["template_task__event"] == event)
    }
    return _State(
        phases=phases, open_tasks=open_tasks, events_done=events_done,
        tenders=list(programme.tenders.exclude(status="cancelled").order_by("-created_at")),
        analyses=list(programme.options_analyses.order_by("-created_at")),
        has_report=programme.documents.filter(kind="pre_study_report").exists(),
    )


def next_steps(programme: Programme, today: date | None = None, *,
               phases: list[Phase] | None = None,
               forecast_operative: date | None = None) -> list[NextStep]:
    """What to do next, and by when, in plain words, from the programme's state.
    `phases`: the programme's phases in order with their gate decisions, when the
    caller has read them (the programme page: selectors.with_phases).
    `forecast_operative`: the plan's forecast when nothing has started (it assumes a
    start today), when the caller has it (the programme page); else it is read through
    plans.py when a step needs it (the latest start has passed)."""
    today = today or timezone.localdate()
    state = _read(programme, phases)
    by_kind = {p.kind: p for p in state.phases}
    main = by_kind.get(phase_rules.MAIN_PROJECT)
    if main is not None and main.status == Phase.Status.COMPLETED:
        return [NextStep("completed", _(
            "Hovedprosjektet er godkjent. Sørg for at enheten er operativ før %(date)s.")
            % {"date": _d(programme.operative_deadline)},
            reverse("planning:timeline", args=[programme.pk]))]
    steps: list[NextStep] = []
    started = any(p.status != Phase.Status.NOT_STARTED for p in state.phases)
    if not started:
        steps += _start_steps(programme, state, today, forecast_operative)
    steps += _tender_steps(programme, state, by_kind, today)
    if started:
        steps += _phase_steps(programme, state)
        steps.append(NextStep("operative_deadline", _(
            "Enheten må være operativ før %(date)s (R-OPERATIVE).")
            % {"date": _d(programme.operative_deadline)},
            reverse("planning:timeline", args=[programme.pk])))
    return steps


def _phase_url(programme: Programme, kind: str) -> str:
    return reverse("programmes:phase", args=[programme.pk, kind])


def _forecast_if_started_today(programme: Programme, today: date) -> date:
    """The schedule's forecast, which assumes the pre-study starts today while nothing
    has started. Through plans.py: programmes does not import planning."""
    return plans.plan_for_page(programme, today=today).forecast_operative


def _start_steps(programme: Programme, state: _State, today: date,
                 forecast_operative: date | None = None) -> list[NextStep]:
    """Nothing started yet: initiation and the start of the pre-study (R-START)."""
    latest = programme.latest_start
    deadline = programme.operative_deadline
    steps = []
    late = None
    if today > latest:
        forecast = forecast_operative or _forecast_if_started_today(programme, today)
        late = forecast if forecast > deadline else None  # R-OPERATIVE
    if late is not None:
        steps.append(NextStep("start_pre_study", _(
            "Seneste oppstart var %(date)s. Selv med oppstart i dag er prognosen for "
            "operativ enhet %(forecast)s, etter fristen %(deadline)s. Start forstudiet nå, "
            "og snakk med Innovasjon Norge om planen.")
            % {"date": _d(latest), "forecast": _d(late), "deadline": _d(deadline)},
            _phase_url(programme, phase_rules.PRE_STUDY)))
    elif today <= latest:
        steps.append(NextStep("start_pre_study", _(
            "Omstillingsstyret bør ta initiativ og starte forstudiet innen %(date)s "
            "(om %(days)s dager).") % {"date": _d(latest), "days": (latest - today).days},
            _phase_url(programme, phase_rules.PRE_STUDY)))
    else:
        steps.append(NextStep("start_pre_study", _(
            "Seneste oppstart var %(date)s. Start forstudiet nå, slik at enheten kan være "
            "operativ før %(deadline)s.")
            % {"date": _d(latest), "deadline": _d(programme.operative_deadline)},
            _phase_url(programme, phase_rules.PRE_STUDY)))
    count = state.open_tasks.get(phase_rules.INITIATION, 0)
    if count:
        steps.append(NextStep("finish_tasks", ngettext(
            "Fullfør %(count)s åpen oppgave i oppstarten.",
            "Fullfør %(count)s åpne oppgaver i oppstarten.", count) % {"count": count},
            _phase_url(programme, phase_rules.INITIATION)))
    return steps


def _tender_state(tender, today: date) -> str:
    """The tender's state as procurement.services.tender_state gives it, read from the
    stored fields (programmes does not import procurement). "deadline_passed" and
    "evaluated" lead to the same step, so the scores are not read."""
    if tender.status in ("draft", "announced"):
        if not tender.announced_on:
            return "draft"
        if tender.tender_deadline is None or today <= tender.tender_deadline:
            return "announced"
        return "deadline_passed"
    if tender.status == "notice_sent":
        if tender.standstill_ends is not None and today <= tender.standstill_ends:
            return "standstill"
        return "notice_sent"
    return str(tender.status)


def _tender_steps(programme: Programme, state: _State, by_kind: dict,
                  today: date) -> list[NextStep]:
    """The process leader is hired by tender before the pre-study (R-TENDER,
    R-CONSULTANT): the next step follows the tender's state (issue 9, point 5) until
    the contract is signed. No step once the template task for engaging the process
    leader is ticked by hand, or once the pre-study is decided."""
    pre_study = by_kind.get(phase_rules.PRE_STUDY)
    if pre_study is not None and pre_study.status in (Phase.Status.COMPLETED,
                                                      Phase.Status.STOPPED):
        return []
    if any(t.status == "contract_signed" for t in state.tenders):
        return []
    # The tender furthest along is the one to follow.
    order = ("draft", "announced", "deadline_passed", "awarded", "notice_sent",
             "standstill")
    states = [(t, _tender_state(t, today)) for t in state.tenders]
    states = [(t, s) for t, s in states if s in order]
    tender, current = max(states, key=lambda pair: order.index(pair[1]),
                          default=(None, None))
    if current in ("awarded", "notice_sent", "standstill"):
        return _after_award_steps(programme, tender, current)
    if TaskEvent.TENDER_AWARDED in state.events_done:
        return []
    if current in ("announced", "deadline_passed") or (
            TaskEvent.TENDER_ANNOUNCED in state.events_done):
        url = (reverse("procurement:tender", args=[programme.pk, tender.pk]) if tender
               else reverse("procurement:list", args=[programme.pk]))
        if current == "announced" and tender is not None and tender.tender_deadline:
            text = _("Tilbudsfristen for «%(title)s» er %(date)s. Registrer tilbudene "
                     "etter hvert som de kommer inn, og tildel oppdraget etter fristen.") % {
                "title": tender.title, "date": _d(tender.tender_deadline)}
        elif tender is not None and tender.tender_deadline:
            text = _("Vurder tilbudene og tildel oppdraget «%(title)s» etter tilbudsfristen "
                     "%(date)s.") % {"title": tender.title, "date": _d(tender.tender_deadline)}
        elif tender is not None:
            text = _("Vurder tilbudene og tildel oppdraget «%(title)s».") % {
                "title": tender.title}
        else:
            text = _("Registrer tilbudene og tildel oppdraget som ekstern prosessleder.")
        return [NextStep("award_tender", text, url)]
    if tender is not None:
        return [NextStep("announce_tender", _(
            "Kunngjør konkurransen «%(title)s»: gjør den ferdig og registrer når og hvor "
            "den er kunngjort.") % {"title": tender.title},
            reverse("procurement:tender", args=[programme.pk, tender.pk]))]
    return [NextStep("announce_tender", _(
        "Lys ut oppdraget som ekstern prosessleder på anbud, slik at forstudiet kan "
        "starte i tide."), reverse("procurement:list", args=[programme.pk]))]


def _after_award_steps(programme: Programme, tender, current: str) -> list[NextStep]:
    """After the award: the notice and its standstill in parts II and III (P-NOTICE),
    then the signed contract."""
    url = reverse("procurement:tender", args=[programme.pk, tender.pk])
    if current == "awarded" and tender_rules.notice_required(tender.regime):
        return [NextStep("send_notice", _(
            "Send meddelelse om tildelingen av «%(title)s» til alle leverandørene. "
            "Kontrakten kan signeres når karensperioden er ute.") % {"title": tender.title},
            url)]
    if current == "standstill":
        # The contract may be signed the day after the standstill's last day (P-NOTICE).
        return [NextStep("await_standstill", _(
            "Kontrakten om «%(title)s» kan signeres fra %(date)s, når karensperioden er "
            "ute.") % {"title": tender.title,
                      "date": _d(safe_add(tender.standstill_ends, 1))}, url)]
    return [NextStep("record_contract", _(
        "Registrer den signerte kontrakten for «%(title)s». Kontaktpersonen blir "
        "prosessleder.") % {"title": tender.title}, url)]


def _options_steps(programme: Programme, state: _State) -> list[NextStep]:
    """The pre-study compares the possible forms and ends in its report (R-PRESTUDY)."""
    if not state.analyses:
        return [NextStep("options_analysis", _(
            "Lag alternativvurderingen: sammenlign mulige organisasjonsformer mot "
            "vektede kriterier (R-PRESTUDY)."), reverse("options:list", args=[programme.pk]))]
    analysis = state.analyses[0]
    url = reverse("options:analysis", args=[programme.pk, analysis.pk])
    if not state.has_report:
        return [NextStep("options_report", _(
            "Lag forstudierapporten fra alternativvurderingen «%(title)s».")
            % {"title": analysis.title}, url)]
    if analysis.report_outdated:
        return [NextStep("options_report_outdated", _(
            "Alternativvurderingen «%(title)s» er endret etter siste versjon av "
            "forstudierapporten. Lag en ny versjon før vedtaket.")
            % {"title": analysis.title}, url)]
    return []


def _phase_steps(programme: Programme, state: _State) -> list[NextStep]:
    steps: list[NextStep] = []
    for phase in state.phases:
        gate = phase.gate
        if phase.status == Phase.Status.COMPLETED:
            still_open = state.open_tasks.get(phase.kind, 0)
            if gate is not None and gate.open_tasks_at_decision and still_open:
                steps.append(NextStep("open_at_gate", ngettext(
                    "%(count)s oppgave i %(phase)s var ikke utført ved vedtaket. Kryss den "
                    "av når den er gjort.",
                    "%(count)s oppgaver i %(phase)s var ikke utført ved vedtaket. Kryss dem "
                    "av når de er gjort.", still_open)
                    % {"count": still_open, "phase": _lower(phase)},
                    _phase_url(programme, phase.kind)))
            continue
        url = _phase_url(programme, phase.kind)
        if phase.status == Phase.Status.IN_PROGRESS:
            if gate is not None and gate.outcome == GateDecision.Outcome.REWORK:
                steps.append(NextStep("rework", _(
                    "%(phase)s må bearbeides etter vedtaket %(date)s. Legg fram saken på "
                    "nytt.") % {"phase": phase.get_kind_display(), "date": _d(gate.decided_on)},
                    url))
            if phase.kind == phase_rules.PRE_STUDY:
                steps += _options_steps(programme, state)
            count = state.open_tasks.get(phase.kind, 0)
            if count:
                steps.append(NextStep("finish_tasks", _(
                    "Fullfør %(count)s åpne oppgaver i %(phase)s.")
                    % {"count": count, "phase": _lower(phase)}, url))
            steps.append(NextStep("submit_gate", _(
                "Legg fram %(phase)s for vedtak ved beslutningspunktet.")
                % {"phase": _lower(phase)}, url))
            return steps
        if phase.status == Phase.Status.STOPPED:
            steps.append(NextStep("stopped", _(
                "%(phase)s ble stoppet. Avklar med kommunen hvordan arbeidet skal "
                "videreføres.") % {"phase": phase.get_kind_display()}, url))
            return steps
        # The first phase not started, after the decided ones.
        steps.append(NextStep("start_phase", _("Start %(phase)s.") % {"phase": _lower(phase)},
                              url))
        return steps
    return steps
