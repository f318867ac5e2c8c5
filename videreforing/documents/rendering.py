"""DOCX from Word templates (docxtpl) and PDF from HTML (WeasyPrint)."""

import io
from pathlib import Path

from django.template.loader import render_to_string
from docxtpl import DocxTemplate

from .models import DocumentTemplate

SHIPPED = Path(__file__).resolve().parent / "docx"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def template_source(key: str):
    override = DocumentTemplate.objects.filter(key=key).first()
    if override and override.file:
        return override.file.open("rb")
    return (SHIPPED / f"{key}.docx").open("rb")


def render_docx(key: str, context: dict) -> bytes:
    with template_source(key) as source:
        document = DocxTemplate(source)
        document.render(context, autoescape=True)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # imported here: it loads system libraries

    html = render_to_string(template_name, context)
    return HTML(string=html).write_pdf()
