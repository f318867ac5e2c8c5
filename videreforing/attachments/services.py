"""Writes to attachments: upload and remove. Keyword-only; the database change and its
audit entry in one transaction.

Files are stored through Django's storage API (STORAGES["attachments"]) under a key
made here (`programmes/<programme id>/<random hex>.<extension>`), never under a name a
user chose. A removed attachment keeps its row (the history shows what was removed)
and its file is deleted from the storage once the removal is committed: a file removed
by mistake or holding personal data must really be gone. The audit entry keeps its
name, size, type, checksum and uploader."""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from videreforing.audit.services import log_action
from videreforing.lib.bounds import check_values

from . import filetypes
from .access import Target, describe_target
from .models import REASON_MAX, Attachment

logger = logging.getLogger(__name__)


def attachment_storage():
    return storages["attachments"]


def size_label(size: int) -> str:
    """1.5 MB, 20 MB: the size as people read it (no non-breaking space in stored text)."""
    return str(filesizeformat(size)).replace("\xa0", " ")


def max_size_label() -> str:
    limit = settings.ATTACHMENTS_MAX_BYTES
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return size_label(limit)


def too_large_message(name: str = "") -> str:
    shown = filetypes.display_name(name)
    if shown:
        return _("Filen «%(name)s» er større enn %(limit)s. Del den opp eller lagre den "
                 "mindre (for eksempel som PDF), og prøv igjen.") % {
            "name": shown, "limit": max_size_label()}
    return _("Filen er større enn %(limit)s. Del den opp eller lagre den mindre (for "
             "eksempel som PDF), og prøv igjen.") % {"limit": max_size_label()}


def allowed_label() -> str:
    return ", ".join(k.label for k in filetypes.ALLOWED)


def _check_file(upload) -> filetypes.Kind:
    """The file's kind from its content; ValidationError at `file` otherwise."""
    if upload is None:
        raise ValidationError({"file": [_("Velg en fil å laste opp.")]})
    size = upload.size or 0
    if size > settings.ATTACHMENTS_MAX_BYTES:
        raise ValidationError({"file": [too_large_message(upload.name or "")]})
    shown = filetypes.display_name(upload.name or "") or _("filen")
    if size == 0:
        raise ValidationError({"file": [_("«%(name)s» er tom.") % {"name": shown}]})
    try:
        kind = filetypes.detect(upload)
    except filetypes.NotAllowed as exc:
        raise ValidationError({"file": [
            _("Innholdet i «%(name)s» er ikke en tillatt filtype. Tillatt: %(allowed)s.") % {
                "name": shown, "allowed": allowed_label()}]}, code="file_type") from exc
    claimed = filetypes.claimed_kind(upload.name or "")
    if claimed is not None and claimed != kind:
        raise ValidationError({"file": [
            _("Navnet «%(name)s» sier %(claimed)s, men innholdet er %(found)s. Lagre filen "
              "i riktig format og prøv igjen.") % {
                "name": shown, "claimed": claimed.label, "found": kind.label}]},
            code="file_type")
    return kind


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _target_data(target_code: str, *, gate=None, tender=None, bid=None) -> dict:
    data = {"target": target_code,
            "where": describe_target(target_code, gate=gate, tender=tender, bid=bid)}
    if gate is not None:
        data["gate"] = gate.pk
    if tender is not None:
        data["tender"] = tender.pk
    if bid is not None:
        data["bid"] = bid.pk
    return data


def upload_attachment(*, user, target: Target, upload) -> Attachment:
    """Store `upload` and attach it to `target`. The content decides the type (PDF,
    DOCX, XLSX, ODT, PNG, JPEG); at most settings.ATTACHMENTS_MAX_BYTES."""
    kind = _check_file(upload)
    name = filetypes.safe_name(upload.name or "", kind)
    values = {"name": name, "size": upload.size, "content_type": kind.mime}
    check_values(Attachment, values)
    checksum = _sha256(upload)
    storage = attachment_storage()
    key = storage.save(
        f"programmes/{target.programme.pk}/{uuid.uuid4().hex}.{kind.extension}", upload)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                programme=target.programme, gate=target.gate, tender=target.tender,
                bid=target.bid, file_key=key, sha256=checksum, uploaded_by=user, **values)
            log_action(
                action="attachments.attachment.uploaded", actor=user,
                programme=target.programme, obj=attachment,
                data={"name": name, "bytes": upload.size, "size": size_label(upload.size),
                      "content_type": kind.mime, "sha256": checksum,
                      **_target_data(target.code, gate=target.gate, tender=target.tender,
                                     bid=target.bid)},
            )
    except BaseException:
        storage.delete(key)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, user, attachment: Attachment, reason: str = "") -> Attachment:
    """Remove an attachment: the row stays (marked removed), the file is deleted from
    the storage after commit, and the audit entry holds what was removed."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [
            _("Begrunnelsen kan ikke være lenger enn %(limit)s tegn.") % {
                "limit": REASON_MAX}]})
    try:
        check_values(Attachment, {"removal_reason": reason})
    except ValidationError as exc:
        raise ValidationError({"reason": exc.message_dict["removal_reason"]}) from exc
    current = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if current.removed_at is not None:
        return current
    current.removed_at = timezone.now()
    current.removed_by = user
    current.removal_reason = reason
    current.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    code = ("gate" if current.gate_id else "bid" if current.bid_id
            else "tender" if current.tender_id else "archive")
    log_action(
        action="attachments.attachment.removed", actor=user, programme=current.programme,
        obj=current,
        data={"name": current.name, "bytes": current.size, "size": size_label(current.size),
              "content_type": current.content_type, "sha256": current.sha256,
              "uploaded_by": current.uploaded_by.email if current.uploaded_by else None,
              "uploaded_at": current.uploaded_at.isoformat(), "reason": reason,
              "file_deleted": True,
              **_target_data(code, gate=current.gate, tender=current.tender,
                             bid=current.bid)},
    )
    key = current.file_key
    transaction.on_commit(lambda: _delete_file(key))
    return current


def _delete_file(key: str) -> None:
    try:
        attachment_storage().delete(key)
    except Exception:  # the row says removed; a file left behind is logged, not fatal
        logger.exception("Could not delete attachment file %s", key)


def open_file(attachment: Attachment):
    return attachment_storage().open(attachment.file_key, "rb")
