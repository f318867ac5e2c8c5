"""Real, minimal files of each allowed kind, built here."""

import io
import zipfile

from docx import Document
from PIL import Image


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def pdf_bytes(padding: int = 0) -> bytes:
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
    tail = b"trailer << /Root 1 0 R >>\n%%EOF\n"
    return body + b"%" + b"0" * max(0, padding - len(body) - len(tail) - 2) + b"\n" + tail


def image_bytes(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2, 2), (0, 90, 160)).save(out, format=fmt)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Protokoll fra styremøtet")
    document.save(out)
    return out.getvalue()


def xlsx_bytes(main_type: str = "application/vnd.openxmlformats-officedocument."
                                  "spreadsheetml.sheet.main+xml") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
            'name="Budsjett" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        z.writestr("xl/worksheets/sheet1.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" '
            't="inlineStr"><is><t>Budsjett</t></is></c></row></sheetData></worksheet>'))
    return out.getvalue()


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:'
            'oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="'
            'application/vnd.oasis.opendocument.text"/><manifest:file-entry '
            'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>'), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="'
            'urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:'
            'tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:text>'
            '<text:p>Referat</text:p></office:text></office:body></office:document-content>'),
            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


FILES = {
    "pdf": ("Signert protokoll.pdf", pdf_bytes, "application/pdf"),
    "docx": ("Vedtak.docx", docx_bytes,
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Budsjett.xlsx", xlsx_bytes,
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "odt": ("Referat.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
    "png": ("Kart.png", lambda: image_bytes("PNG"), "image/png"),
    "jpeg": ("Bilde.jpg", lambda: image_bytes("JPEG"), "image/jpeg"),
}
