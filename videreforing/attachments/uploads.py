"""An upload handler that stops a file over the attachment limit early.

It comes first in FILE_UPLOAD_HANDLERS. A file that grows past
settings.ATTACHMENTS_MAX_BYTES is skipped (the rest of it is read and thrown away, never
stored), and its field name and file name are noted on the request, so that the form or
the API can answer "too large" at the `file` field instead of "no file"."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


def too_large_uploads(request) -> dict[str, str]:
    """Field name -> file name of every file that was skipped for its size."""
    return getattr(request, "_too_large_uploads", {})


class SizeLimitUploadHandler(FileUploadHandler):
    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > settings.ATTACHMENTS_MAX_BYTES:
            skipped = getattr(self.request, "_too_large_uploads", None)
            if skipped is None:
                skipped = {}
                self.request._too_large_uploads = skipped
            skipped[self.field_name] = self.file_name or ""
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
