"""The history (/program/<pk>/historikk/) reads as sentences: every action written with
log_action has a description, in Norwegian and in English; a correction names its
fields by their labels, with numbers and dates in the active language's formats, and
shows the reason it was given."""

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from videreforing.audit import describe as history
from videreforing.audit.describe import describe
from videreforing.audit.models import AuditEntry
from videreforing.options import services as options
from videreforing.procurement import services as procurement
from videreforing.programmes import services as programmes
from videreforing.programmes.models import GateDecision, TaskEvent

SOURCE = Path(__file__).resolve().parent.parent / "videreforing"
APPS = (r"(?:programmes|procurement|options|accounts|attachments|audit|documents|planning"
        r"|advisers|portfolio|businessplan)")
# A literal action ("procurement.bid.updated"), wherever it is passed to log_action
# (directly, through a variable or a conditional expression).
LITERAL = re.compile(rf"""["']({APPS}\.[a-z_]+\.[a-z_]+)["']""")
# options/services.py: _log("alternative.updated", …) → "options.alternative.updated"
OPTIONS_LOG = re.compile(r"""_log\(\s*["']([a-z_]+\.[a-z_]+)["']""")
# programmes/services/gates.py: action=f"programmes.gate.{outcome}"
GATE_OUTCOME = re.compile(r"""action=f["']programmes\.gate\.\{outcome\}["']""")
# programmes/services/tasks.py: action=f"programmes.task.completed_by_{event}"
TASK_EVENT = re.compile(
    r"""action=f["']programmes\.task\.completed_by_\{event\}["']""")
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")


def _logged_actions() -> set[str]:
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "audit.py" or path.parts[-2:] in {("audit", "describe.py"),
                                                          ("audit", "registry.py")}:
            continue  # the descriptions themselves (<app>/audit.py), not the writers
        text = path.read_text(encoding="utf-8")
        if "log_action" not in text and "AuditEntry(" not in text and "_log(" not in text:
            continue
        found |= set(LITERAL.findall(text))
        if path.parts[-2:] == ("options", "services.py"):
            found |= {f"options.{name}" for name in OPTIONS_LOG.findall(text)}
        if GATE_OUTCOME.search(text):
            found |= {f"programmes.gate.{o}" for o in GateDecision.Outcome.values}
        if TASK_EVENT.search(text):
            found |= {f"programmes.task.completed_by_{e}" for e in TaskEvent.values}
    return found


ACTIONS = sorted(_logged_actions())

# Every key some action's text uses, with a value of the kind the services write.
SAMPLE = {
    "name": "Kvalitet", "title": "Prosessleder", "text": "Skatteattest",
    "supplier": "Demo Kystanalyse AS", "criterion": "Kostnad", "alternative": "KF",
    "analysis": "Alternativvurdering", "stakeholder": "Næringsforeningen",
    "winner": "Demo Kystanalyse AS", "email": "anne@example.no", "role": "observer",
    "phase": "pre_study", "body": "restructuring_board", "date": "2024-03-05",
    "reason": "Feil tall",
    "score": "2.50", "old_score": "7.00", "weight": "30.00", "version": 2,
    "size": "1,2 MB", "where": "programmets dokumentarkiv", "label": "frist",
    "field": "price", "model": "Task", "fields": ["weight"],
    "before": {"weight": "30.00"}, "after": {"weight": "2.50"},
}


# Actions whose data has a shape of its own (one stored value brought into bounds).
SAMPLES = {
    "programmes.bounds.clamped": {"field": "due_date", "label": "frist", "model": "Task",
                                  "before": "9999-12-31", "after": "2100-12-31"},
    "procurement.value.corrected": {"field": "price", "after": "10000000000.00",
                                    "reason": "outside_bounds"},
}


def _entry(action: str) -> AuditEntry:
    object_type = "procurement.bid" if action == "procurement.value.corrected" else ""
    return AuditEntry(action=action, data=SAMPLES.get(action, SAMPLE),
                      object_type=object_type)


def test_the_source_scan_finds_the_actions():
    """The scan is what the next test relies on: it must see every kind of writer."""
    for action in ("procurement.bid.updated", "options.alternative.updated",
                   "programmes.task.completed", "programmes.gate.approved",
                   "programmes.phase.started_with_override", "attachments.attachment.removed",
                   "accounts.membership.created", "procurement.value.corrected",
                   "programmes.bounds.clamped"):
        assert action in ACTIONS
    assert len(ACTIONS) >= 60


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("action", ACTIONS)
def test_every_logged_action_reads_as_a_sentence(action, language):
    assert action in history._messages(), (
        f"{action} has no registered description (<app>/audit.py)")
    with translation.override(language):
        text = describe(_entry(action))
    assert text and text != action
    assert not DOTTED.search(text), text
    assert "{" not in text and "}" not in text, text
    assert "2.50" not in text and "30.00" not in text and "2024-03-05" not in text, text


