"""Issue 9, point 5 on the pages: the tender's state and steps, and the forms for the
announcement, the notice of the award (with its confirmation) and the signed contract.
Each form keeps what was typed on error, shows the message at the field, answers 409 for
a state it does not fit, and stores nothing until it succeeds."""

import html
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.procurement.helpers import pass_deadline
from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.attachments.models import Attachment
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services
from videreforing.procurement.models import Contract, Tender

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def _d(day) -> str:
    return date_format(day, "j. F Y")


def _today():
    return timezone.localdate()


def _ago(days: int):
    return _today() - timedelta(days=days)


def _url(name, tender, *args):
    return reverse(f"procurement:{name}", args=[tender.programme_id, tender.pk, *args])


def _page(response) -> str:
    return html.unescape(response.content.decode())


def _text(response) -> str:
    """The page as read: no tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", _page(response)).split())


def _state(response) -> str:
    found = re.search(r'data-testid="state-text">([^<]*)<', _page(response))
    return found.group(1) if found else ""


def _checkbox(page: str, value: str) -> str:
    return re.search(r'<input type="checkbox" name="channels" value="%s"[^>]*>' % value,
                     page).group(0)


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def part2(owner, programme):
    """A part II tender (over the national threshold) with criteria, not announced."""
    tender = services.create_tender(
        user=owner, programme=programme, title="Prosessleder del II",
        estimated_value=2_000_000, tender_deadline=_today() + timedelta(days=30),
        contract_start=_today() + timedelta(days=10),
        contract_end=_today() + timedelta(days=400))
    assert tender.regime == "part_2"
    price = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                   weight=40, price_model="linear")
    quality = services.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                     kind="quality", weight=60)
    return {"tender": tender, "price": price, "quality": quality}


def _announce_and_bid(owner, part2, suppliers, *, announced_days_ago=60):
    tender = services.announce_tender(user=owner, tender=part2["tender"],
                                      announced_on=_ago(announced_days_ago),
                                      channels=["doffin"], reference="2026-1")
    quality = part2["quality"]
    bids = {
        "a": services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                                   price=200_000, scores={quality.pk: (8, "God erfaring")},
                                   contact_name="Anne Alfa", contact_email="anne@alfa.example"),
        "b": services.register_bid(user=owner, tender=tender, supplier=suppliers["b"],
                                   price=250_000, scores={quality.pk: (9, "Svært god")}),
        "c": services.register_bid(user=owner, tender=tender, supplier=suppliers["c"],
                                   price=150_000, qualified=False,
                                   rejection_reason="Mangler skatteattest"),
    }
    return tender, bids


@pytest.fixture
def awarded(owner, part2, suppliers):
    """The part II tender announced 60 days ago, its deadline 40 days ago, awarded to
    Alfa 30 days ago."""
    tender, bids = _announce_and_bid(owner, part2, suppliers)
    pass_deadline(tender, days=40)
    tender = services.award_tender(user=owner, tender=tender, bid=bids["a"],
                                   decided_on=_ago(30))
    return {"tender": tender, **bids}


def _notice(owner, tender, days_ago: int) -> Tender:
    return services.send_notice(user=owner, tender=tender, sent_on=_ago(days_ago),
                                advantages="Best på kompetanse.",
                                expected_version=tender.version)


# ---------------------------------------------------------------- state and steps


def test_draft_page_shows_the_state_steps_and_what_is_missing(as_owner, tender):
    response = as_owner.get(_url("tender", tender))
    page = _page(response)
    assert _state(response) == "Under forberedelse"
    assert page.count('aria-current="step"') == 1
    current = page[page.index('aria-current="step"'):]
    assert current[:current.index("</li>")].count("Under forberedelse") == 1
    # No criteria yet: the gaps are listed and no announcement form is offered.
    assert "Legg inn tildelingskriteriene." in page
    assert "Registrer kunngjøringen" not in page


def test_ready_draft_offers_the_announcement_with_the_required_channels(as_owner, part2):
    page = _page(as_owner.get(_url("tender", part2["tender"])))
    form = page[page.index(_url("announce", part2["tender"])):]
    form = form[:form.index("</form>")]
    assert "<legend" in form and "Kunngjort i" in form
    assert "checked" in _checkbox(form, "doffin")
    assert "checked" not in _checkbox(form, "ted")
    assert "checked" not in _checkbox(form, "invited")
    assert f'value="{_today().isoformat()}"' in form
    assert f'name="version" value="{part2["tender"].version}"' in form


# ---------------------------------------------------------------- announcement


def test_announcing_on_the_page(as_owner, part2, programme):
    tender = part2["tender"]
    response = as_owner.post(_url("announce", tender), {
        "announced_on": _ago(2).isoformat(), "channels": ["doffin", "invited"],
        "reference": "2026-104211", "version": tender.version})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "announced" and tender.announced_on == _ago(2)
    assert tender.announcement_channels == ["doffin", "invited"]
    assert tender.announcement_reference == "2026-104211"
    entry = AuditEntry.objects.get(action="procurement.tender.announced")
    assert entry.data["channels"] == ["doffin", "invited"]
    page = _page(as_owner.get(response["Location"]))
    assert "Kunngjøringen er registrert." in page
    assert (f"Kunngjort i Doffin og sendt som invitasjon til utvalgte leverandører "
            f"{_d(_ago(2))} (referanse: 2026-104211).") in page
    assert f"Tilbudsfristen er {_d(tender.tender_deadline)} kl. 12.00." in page


def test_bad_announcement_is_shown_at_the_fields_and_nothing_is_stored(as_owner, part2):
    tender = part2["tender"]
    response = as_owner.post(_url("announce", tender), {
        "announced_on": (_today() + timedelta(days=3)).isoformat(),
        "channels": ["invited"], "reference": "Skrevet inn", "version": tender.version})
    assert response.status_code == 400
    errors = response.context["announce_form"].errors
    assert errors["announced_on"] == ["Datoen kan ikke være fram i tid."]
    assert "Doffin" in errors["channels"][0]
    page = _page(response)
    assert 'value="Skrevet inn"' in page  # what was typed is kept
    assert "Noe må rettes før du kan lagre" in page
    assert 'href="#id_channels_0"' in page  # the summary leads to the first checkbox
    assert 'aria-describedby="channels-error"' in _checkbox(page, "doffin")
    tender.refresh_from_db()
    assert tender.status == "draft" and tender.announced_on is None
    assert not AuditEntry.objects.filter(action="procurement.tender.announced").exists()


def test_announcing_twice_or_at_an_old_version_is_409(as_owner, owner, part2):
    tender = part2["tender"]
    data = {"announced_on": _ago(1).isoformat(), "channels": ["doffin"], "reference": "",
            "version": tender.version}
    services.update_tender(user=owner, tender=tender, title="Nytt navn")  # version + 1
    response = as_owner.post(_url("announce", tender), data)
    assert response.status_code == 409
    assert "Noen andre har endret konkurransen" in _page(response)
    # The form keeps what was typed, at the version now stored.
    tender.refresh_from_db()
    assert response.context["announce_form"].data["version"] == str(tender.version)
    assert tender.status == "draft"
    assert as_owner.post(_url("announce", tender), {
        **data, "version": tender.version}).status_code == 302
    response = as_owner.post(_url("announce", tender), {**data, "version": ""})
    assert response.status_code == 409
    assert "Konkurransen er allerede kunngjort." in _page(response)
    assert AuditEntry.objects.filter(action="procurement.tender.announced").count() == 1


def test_read_only_member_cannot_post_the_state_forms(client, reader, awarded):
    client.force_login(reader)
    tender = awarded["tender"]
    page = _page(client.get(_url("tender", tender)))
    assert "Tildeling besluttet" in page and "Gå videre til meddelelsen" not in page
    for name, data in (("announce", {"announced_on": _ago(1).isoformat()}),
                       ("notice", {"sent_on": _ago(1).isoformat(), "step": "confirm",
                                   "advantages": "x"}),
                       ("contract", {"signed_on": _ago(1).isoformat(), "value": "1"})):
        assert client.post(_url(name, tender), data).status_code == 403
    tender.refresh_from_db()
    assert tender.status == "awarded" and not Contract.objects.exists()


# ---------------------------------------------------------------- award date


def test_award_confirmation_takes_the_decision_date(as_owner, owner, part2, suppliers):
    tender, bids = _announce_and_bid(owner, part2, suppliers)
    pass_deadline(tender, days=40)
    review = as_owner.post(_url("award", tender), {"step": "review", "bid": bids["a"].pk})
    assert review.status_code == 200
    assert "Tildelingen ble besluttet" in _page(review)
    # Before the deadline ran out: the confirmation page again, the error at the date.
    too_early = _ago(45).isoformat()
    response = as_owner.post(_url("award", tender), {
        "step": "confirm", "bid": bids["a"].pk, "reason": "", "decided_on": too_early})
    assert response.status_code == 400
    assert response.templates[0].name == "procurement/award_confirm.html"
    assert "Tildelingen kan ikke være besluttet før tilbudsfristen var ute" in (
        response.context["form"].errors["decided_on"][0])
    assert f'value="{too_early}"' in _page(response)
    tender.refresh_from_db()
    assert tender.status == "announced" and tender.winner is None
    response = as_owner.post(_url("award", tender), {
        "step": "confirm", "bid": bids["a"].pk, "reason": "",
        "decided_on": _ago(30).isoformat()})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "awarded" and tender.awarded_on == _ago(30)
    entry = AuditEntry.objects.get(action="procurement.tender.awarded")
    assert entry.data["awarded_on"] == _ago(30).isoformat()


# ---------------------------------------------------------------- notice


def test_awarded_part_2_page_offers_the_notice_and_not_the_contract(as_owner, awarded):
    tender = awarded["tender"]
    page = _page(as_owner.get(_url("tender", tender)))
    ends = _today() + timedelta(days=10)
    assert ("Kontrakten kan ikke signeres før karensperioden på 10 dager er ute. Sendes "
            f"meddelelsen i dag, varer karensperioden til og med {_d(ends)}, og kontrakten "
            f"kan signeres fra {_d(ends + timedelta(days=1))}.") in page
    assert "Kompetanse: best eller likt med de beste" not in page  # b scored higher
    assert "Pris: best eller likt med de beste" in page  # prefilled advantages
    assert "Registrer signert kontrakt" not in page
    assert "Gjenåpne tildelingen" in page


def test_notice_review_lists_the_bidders_and_stores_nothing(as_owner, awarded,
                                                            django_capture_on_commit_callbacks):
    tender = awarded["tender"]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(_url("notice", tender), {
            "step": "review", "sent_on": _ago(20).isoformat(),
            "advantages": "Best på pris.", "version": tender.version})
    assert response.status_code == 200
    page = _text(response)
    assert "Alfa Råd AS (valgt): anne@alfa.example" in page
    assert "Beta Analyse AS: post@beta.example" in page
    assert "Gamma Konsult AS: ingen e-postadresse" in page
    assert "Én leverandør har ingen e-postadresse og må få meddelelsen på annen måte" in page
    end = _ago(10)
    assert f"10 dager, til og med {_d(end)}." in page
    tender.refresh_from_db()
    assert tender.status == "awarded" and tender.notice_sent_on is None
    assert not AuditEntry.objects.filter(action="procurement.tender.notice_sent").exists()
    assert mail.outbox == []
    # "Back": the tender page with what was typed.
    back = as_owner.post(_url("notice", tender), {
        "step": "edit", "sent_on": _ago(20).isoformat(), "advantages": "Best på pris.",
        "version": tender.version})
    assert back.status_code == 200 and "Best på pris." in _page(back)


def test_notice_confirmed_is_recorded_and_mailed(as_owner, awarded,
                                                 django_capture_on_commit_callbacks):
    tender = awarded["tender"]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(_url("notice", tender), {
            "step": "confirm", "sent_on": _ago(3).isoformat(),
            "advantages": "Best på pris.", "version": tender.version})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "notice_sent" and tender.notice_sent_on == _ago(3)
    assert tender.standstill_ends == _today() + timedelta(days=7)
    assert sorted(m.to[0] for m in mail.outbox) == ["anne@alfa.example", "post@beta.example"]
    entry = AuditEntry.objects.get(action="procurement.tender.notice_sent")
    assert entry.data["without_email"] == ["Gamma Konsult AS"]
    said = _messages(response)
    assert said[0] == ("Meddelelsen om tildelingen er registrert og sendes på e-post til 2 "
                       "leverandører.")
    assert "Gamma Konsult AS" in said[1]
    ends = tender.standstill_ends
    response = as_owner.get(_url("tender", tender))
    page = _page(response)
    # The standstill is running: the contract is not offered yet. Said once on the page
    # (and once in the message after the notice).
    said_once = (f"Karensperioden varer til og med {_d(ends)}. Kontrakten kan signeres fra "
                 f"{_d(ends + timedelta(days=1))}.")
    assert said[-1] == said_once
    assert page.count(said_once) == 2 and page.count("Karensperioden") == 2
    assert _page(as_owner.get(_url("tender", tender))).count("Karensperioden") == 1
    assert f"Meddelelsen om tildelingen ble sendt {_d(_ago(3))}." in page
    assert "Registrer signert kontrakt" not in page
    assert _state(response) == "Karensperiode"
    # Reopening the award is still possible.
    assert as_owner.get(_url("award-reopen", tender)).status_code == 200


def test_bad_notice_is_shown_at_the_fields(as_owner, awarded):
    tender = awarded["tender"]
    response = as_owner.post(_url("notice", tender), {
        "step": "review", "sent_on": _ago(40).isoformat(), "advantages": "  ",
        "version": tender.version})
    assert response.status_code == 400
    errors = response.context["notice_form"].errors
    assert "advantages" in errors and "relative fordeler" in errors["advantages"][0]
    response = as_owner.post(_url("notice", tender), {
        "step": "confirm", "sent_on": _ago(40).isoformat(), "advantages": "Pris",
        "version": tender.version})
    assert response.status_code == 400
    assert "før tildelingen" in response.context["notice_form"].errors["sent_on"][0]
    tender.refresh_from_db()
    assert tender.status == "awarded" and tender.notice_sent_on is None
    assert not AuditEntry.objects.filter(action="procurement.tender.notice_sent").exists()


def test_notice_in_the_wrong_state_is_409(as_owner, owner, part2, suppliers):
    tender, _bids = _announce_and_bid(owner, part2, suppliers)
    response = as_owner.post(_url("notice", tender), {
        "step": "confirm", "sent_on": _ago(1).isoformat(), "advantages": "Pris",
        "version": tender.version})
    assert response.status_code == 409
    assert "Meddelelsen sendes etter at tildelingen er besluttet." in _page(response)
    assert not AuditEntry.objects.filter(action="procurement.tender.notice_sent").exists()


# ---------------------------------------------------------------- contract


def test_contract_during_the_standstill_is_409(as_owner, owner, awarded):
    tender = _notice(owner, awarded["tender"], 3)
    response = as_owner.post(_url("contract", tender), {
        "signed_on": _today().isoformat(), "value": "200000", "version": tender.version})
    assert response.status_code == 409
    assert "Kontrakten kan ikke signeres før karensperioden er ute." in _page(response)
    assert not Contract.objects.exists()


def test_contract_after_the_standstill_with_the_signed_copy(as_owner, owner, programme,
                                                           awarded):
    tender = _notice(owner, awarded["tender"], 20)
    page = _page(as_owner.get(_url("tender", tender)))
    assert "Registrer signert kontrakt" in page
    assert "Kontaktpersonen i kontrakten blir programmets prosessleder" in page
    assert 'value="anne@alfa.example"' in page and 'value="200000"' in page
    response = as_owner.post(_url("contract", tender), {
        "signed_on": _today().isoformat(), "value": "200000",
        "period_start": tender.contract_start.isoformat(),
        "period_end": tender.contract_end.isoformat(), "contact_name": "Anne Alfa",
        "contact_email": "anne@alfa.example", "version": tender.version,
        "file": SimpleUploadedFile("Kontrakt signert.pdf", PDF)})
    assert response.status_code == 302
    contract = Contract.objects.get(tender=tender)
    assert contract.value == 200_000 and contract.contact_email == "anne@alfa.example"
    attachment = Attachment.objects.get(tender=tender)
    assert attachment.name == "Kontrakt signert.pdf"
    assert AuditEntry.objects.filter(action="procurement.contract.signed").count() == 1
    assert AuditEntry.objects.filter(action="attachments.attachment.uploaded").count() == 1
    # The award made Anne process leader already; the message says so.
    assert _messages(response) == ["Den signerte kontrakten er registrert. "
                                   "anne@alfa.example var allerede prosessleder i programmet."]
    response = as_owner.get(_url("tender", tender))
    page = _page(response)
    assert _state(response) == "Kontrakt signert"
    contract_facts = _text(response)
    assert f"Signert {_d(_today())} Kontraktsverdi 200 000 kr eks. mva." in contract_facts
    assert "Anne Alfa, anne@alfa.example" in contract_facts
    assert reverse("attachments:download", args=[programme.pk, attachment.pk]) in page
    assert "Gjenåpne tildelingen" not in page
    assert as_owner.get(_url("award-reopen", tender)).status_code == 302
    tender.refresh_from_db()
    assert tender.status == "contract_signed"


def test_bad_contract_is_shown_at_the_fields_and_nothing_is_stored(as_owner, owner, awarded):
    tender = _notice(owner, awarded["tender"], 20)
    response = as_owner.post(_url("contract", tender), {
        "signed_on": _today().isoformat(), "value": "", "period_start": "2027-06-01",
        "period_end": "2027-01-01", "contact_name": "Skrevet Inn",
        "contact_email": "anne@alfa.example", "version": tender.version})
    assert response.status_code == 400
    errors = response.context["contract_form"].errors
    assert {"value", "period_end"} <= set(errors)
    assert 'value="Skrevet Inn"' in _page(response)
    # A file that is not what it says: no contract either (both or neither).
    response = as_owner.post(_url("contract", tender), {
        "signed_on": _today().isoformat(), "value": "200000", "version": tender.version,
        "contact_email": "anne@alfa.example",
        "file": SimpleUploadedFile("kontrakt.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64)})
    assert response.status_code == 400
    assert "file" in response.context["contract_form"].errors
    assert not Contract.objects.exists() and not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="procurement.contract.signed").exists()
    tender.refresh_from_db()
    assert tender.status == "notice_sent"


def test_part_1_contract_right_after_the_award_names_the_process_leader(
        as_owner, owner, programme, tender, suppliers):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=100)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["c"],
                                price=100_000)
    pass_deadline(tender)
    tender = services.award_tender(user=owner, tender=tender, bid=bid)
    page = _page(as_owner.get(_url("tender", tender)))
    assert "Meddelelse om tildelingen er anbefalt, men ikke påkrevd her." in page
    assert "Gå videre til meddelelsen" in page and "Registrer signert kontrakt" in page
    assert "Tilbudet har ingen kontaktperson. Oppgi hvem som skal være prosessleder." in page
    data = {"signed_on": _today().isoformat(), "value": "100000", "version": tender.version}
    response = as_owner.post(_url("contract", tender), data)
    assert response.status_code == 400
    assert response.context["contract_form"].errors["contact_email"] == [
        "Tilbudet har ingen kontaktperson. Oppgi hvem som skal være prosessleder."]
    assert not Contract.objects.exists()
    response = as_owner.post(_url("contract", tender), {
        **data, "contact_name": "Gro Gamma", "contact_email": "gro@gamma.example"})
    assert response.status_code == 302
    assert Contract.objects.get().contact_email == "gro@gamma.example"
    membership = Membership.objects.get(programme=programme, user__email="gro@gamma.example")
    assert membership.role == Role.PROCESS_LEADER
    # A new account gets the contract's contact name.
    assert (membership.user.first_name, membership.user.last_name) == ("Gro", "Gamma")
    assert _messages(response) == [
        "Den signerte kontrakten er registrert. Kontaktpersonen (gro@gamma.example) er lagt "
        "til som prosessleder i programmet og får en e-post om tilgangen."]
    response = as_owner.post(_url("contract", tender), data | {
        "version": "", "contact_email": "gro@gamma.example"})
    assert response.status_code == 409
    assert "Kontrakten er allerede registrert." in _page(response)


def test_award_letters_need_the_award(as_owner, owner, part2, suppliers):
    tender, bids = _announce_and_bid(owner, part2, suppliers)
    assert as_owner.get(_url("award-letter", tender, bids["a"].pk)).status_code == 404
    pass_deadline(tender, days=40)
    services.award_tender(user=owner, tender=tender, bid=bids["a"])
    response = as_owner.get(_url("award-letter", tender, bids["b"].pk))
    assert response.status_code == 200 and response.content[:2] == b"PK"


# ---------------------------------------------------------------- announced: changes


ANNOUNCED_NOTE = ("Konkurransen er kunngjort {date}. Endringer i krav og kriterier må gjøres "
                  "kjent for alle leverandørene samtidig.")


def test_changes_after_the_announcement_remind_to_tell_every_supplier(as_owner, owner,
                                                                     part2):
    tender = part2["tender"]
    page = _page(as_owner.get(_url("tender", tender)))
    assert "Endringer i krav og kriterier" not in page  # not announced yet
    services.add_requirement(user=owner, tender=tender, text="Skatteattest")
    tender = services.announce_tender(user=owner, tender=tender, announced_on=_ago(3),
                                      channels=["doffin"], reference="2026-1")
    note = ANNOUNCED_NOTE.format(date=_d(_ago(3)))
    page = _page(as_owner.get(_url("tender", tender)))
    assert 'data-testid="announced-note"' in page and note in page
    # Still possible until the deadline, on the edit pages with the same note.
    requirement = tender.requirements.get()
    criterion = part2["quality"]
    for url in (_url("requirement-edit", tender, requirement.pk),
                _url("criterion-edit", tender, criterion.pk)):
        assert note in _page(as_owner.get(url)), url
    response = as_owner.post(_url("requirement-edit", tender, requirement.pk), {
        "text": "Skatteattest og MVA-attest", "documentation": "",
        "version": requirement.version})
    assert response.status_code == 302
    assert _messages(response) == [f"Endringene er lagret. {note}"]
    requirement.refresh_from_db()
    assert requirement.text == "Skatteattest og MVA-attest"
    response = as_owner.post(_url("requirement-add", tender), {"text": "Firmaattest",
                                                              "documentation": ""})
    assert response.status_code == 302
    assert _messages(response)[-1] == f"Kravet er lagt til. {note}"
    assert tender.requirements.filter(text="Firmaattest").exists()
    # At the deadline the criteria lock, and the note goes with the links.
    pass_deadline(tender)
    page = _page(as_owner.get(_url("tender", tender)))
    assert 'data-testid="announced-note"' not in page
    assert "Tilbudsfristen er passert" in page
    assert note not in _page(as_owner.get(_url("criterion-edit", tender, criterion.pk)))


# ---------------------------------------------------------------- announcement wording


@pytest.mark.parametrize(("channels", "reference", "expected"), [
    (["invited"], "Alfa Råd AS, Beta Analyse AS",
     "Sendt som invitasjon til utvalgte leverandører {date}: Alfa Råd AS, Beta Analyse AS."),
    (["doffin"], "2026-104211", "Kunngjort i Doffin {date} (kunngjøringsnummer 2026-104211)."),
    (["doffin", "ted"], "", "Kunngjort i Doffin og TED {date}."),
])
def test_the_announcement_reads_by_its_channel(as_owner, owner, part2, scored_tender,
                                               channels, reference, expected):
    # Invited suppliers only: a part I tender; Doffin is required in part II.
    chosen = scored_tender if channels == ["invited"] else part2
    tender = services.announce_tender(user=owner, tender=chosen["tender"],
                                      announced_on=_ago(2), channels=channels,
                                      reference=reference)
    text = _text(as_owner.get(_url("tender", tender)))
    assert expected.format(date=_d(_ago(2))) in text
    assert "Referanse:" not in text and f"Kunngjort {_d(_ago(2))} i" not in text


# ---------------------------------------------------------------- after the contract


def _signed(owner, awarded, **contract) -> Tender:
    tender = _notice(owner, awarded["tender"], 20)
    services.record_contract(user=owner, tender=tender, signed_on=_today(), value=200_000,
                             expected_version=tender.version, **contract)
    tender.refresh_from_db()
    return tender


def test_the_finished_tender_names_the_leader_and_has_no_current_step(as_owner, owner,
                                                                     awarded):
    tender = _signed(owner, awarded)
    response = as_owner.get(_url("tender", tender))
    page = _page(response)
    assert _state(response) == "Kontrakt signert"
    # The process leader the award added (from the bid: Anne Alfa).
    assert ("Prosessleder: Anne Alfa (anne@alfa.example) har tilgang til programmet."
            in _text(response))
    # The process is finished: every step done, nothing "now".
    steps = page[page.index('class="tender-steps"'):]
    steps = steps[:steps.index("</ol>")]
    assert ">nå<" not in steps
    assert steps.count("(fullført)") == 7
    current = steps[steps.index('aria-current="step"'):]
    assert "Kontrakt signert" in current[:current.index("</li>")]
    # The standstill is over: said once, in the past.
    assert page.count("Karensperioden") == 1
    assert f"Karensperioden på 10 dager varte til og med {_d(_ago(10))}." in page


def test_the_signed_copy_can_be_uploaded_afterwards(as_owner, owner, programme, awarded):
    tender = _signed(owner, awarded)
    contract = Contract.objects.get(tender=tender)
    assert contract.signed_copy is None
    page = _page(as_owner.get(_url("tender", tender)))
    assert "Ikke lastet opp" in page
    assert f'action="{_url("contract-copy", tender)}"' in page
    # A file that is not what it says: an error at the field, nothing stored.
    response = as_owner.post(_url("contract-copy", tender), {
        "file": SimpleUploadedFile("kontrakt.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 64)})
    assert response.status_code == 400
    assert "file" in response.context["copy_form"].errors
    assert 'data-testid="contract-copy"' in _page(response)
    assert not Attachment.objects.exists()
    assert not AuditEntry.objects.filter(action="procurement.contract.copy_uploaded").exists()
    contract.refresh_from_db()
    assert contract.signed_copy is None
    # Without a file: said at the field.
    response = as_owner.post(_url("contract-copy", tender), {})
    assert response.status_code == 400
    assert response.context["copy_form"].errors["file"] == [
        "Velg filen med den signerte kontrakten."]
    # The signed copy: stored on the tender, linked to the contract, in the history.
    response = as_owner.post(_url("contract-copy", tender), {
        "file": SimpleUploadedFile("Kontrakt signert.pdf", PDF)})
    assert response.status_code == 302
    attachment = Attachment.objects.get(tender=tender)
    contract.refresh_from_db()
    assert contract.signed_copy == attachment and attachment.name == "Kontrakt signert.pdf"
    entry = AuditEntry.objects.get(action="procurement.contract.copy_uploaded")
    assert entry.data["name"] == "Kontrakt signert.pdf" and entry.programme == programme
    assert AuditEntry.objects.filter(action="attachments.attachment.uploaded").count() == 1
    assert _messages(response) == ["Den signerte kontrakten «Kontrakt signert.pdf» er "
                                   "lastet opp."]
    page = _page(as_owner.get(_url("tender", tender)))
    assert reverse("attachments:download", args=[programme.pk, attachment.pk]) in page
    assert 'data-testid="contract-copy"' not in page
    # A second copy is not taken.
    response = as_owner.post(_url("contract-copy", tender), {
        "file": SimpleUploadedFile("Ny.pdf", PDF)})
    assert response.status_code == 302
    assert Attachment.objects.filter(tender=tender).count() == 1


def test_the_signed_copy_needs_the_contract_and_write_access(client, as_owner, reader,
                                                             awarded):
    tender = awarded["tender"]
    response = as_owner.post(_url("contract-copy", tender), {
        "file": SimpleUploadedFile("Kontrakt.pdf", PDF)})
    assert response.status_code == 302  # no contract yet: nothing to attach it to
    assert not Attachment.objects.exists()
    client.force_login(reader)
    response = client.post(_url("contract-copy", tender), {
        "file": SimpleUploadedFile("Kontrakt.pdf", PDF)})
    assert response.status_code == 403
    assert not Attachment.objects.exists()
