import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from videreforing.attachments.models import Attachment
from videreforing.audit.models import AuditEntry
from videreforing.procurement import services as procurement

from .files import docx_bytes, image_bytes, pdf_bytes, stored_files

pytestmark = pytest.mark.django_db

MB20 = 20 * 1024 * 1024


def base(programme):
    return f"/api/v1/programmes/{programme.pk}/attachments"


def upload(client, headers, programme, name, content, **fields):
    return client.post(base(programme), {"file": SimpleUploadedFile(name, content), **fields},
                       **headers)


def test_upload_list_get_download_and_delete(client, owner, programme, token_for, gate,
                                             attachment_dir,
                                             django_capture_on_commit_callbacks):
    headers = token_for(owner)
    content = docx_bytes()
    response = upload(client, headers, programme, "Signert protokoll.docx", content,
                      gate=str(gate.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Signert protokoll.docx"
    assert body["content_type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    assert body["size"] == len(content) and body["uploaded_by"] == owner.email
    assert (body["gate"], body["tender"], body["bid"]) == (gate.pk, None, None)
    assert body["download_url"] == f"{base(programme)}/{body['id']}/download"
    assert AuditEntry.objects.filter(action="attachments.attachment.uploaded").count() == 1

    listed = client.get(base(programme), **headers).json()
    assert [a["id"] for a in listed] == [body["id"]]
    assert set(listed[0]) >= {"id", "name", "size", "content_type", "uploaded_by",
                              "uploaded_at", "gate", "tender", "bid", "download_url"}
    assert client.get(base(programme), {"tender": 1}, **headers).json() == []

    one = client.get(f"{base(programme)}/{body['id']}", **headers)
    assert one.status_code == 200 and one.json()["sha256"] == body["sha256"]

    download = client.get(body["download_url"], **headers)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert "attachment;" in download["Content-Disposition"]

    with django_capture_on_commit_callbacks(execute=True):
        deleted = client.delete(f"{base(programme)}/{body['id']}",
                                data=json.dumps({"reason": "Feil versjon"}),
                                content_type="application/json", **headers)
    assert deleted.status_code == 204
    entry = AuditEntry.objects.get(action="attachments.attachment.removed")
    assert entry.data["reason"] == "Feil versjon" and entry.data["name"] == body["name"]
    assert client.get(base(programme), **headers).json() == []
    assert client.get(body["download_url"], **headers).status_code == 404
    assert stored_files(attachment_dir) == []


def test_delete_without_body(client, owner, programme, token_for):
    headers = token_for(owner)
    created = upload(client, headers, programme, "a.pdf", pdf_bytes()).json()
    assert client.delete(f"{base(programme)}/{created['id']}", **headers).status_code == 204


def test_wrong_type_by_content_is_422_at_file(client, owner, programme, token_for,
                                              attachment_dir):
    response = upload(client, token_for(owner), programme, "Protokoll.pdf", image_bytes("PNG"))
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "file" and "PNG" in detail[0]["msg"]
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_missing_file_is_422_at_file(client, owner, programme, token_for):
    response = client.post(base(programme), {}, **token_for(owner))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "file"


def test_too_large_is_422_at_file(client, owner, programme, token_for, attachment_dir):
    big = b"%PDF-1.4\n" + b"0" * (MB20 + 1 - 9)
    response = upload(client, token_for(owner), programme, "Stor.pdf", big)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "file" and "20" in detail[0]["msg"]
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_bad_target_ids(client, owner, programme, token_for, gate, tender, bid):
    headers = token_for(owner)
    assert upload(client, headers, programme, "a.pdf", pdf_bytes(),
                  gate="999999").status_code == 404
    assert upload(client, headers, programme, "a.pdf", pdf_bytes(),
                  gate="abc").status_code == 422
    other_tender = procurement.create_tender(user=owner, programme=programme, title="Annen",
                                             estimated_value=1000)
    mismatch = upload(client, headers, programme, "a.pdf", pdf_bytes(), bid=str(bid.pk),
                      tender=str(other_tender.pk))
    assert mismatch.status_code == 422 and mismatch.json()["detail"][0]["loc"][-1] == "tender"
    both = upload(client, headers, programme, "a.pdf", pdf_bytes(), gate=str(gate.pk),
                  tender=str(tender.pk))
    assert both.status_code == 422 and both.json()["detail"][0]["loc"][-1] == "gate"
    created = upload(client, headers, programme, "a.pdf", pdf_bytes(), bid=str(bid.pk))
    assert created.status_code == 201 and created.json()["tender"] == tender.pk
    assert Attachment.objects.count() == 1


def test_access(client, owner, reader, outsider, programme, token_for):
    created = upload(client, token_for(owner), programme, "a.pdf", pdf_bytes()).json()
    url = f"{base(programme)}/{created['id']}"
    for user, codes in ((reader, (200, 200, 403, 403)), (outsider, (404, 404, 404, 404))):
        headers = token_for(user)
        assert client.get(base(programme), **headers).status_code == codes[0]
        assert client.get(url + "/download", **headers).status_code == codes[1]
        assert upload(client, headers, programme, "b.pdf", pdf_bytes()).status_code == codes[2]
        assert client.delete(url, **headers).status_code == codes[3]
    assert Attachment.objects.filter(removed_at__isnull=True).count() == 1
