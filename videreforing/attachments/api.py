"""API for attachments: upload (multipart), list, one attachment's details, its file,
and removal. The same services and access helpers as the pages.

- `POST /programmes/{id}/attachments` multipart with `file` and optional `gate`,
  `tender` or `bid` ids (of the same programme; 404 otherwise): 201 with the attachment.
  Type not allowed by content, empty, or over the limit: 422 at `file`.
- `GET /programmes/{id}/attachments` (optional `gate`, `tender`, `bid` filters).
- `GET /programmes/{id}/attachments/{attachment_id}`: the details (JSON).
- `GET /programmes/{id}/attachments/{attachment_id}/download`: the file itself.
- `DELETE /programmes/{id}/attachments/{attachment_id}` with an optional JSON body
  `{"reason": "..."}`: 204; the file is deleted and the removal is in the history."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from videreforing.api.body import body_doc, optional_body
from videreforing.programmes.access import get_programme_for

from . import services
from .access import get_attachment_for, resolve_target
from .models import Attachment
from .uploads import too_large_uploads
from .views import file_response

router = Router(tags=["attachments"])


class AttachmentOut(Schema):
    id: int
    programme: int
    name: str
    size: int
    content_type: str
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime
    gate: int | None
    tender: int | None
    bid: int | None
    download_url: str


class RemoveIn(Schema):
    reason: str | None = None


def _out(attachment: Attachment) -> dict:
    return {
        "id": attachment.pk, "programme": attachment.programme_id, "name": attachment.name,
        "size": attachment.size, "content_type": attachment.content_type,
        "sha256": attachment.sha256,
        "uploaded_by": attachment.uploaded_by.email if attachment.uploaded_by else None,
        "uploaded_at": attachment.uploaded_at, "gate": attachment.gate_id,
        "tender": attachment.tender_id, "bid": attachment.bid_id,
        "download_url": reverse("api:download_attachment", kwargs={
            "programme_id": attachment.programme_id, "attachment_id": attachment.pk}),
    }


@router.get("/programmes/{int:programme_id}/attachments", response=list[AttachmentOut])
def list_attachments(request, programme_id: int, gate: int | None = None,
                     tender: int | None = None, bid: int | None = None):
    programme = get_programme_for(request.auth, programme_id)
    qs = Attachment.objects.filter(programme=programme, removed_at__isnull=True)
    for key, value in (("gate", gate), ("tender", tender), ("bid", bid)):
        if value is not None:
            qs = qs.filter(**{f"{key}_id": value})
    return [_out(a) for a in qs.select_related("uploaded_by")]


@router.post("/programmes/{int:programme_id}/attachments", response={201: AttachmentOut})
def upload_attachment(request, programme_id: int, file: File[UploadedFile | None] = None,
                      gate: Form[int | None] = None, tender: Form[int | None] = None,
                      bid: Form[int | None] = None):
    programme = get_programme_for(request.auth, programme_id, write=True)
    skipped = too_large_uploads(request)
    if "file" in skipped:
        raise ValidationError({"file": [services.too_large_message(skipped["file"])]})
    target = resolve_target(programme, gate=gate, tender=tender, bid=bid)
    attachment = services.upload_attachment(user=request.auth, target=target, upload=file)
    return Status(201, _out(attachment))


@router.get("/programmes/{int:programme_id}/attachments/{int:attachment_id}",
            response=AttachmentOut)
def get_attachment(request, programme_id: int, attachment_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return _out(get_attachment_for(programme, attachment_id))


@router.get("/programmes/{int:programme_id}/attachments/{int:attachment_id}/download",
            response={200: None}, url_name="download_attachment",
            openapi_extra={"responses": {"200": {
                "description": "The file, as an attachment under its uploaded name.",
                "content": {"application/octet-stream": {
                    "schema": {"type": "string", "format": "binary"}}}}}})
def download_attachment(request, programme_id: int, attachment_id: int):
    programme = get_programme_for(request.auth, programme_id)
    return file_response(get_attachment_for(programme, attachment_id))


@router.delete("/programmes/{int:programme_id}/attachments/{int:attachment_id}",
               response={204: None}, openapi_extra=body_doc(RemoveIn))
def delete_attachment(request, programme_id: int, attachment_id: int):
    programme = get_programme_for(request.auth, programme_id, write=True)
    attachment = get_attachment_for(programme, attachment_id)
    payload = optional_body(request, RemoveIn)
    services.remove_attachment(user=request.auth, attachment=attachment,
                               reason=payload.reason or "")
    return Status(204, None)
