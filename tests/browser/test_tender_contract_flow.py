"""A part II tender from the announcement to the signed contract in the browser (issue 9,
point 5): announce, award with the date it was decided, send the notice after a
confirmation, wait out the standstill, record the contract; axe on every page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD, make_user
from videreforing.accounts.models import Membership
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services as procurement
from videreforing.procurement.models import Contract, StandstillPeriod, Tender
from videreforing.programmes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def test_part_2_tender_from_announcement_to_signed_contract(page, register):
    from datetime import date

    # The standstill lengths a migration seeds (a flush between transactional tests
    # empties them; the shared fixture loads only the older data).
    for regime in ("part_2", "part_3"):
        StandstillPeriod.objects.get_or_create(regime=regime, valid_from=None,
                                               defaults={"days": 10})
    user = make_user("styreleder@meloy.kommune.no")
    programme = services.create_programme(
        user=user, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    alfa = procurement.create_supplier(user=user, org_number="974760673", name="Alfa Råd AS")
    beta = procurement.create_supplier(user=user, org_number="988077917",
                                       name="Beta Analyse AS")
    tender = procurement.create_tender(
        user=user, programme=programme, title="Ekstern prosessleder",
        estimated_value=2_000_000, tender_deadline=timezone.localdate() + timedelta(days=30))
    assert tender.regime == "part_2"
    procurement.add_criterion(user=user, tender=tender, name="Pris", kind="price",
                              weight=40, price_model="linear")
    quality = procurement.add_criterion(user=user, tender=tender, name="Kompetanse",
                                        kind="quality", weight=60)
    # The deadline ran out 40 days ago (set after the criteria, which lock with it).
    Tender.objects.filter(pk=tender.pk).update(tender_deadline=_ago(40))
    tender_url = f"/program/{programme.pk}/anskaffelser/{tender.pk}/"

    log_in(page, user, PASSWORD)
    page.goto(tender_url)
    expect(page.get_by_test_id("state-text")).to_have_text("Under forberedelse")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Under forberedelse")
    assert_accessible(page)

    # 1. The announcement: 60 days ago, in Doffin (required, so already ticked).
    doffin = page.get_by_role("group", name="Kunngjort i").get_by_label("Doffin")
    expect(doffin).to_be_checked()
    page.get_by_label("Kunngjort", exact=True).fill(_ago(60).isoformat())
    page.get_by_label(re.compile(r"^Kunngjøringsnummer")).fill("2026-104211")
    page.get_by_role("button", name="Registrer kunngjøringen").click()
    expect(page.get_by_text("Kunngjøringen er registrert.")).to_be_visible()
    expect(page.get_by_test_id("announced")).to_contain_text(
        f"Kunngjort i Doffin {date_format(_ago(60), 'j. F Y')} (kunngjøringsnummer 2026-104211).")
    assert_accessible(page)
    tender.refresh_from_db()
    assert tender.status == "announced" and tender.announcement_channels == ["doffin"]

    # 2. The bids, registered and scored through the services.
    procurement.register_bid(user=user, tender=tender, supplier=alfa, price=200_000,
                             scores={quality.pk: (8, "God erfaring")},
                             contact_name="Anne Alfa", contact_email="anne@alfa.example")
    procurement.register_bid(user=user, tender=tender, supplier=beta, price=250_000,
                             scores={quality.pk: (7, "Noe erfaring")})
    page.reload()
    expect(page.get_by_test_id("state-text")).to_have_text("Tilbudene er evaluert")

    # 3. The award, decided 30 days ago.
    page.get_by_role("button", name="Gå videre til tildelingen").click()
    expect(page.get_by_role("heading", name="Tildele oppdraget til Alfa Råd AS?")
           ).to_be_visible()
    page.get_by_label(re.compile(r"^Tildelingen ble besluttet")).fill(_ago(30).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Tildel oppdraget").click()
    expect(page.get_by_test_id("winner")).to_contain_text("Alfa Råd AS")
    expect(page.get_by_test_id("state-text")).to_have_text("Tildeling besluttet")
    expect(page.get_by_test_id("notice-plan")).to_contain_text("karensperioden på 10 dager")
    assert_accessible(page)
    tender.refresh_from_db()
    assert tender.awarded_on == _ago(30)

    # 4. The notice, sent 20 days ago: its 10-day standstill is over.
    page.get_by_label("Meddelelsen sendes", exact=True).fill(_ago(20).isoformat())
    expect(page.get_by_label(re.compile(r"^Det valgte tilbudets relative fordeler"))
           ).to_have_value(re.compile("Pris: best"))
    page.get_by_role("button", name="Gå videre til meddelelsen").click()
    expect(page.get_by_role("heading", name="Sende meddelelsen om tildelingen?")
           ).to_be_visible()
    recipients = page.get_by_test_id("notice-recipients")
    expect(recipients).to_contain_text("Alfa Råd AS (valgt): anne@alfa.example")
    expect(recipients).to_contain_text("Beta Analyse AS: ingen e-postadresse")
    expect(page.get_by_test_id("notice-without-email")).to_contain_text("Beta Analyse AS")
    assert_accessible(page)
    page.get_by_role("button", name="Send meddelelsen").click()
    expect(page.get_by_text("Meddelelsen om tildelingen er registrert og sendes på e-post "
                            "til 1 leverandør.")).to_be_visible()
    expect(page.get_by_test_id("notice-dates")).to_contain_text(
        f"til og med {date_format(_ago(10), 'j. F Y')}")
    expect(page.get_by_test_id("state-text")).to_have_text("Meddelelse sendt")
    assert_accessible(page)

    # 5. The signed contract, today; its contact person is the process leader.
    expect(page.get_by_label("Kontaktpersonens e-post")).to_have_value("anne@alfa.example")
    expect(page.get_by_label("Kontraktsverdi (NOK eks. mva.)")).to_have_value("200000")
    page.get_by_label("Signert", exact=True).fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Registrer signert kontrakt").click()
    expect(page.get_by_test_id("state-text")).to_have_text("Kontrakt signert")
    expect(page.get_by_text("Den signerte kontrakten er registrert. anne@alfa.example var "
                            "allerede prosessleder i programmet.")).to_be_visible()
    expect(page.get_by_test_id("contract")).to_contain_text("Anne Alfa, anne@alfa.example")
    expect(page.locator('[aria-current="step"]')).to_contain_text("Kontrakt signert")
    expect(page.get_by_role("link", name="Gjenåpne tildelingen")).to_have_count(0)
    assert_accessible(page)

    contract = Contract.objects.get(tender=tender)
    assert contract.signed_on == timezone.localdate() and contract.value == 200_000
    assert Membership.objects.get(programme=programme,
                                  user__email="anne@alfa.example").role == "process_leader"
    assert [e.action for e in AuditEntry.objects.filter(
        action__in=["procurement.tender.announced", "procurement.tender.awarded",
                    "procurement.tender.notice_sent", "procurement.contract.signed"]
    ).order_by("pk")] == ["procurement.tender.announced", "procurement.tender.awarded",
                          "procurement.tender.notice_sent", "procurement.contract.signed"]
