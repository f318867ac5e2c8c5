"""The correction pages, and every procurement form keeping what was typed (issue 8,
points 2, 3 and 6)."""

from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from tests.conftest import make_user
from tests.procurement.helpers import pass_deadline
from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services
from videreforing.procurement.models import Bid, BidScore, Supplier, Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


@pytest.fixture
def unscored(owner, tender, suppliers):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=40)
    quality = services.add_criterion(user=owner, tender=tender, name="Kompetanse",
                                     kind="quality", weight=60)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                                price=200_000)
    return {"tender": tender, "quality": quality, "bid": bid}


def _url(name, tender, *args):
    return reverse(f"procurement:{name}", args=[tender.programme_id, tender.pk, *args])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _summary_and_fields(page: str, *fields: str) -> None:
    assert page.count("ds-error-summary") == 1
    for field in fields:
        assert f'id="{field}-error"' in page, field


def test_bid_registered_without_scores_says_what_is_missing(as_owner, tender, suppliers,
                                                            owner):
    services.add_criterion(user=owner, tender=tender, name="Kompetanse", kind="quality",
                           weight=100)
    response = as_owner.post(_url("bid-add", tender), {
        "supplier": suppliers["a"].pk, "price": "300000", "qualified": "on"})
    assert response.status_code == 302
    said = _messages(response)
    assert "Tilbudet fra «Alfa Råd AS» er registrert." in said
    assert any("mangler poeng på «Kompetanse»" in m for m in said)


def test_scoring_a_bid_afterwards_on_the_edit_page(as_owner, unscored):
    tender, quality, bid = unscored["tender"], unscored["quality"], unscored["bid"]
    page = as_owner.get(_url("tender", tender)).content.decode()
    assert _url("bid-edit", tender, bid.pk) in page
    form = as_owner.get(_url("bid-edit", tender, bid.pk))
    assert form.status_code == 200 and f'name="score_{quality.pk}"' in form.content.decode()
    response = as_owner.post(_url("bid-edit", tender, bid.pk), {
        "price": "200000", "qualified": "on", "version": "1",
        f"score_{quality.pk}": "8", f"justification_{quality.pk}": "God erfaring"})
    assert response.status_code == 302
    score = BidScore.objects.get()
    assert (score.score, score.justification) == (D(8), "God erfaring")
    assert AuditEntry.objects.filter(action="procurement.bid.updated").exists()


def test_the_bid_edit_form_keeps_every_typed_value(as_owner, unscored):
    tender, quality, bid = unscored["tender"], unscored["quality"], unscored["bid"]
    response = as_owner.post(_url("bid-edit", tender, bid.pk), {
        "price": "1e30", "qualified": "on", "version": "1", "received_on": "9999-12-31",
        "contact_name": "Anne Alfa", "contact_email": "ikke-epost",
        "documents": "Tilbudsbrev, CV-er",
        f"score_{quality.pk}": "11", f"justification_{quality.pk}": "Svært god, men 11?"})
    assert response.status_code == 400
    page = response.content.decode()
    for typed in ('value="1e30"', 'value="9999-12-31"', 'value="Anne Alfa"',
                  'value="ikke-epost"', "Tilbudsbrev, CV-er", 'value="11"',
                  "Svært god, men 11?"):
        assert typed in page, typed
    _summary_and_fields(page, "price", "received_on", "contact_email",
                        f"score_{quality.pk}")
    assert Bid.objects.get().price == 200_000 and not BidScore.objects.exists()


