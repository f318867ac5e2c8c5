import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD, make_user
from videreforing.programmes import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_timeline_page_on_desktop_and_phone(page, register):
    from datetime import date

    user = make_user("leder@meloy.kommune.no")
    programme = services.create_programme(
        user=user, name="Omstilling Meløy", municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    log_in(page, user, PASSWORD)
    page.goto(f"/program/{programme.pk}/tidslinje/")
    expect(page.get_by_role("img", name=f"Tidslinje for {programme.name}")).to_be_visible()
    assert page.locator("svg.gantt rect.bar.critical").count() >= 5
    expect(page.get_by_test_id("forecast")).not_to_be_empty()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    wrap = page.locator(".gantt-wrap")
    # On a phone the chart keeps its size and scrolls sideways
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.locator("svg.gantt").evaluate("el => el.getBoundingClientRect().width") >= 900
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert_accessible(page)
