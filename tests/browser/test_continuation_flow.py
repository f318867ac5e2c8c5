import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD, make_user
from videreforing.audit.models import AuditEntry
from videreforing.programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_create_programme_and_run_the_pre_study_to_the_pre_project(page, register):
    user = make_user("ordforer@meloy.kommune.no", first_name="Kari", last_name="Ordfører")

    page.goto("/konto/logg-inn/")
    assert_accessible(page)
    page.get_by_label("E-postadresse").fill(user.email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Mine programmer")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Registrer et nytt program").first.click()
    assert_accessible(page)
    page.get_by_label("Navn på programmet").fill("Omstilling Meløy")
    page.get_by_label("Kommuner").select_option("1837")
    page.get_by_label("Omstillingsperiodens start").fill("2023-01-01")
    page.get_by_label("Omstillingsperiodens slutt").fill("2028-12-31")
    page.get_by_role("button", name="Registrer programmet").click()

    expect(page.get_by_test_id("latest-start")).to_have_text("31. desember 2026")
    expect(page.get_by_test_id("operative-deadline")).to_have_text("31. desember 2028")
    assert_accessible(page)
    programme = Programme.objects.get(name="Omstilling Meløy")

    page.get_by_role("link", name="Faser og oppgaver").click()
    page.get_by_role("navigation", name="Faser").get_by_role("link", name="Forstudium").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start forstudium i dag").click()
    expect(page.get_by_test_id("phase-status")).to_have_text("Pågår")

    first_task = programme.continuation.tasks.filter(phase="pre_study").order_by("order").first()
    row = page.locator(f"#task-{first_task.pk}")
    row.get_by_role("checkbox").check()
    expect(page.locator(f"#task-{first_task.pk}")).to_have_class(re.compile(r"\bdone\b"))
    first_task.refresh_from_db()
    assert first_task.done

    page.get_by_label("Vedtaksorgan").select_option(label="Omstillingsstyret")
    page.get_by_label("Godkjent").check()
    page.get_by_label("Saksnummer").fill("2026/1234")
    assert_accessible(page)
    page.get_by_role("button", name="Registrer vedtaket").click()
    # Six tasks are still open: the page lists them and asks to confirm, keeping every
    # typed value; nothing is stored yet (issue 9, point 4).
    confirm = page.get_by_test_id("confirm-open-tasks")
    expect(confirm).to_contain_text("6 oppgaver i fasen er ikke utført")
    expect(confirm).to_be_focused()
    expect(page.get_by_label("Saksnummer")).to_have_value("2026/1234")
    expect(page.get_by_label("Godkjent")).to_be_checked()
    assert_accessible(page)
    assert not programme.continuation.phases.get(kind="pre_study").gate_decisions.exists()
    page.get_by_role("button", name="Bekreft vedtaket med 6 åpne oppgaver").click()
    expect(page.get_by_test_id("phase-status")).to_have_text("Fullført")
    expect(page.get_by_test_id("decision-open-tasks")).to_contain_text(
        "6 oppgaver ikke utført ved vedtaket")

    page.get_by_role("navigation", name="Faser").get_by_role("link", name="Forprosjekt").click()
    page.get_by_role("button", name="Start forprosjekt i dag").click()
    expect(page.get_by_test_id("phase-status")).to_have_text("Pågår")
    assert_accessible(page)

    page.get_by_role("navigation", name="Programmet").get_by_role("link", name="Historikk").click()
    history = page.locator("ol.history")
    expect(history).to_contain_text("opprettet omstillingsprogrammet «Omstilling Meløy»")
    expect(history).to_contain_text("startet forstudium")
    expect(history).to_contain_text(f"krysset av oppgaven «{first_task.title}» som utført")
    expect(history).to_contain_text("registrerte vedtak for forstudium: godkjent")
    expect(history).to_contain_text("startet forprosjekt")
    assert_accessible(page)

    assert list(
        AuditEntry.objects.filter(programme=programme).order_by("created_at", "id")
        .values_list("action", flat=True)
    ) == [
        "programmes.programme.created", "programmes.phase.started",
        "programmes.task.completed", "programmes.gate.approved", "programmes.phase.started",
    ]
    assert programme.continuation.phases.get(kind="pre_study").gate.case_number == "2026/1234"
    assert timezone.localdate() == programme.continuation.phases.get(
        kind="pre_project").actual_start
