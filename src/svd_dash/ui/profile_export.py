"""A neighbourhood profile as one A4 page in Word: summary, the monthly chart, records by category,
deprivation, hotspot history, and the source line."""

from __future__ import annotations

import io

import pandas as pd
from docx import Document
from docx.shared import Cm, Pt

from svd_dash.analytics.profile import Profile

A4_WIDTH_CM, A4_HEIGHT_CM, MARGIN_CM = 21.0, 29.7, 1.5


def _small_table(document: Document, frame: pd.DataFrame) -> None:
    table = document.add_table(rows=1, cols=len(frame.columns))
    table.style = "Light Grid Accent 1"
    for cell, name in zip(table.rows[0].cells, frame.columns, strict=True):
        cell.text = str(name)
    for row in frame.itertuples(index=False):
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = f"{value:,.1f}" if isinstance(value, float) else f"{value:,}" if isinstance(value, int) else str(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(8)


def profile_docx(profile: Profile, subtitle: str, chart_png: bytes, history: pd.DataFrame, source: str) -> bytes:
    """The one-page A4 Word profile (``history``: the hotspot state per period, already summarised)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(A4_WIDTH_CM), Cm(A4_HEIGHT_CM)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(f"Neighbourhood profile: {profile.title}", level=1)
    document.add_paragraph(subtitle)
    document.add_paragraph(
        f"{profile.count:,} records in the period ({profile.months_used} complete months), {profile.rate:,.1f} a year per 1,000 "
        f"residents; rank {profile.rank} of {profile.units_in_area} in {profile.la_name} (1 = most records). "
        f"Residents (Census 2021): {profile.population:,}, of whom {profile.population_16_24:,} aged 16-24. "
        f"LSOAs: {len(profile.lsoas)}."
    )
    document.add_picture(io.BytesIO(chart_png), width=Cm(11))  # keeps the 5:3 aspect: 6.6 cm high
    picture = document.inline_shapes[-1]
    picture._inline.docPr.set("descr", f"Monthly records in {profile.name}")  # alt text in Word
    document.add_paragraph("Records by police.uk category in the period (top 6)", style="Heading 3")
    _small_table(document, profile.by_type.head(6))
    document.add_paragraph("Deprivation: IMD 2025 national decile (1 = most deprived 10% in England)", style="Heading 3")
    _small_table(document, profile.deprivation)
    document.add_paragraph("Hotspot history (Getis-Ord Gi*, false discovery rate 5%)", style="Heading 3")
    _small_table(document, history)
    footer = document.add_paragraph(source)
    footer.runs[0].font.size = Pt(7)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
