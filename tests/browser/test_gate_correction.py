"""A mistyped gate decision is corrected with a reason, then withdrawn: the phase
reopens and the history says what happened; then the start itself is taken back
(issue 8, point 3)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD, make_user
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services
from videreforing.programmes.models import GateDecision

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_correct_then_withdraw_a_gate_decision(page, register):
    user = make_user("leder@meloy.kommune.no", first_name="Kari")
    programme = services.create_programme(
        user=user, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    services.start_phase(user=user, programme=programme, kind="pre_study",
                         started_on=date(2024, 1, 10))
    services.record_gate_decision(
        user=user, programme=programme, kind="pre_study", deciding_body="restructuring_board",
        decided_on=date(2024, 5, 2), outcome="approved", case_number="2024/12")
    log_in(page, user, PASSWORD)

    page.goto(f"/program/{programme.pk}/faser/pre_study/")
    expect(page.get_by_test_id("phase-status")).to_have_text("Fullført")
    page.get_by_role("link", name="Rett vedtaket").click()
    assert_accessible(page)
    expect(page.get_by_label("Saksnummer")).to_have_value("2024/12")
    page.get_by_label("Saksnummer").fill("2024/21")
    page.get_by_role("button", name="Lagre rettelsen").click()

    # No reason: refused, the summary takes focus, the typed case number stays.
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Saksnummer")).to_have_value("2024/21")
    reason = page.get_by_label("Begrunnelse for endringen")
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    assert GateDecision.objects.get().case_number == "2024/12"

    reason.fill("Feil saksnummer i protokollen.")
    page.get_by_role("button", name="Lagre rettelsen").click()
    expect(page.get_by_text("Vedtaket er rettet.")).to_be_visible()
    expect(page.locator(".decisions")).to_contain_text("sak 2024/21")

    page.get_by_role("link", name="Trekk tilbake vedtaket").click()
    expect(page.get_by_role("heading", name="Trekke tilbake vedtaket?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Begrunnelse for å trekke vedtaket tilbake").fill(
        "Styret opphevet vedtaket.")
    page.get_by_role("button", name="Trekk tilbake vedtaket").click()
    expect(page.get_by_test_id("phase-status")).to_have_text("Pågår")
    expect(page.locator(".messages")).to_contain_text(
        "Vedtaket er trukket tilbake. Forstudium er åpnet igjen og står som pågående.")
    expect(page.locator(".decisions .withdrawn")).to_contain_text("Styret opphevet vedtaket.")
    expect(page.get_by_role("button", name="Registrer vedtaket")).to_be_visible()
    assert_accessible(page)

    # A date far outside the bounds gets one message, the bound's, not two.
    page.get_by_label("Vedtaksdato").fill("9999-12-31")
    page.get_by_label("Må bearbeides").check()
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.locator(".ds-error-summary")).to_be_focused()
    expect(page.locator("#decided_on-error")).to_have_text(
        "Oppgi en dato fra 01.01.1990 til 31.12.2100.")
    expect(page.get_by_text("Vedtaksdatoen kan ikke være i framtiden.")).to_have_count(0)
    page.get_by_label("Vedtaksdato").fill("2024-06-03")
    page.get_by_role("button", name="Registrer vedtaket").click()
    expect(page.get_by_text("Vedtaket er registrert.")).to_be_visible()
    expect(page.get_by_test_id("phase-status")).to_have_text("Pågår")

    # Withdrawing "må bearbeides" reopens nothing, and the page does not say it does.
    page.get_by_role("link", name="Trekk tilbake vedtaket").click()
    expect(page.get_by_text("Forstudium pågår fortsatt, som før vedtaket.")).to_be_visible()
    page.get_by_label("Begrunnelse for å trekke vedtaket tilbake").fill("Registrert ved feil.")
    page.get_by_role("button", name="Trekk tilbake vedtaket").click()
    expect(page.locator(".messages")).to_have_text(
        "Vedtaket er trukket tilbake. Forstudium pågår fortsatt.")
    expect(page.get_by_test_id("phase-status")).to_have_text("Pågår")

    # With the decision withdrawn, a start made by mistake can be taken back too.
    page.get_by_role("link", name="Rett eller angre oppstarten").click()
    expect(page.get_by_role("textbox", name="Startdato")).to_have_value("2024-01-10")
    assert_accessible(page)
    page.get_by_role("link", name="Angre oppstarten").click()
    assert_accessible(page)
    page.get_by_role("button", name="Angre oppstarten").click()
    expect(page.locator(".ds-error-summary")).to_be_focused()
    page.get_by_label("Begrunnelse for å angre oppstarten").fill("Startet for tidlig.")
    page.get_by_role("button", name="Angre oppstarten").click()
    expect(page.get_by_test_id("phase-status")).to_have_text("Ikke startet")

    page.get_by_role("navigation", name="Programmet").get_by_role("link",
                                                                 name="Historikk").click()
    history = page.locator("ol.history")
    # (How the change itself is worded is audit/describe.py's; the reason is shown.)
    expect(history).to_contain_text("rettet vedtaket for forstudium: saksnummer")
    expect(history).to_contain_text("Begrunnelse: Feil saksnummer i protokollen.")
    expect(history).to_contain_text("trakk tilbake vedtaket for forstudium")
    expect(history).to_contain_text("angret oppstarten av forstudium. Begrunnelse: Startet "
                                    "for tidlig.")
    assert AuditEntry.objects.filter(action="programmes.gate.corrected").count() == 1
    assert AuditEntry.objects.filter(action="programmes.gate.withdrawn").count() == 2
