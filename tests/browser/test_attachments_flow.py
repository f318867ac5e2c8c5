"""Attach the signed minutes to a gate decision in a real browser, find the file in the
programme's archive, remove it; and ask for a new password. Every page passes axe."""

import re
from datetime import date

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.attachments.files import pdf_bytes
from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD
from videreforing.attachments.models import Attachment
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services as programmes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_attach_signed_minutes_find_them_in_the_archive_and_remove_them(
        register, page, owner, programme, tmp_path):
    programmes.start_phase(user=owner, programme=programme, kind="pre_study",
                           started_on=date(2025, 1, 6))
    gate = programmes.record_gate_decision(
        user=owner, programme=programme, kind="pre_study",
        deciding_body="restructuring_board", decided_on=date(2025, 3, 3),
        outcome="approved", case_number="25/12")
    minutes = tmp_path / "Signert protokoll styremøte.pdf"
    minutes.write_bytes(pdf_bytes())
    wrong = tmp_path / "Bilde.pdf"
    wrong.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)

    log_in(page, owner, PASSWORD)
    page.goto(f"/program/{programme.pk}/faser/pre_study/")
    panel = page.locator(f"#attachments-gate-{gate.pk}")
    assert_accessible(page)

    # A PNG called .pdf: refused, the message at the field, focus on the summary.
    panel.get_by_label("Fil").set_input_files(
        str(wrong))
    panel.get_by_role("button", name="Last opp", exact=True).click()
    page.wait_for_url(re.compile(r"/dokumenter/last-opp/"))
    assert "innholdet er PNG" in page.locator("#file-error").inner_text()
    assert_accessible(page)

    page.get_by_label("Fil").set_input_files(str(minutes))
    page.get_by_role("button", name="Last opp", exact=True).click()
    page.wait_for_url(re.compile(r"/faser/pre_study/"))
    assert "er lastet opp til vedtaket for forstudium" in page.locator(".messages").inner_text()
    assert "Signert protokoll styremøte.pdf" in panel.inner_text()

    page.get_by_role("link", name="Dokumenter").click()
    row = page.get_by_test_id("attachment-list").locator("tbody tr")
    assert row.count() == 1
    assert "Vedtak for forstudium" in row.inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    page.set_viewport_size({"width": 1280, "height": 900})

    with page.expect_download() as download:
        row.get_by_role("link", name="Signert protokoll styremøte.pdf", exact=True).click()
    assert download.value.suggested_filename == "Signert protokoll styremøte.pdf"
    assert open(download.value.path(), "rb").read() == pdf_bytes()

    # The decision is withdrawn: its file stays in the archive, marked.
    programmes.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                      reason="Opphevet av styret")
    page.reload()
    expect(row).to_contain_text("vedtaket er trukket tilbake")
    assert_accessible(page)

    row.get_by_role("link", name="Fjern Signert protokoll styremøte.pdf").click()
    assert_accessible(page)
    page.get_by_label("Begrunnelse").fill("Feil versjon")
    page.get_by_role("button", name="Fjern vedlegget").click()
    # Back in the archive, where the removal started.
    page.wait_for_url(re.compile(rf"/program/{programme.pk}/dokumenter/$"))
    assert "er fjernet" in page.locator(".messages").inner_text()
    expect(page.get_by_text("Ingen vedlegg ennå.")).to_be_visible()
    assert Attachment.objects.get().removed_at is not None
    assert AuditEntry.objects.get(action="attachments.attachment.removed").data["reason"] == (
        "Feil versjon")


def test_forgotten_password_pages(register, page, owner):
    page.goto("/konto/logg-inn/")
    page.get_by_role("link", name="Glemt passord?").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send lenke").click()  # nothing typed
    summary = page.locator(".ds-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("Noe må rettes før du kan fortsette")
    assert_accessible(page)
    page.get_by_label("E-postadresse").fill(owner.email)
    page.get_by_role("button", name="Send lenke").click()
    page.wait_for_url(re.compile(r"/glemt-passord/sendt/"))
    assert_accessible(page)
    link = re.search(r"http://\S+(/konto/passord/\S+/)", mail.outbox[0].body).group(1)
    page.goto(link)
    assert_accessible(page)
    expect(page.get_by_role("link", name="Tilbake til innlogging")).to_have_attribute(
        "href", "/konto/logg-inn/")
    page.get_by_label("Nytt passord", exact=True).fill("Fjordnett-2031!")
    page.get_by_label("Bekreft nytt passord").fill("Fjordnett-2031!")
    page.get_by_role("button", name="Lagre passordet").click()
    page.wait_for_url(re.compile(r"/passord/lagret/"))
    assert_accessible(page)
    page.get_by_role("link", name="Logg inn").last.click()
    log_in(page, owner, "Fjordnett-2031!")
    page.wait_for_url(re.compile(r"/program/"))