def test_a_stale_bid_edit_shows_a_conflict(as_owner, owner, unscored):
    tender, bid = unscored["tender"], unscored["bid"]
    services.update_bid(user=owner, bid=bid, expected_version=1, price=190_000)
    response = as_owner.post(_url("bid-edit", tender, bid.pk), {
        "price": "210000", "qualified": "on", "version": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Noen andre har endret tilbudet" in page
    assert "Tilbudet slik det er lagret nå" in page and 'value="210000"' in page
    assert Bid.objects.get().price == 190_000


def test_removing_a_bid_asks_first(as_owner, unscored):
    tender, bid = unscored["tender"], unscored["bid"]
    confirm = as_owner.get(_url("bid-remove", tender, bid.pk))
    assert confirm.status_code == 200 and "Fjerne tilbudet fra «Alfa Råd AS»?" in (
        confirm.content.decode())
    assert Bid.objects.exists()
    response = as_owner.post(_url("bid-remove", tender, bid.pk),
                             {"reason": "Registrert ved en feil", "version": "1"})
    assert response.status_code == 302 and not Bid.objects.exists()
    assert AuditEntry.objects.get(action="procurement.bid.removed").data["reason"] == (
        "Registrert ved en feil")


def test_award_reopen_and_correct(as_owner, owner, closed_tender):
    tender = closed_tender["tender"]
    services.award_tender(user=owner, tender=tender, bid=closed_tender["a"])
    page = as_owner.get(_url("tender", tender)).content.decode()
    assert "Gjenåpne tildelingen" in page
    assert _url("bid-edit", tender, closed_tender["b"].pk) not in page
    locked = as_owner.post(_url("bid-edit", tender, closed_tender["b"].pk),
                           {"price": "1", "qualified": "on", "version": "1"})
    assert locked.status_code == 409 and "Gjenåpne tildelingen" in locked.content.decode()
    missing = as_owner.post(_url("award-reopen", tender), {"reason": ""})
    assert missing.status_code == 400 and "reason" in missing.context["form"].errors
    response = as_owner.post(_url("award-reopen", tender), {
        "reason": "Feil i poengene", "version": str(Tender.objects.get().version)})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "draft" and tender.winner is None
    assert any("Tilgangene er ikke endret" in m for m in _messages(response))


def test_award_message_tells_when_nobody_was_added(as_owner, owner, tender, suppliers,
                                                   programme):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=100)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["c"],
                                price=100)
    pass_deadline(tender)
    response = as_owner.post(_url("award", tender), {"bid": str(bid.pk)})
    said = _messages(response)
    assert "Oppdraget er tildelt Gamma Konsult AS." in said
    assert any(m.startswith("Ingen er lagt til som prosessleder") for m in said)
    assert not any("er lagt til som prosessleder i programmet" in m for m in said)
    assert not programme.memberships.filter(role=Role.PROCESS_LEADER).exists()


def test_award_message_tells_who_was_added(as_owner, owner, closed_tender):
    response = as_owner.post(_url("award", closed_tender["tender"]),
                             {"bid": str(closed_tender["a"].pk)})
    assert any("Prosesslederen som tilbudet oppgir (anne@alfa.example), er lagt til som "
               "prosessleder" in m for m in _messages(response))


def test_award_message_tells_about_a_changed_role(as_owner, owner, closed_tender,
                                                  programme):
    anne = make_user("anne@alfa.example")
    Membership.objects.create(programme=programme, user=anne, role=Role.OBSERVER)
    response = as_owner.post(_url("award", closed_tender["tender"]),
                             {"bid": str(closed_tender["a"].pk)})
    assert any("var allerede med i programmet som observatør og er nå prosessleder" in m
               for m in _messages(response))


