"""A long unbroken word wraps instead of widening the page (issue 8, point 1), and a
timeline with a stored date in year 9999 still fits: checked in Chromium at a phone's
width on the pages that show user text."""

from datetime import date

import pytest

from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, make_user
from tests.test_stored_extremes import unchecked
from videreforing.programmes import services
from videreforing.programmes.models import Task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORD = "Omstillingsprogramvurderingsrapport" * 5  # 175 letters, no space


def test_long_words_wrap_at_phone_width(page, register):
    user = make_user("leder@meloy.kommune.no")
    programme = services.create_programme(
        user=user, name="Meløy " + WORD, municipality_numbers=["1837"],
        period_start=date(2023, 1, 1), period_end=date(2028, 12, 31))
    task = services.create_task(user=user, programme=programme, phase="pre_study",
                                title=WORD, description=WORD, assignee=user,
                                due_date=date(2027, 3, 1))
    services.create_stakeholder(user=user, programme=programme, name=WORD, kind="other",
                                notes=WORD)
    # A start stored before the bounds existed (written past the form's checks).
    with unchecked():
        Task.objects.filter(pk=task.pk).update(started_on=date(9999, 12, 31))
    log_in(page, user, PASSWORD)
    page.set_viewport_size({"width": 390, "height": 800})
    for url in ("/program/", f"/program/{programme.pk}/",
                f"/program/{programme.pk}/faser/pre_study/",
                f"/program/{programme.pk}/interessenter/",
                f"/program/{programme.pk}/tidslinje/"):
        response = page.goto(url)
        assert response is not None and response.status < 500, url
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{url} is {width}px wide on a 390px phone"
    # The word itself wraps on the phase page: its box is narrower than the phone.
    page.goto(f"/program/{programme.pk}/faser/pre_study/")
    box = page.get_by_text(WORD, exact=True).first.bounding_box()
    assert box is not None and box["width"] <= 390
