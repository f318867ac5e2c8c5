"""Which files may be attached, judged by their content, and a safe name to show.

The first bytes are matched by `filetype` (magic numbers: PDF, PNG, JPEG, ZIP). A ZIP is
then opened and must be a real Word (DOCX), Excel (XLSX) or OpenDocument text (ODT) file:
DOCX and XLSX have `[Content_Types].xml` declaring the main part (`word/document.xml`,
`xl/workbook.xml`) and that part present; ODT has `mimetype` holding exactly
`application/vnd.oasis.opendocument.text` and `content.xml`. The name's extension is
never trusted: a PNG called `.pdf` is refused, a name without extension gets the right
one."""

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import filetype
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    mime: str
    extension: str
    label: str
    other_extensions: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


PDF = Kind("pdf", "application/pdf", "pdf", "PDF")
DOCX = Kind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx", "Word (DOCX)")
XLSX = Kind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx", "Excel (XLSX)")
ODT = Kind("odt", "application/vnd.oasis.opendocument.text", "odt", "OpenDocument (ODT)")
PNG = Kind("png", "image/png", "png", "PNG")
JPEG = Kind("jpeg", "image/jpeg", "jpg", "JPEG", ("jpeg", "jpe"))

ALLOWED = (PDF, DOCX, XLSX, ODT, PNG, JPEG)
BY_MIME = {k.mime: k for k in ALLOWED}
ACCEPT = ",".join([f".{e}" for k in ALLOWED for e in k.extensions] + [k.mime for k in ALLOWED])

# Read no more than this from a ZIP member when checking it (a declared size may lie).
_MAX_MEMBER = 1024 * 1024
_HEAD = 8192

_OOXML_MAIN = {
    DOCX: ("word/document.xml",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml",
           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}


class NotAllowed(Exception):
    """The content is not one of the allowed kinds; `found` says what it looks like."""

    def __init__(self, found: str = ""):
        super().__init__(found)
        self.found = found


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as fh:
        return fh.read(_MAX_MEMBER)


def _zip_kind(fileobj) -> Kind | None:
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                if _read_member(archive, "mimetype").strip() == ODT.mime.encode() and (
                        "content.xml" in names):
                    return ODT
                return None
            if "[Content_Types].xml" not in names:
                return None
            types = _read_member(archive, "[Content_Types].xml").decode("utf-8", "replace")
            for kind, (part, content_type) in _OOXML_MAIN.items():
                if part in names and content_type in types:
                    return kind
            return None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError,
            RuntimeError, NotImplementedError, EOFError):
        return None
    finally:
        fileobj.seek(0)


def detect(fileobj) -> Kind:
    """The allowed kind of the file's content, or NotAllowed."""
    fileobj.seek(0)
    head = fileobj.read(_HEAD)
    fileobj.seek(0)
    if not head:
        raise NotAllowed("")
    guess = filetype.guess(head)
    mime = guess.mime if guess else ""
    if mime in (PDF.mime, PNG.mime, JPEG.mime):
        return BY_MIME[mime]
    if head.startswith(b"PK\x03\x04"):
        kind = _zip_kind(fileobj)
        if kind is not None:
            return kind
        raise NotAllowed(mime or "application/zip")
    raise NotAllowed(mime or _text_or_binary(head))


def _text_or_binary(head: bytes) -> str:
    sample = head[:512].lstrip().lower()
    if sample.startswith((b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml")):
        return "text/html"
    return "application/octet-stream"


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*;]+')
_SPACES = re.compile(r"\s+")
MAX_NAME = 150


def safe_name(original: str, kind: Kind) -> str:
    """The uploaded name for display and download: no path, no control or reserved
    characters, at most MAX_NAME characters, and ending in the kind's extension."""
    name = unicodedata.normalize("NFC", str(original or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    if ext.lower() not in kind.extensions:
        stem = name
        ext = kind.extension
    stem = stem.strip(" .")[: MAX_NAME - len(ext) - 1].rstrip(" .") or str(_("vedlegg"))
    return f"{stem}.{ext.lower()}"


def display_name(original: str) -> str:
    """The uploaded name as it may be shown in a message (no path, no control
    characters, at most MAX_NAME characters)."""
    name = str(original or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    return name.strip()[:MAX_NAME]


def extension_of(original: str) -> str:
    """The lower-case extension the uploaded name claims ('' if none)."""
    name = str(original or "").replace("\\", "/").rsplit("/", 1)[-1]
    suffix = PurePosixPath(name).suffix
    return suffix[1:].lower() if suffix else ""


def claimed_kind(original: str) -> Kind | None:
    """The allowed kind the name's extension claims, if it claims one."""
    ext = extension_of(original)
    for kind in ALLOWED:
        if ext in kind.extensions:
            return kind
    return None
