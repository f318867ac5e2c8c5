"""A form with mistakes keeps what was typed, and the error summary leads to each field."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD, make_user
from videreforing.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_error_summary_takes_focus_and_links_to_the_field_with_typed_values_kept(
        page, register):
    user = make_user("radgiver@kommune.no", first_name="Rita")
    log_in(page, user, PASSWORD)
    page.goto("/program/ny/")
    page.get_by_label("Navn på programmet").fill("Omstilling Meløy")
    page.get_by_label("Kommuner").select_option("1837")
    page.get_by_label("Omstillingsperiodens start").fill("2023-01-01")
    # A year beyond the bounds (1990–2100): refused at the field, not stored.
    page.get_by_label("Omstillingsperiodens slutt").evaluate(
        "el => { el.removeAttribute('max'); el.value = '2999-12-31'; }")
    page.get_by_role("button", name="Registrer programmet").click()

    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert not Programme.objects.exists()
    # What was typed is still there.
    expect(page.get_by_label("Navn på programmet")).to_have_value("Omstilling Meløy")
    expect(page.get_by_label("Omstillingsperiodens start")).to_have_value("2023-01-01")
    end = page.get_by_label("Omstillingsperiodens slutt")
    expect(end).to_have_attribute("aria-invalid", "true")
    described = end.get_attribute("aria-describedby") or ""
    error_id = next(part for part in described.split() if part.endswith("-error"))
    expect(page.locator(f"#{error_id}")).to_contain_text("2100")
    assert_accessible(page)

    summary.get_by_role("link").first.click()
    expect(end).to_be_focused()


def test_a_long_unbroken_word_wraps_instead_of_widening_the_page(page, register):
    user = make_user("lang@kommune.no", first_name="Lang")
    log_in(page, user, PASSWORD)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto("/program/ny/")
    page.get_by_label("Navn på programmet").fill("Omstilling" + "x" * 180)
    page.get_by_label("Kommuner").select_option("1837")
    page.get_by_label("Omstillingsperiodens start").fill("2023-01-01")
    page.get_by_label("Omstillingsperiodens slutt").fill("2028-12-31")
    page.get_by_role("button", name="Registrer programmet").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Omstilling")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
