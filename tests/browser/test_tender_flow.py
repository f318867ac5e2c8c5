import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, open_details
from tests.conftest import PASSWORD, make_user
from videreforing.accounts.models import Membership
from videreforing.procurement import services as procurement
from videreforing.procurement.models import Tender
from videreforing.programmes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tender_from_start_to_award(page, register):
    from datetime import date, timedelta

    user = make_user("styreleder@meloy.kommune.no")
    programme = services.create_programme(
        user=user, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    alfa = procurement.create_supplier(user=user, org_number="974760673", name="Alfa Råd AS")
    beta = procurement.create_supplier(user=user, org_number="988077917",
                                       name="Beta Analyse AS")

    log_in(page, user, PASSWORD)
    page.goto(f"/program/{programme.pk}/")
    page.get_by_role("navigation", name="Programmet").get_by_role(
        "link", name="Anskaffelser").click()
    assert_accessible(page)
    page.get_by_label("Beskrivelse av oppdraget").fill("Lede forstudiet og forprosjektet.")
    page.get_by_label("Anslått verdi (NOK eks. mva.)").fill("450000")
    page.get_by_role("button", name="Opprett konkurransen").click()
    expect(page.get_by_test_id("regime")).to_contain_text("Del I")
    assert_accessible(page)

    open_details(page, "Legg til kriterium")
    page.get_by_label("Navn", exact=True).fill("Pris")
    page.get_by_label("Type", exact=True).select_option("price")
    page.get_by_label("Vekt (%)").fill("40")
    page.get_by_label("Prismodell (bare for pris)").select_option("linear")
    page.get_by_role("button", name="Legg til kriterium").click()
    expect(page.get_by_test_id("weight-sum")).to_have_text("40 %")
    open_details(page, "Legg til kriterium")
    page.get_by_label("Navn", exact=True).fill("Kompetanse")
    page.get_by_label("Type", exact=True).select_option("quality")
    page.get_by_label("Vekt (%)").fill("60")
    page.get_by_role("button", name="Legg til kriterium").click()
    expect(page.get_by_test_id("weight-sum")).to_have_text("100 %")

    for supplier, price, score in ((alfa, "200000", "8"), (beta, "250000", "9")):
        open_details(page, "Registrer tilbud")
        expect(page.get_by_label("Leverandør", exact=True).locator("option").first
               ).to_have_text("Velg leverandør")
        page.get_by_label("Leverandør", exact=True).select_option(str(supplier.pk))
        page.get_by_label("Evaluert pris (NOK eks. mva.)").fill(price)
        page.get_by_label("Poeng for Kompetanse (0–10)").fill(score)
        page.get_by_label("Begrunnelse for poengene (Kompetanse)").fill("Vurdert i intervju")
        if supplier == alfa:
            page.get_by_label("Prosessleders e-post").fill("anne@alfa.example")
        page.get_by_role("button", name="Registrer tilbudet").click()
        expect(page.get_by_text(f"Tilbudet fra «{supplier.name}» er registrert.")
               ).to_be_visible()

    ranking = page.get_by_test_id("ranking")
    expect(ranking).to_contain_text("Alfa Råd AS")
    expect(ranking.locator("tbody tr").first).to_contain_text("8,80")
    assert_accessible(page)
    # No award before the tender deadline (issue 9): the page says when it becomes
    # possible. The deadline is registered as yesterday, and then it may be awarded.
    expect(page.get_by_test_id("award-when")).to_contain_text("ingen tilbudsfrist")
    expect(page.get_by_role("button", name="Gå videre til tildelingen")).to_have_count(0)
    open_details(page, "Endre opplysningene om konkurransen")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label(re.compile(r"^Tilbudsfrist")).fill(yesterday.isoformat())
    page.get_by_role("button", name="Lagre", exact=True).click()
    expect(page.get_by_text("Konkurransen er lagret.")).to_be_visible()
    expect(page.get_by_test_id("award-when")).to_have_count(0)
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

    tender = Tender.objects.get(programme=programme)
    assert tender.winner.supplier == alfa and tender.status == "awarded"
    assert Membership.objects.get(programme=programme,
                                  user__email="anne@alfa.example").role == "process_leader"
    with page.expect_download() as download:
        page.get_by_role("link", name="Anskaffelsesprotokoll (Word)").click()
    assert download.value.suggested_filename == f"anskaffelsesprotokoll-{tender.pk}.docx"