def _field_keys() -> dict[str, tuple[str, ...]]:
    """The keys each kind of correction writes in before/after (the services' own lists)."""
    from videreforing.options import services as o
    from videreforing.procurement import services as p

    return {
        "programmes.programme": ("name", "municipalities", "period_start", "period_end"),
        "programmes.phase": (*programmes.PHASE_PLAN_FIELDS, "actual_start"),
        "programmes.gate": programmes.GATE_FIELDS,
        "programmes.task": (*programmes.TASK_FIELDS, "depends_on"),
        "programmes.stakeholder": programmes.STAKEHOLDER_FIELDS,
        "procurement.tender": p.TENDER_FIELDS,
        "procurement.requirement": p.REQUIREMENT_FIELDS,
        "procurement.criterion": p.CRITERION_FIELDS,
        "procurement.supplier": p.SUPPLIER_FIELDS,
        "procurement.bid": (*p.BID_FIELDS, "scores", "justifications"),
        "options.alternative": o.ALTERNATIVE_FIELDS,
        "options.criterion": o.CRITERION_FIELDS,
        "options.score": o.SCORE_FIELDS,
        "options.input": o.INPUT_FIELDS,
        "options.texts": ("recommendation", "proposed_decision"),
    }


@pytest.mark.parametrize("prefix", sorted(_field_keys()))
def test_every_corrected_field_has_a_norwegian_label(prefix):
    keys = _field_keys()[prefix]
    entry = AuditEntry(action=f"{prefix}.updated", data={})
    model = history._model_for(entry)
    assert model is not None
    for key in keys:
        name = history.label(model, key)
        assert name != key.replace("_", " "), (prefix, key)
        assert "_" not in name, (prefix, key)


def test_an_unknown_action_still_reads_as_a_sentence():
    text = describe(AuditEntry(action="procurement.bid.frobnicated", data={},
                               object_type="procurement.bid"))
    assert text == "gjorde en endring i tilbud"
    with translation.override("en"):
        assert not DOTTED.search(describe(AuditEntry(action="x.y.z", data={})))


# ---------------------------------------------------------------- corrections


@pytest.fixture
def tender(owner, programme):
    return procurement.create_tender(
        user=owner, programme=programme, title="Prosessleder forstudium",
        description="Lede forstudiet.", estimated_value=450_000,
        tender_deadline=date(2099, 1, 31))


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


@pytest.mark.django_db
def test_a_criterion_weight_correction_names_the_field_with_localised_numbers(owner, tender):
    criterion = procurement.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                          kind="quality", weight=30)
    procurement.update_criterion(user=owner, criterion=criterion, expected_version=1,
                                 weight="2.5")
    entry = _last("procurement.criterion.updated")
    assert describe(entry) == ("endret tildelingskriteriet «Kvalitet»: vekt (%) fra 30 "
                               "til 2,5")
    with translation.override("en"):
        text = describe(entry)
    assert "30" in text and "2.5" in text and "weight" not in entry.action.split(".")
    assert " weight" not in describe(entry)


@pytest.mark.django_db
def test_a_bid_correction_names_scores_price_and_dates_in_norwegian(owner, tender):
    supplier = procurement.create_supplier(user=owner, org_number="974760673",
                                           name="Demo Kystanalyse AS")
    quality = procurement.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                        kind="quality", weight=60)
    bid = procurement.register_bid(user=owner, tender=tender, supplier=supplier,
                                   price=1_200_000, scores={quality.pk: (8, "God")})
    procurement.update_bid(user=owner, bid=bid, expected_version=1,
                           scores={quality.pk: "8.5"}, price="1250000",
                           received_on=date(2024, 3, 5))
    text = describe(_last("procurement.bid.updated"))
    assert text.startswith("rettet tilbudet fra «Demo Kystanalyse AS»: ")
    assert "poeng på «Kompetanse» fra 8 til 8,5" in text
    assert "evaluert pris (NOK eks. mva.) fra 1\xa0200\xa0000 til 1\xa0250\xa0000" in text
    assert "til 5. mars 2024" in text
    for english in ("scores", "price", "received_on", "8.5", "2024-03-05"):
        assert english not in text


