"""The parts every Word document the dashboard writes shares (briefing pack, partner pack, neighbourhood
profile): an A4 page in Arial, pictures with alt text, tables of numbers, and the bytes to download."""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
A4_WIDTH_CM, A4_HEIGHT_CM = 21.0, 29.7


def a4_document(margin_cm: float, font_pt: float) -> WordDocument:
    """A new document: A4 portrait with ``margin_cm`` on every side, body text Arial at ``font_pt``."""
    document = Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(A4_WIDTH_CM), Cm(A4_HEIGHT_CM)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(margin_cm)
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(font_pt)
    return document


def add_picture(document: WordDocument, png: bytes, width_cm: float, alt: str, caption: str | None = None) -> None:
    """A PNG ``width_cm`` wide (its aspect kept) with ``alt`` as Word's alt text, and a caption below it if given."""
    document.add_picture(io.BytesIO(png), width=Cm(width_cm))
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", alt)
    if caption:
        picture._inline.docPr.set("title", caption)
        document.add_paragraph(caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.LEFT


def add_table(document: WordDocument, frame: pd.DataFrame, font_pt: float | None = None) -> None:
    """``frame`` as a table under its column names: decimals to one place, whole numbers with thousands
    separators; with ``font_pt``, in that size and with no space after each cell's paragraph (compact)."""
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Light Grid Accent 1"
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
    for row in frame.itertuples(index=False):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
    if font_pt is None:
        return
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(font_pt)


def docx_bytes(document: WordDocument) -> bytes:
    """The document as .docx bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
