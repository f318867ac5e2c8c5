import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from videreforing.attachments import services
from videreforing.attachments.access import resolve_target
from videreforing.attachments.models import Attachment
from videreforing.audit.models import AuditEntry
from videreforing.programmes import services as programmes

from .files import FILES, image_bytes, pdf_bytes, stored_files

pytestmark = pytest.mark.django_db

MB20 = 20 * 1024 * 1024


def upload_url(programme):
    return reverse("attachments:upload", args=[programme.pk])


def archive_url(programme):
    return reverse("attachments:archive", args=[programme.pk])


def post_file(client, programme, name, content, **target):
    return client.post(upload_url(programme), {
        "file": SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        **target})


def attach(owner, programme, name="Protokoll.pdf", content=None, **target):
    return services.upload_attachment(
        user=owner, target=resolve_target(programme, **target),
        upload=SimpleUploadedFile(name, content or pdf_bytes()))


@pytest.mark.parametrize("kind", sorted(FILES))
def test_each_allowed_type_is_accepted_from_its_content(client, owner, programme,
                                                        attachment_dir, kind):
    name, build, mime = FILES[kind]
    content = build()
    client.force_login(owner)
    response = post_file(client, programme, name, content)
    assert response.status_code == 302
    assert response["Location"] == archive_url(programme)
    attachment = Attachment.objects.get(programme=programme)
    assert (attachment.name, attachment.content_type, attachment.size) == (
        name, mime, len(content))
    assert attachment.uploaded_by == owner
    # Stored under a generated key, not the uploaded name.
    assert name not in attachment.file_key
    assert re.fullmatch(rf"programmes/{programme.pk}/[0-9a-f]{{32}}\.\w+", attachment.file_key)
    files = stored_files(attachment_dir)
    assert len(files) == 1 and files[0].read_bytes() == content
    entry = AuditEntry.objects.get(action="attachments.attachment.uploaded")
    assert entry.programme == programme and entry.actor == owner
    assert entry.data["name"] == name and entry.data["bytes"] == len(content)
    page = client.get(archive_url(programme))
    assert name in page.content.decode()


