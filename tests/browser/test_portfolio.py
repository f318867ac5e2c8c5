"""The adviser's portfolio in a browser: axe on a desktop and on a phone (cards),
filtering by risk and sorting by a column."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD, make_user
from videreforing.planning.forecasts import current_forecast
from videreforing.planning.models import Forecast
from videreforing.programmes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def portfolio(register):
    owner = make_user("eier@example.com")
    national = make_user("nasjonal@example.com", first_name="Nora", national_access=True)
    figures = {
        "Omstilling Meløy": ("1837", date(2027, 6, 30), -30, 0.2),
        "Omstilling Bodø": ("1804", date(2030, 12, 31), 400, 0.97),
        "Omstilling Oslo": ("0301", date(2031, 6, 30), 20, 0.4),
    }
    for name, (number, end, slack, probability) in figures.items():
        programme = services.create_programme(
            user=owner, name=name, municipality_numbers=[number],
            period_start=date(2024, 1, 1), period_end=end)
        current_forecast(programme)
        Forecast.objects.filter(programme=programme).update(
            slack_days=slack, probability_on_time=probability)
    return national


def row_names(page) -> list[str]:
    return page.locator("table.portfolio-table tbody th[scope=row] a").all_inner_texts()


def test_portfolio_filters_sorts_and_passes_axe_on_desktop_and_phone(page, portfolio):
    log_in(page, portfolio, PASSWORD)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Portefølje").click()
    expect(page.get_by_role("heading", name="Portefølje", level=1)).to_be_visible()
    expect(page.locator("table.portfolio-table tbody tr")).to_have_count(3)
    assert_accessible(page)
    # The default order: worst first (red, amber, green).
    assert row_names(page) == ["Omstilling Meløy", "Omstilling Oslo", "Omstilling Bodø"]
    # At 1280 px the risk column (right after the programme) is on screen.
    page.set_viewport_size({"width": 1280, "height": 900})
    box = page.locator("table.portfolio-table thead th").nth(1).bounding_box()
    assert page.locator("table.portfolio-table thead th").nth(1).inner_text().startswith(
        "Risiko")
    assert box is not None and box["x"] + box["width"] <= 1280

    # Filter by risk: only the red programme, its risk in words beside the colour.
    page.get_by_label("Risiko").select_option("red")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("table.portfolio-table tbody tr")).to_have_count(1)
    assert row_names(page) == ["Omstilling Meløy"]
    expect(page.locator("tbody").get_by_text("Rød", exact=True)).to_be_visible()
    expect(page.get_by_text("30 dager etter fristen")).to_be_visible()
    page.get_by_role("link", name="Fjern filtrene").first.click()
    expect(page.locator("table.portfolio-table tbody tr")).to_have_count(3)

    # Sort by name, then the other way round.
    page.get_by_role("link", name="Program", exact=True).click()
    header = page.locator("th[aria-sort]")
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert row_names(page) == ["Omstilling Bodø", "Omstilling Meløy", "Omstilling Oslo"]
    page.get_by_role("link", name="Program", exact=True).click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert row_names(page) == ["Omstilling Oslo", "Omstilling Meløy", "Omstilling Bodø"]

    # On a phone each programme is a card, and nothing is wider than the screen.
    page.set_viewport_size({"width": 360, "height": 800})
    expect(page.locator("table.portfolio-table tbody tr").first).to_be_visible()
    display = page.locator("table.portfolio-table tbody tr").first.evaluate(
        "tr => getComputedStyle(tr).display")
    assert display == "block"
    label = page.locator("table.portfolio-table tbody td").first.evaluate(
        "td => getComputedStyle(td, '::before').content")
    assert "Risiko" in label  # the risk right after the name on the card
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 362, f"the portfolio is {width}px wide on a 360px phone"
    assert_accessible(page)
