import pytest
from django.urls import reverse

from videreforing.procurement.models import AwardCriterion, Bid, Supplier, Tender

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client


def test_create_tender_page_shows_the_rules(as_owner, programme):
    response = as_owner.post(reverse("procurement:list", args=[programme.pk]), {
        "title": "Prosessleder", "estimated_value": "1500000", "procedure": "open"})
    tender = Tender.objects.get()
    assert response.status_code == 302
    page = as_owner.get(response["Location"]).content.decode()
    assert tender.regime == "part_2"
    assert "Del II gjelder: konkurransen skal kunngjøres i Doffin (P-NAT)." in page
    assert "Ingen fast minstefrist" in page


def test_bad_value_is_reported_at_the_field(as_owner, programme):
    response = as_owner.post(reverse("procurement:list", args=[programme.pk]), {
        "title": "", "estimated_value": "-5", "procedure": "open"})
    assert response.status_code == 400
    assert {"title", "estimated_value"} <= set(response.context["form"].errors)
    assert not Tender.objects.exists()


def test_criterion_over_100_percent_is_refused_on_page(as_owner, tender, owner):
    url = reverse("procurement:criterion-add", args=[tender.programme_id, tender.pk])
    as_owner.post(url, {"name": "Pris", "kind": "price", "weight": "70"})
    response = as_owner.post(url, {"name": "Kvalitet", "kind": "quality", "weight": "40"})
    assert response.status_code == 400
    assert "110 %" in response.context["criterion_form"].errors["weight"][0]
    assert AwardCriterion.objects.count() == 1


def test_supplier_register_page_validates_org_number(as_owner, programme):
    response = as_owner.post(reverse("procurement:suppliers"), {"org_number": "123",
                                                                "name": "X"})
    assert response.status_code == 400
    assert "org_number" in response.context["form"].errors
    response = as_owner.post(reverse("procurement:suppliers"), {"org_number": "974760673",
                                                                "name": "Alfa AS"})
    assert response.status_code == 302
    assert Supplier.objects.get().name == "Alfa AS"


@pytest.mark.parametrize("who", ["reader", "adviser", "outsider"])
def test_only_editors_write_to_the_supplier_register(client, request, programme, who):
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("procurement:suppliers"))
    assert page.status_code == 200
    assert 'data-testid="register-read-only"' in page.content.decode()
    response = client.post(reverse("procurement:suppliers"), {"org_number": "974760673",
                                                              "name": "Alfa AS"})
    assert response.status_code == 403
    assert not Supplier.objects.exists()


def test_bid_page_and_award_with_documents(as_owner, closed_tender):
    tender = closed_tender["tender"]
    pid = tender.programme_id
    page = as_owner.get(reverse("procurement:tender", args=[pid, tender.pk])).content.decode()
    assert "Hvor robust er vinneren?" in page
    assert "8,80" in page and "8,40" in page
    response = as_owner.post(reverse("procurement:award", args=[pid, tender.pk]),
                             {"bid": str(closed_tender["b"].pk), "reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["award_form"].errors
    as_owner.post(reverse("procurement:award", args=[pid, tender.pk]),
                  {"bid": str(closed_tender["a"].pk)})
    tender.refresh_from_db()
    assert tender.winner == closed_tender["a"]
    pdf = as_owner.get(reverse("procurement:record-pdf", args=[pid, tender.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    letter = as_owner.get(reverse("procurement:award-letter",
                                  args=[pid, tender.pk, closed_tender["b"].pk]))
    assert letter.status_code == 200 and letter.content.startswith(b"PK")


def test_a_score_without_justification_is_refused_on_the_page(as_owner, tender, suppliers,
                                                              owner):
    from videreforing.procurement import services
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=100)
    url = reverse("procurement:bid-add", args=[tender.programme_id, tender.pk])
    response = as_owner.post(url, {"supplier": suppliers["a"].pk, "price": "300000",
                                   "qualified": "on", f"score_{quality.pk}": "7"})
    assert response.status_code == 400
    assert f"justification_{quality.pk}" in response.context["bid_form"].errors
    assert not Bid.objects.exists()


def test_disqualifying_on_the_page_needs_a_reason(as_owner, tender, suppliers):
    url = reverse("procurement:bid-add", args=[tender.programme_id, tender.pk])
    response = as_owner.post(url, {"supplier": suppliers["a"].pk, "price": "300000"})
    assert response.status_code == 400
    assert "rejection_reason" in response.context["bid_form"].errors
    assert not Bid.objects.exists()


def test_registering_a_bid_on_the_page(as_owner, tender, suppliers, owner):
    from videreforing.procurement import services
    quality = services.add_criterion(user=owner, tender=tender, name="Kvalitet",
                                     kind="quality", weight=100)
    url = reverse("procurement:bid-add", args=[tender.programme_id, tender.pk])
    response = as_owner.post(url, {"supplier": suppliers["a"].pk, "price": "300000",
                                   "qualified": "on", f"score_{quality.pk}": "7",
                                   f"justification_{quality.pk}": "Solid"})
    assert response.status_code == 302
    bid = Bid.objects.get()
    assert bid.scores.get().score == 7 and bid.scores.get().justification == "Solid"