@pytest.mark.parametrize("name,content,message", [
    ("Protokoll.pdf", image_bytes("PNG"), "sier PDF, men innholdet er PNG"),
    ("Protokoll.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "ikke en tillatt filtype"),
    ("Protokoll.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>",
     "ikke en tillatt filtype"),
    ("Arkiv.docx", b"PK\x03\x04" + b"\x00" * 100, "ikke en tillatt filtype"),
    ("Tom.pdf", b"", "«Tom.pdf» er tom"),
])
def test_wrong_content_is_refused_at_the_field_and_nothing_is_stored(
        client, owner, programme, attachment_dir, name, content, message):
    client.force_login(owner)
    response = post_file(client, programme, name, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="file-error"' in html and 'aria-invalid="true"' in html
    assert "ds-error-summary" in html
    assert not Attachment.objects.exists()
    assert stored_files(attachment_dir) == []
    assert not AuditEntry.objects.filter(action__startswith="attachments.").exists()


def test_a_renamed_zip_that_is_not_an_office_file_is_refused(client, owner, programme):
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("evil.exe", b"MZ")
    client.force_login(owner)
    response = post_file(client, programme, "Vedtak.docx", out.getvalue())
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_a_macro_enabled_workbook_is_refused(client, owner, programme):
    from .files import xlsx_bytes

    client.force_login(owner)
    response = post_file(client, programme, "Budsjett.xlsx", xlsx_bytes(
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"))
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_an_odt_with_another_mimetype_is_refused(client, owner, programme):
    from .files import odt_bytes

    client.force_login(owner)
    response = post_file(client, programme, "Regneark.odt",
                         odt_bytes(b"application/vnd.oasis.opendocument.spreadsheet"))
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_twenty_megabytes_pass_and_one_byte_more_is_refused_with_a_message(
        client, owner, programme, attachment_dir):
    client.force_login(owner)
    big = b"%PDF-1.4\n" + b"0" * (MB20 + 1 - 9)
    response = post_file(client, programme, "Stor.pdf", big)
    assert response.status_code == 400
    html = response.content.decode()
    assert "er større enn 20" in html and "Stor.pdf" in html
    assert 'id="file-error"' in html
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []

    response = post_file(client, programme, "Akkurat.pdf", big[:MB20])
    assert response.status_code == 302
    assert Attachment.objects.get().size == MB20


def test_name_is_made_safe_and_download_uses_rfc5987(client, owner, reader, programme):
    attachment = attach(owner, programme, name="../../etc/Styremøte\x07 protokoll.pdf")
    assert attachment.name == "Styremøte protokoll.pdf"
    client.force_login(reader)  # read-only members may download
    response = client.get(reverse("attachments:download", args=[programme.pk, attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Styrem%C3%B8te%20protokoll.pdf" in disposition
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_name_without_extension_gets_the_right_one(owner, programme):
    assert attach(owner, programme, name="Referat 12.03.2025").name == "Referat 12.03.2025.pdf"


def test_outsider_gets_404_on_list_download_and_upload(client, owner, outsider,
                                                       other_adviser, programme):
    attachment = attach(owner, programme)
    for user in (outsider, other_adviser):
        client.force_login(user)
        assert client.get(archive_url(programme)).status_code == 404
        assert client.get(reverse("attachments:download",
                                  args=[programme.pk, attachment.pk])).status_code == 404
        assert post_file(client, programme, "x.pdf", pdf_bytes()).status_code == 404
    assert Attachment.objects.count() == 1


def test_observer_gets_403_on_upload_and_removal(client, owner, reader, programme):
    attachment = attach(owner, programme)
    client.force_login(reader)
    assert post_file(client, programme, "x.pdf", pdf_bytes()).status_code == 403
    assert client.get(upload_url(programme)).status_code == 403
    remove = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    assert client.post(remove).status_code == 403
    assert Attachment.objects.filter(removed_at__isnull=True).count() == 1
    page = client.get(archive_url(programme)).content.decode()
    assert "Protokoll.pdf" in page and remove not in page and "Last opp" not in page


def test_removal_asks_first_then_deletes_the_file_and_writes_history(
        client, owner, programme, attachment_dir, django_capture_on_commit_callbacks):
    attachment = attach(owner, programme, name="Feil fil.pdf")
    assert len(stored_files(attachment_dir)) == 1
    client.force_login(owner)
    url = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Feil fil.pdf" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Lastet opp feil dokument"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and attachment.removed_by == owner
    assert stored_files(attachment_dir) == []
    entry = AuditEntry.objects.get(action="attachments.attachment.removed")
    assert entry.actor == owner
    assert entry.data["name"] == "Feil fil.pdf"
    assert entry.data["bytes"] == len(pdf_bytes())
    assert entry.data["uploaded_by"] == owner.email
    assert entry.data["reason"] == "Lastet opp feil dokument"
    page = client.get(archive_url(programme)).content.decode()
    assert "Feil fil.pdf" not in page.split('id="list-heading"')[1]
    assert client.get(reverse("attachments:download",
                              args=[programme.pk, attachment.pk])).status_code == 404
    history = client.get(reverse("programmes:history", args=[programme.pk])).content.decode()
    assert "fjernet vedlegget «Feil fil.pdf»" in history


def test_removal_reason_is_optional(client, owner, programme):
    attachment = attach(owner, programme)
    client.force_login(owner)
    url = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    assert client.post(url, {}).status_code == 302
    assert AuditEntry.objects.get(action="attachments.attachment.removed").data["reason"] == ""


def test_signed_minutes_on_a_gate_decision(client, owner, programme, gate):
    client.force_login(owner)
    response = post_file(client, programme, "Signert protokoll.pdf", pdf_bytes(),
                         gate=gate.pk)
    phase_url = reverse("programmes:phase", args=[programme.pk, "pre_study"])
    assert response.status_code == 302
    assert response["Location"] == f"{phase_url}#attachments-gate-{gate.pk}"
    assert Attachment.objects.get().gate == gate
    page = client.get(phase_url).content.decode()
    assert f'id="attachments-gate-{gate.pk}"' in page
    assert ">Vedlegg til vedtaket</h4>" in page
    assert "Fil<span class=\"ds-sr-only\"> – vedlegg til vedtaket</span>" in page
    assert "Signert protokoll.pdf" in page
    archive = client.get(archive_url(programme)).content.decode()
    assert "Signert protokoll.pdf" in archive and "Vedtak for forstudium" in archive


def test_tender_and_bid_attachments_are_on_the_tender_page(client, owner, programme,
                                                           tender, bid):
    client.force_login(owner)
    assert post_file(client, programme, "Konkurransegrunnlag.pdf", pdf_bytes(),
                     tender=tender.pk).status_code == 302
    response = post_file(client, programme, "Tilbud Alfa.pdf", pdf_bytes(), bid=bid.pk)
    assert response.status_code == 302 and response["Location"].endswith(
        f"#attachments-bid-{bid.pk}")
    on_bid = Attachment.objects.get(bid=bid)
    assert on_bid.tender == tender  # a bid's attachment knows its tender
    page = client.get(reverse("procurement:tender", args=[programme.pk, tender.pk]))
    html = page.content.decode()
    assert f'id="attachments-tender-{tender.pk}"' in html
    assert f'id="attachments-bid-{bid.pk}"' in html
    tender_panel = html.split(f'id="attachments-tender-{tender.pk}"')[1].split("</div>")[0]
    assert "Konkurransegrunnlag.pdf" in tender_panel and "Tilbud Alfa.pdf" not in tender_panel


def test_a_decision_tender_or_bid_of_another_programme_is_404(client, owner, programme,
                                                              gate, tender, bid):
    other = programmes.create_programme(
        user=owner, name="Omstilling Rødøy", municipality_numbers=["1836"],
        period_start=programme.period_start, period_end=programme.period_end)
    client.force_login(owner)
    for target in ({"gate": gate.pk}, {"tender": tender.pk}, {"bid": bid.pk},
                   {"gate": "abc"}, {"bid": 10**30}):
        response = post_file(client, other, "x.pdf", pdf_bytes(), **target)
        assert response.status_code == 404, target
    attachment = attach(owner, programme)
    assert client.get(reverse("attachments:download",
                              args=[other.pk, attachment.pk])).status_code == 404
    assert Attachment.objects.count() == 1


def test_upload_page_without_file_says_so(client, owner, programme, gate):
    client.force_login(owner)
    page = client.get(upload_url(programme), {"gate": gate.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "vedtaket for forstudium" in html and 'type="file"' in html
    assert "PDF, Word (DOCX), Excel (XLSX), OpenDocument (ODT), PNG, JPEG" in html
    response = client.post(upload_url(programme), {"gate": gate.pk})
    assert response.status_code == 400
    assert "Velg en fil å laste opp." in response.content.decode()
    assert f'name="gate" value="{gate.pk}"' in response.content.decode()


def test_removal_started_in_the_archive_returns_to_the_archive(client, owner, programme,
                                                               gate):
    attachment = attach(owner, programme, name="Protokoll.pdf", gate=gate.pk)
    client.force_login(owner)
    archive = client.get(archive_url(programme)).content.decode()
    url = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    link = f"{url}?next={archive_url(programme)}"
    assert f'href="{link}"' in archive
    confirm = client.get(link).content.decode()
    assert f'name="next" value="{archive_url(programme)}"' in confirm
    assert f'href="{archive_url(programme)}"' in confirm  # "Avbryt" goes back there too
    response = client.post(link, {"reason": "Feil fil", "next": archive_url(programme)},
                           follow=True)
    assert response.redirect_chain == [(archive_url(programme), 302)]
    assert "«Protokoll.pdf» er fjernet." in response.content.decode()
    attachment.refresh_from_db()
    assert attachment.removed_at is not None


@pytest.mark.parametrize("unsafe", ["https://evil.example.com/", "//evil.example.com/",
                                    "javascript:alert(1)"])
def test_removal_ignores_a_next_to_another_site(client, owner, programme, gate, unsafe):
    attachment = attach(owner, programme, gate=gate.pk)
    client.force_login(owner)
    url = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    confirm = client.get(url, {"next": unsafe}).content.decode()
    assert '<input type="hidden" name="next"' not in confirm  # not carried on
    assert f'href="{unsafe}"' not in confirm  # "Avbryt" goes to the decision instead
    response = client.post(url, {"next": unsafe})
    phase_url = reverse("programmes:phase", args=[programme.pk, "pre_study"])
    assert response["Location"] == f"{phase_url}#attachments-gate-{gate.pk}"


def test_removal_started_on_the_phase_page_returns_to_the_phase(client, owner, programme,
                                                                gate):
    attachment = attach(owner, programme, gate=gate.pk)
    client.force_login(owner)
    phase_url = reverse("programmes:phase", args=[programme.pk, "pre_study"])
    phase_page = client.get(phase_url).content.decode()
    url = reverse("attachments:remove", args=[programme.pk, attachment.pk])
    assert f"{url}?next={phase_url}%23attachments-gate-{gate.pk}" in phase_page
    response = client.post(url, {"next": f"{phase_url}#attachments-gate-{gate.pk}"})
    assert response["Location"] == f"{phase_url}#attachments-gate-{gate.pk}"


def test_archive_marks_files_of_a_withdrawn_decision(client, owner, programme, gate):
    attach(owner, programme, name="Signert protokoll.pdf", gate=gate.pk)
    attach(owner, programme, name="Notat.pdf")
    client.force_login(owner)
    assert "vedtaket er trukket tilbake" not in client.get(
        archive_url(programme)).content.decode()
    programmes.withdraw_gate_decision(user=owner, programme=programme, kind="pre_study",
                                      reason="Opphevet")
    archive = client.get(archive_url(programme)).content.decode()
    rows = archive.split("<tr>")
    protocol = next(r for r in rows if "Signert protokoll.pdf" in r)
    note = next(r for r in rows if "Notat.pdf" in r)
    assert "vedtaket er trukket tilbake" in protocol
    assert "vedtaket er trukket tilbake" not in note
