"""What the tester found after issue 8: the award gave access to an address nobody typed
as process leader and had no confirmation step; a supplier that cannot be removed was
only said to be so after the confirmation; doubled "(valgfritt)"; Django's "---------";
telephone numbers like "xxxx"."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from tests.conftest import make_user
from tests.procurement.helpers import pass_deadline
from videreforing.accounts.models import Membership
from videreforing.accounts.roles import Role
from videreforing.audit.models import AuditEntry
from videreforing.lib.errors import DomainError
from videreforing.procurement import services
from videreforing.procurement.forms import AwardForm, BidForm, SuggestionForm
from videreforing.procurement.models import Supplier, Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def _url(name, tender, *args):
    return reverse(f"procurement:{name}", args=[tender.programme_id, tender.pk, *args])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def no_contact(owner, tender, suppliers):
    """A bid registered with "Prosessleders e-post" empty, from a supplier whose register
    entry has a general mailbox (post@beta.example)."""
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=100)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["b"],
                                price=100_000)
    assert bid.contact_email == "" and suppliers["b"].contact_email == "post@beta.example"
    return {"tender": pass_deadline(tender), "bid": bid}


# ---------------------------------------------------------------- 1. only the bid's own


def test_the_supplier_registers_mailbox_is_never_made_process_leader(
        owner, programme, no_contact, django_capture_on_commit_callbacks):
    members = set(programme.memberships.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        tender = services.award_tender(user=owner, tender=no_contact["tender"],
                                       bid=no_contact["bid"])
    assert tender.status == "awarded" and tender.leader.kind == "none"
    assert set(programme.memberships.values_list("pk", flat=True)) == members
    assert not Membership.objects.filter(user__email__iexact="post@beta.example").exists()
    assert mail.outbox == []
    entry = AuditEntry.objects.get(action="procurement.tender.awarded")
    assert entry.data["process_leader"] is None
    assert entry.data["process_leader_outcome"] == "none"


def test_the_bids_own_process_leader_gets_access_and_one_email(
        owner, programme, closed_tender, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                       bid=closed_tender["a"])
    assert (tender.leader.kind, tender.leader.email) == ("added", "anne@alfa.example")
    assert programme.memberships.get(user__email="anne@alfa.example").role == (
        Role.PROCESS_LEADER)
    assert [m.to for m in mail.outbox] == [["anne@alfa.example"]]


def test_award_page_without_contact_adds_nobody_and_says_how_to_add(
        as_owner, programme, no_contact, django_capture_on_commit_callbacks):
    tender, bid = no_contact["tender"], no_contact["bid"]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(_url("award", tender), {"bid": str(bid.pk),
                                                         "step": "confirm"})
    assert response.status_code == 302
    said = _messages(response)
    assert "Oppdraget er tildelt Beta Analyse AS." in said
    assert any(m.startswith("Ingen er lagt til som prosessleder, og ingen har fått e-post")
               and "«Personer»" in m for m in said)
    assert not any("post@beta.example" in m for m in said)
    assert not programme.memberships.filter(role=Role.PROCESS_LEADER).exists()
    assert mail.outbox == []


def test_api_award_without_contact_adds_nobody(owner, programme, no_contact, client,
                                               token_for, django_capture_on_commit_callbacks):
    tender, bid = no_contact["tender"], no_contact["bid"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/tenders/{tender.pk}/award", {"bid": bid.pk},
                               content_type="application/json", **token_for(owner))
    assert response.status_code == 200
    assert response.json()["process_leader"] == {"outcome": "none", "email": None}
    assert not Membership.objects.filter(user__email__iexact="post@beta.example").exists()
    assert mail.outbox == []


# ---------------------------------------------------------------- 2. confirmation


def test_the_tender_page_form_goes_through_the_confirmation(as_owner, closed_tender):
    tender = closed_tender["tender"]
    page = as_owner.get(_url("tender", tender)).content.decode()
    assert 'name="step" value="review"' in page
    response = as_owner.post(_url("award", tender), {"bid": str(closed_tender["a"].pk),
                                                     "reason": "", "step": "review"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tildele oppdraget til Alfa Råd AS?" in page
    assert "Nr. 1 av 2 tilbud i evalueringen" in page
    assert ("anne@alfa.example, prosesslederen som tilbudet oppgir, får tilgang til "
            "programmet som prosessleder og får en e-post om tilgangen.") in page
    assert 'name="step" value="confirm"' in page
    # Nothing is done before the confirmation.
    assert Tender.objects.get().status == "draft"
    assert not Membership.objects.filter(user__email="anne@alfa.example").exists()
    assert not AuditEntry.objects.filter(action="procurement.tender.awarded").exists()
    assert mail.outbox == []


def test_confirming_awards(as_owner, programme, closed_tender,
                           django_capture_on_commit_callbacks):
    tender = closed_tender["tender"]
    with django_capture_on_commit_callbacks(execute=True):
        response = as_owner.post(_url("award", tender), {
            "bid": str(closed_tender["a"].pk), "reason": "", "step": "confirm"})
    assert response.status_code == 302
    tender.refresh_from_db()
    assert tender.status == "awarded" and tender.winner == closed_tender["a"]
    assert programme.memberships.get(user__email="anne@alfa.example").role == (
        Role.PROCESS_LEADER)
    assert len(mail.outbox) == 1


def test_confirmation_page_for_a_bid_without_contact_says_nobody_gets_access(
        as_owner, programme, no_contact):
    tender, bid = no_contact["tender"], no_contact["bid"]
    response = as_owner.get(_url("award", tender), {"bid": str(bid.pk)})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Ingen får tilgang og ingen får e-post: tilbudet oppgir ingen e-postadresse for "
            "prosesslederen.") in page
    assert reverse("programmes:people", args=[programme.pk]) in page
    assert "post@beta.example" not in page
    assert Tender.objects.get().status == "draft"


def test_confirmation_page_shows_the_reason_and_a_changed_role(as_owner, owner, programme,
                                                                closed_tender):
    anne = make_user("anne@alfa.example")
    Membership.objects.create(programme=programme, user=anne, role=Role.OBSERVER)
    tender = closed_tender["tender"]
    b = closed_tender["b"]
    b_with_contact = services.update_bid(user=owner, bid=b, contact_email="anne@alfa.example")
    response = as_owner.post(_url("award", tender), {
        "bid": str(b_with_contact.pk), "reason": "Bedre lokalkunnskap", "step": "review"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nr. 2 av 2" in page and "ikke rangert først" in page
    assert "Bedre lokalkunnskap" in page and 'value="Bedre lokalkunnskap"' in page
    assert ("anne@alfa.example er allerede med i programmet som observatør og blir "
            "prosessleder. Det sendes ingen e-post.") in page
    assert Membership.objects.get(user=anne).role == Role.OBSERVER


def test_review_without_a_needed_reason_goes_back_with_the_error(as_owner, closed_tender):
    tender = closed_tender["tender"]
    response = as_owner.post(_url("award", tender), {"bid": str(closed_tender["b"].pk),
                                                     "reason": "", "step": "review"})
    assert response.status_code == 400
    assert "reason" in response.context["award_form"].errors
    page = response.content.decode()
    assert f'<option value="{closed_tender["b"].pk}" selected>' in page
    assert 'id="reason-error"' in page
    assert Tender.objects.get().status == "draft"


def test_award_url_without_a_choice_goes_to_the_tender_page(as_owner, closed_tender):
    tender = closed_tender["tender"]
    response = as_owner.get(_url("award", tender))
    assert response.status_code == 302
    assert response["Location"].startswith(_url("tender", tender))


def _long(day) -> str:
    return date_format(day, "j. F Y")


@pytest.mark.parametrize("days", [0, 3])
def test_before_the_deadline_the_award_is_refused(as_owner, owner, scored_tender, client,
                                                  token_for, days):
    """Issue 9, point 5: no award before the tender deadline (on the deadline day
    itself bids may still come in): refused on the confirmation page, on confirming, in
    the service and in the API (409 deadline_not_passed); nothing stored."""
    tender = scored_tender["tender"]
    deadline = timezone.localdate() + timedelta(days=days)
    Tender.objects.filter(pk=tender.pk).update(tender_deadline=deadline)
    tender.refresh_from_db()
    said = (f"Tilbudsfristen er {_long(deadline)}; tildeling er mulig fra "
            f"{_long(deadline + timedelta(days=1))}.")
    bid = str(scored_tender["a"].pk)

    page = as_owner.get(_url("tender", tender)).content.decode()
    assert 'data-testid="award-when"' in page
    assert f"Oppdraget kan tildeles fra {_long(deadline + timedelta(days=1))}" in page
    assert 'name="step" value="review"' not in page  # no award form before the deadline

    for data in ({"bid": bid, "step": "review"}, {"bid": bid, "step": "confirm"}):
        response = as_owner.post(_url("award", tender), data)
        assert response.status_code == 409
        page = response.content.decode()
        assert said in page and 'data-testid="award-confirm"' not in page
    response = as_owner.get(_url("award", tender), {"bid": bid})
    assert response.status_code == 409 and said in response.content.decode()

    with pytest.raises(DomainError) as refused:
        services.award_tender(user=owner, tender=tender, bid=scored_tender["a"])
    assert refused.value.code == "deadline_not_passed"
    response = client.post(f"/api/v1/tenders/{tender.pk}/award", {"bid": int(bid)},
                           content_type="application/json", **token_for(owner))
    assert response.status_code == 409
    assert response.json()["code"] == "deadline_not_passed"
    assert said in response.json()["detail"]
    got = client.get(f"/api/v1/tenders/{tender.pk}", **token_for(owner)).json()
    assert got["award_possible_from"] == (deadline + timedelta(days=1)).isoformat()

    tender.refresh_from_db()
    assert tender.status == "draft" and tender.winner is None and tender.version == 1
    assert not AuditEntry.objects.filter(action="procurement.tender.awarded").exists()


def test_without_a_deadline_the_award_is_refused(as_owner, owner, scored_tender):
    tender = scored_tender["tender"]
    Tender.objects.filter(pk=tender.pk).update(tender_deadline=None)
    tender.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        services.award_tender(user=owner, tender=tender, bid=scored_tender["a"])
    assert refused.value.code == "deadline_not_passed"
    page = as_owner.get(_url("tender", tender)).content.decode()
    assert "Konkurransen har ingen tilbudsfrist." in page
    assert Tender.objects.get().status == "draft"


def test_the_day_after_the_deadline_the_award_is_possible(as_owner, owner, scored_tender):
    tender = scored_tender["tender"]
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))
    page = as_owner.get(_url("tender", tender)).content.decode()
    assert 'data-testid="award-when"' not in page and 'value="review"' in page
    page = as_owner.get(_url("award", tender), {"bid": str(scored_tender["a"].pk)}
                        ).content.decode()
    assert 'data-testid="award-confirm"' in page
    assert services.award_tender(user=owner, tender=Tender.objects.get(),
                                 bid=scored_tender["a"]).status == "awarded"


def test_read_only_member_cannot_see_the_confirmation(client, reader, outsider,
                                                      closed_tender):
    tender = closed_tender["tender"]
    client.force_login(reader)
    assert client.get(_url("award", tender), {"bid": str(closed_tender["a"].pk)}
                      ).status_code == 403
    client.force_login(outsider)
    assert client.get(_url("award", tender), {"bid": str(closed_tender["a"].pk)}
                      ).status_code == 404


# ---------------------------------------------------------------- 3. supplier removal


def test_a_removable_supplier_is_asked_about(as_owner, programme, suppliers):
    supplier = suppliers["c"]
    page = as_owner.get(reverse("procurement:supplier-remove", args=[supplier.pk])
                        ).content.decode()
    assert "Vil du fjerne «Gamma Konsult AS» (971526157)" in page
    assert ">Fjern</button>" in page


def test_a_suggested_supplier_is_said_up_front(as_owner, adviser, programme, suppliers):
    services.suggest_supplier(user=adviser, programme=programme, supplier=suppliers["c"])
    page = as_owner.get(reverse("procurement:supplier-remove", args=[suppliers["c"].pk])
                        ).content.decode()
    assert "er foreslått for 1 program og kan ikke fjernes" in page
    assert "Vil du fjerne" not in page and ">Fjern</button>" not in page
    assert Supplier.objects.filter(pk=suppliers["c"].pk).exists()


# ---------------------------------------------------------------- 4. and 5. labels


def _label(page: str, field: str) -> str:
    start = page.index(f'for="id_{field}"')
    return page[start:page.index("</label>", start)]


def test_no_doubled_optional_marker(as_owner, owner, unscored_bid):
    tender, bid, quality = unscored_bid
    page = as_owner.get(_url("bid-remove", tender, bid.pk)).content.decode()
    assert "Hvorfor fjernes tilbudet? <span" in page
    assert page.count("(valgfritt)") == 1
    edit = as_owner.get(_url("bid-edit", tender, bid.pk)).content.decode()
    label = _label(edit, f"justification_{quality.pk}")
    assert "(kreves når du gir poeng)" in label and "valgfritt" not in label
    assert "(valgfritt)" in _label(edit, f"score_{quality.pk}")
    label = _label(edit, "rejection_reason")
    assert "(kreves når tilbudet avvises eller leverandøren ikke er kvalifisert)" in label
    assert "valgfritt" not in label
    criterion = as_owner.get(_url("criterion-edit", tender, quality.pk)).content.decode()
    label = _label(criterion, "climate_exception")
    assert "Begrunnelse for unntak fra klimakravet" in label
    assert "(kreves når klima og miljø vektes under 30 %)" in label
    assert "valgfritt" not in label


def test_award_reason_label_says_when_it_is_needed(as_owner, closed_tender):
    page = as_owner.get(_url("tender", closed_tender["tender"])).content.decode()
    label = _label(page, "reason")
    assert "Begrunnelse <span" in label
    assert "(kreves hvis et annet tilbud enn nr. 1 velges)" in label
    assert "valgfritt" not in label
    field = AwardForm().fields["reason"]
    assert not field.required  # still optional for rank 1


def test_no_procurement_label_carries_its_own_optional_marker(closed_tender):
    criteria = list(closed_tender["tender"].criteria.all())
    for form in (BidForm(criteria=criteria), AwardForm(), SuggestionForm()):
        for field in form.fields.values():
            assert "valgfritt" not in str(field.label), field.label


def test_supplier_dropdowns_have_a_norwegian_empty_label(as_owner, closed_tender):
    assert BidForm().fields["supplier"].empty_label == "Velg leverandør"
    assert SuggestionForm().fields["supplier"].empty_label == "Velg leverandør"
    page = as_owner.get(_url("tender", closed_tender["tender"])).content.decode()
    assert '<option value="" selected>Velg leverandør</option>' in page
    assert "---------" not in page


@pytest.fixture
def unscored_bid(owner, tender, suppliers):
    services.add_criterion(user=owner, tender=tender, name="Pris", kind="price", weight=40)
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=60)
    bid = services.register_bid(user=owner, tender=tender, supplier=suppliers["a"],
                                price=200_000)
    return tender, bid, quality


# ---------------------------------------------------------------- 6. telephone numbers


@pytest.mark.parametrize("phone", ["xxxx", "1234567", "22 33 44 5x", "+47 22#33 44 55",
                                   "1234567890123456"])
def test_a_wrong_phone_number_is_refused_by_the_service(owner, phone):
    with pytest.raises(ValidationError) as exc:
        services.create_supplier(user=owner, org_number="974760673", name="Alfa AS",
                                 contact_phone=phone)
    assert "8 til 15 siffer" in exc.value.message_dict["contact_phone"][0]
    assert not Supplier.objects.exists()


@pytest.mark.parametrize("phone", ["22334455", "+47 22 33 44 55", "(0047) 22-33-44-55", ""])
def test_a_right_phone_number_is_stored(owner, phone):
    supplier = services.create_supplier(user=owner, org_number="974760673", name="Alfa AS",
                                        contact_phone=phone)
    assert supplier.contact_phone == phone


def test_a_wrong_phone_number_on_the_page_keeps_what_was_typed(as_owner, programme,
                                                               suppliers):
    bad = as_owner.post(reverse("procurement:suppliers"), {
        "org_number": "986429557", "name": "Delta AS", "contact_phone": "xxxx"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="xxxx"' in page and 'id="contact_phone-error"' in page
    assert "8 til 15 siffer" in page
    assert not Supplier.objects.filter(name="Delta AS").exists()
    supplier = suppliers["c"]
    edit = as_owner.post(reverse("procurement:supplier-edit", args=[supplier.pk]), {
        "org_number": supplier.org_number, "name": supplier.name, "contact_phone": "abc",
        "version": "1"})
    assert edit.status_code == 400 and 'id="contact_phone-error"' in edit.content.decode()
    assert Supplier.objects.get(pk=supplier.pk).contact_phone == ""


def test_a_wrong_phone_number_in_the_api_is_422(client, owner, programme, token_for,
                                                suppliers):
    headers = token_for(owner)
    created = client.post("/api/v1/suppliers", {"org_number": "986429557", "name": "Delta",
                                                "contact_phone": "xxxx"},
                          content_type="application/json", **headers)
    assert created.status_code == 422 and "contact_phone" in created.content.decode()
    patched = client.patch(f"/api/v1/suppliers/{suppliers['c'].pk}",
                           {"contact_phone": "12"}, content_type="application/json",
                           **headers)
    assert patched.status_code == 422 and "contact_phone" in patched.content.decode()
    assert Supplier.objects.get(pk=suppliers["c"].pk).contact_phone == ""
    assert not Supplier.objects.filter(name="Delta").exists()


def test_review_of_an_awarded_tender_says_it_is_closed(as_owner, owner, closed_tender):
    tender = services.award_tender(user=owner, tender=closed_tender["tender"],
                                   bid=closed_tender["a"])
    response = as_owner.post(_url("award", tender), {"bid": str(closed_tender["b"].pk),
                                                     "reason": "Annen", "step": "review"})
    assert response.status_code == 302
    assert "Konkurransen er avsluttet og kan ikke endres." in _messages(response)
    assert Tender.objects.get().winner == closed_tender["a"]
