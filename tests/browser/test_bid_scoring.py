"""Issue 8: a bid registered without scores is scored afterwards on its edit page, then
the tender is evaluated and awarded (Chromium, axe)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, open_details
from tests.conftest import PASSWORD, make_user
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services as procurement
from videreforing.procurement.models import BidScore, Tender
from videreforing.programmes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bid_without_scores_is_scored_later_evaluated_and_awarded(page, register):
    user = make_user("styreleder@meloy.kommune.no")
    programme = services.create_programme(
        user=user, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    alfa = procurement.create_supplier(user=user, org_number="974760673", name="Alfa Råd AS")
    beta = procurement.create_supplier(user=user, org_number="988077917",
                                       name="Beta Analyse AS")
    tender = procurement.create_tender(user=user, programme=programme, title="Prosessleder",
                                       estimated_value=450_000)
    procurement.add_criterion(user=user, tender=tender, name="Pris", kind="price", weight=40)
    procurement.add_criterion(user=user, tender=tender, name="Kompetanse", kind="quality",
                              weight=60)
    # The deadline passed yesterday: bids are registered and the award is possible.
    Tender.objects.filter(pk=tender.pk).update(
        tender_deadline=timezone.localdate() - timedelta(days=1))

    log_in(page, user, PASSWORD)
    page.goto(f"/program/{programme.pk}/anskaffelser/{tender.pk}/")
    for supplier, price in ((alfa, "200000"), (beta, "250000")):
        open_details(page, "Registrer tilbud")
        page.get_by_label("Leverandør", exact=True).select_option(str(supplier.pk))
        page.get_by_label("Evaluert pris (NOK eks. mva.)").fill(price)
        page.get_by_role("button", name="Registrer tilbudet").click()
        expect(page.get_by_text(f"Tilbudet fra «{supplier.name}» er registrert.")
               ).to_be_visible()
        expect(page.get_by_text("Tilbudet mangler poeng på «Kompetanse»")).to_be_visible()
    expect(page.get_by_text("«Alfa Råd AS» mangler poeng på «Kompetanse»")).to_be_visible()
    assert_accessible(page)

    for name, score in (("Alfa Råd AS", "8"), ("Beta Analyse AS", "9")):
        page.get_by_role("link", name=f"Endre tilbudet fra {name}").click()
        expect(page.get_by_role("heading", name=f"Endre tilbudet fra {name}")).to_be_visible()
        if name == "Alfa Råd AS":
            # A mistake first: every typed value stays, the summary takes focus.
            page.get_by_label("Poeng for Kompetanse (0–10)").fill("11")
            page.get_by_label("Begrunnelse for poengene (Kompetanse)").fill("Vurdert i intervju")
            page.get_by_label("Prosessleders e-post").fill("anne@alfa.example")
            page.get_by_role("button", name="Lagre tilbudet").click()
            expect(page.locator(".ds-error-summary")).to_be_focused()
            expect(page.get_by_label("Poeng for Kompetanse (0–10)")).to_have_value("11")
            expect(page.get_by_label("Prosessleders e-post")).to_have_value(
                "anne@alfa.example")
            assert_accessible(page)
        page.get_by_label("Poeng for Kompetanse (0–10)").fill(score)
        page.get_by_label("Begrunnelse for poengene (Kompetanse)").fill("Vurdert i intervju")
        page.get_by_role("button", name="Lagre tilbudet").click()
        expect(page.get_by_text(f"Tilbudet fra «{name}» er lagret.")).to_be_visible()

    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr").first).to_contain_text("Alfa Råd AS")
    expect(ranking.locator("tbody tr").first).to_contain_text("8,80")
    assert_accessible(page)
    page.get_by_role("button", name="Gå videre til tildelingen").click()
    # The confirmation says what will happen before anything is done.
    expect(page.get_by_role("heading", name="Tildele oppdraget til Alfa Råd AS?")
           ).to_be_visible()
    expect(page.get_by_test_id("award-leader")).to_contain_text(
        "anne@alfa.example, prosesslederen som tilbudet oppgir, får tilgang")
    assert Tender.objects.get(programme=programme).status == "draft"
    assert_accessible(page)
    page.get_by_role("button", name="Tildel oppdraget").click()
    expect(page.get_by_test_id("winner")).to_contain_text("Alfa Råd AS")
    expect(page.get_by_text("Prosesslederen som tilbudet oppgir (anne@alfa.example), er "
                            "lagt til som prosessleder")).to_be_visible()
    assert_accessible(page)

    tender = Tender.objects.get(pk=tender.pk)
    assert tender.status == "awarded" and tender.winner.supplier == alfa
    assert BidScore.objects.count() == 2
    assert AuditEntry.objects.filter(action="procurement.bid.updated").count() == 2
