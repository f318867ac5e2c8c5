"""Every main page, with the demo data, passes axe and fits a phone's width."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible, log_in
from videreforing.accounts.models import User
from videreforing.options.models import OptionsAnalysis
from videreforing.procurement.models import Tender
from videreforing.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_main_pages_pass_axe_on_desktop_and_fit_a_phone(page, register):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    user = User.objects.get(email="omstillingsleder@videreforing.example")
    programme = Programme.objects.get(name="Demo: Omstillingsprogrammet i Meløy")
    tender = Tender.objects.get(programme=programme)
    analysis = OptionsAnalysis.objects.get(programme=programme)
    task = programme.continuation.tasks.first()
    p = f"/program/{programme.pk}"
    pages = [
        "/program/", "/program/ny/", f"{p}/", f"{p}/endre/", f"{p}/faser/initiation/",
        f"{p}/faser/pre_study/", f"{p}/faser/pre_project/", f"{p}/faser/main_project/",
        f"{p}/oppgaver/ny/", f"{p}/oppgaver/{task.pk}/endre/", f"{p}/personer/",
        f"{p}/interessenter/", f"{p}/historikk/", f"{p}/tidslinje/", f"{p}/anskaffelser/",
        f"{p}/anskaffelser/{tender.pk}/", f"{p}/alternativvurdering/",
        f"{p}/alternativvurdering/{analysis.pk}/", "/organisasjonsformer/", "/leverandorer/",
        "/konto/innstillinger/", f"{p}/dokumenter/", f"{p}/faser/pre_study/vedtak/endre/",
        f"{p}/anskaffelser/{tender.pk}/tildel/gjenapne/",
        f"{p}/anskaffelser/{tender.pk}/tilbud/{tender.bids.first().pk}/endre/",
        f"/leverandorer/{tender.bids.first().supplier_id}/endre/",
    ]
    log_in(page, user, "demo-videreforing")
    for url in pages:
        page.set_viewport_size({"width": 1280, "height": 900})
        response = page.goto(url)
        assert response.status == 200, url
        assert_accessible(page)
        page.set_viewport_size({"width": 390, "height": 800})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 392, f"{url} is {width}px wide on a 390px phone"