def test_requirement_and_criterion_edit_pages(as_owner, owner, tender):
    requirement = services.add_requirement(user=owner, tender=tender, text="Skateattest")
    criterion = services.add_criterion(user=owner, tender=tender, name="Pris", kind="price",
                                       weight=40)
    response = as_owner.post(_url("requirement-edit", tender, requirement.pk),
                             {"text": "Skatteattest", "documentation": "", "version": "1"})
    assert response.status_code == 302
    requirement.refresh_from_db()
    assert requirement.text == "Skatteattest"
    bad = as_owner.post(_url("criterion-edit", tender, criterion.pk), {
        "name": "Pris og betingelser", "kind": "price", "weight": "1e30",
        "scoring": "Lavest pris gir 10", "version": "1"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="Pris og betingelser"' in page and 'value="1e30"' in page
    assert "Lavest pris gir 10" in page
    _summary_and_fields(page, "weight")
    ok = as_owner.post(_url("criterion-edit", tender, criterion.pk), {
        "name": "Pris", "kind": "price", "weight": "50", "price_model": "proportional",
        "version": "1"})
    assert ok.status_code == 302
    criterion.refresh_from_db()
    assert (criterion.weight, criterion.price_model) == (50, "proportional")


def test_tender_forms_keep_typed_values(as_owner, programme, tender):
    create = as_owner.post(reverse("procurement:list", args=[programme.pk]), {
        "title": "Ny prosessleder", "description": "Lede forprosjektet",
        "estimated_value": "abc", "procedure": "restricted",
        "contract_start": "2026-01-01", "contract_end": "2025-01-01"})
    assert create.status_code == 400
    page = create.content.decode()
    for typed in ('value="Ny prosessleder"', "Lede forprosjektet", 'value="abc"',
                  'value="2026-01-01"', 'value="2025-01-01"'):
        assert typed in page, typed
    _summary_and_fields(page, "estimated_value")
    edit = as_owner.post(_url("tender-edit", tender), {
        "title": "Rettet tittel", "estimated_value": "99999999999999999999999",
        "procedure": "open", "tender_deadline": "1899-12-31", "version": "1"})
    assert edit.status_code == 400
    page = edit.content.decode()
    assert 'value="Rettet tittel"' in page and 'value="1899-12-31"' in page
    _summary_and_fields(page, "estimated_value", "tender_deadline")
    assert Tender.objects.get().title == "Prosessleder forstudium og forprosjekt"


def test_add_forms_keep_typed_values(as_owner, owner, tender, suppliers):
    requirement = as_owner.post(_url("requirement-add", tender), {
        "text": "x" * 301, "documentation": "Attest fra Skatteetaten"})
    assert requirement.status_code == 400
    assert "Attest fra Skatteetaten" in requirement.content.decode()
    criterion = as_owner.post(_url("criterion-add", tender), {
        "name": "Klima", "kind": "climate", "weight": "20", "scoring": "Utslipp"})
    assert criterion.status_code == 400
    page = criterion.content.decode()
    assert 'value="Klima"' in page and 'value="20"' in page and "Utslipp" in page
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=60)
    bid = as_owner.post(_url("bid-add", tender), {
        "supplier": suppliers["b"].pk, "price": "0", "contact_name": "Berit",
        f"score_{quality.pk}": "abc", f"justification_{quality.pk}": "Mangler tall"})
    assert bid.status_code == 400
    page = bid.content.decode()
    assert 'value="0"' in page and 'value="Berit"' in page and 'value="abc"' in page
    assert "Mangler tall" in page
    _summary_and_fields(page, "price", f"score_{quality.pk}", "rejection_reason")
    assert not Bid.objects.exists()


def test_supplier_pages_for_the_registrant_others_and_administrators(client, owner,
                                                                     programme, suppliers):
    other_editor = make_user("frida@example.com")
    Membership.objects.create(programme=programme, user=other_editor,
                              role=Role.PROJECT_GROUP)
    supplier = suppliers["c"]
    client.force_login(other_editor)
    assert client.get(reverse("procurement:supplier-edit", args=[supplier.pk])
                      ).status_code == 403
    assert client.post(reverse("procurement:supplier-remove", args=[supplier.pk])
                       ).status_code == 403
    client.force_login(owner)
    bad = client.post(reverse("procurement:supplier-edit", args=[supplier.pk]), {
        "org_number": "123", "name": "Gamma Konsult AS", "contact_email": "feil",
        "experience": "Tre forstudier", "version": "1"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="123"' in page and 'value="feil"' in page and "Tre forstudier" in page
    _summary_and_fields(page, "org_number", "contact_email")
    ok = client.post(reverse("procurement:supplier-edit", args=[supplier.pk]), {
        "org_number": "971526157", "name": "Gamma Konsult AS", "contact_email":
        "post@gamma.example", "version": "1"})
    assert ok.status_code == 302
    assert Supplier.objects.get(pk=supplier.pk).contact_email == "post@gamma.example"
    admin = make_user("admin@example.com", is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("procurement:supplier-edit", args=[supplier.pk])
                      ).status_code == 200


def test_removing_a_supplier_with_bids_says_why_not(as_owner, scored_tender):
    supplier = scored_tender["a"].supplier
    # Said on the confirmation page, before anything is confirmed, with no remove button.
    confirm = as_owner.get(reverse("procurement:supplier-remove", args=[supplier.pk]))
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert "«Alfa Råd AS» kan ikke fjernes" in page
    assert "har levert tilbud i 1 konkurranse og kan ikke fjernes" in page
    assert "Vil du fjerne" not in page and ">Fjern</button>" not in page
    assert reverse("procurement:suppliers") in page
    assert reverse("procurement:supplier-edit", args=[supplier.pk]) in page
    response = as_owner.post(reverse("procurement:supplier-remove", args=[supplier.pk]))
    assert response.status_code == 302
    assert any("har levert tilbud i 1 konkurranse og kan ikke fjernes" in m
               for m in _messages(response))
    assert Supplier.objects.filter(pk=supplier.pk).exists()


def test_saving_without_changes_says_so(as_owner, unscored):
    tender, bid = unscored["tender"], unscored["bid"]
    response = as_owner.post(_url("bid-edit", tender, bid.pk), {
        "price": "200000", "qualified": "on", "version": "1",
        "received_on": bid.received_on.isoformat()})
    assert response.status_code == 302
    assert _messages(response) == ["Ingen endringer å lagre: alt var som før."]
    assert Bid.objects.get().version == 1


def test_requirement_edit_and_reason_forms_keep_typed_values(as_owner, owner, tender,
                                                             scored_tender):
    requirement = services.add_requirement(user=owner, tender=tender, text="Skatteattest")
    bad = as_owner.post(_url("requirement-edit", tender, requirement.pk), {
        "text": "", "documentation": "Attest fra Skatteetaten\x00", "version": "1"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Attest fra Skatteetaten" in page
    _summary_and_fields(page, "text", "documentation")
    pass_deadline(tender)
    services.award_tender(user=owner, tender=tender, bid=scored_tender["a"])
    reopen = as_owner.post(_url("award-reopen", tender), {
        "reason": "Feil\x00 i poengene", "version": "1"})
    assert reopen.status_code == 400
    assert "Feil" in reopen.content.decode() and "i poengene" in reopen.content.decode()
    _summary_and_fields(reopen.content.decode(), "reason")
    assert Tender.objects.get().status == "awarded"


def test_supplier_and_award_forms_keep_typed_values(as_owner, programme, closed_tender):
    bad = as_owner.post(reverse("procurement:suppliers"), {
        "org_number": "974760674", "name": "", "contact_name": "Anne Alfa",
        "contact_email": "anne@", "experience": "Ledet to forstudier"})
    assert bad.status_code == 400
    page = bad.content.decode()
    for typed in ('value="974760674"', 'value="Anne Alfa"', 'value="anne@"',
                  "Ledet to forstudier"):
        assert typed in page, typed
    _summary_and_fields(page, "org_number", "name", "contact_email")
    tender = closed_tender["tender"]
    award = as_owner.post(_url("award", tender), {"bid": str(closed_tender["b"].pk),
                                                  "reason": ""})
    assert award.status_code == 400
    page = award.content.decode()
    assert f'<option value="{closed_tender["b"].pk}" selected>' in page
    _summary_and_fields(page, "reason")