@pytest.mark.django_db
def test_an_alternative_name_correction_shows_the_names_and_the_reason(owner, programme):
    analysis = options.create_analysis(user=owner, programme=programme)
    kf = options.add_alternative(user=owner, analysis=analysis, name="Meløy Utvikling KF",
                                 organisational_form="kf", financing=["county"],
                                 scope="municipality")
    options.update_alternative(user=owner, alternative=kf, expected_version=kf.version,
                               reason="Skrivefeil", name="Meløy Næringsutvikling KF")
    assert describe(_last("options.alternative.updated")) == (
        "endret alternativet «Meløy Næringsutvikling KF»: navn fra «Meløy Utvikling KF» til "
        "«Meløy Næringsutvikling KF». Begrunnelse: Skrivefeil")
    kf.refresh_from_db()
    crit = options.add_criterion(user=owner, analysis=analysis, name="Kostnad", weight=20)
    options.set_score(user=owner, analysis=analysis, alternative=kf, criterion=crit,
                      score="2", reason="Dyrt")
    assert describe(_last("options.score.set")) == (
        "ga «Meløy Næringsutvikling KF» 2 poeng på «Kostnad»")
    options.update_criterion(user=owner, criterion=crit, expected_version=crit.version,
                             weight="12.5")
    assert describe(_last("options.criterion.updated")) == (
        "endret kriteriet «Kostnad»: vekt (%) fra 20 til 12,5")
    options.remove_alternative(user=owner, alternative=kf, reason="Ikke aktuelt")
    assert describe(_last("options.alternative.removed")) == (
        "fjernet alternativet «Meløy Næringsutvikling KF». Begrunnelse: Ikke aktuelt")


@pytest.mark.django_db
def test_a_task_due_date_correction_shows_localised_dates(owner, programme):
    task = programmes.create_task(user=owner, programme=programme, phase="pre_study",
                                  title="Ring næringsforeningen", due_date=date(2024, 3, 5))
    programmes.update_task(user=owner, task=task, expected_version=task.version,
                           due_date=date(2024, 4, 30))
    entry = _last("programmes.task.updated")
    assert describe(entry) == ("endret oppgaven «Ring næringsforeningen»: frist fra "
                               "5. mars 2024 til 30. april 2024")
    with translation.override("en"):
        text = describe(entry)
    assert "2024-03-05" not in text and "March 5, 2024" in text


def test_older_entries_with_field_keys_only_get_labels():
    entry = AuditEntry(action="procurement.bid.updated",
                       data={"supplier": "Demo Kystanalyse AS",
                             "fields": ["scores", "price", "qualified"]})
    assert describe(entry) == ("rettet tilbudet fra «Demo Kystanalyse AS»: poeng, evaluert "
                               "pris (NOK eks. mva.), kvalifisert")


def test_a_removed_bid_shows_its_reason():
    entry = AuditEntry(action="procurement.bid.removed",
                       data={"supplier": "Demo Kystanalyse AS", "reason": "Trukket av "
                             "leverandøren", "before": {"price": "100.00"}})
    assert describe(entry) == ("fjernet tilbudet fra «Demo Kystanalyse AS». Begrunnelse: "
                               "Trukket av leverandøren")


@pytest.mark.django_db
def test_the_history_page_shows_the_localised_correction(as_owner, owner, programme):
    task = programmes.create_task(user=owner, programme=programme, phase="pre_study",
                                  title="Ring næringsforeningen", due_date=date(2024, 3, 5))
    programmes.update_task(user=owner, task=task, expected_version=task.version,
                           due_date=date(2024, 4, 30), duration_days=12)
    html = as_owner.get(reverse("programmes:history", args=[programme.pk])).content.decode()
    assert "frist fra 5. mars 2024 til 30. april 2024" in html
    assert "programmes.task.updated" not in html and "due_date" not in html


@pytest.mark.django_db
def test_a_signed_contract_shows_its_amount_in_kroner(owner, programme):
    from videreforing.audit.services import log_action

    entry = log_action(action="procurement.contract.signed", actor=owner,
                       programme=programme, data={"title": "Prosessleder",
                                                  "signed_on": "2026-01-05",
                                                  "value": "380000.00"})
    assert describe(entry) == ("registrerte signert kontrakt om «Prosessleder» "
                               "(5. januar 2026, 380\xa0000 kr)")
