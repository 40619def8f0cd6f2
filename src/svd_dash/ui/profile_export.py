"""A neighbourhood profile as one A4 page in Word: summary, the monthly chart, records by category,
deprivation, hotspot history, and the source line."""

from __future__ import annotations

import pandas as pd
from docx.shared import Pt

from svd_dash.analytics.profile import Profile
from svd_dash.ui.word_document import a4_document, add_picture, add_table, docx_bytes

MARGIN_CM, BODY_PT, TABLE_PT = 1.5, 9, 8


def profile_docx(profile: Profile, subtitle: str, chart_png: bytes, history: pd.DataFrame, source: str) -> bytes:
    """The one-page A4 Word profile (``history``: the hotspot state per period, already summarised)."""
    document = a4_document(MARGIN_CM, BODY_PT)
    document.add_heading(f"Neighbourhood profile: {profile.title}", level=1)
    document.add_paragraph(subtitle)
    document.add_paragraph(
        f"{profile.count:,} records in the period ({profile.months_used} complete months), {profile.rate:,.1f} a year per 1,000 "
        f"residents; rank {profile.rank} of {profile.units_in_area} in {profile.la_name} (1 = most records). "
        f"Residents (Census 2021): {profile.population:,}, of whom {profile.population_16_24:,} aged 16-24. "
        f"LSOAs: {len(profile.lsoas)}."
    )
    add_picture(document, chart_png, 11, f"Monthly records in {profile.name}")  # keeps the 5:3 aspect: 6.6 cm high
    document.add_paragraph("Records by police.uk category in the period (top 6)", style="Heading 3")
    add_table(document, profile.by_type.head(6), TABLE_PT)
    document.add_paragraph("Deprivation: IMD 2025 national decile (1 = most deprived 10% in England)", style="Heading 3")
    add_table(document, profile.deprivation, TABLE_PT)
    document.add_paragraph("Hotspot history (Getis-Ord Gi*, false discovery rate 5%)", style="Heading 3")
    add_table(document, history, TABLE_PT)
    footer = document.add_paragraph(source)
    footer.runs[0].font.size = Pt(7)
    return docx_bytes(document)
