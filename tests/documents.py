"""Reading generated documents in tests."""

import io
import re

from docx import Document
from pypdf import PdfReader


def docx_text(body: bytes) -> str:
    doc = Document(io.BytesIO(body))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(body: bytes) -> str:
    """The PDF's text with whitespace collapsed: extraction may split words from the
    punctuation that follows them."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return re.sub(r"\s+([.,:;])", r"\1", re.sub(r"\s+", " ", text))
