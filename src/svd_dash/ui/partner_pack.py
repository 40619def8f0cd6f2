"""The partner pack: a Word document of a partner measure beside the police data, built on click from
the same suppressed figures the page shows, with the source as the user labelled it and the rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

from svd_dash.analytics.partner_compare import LEVEL_WORDS, PartnerViews, lsoa_rows
from svd_dash.analytics.partner_data import Extract
from svd_dash.analytics.suppression import SHOWN, SuppressionRule
from svd_dash.prepared import PreparedData
from svd_dash.reference import sentence_start
from svd_dash.ui import charts, lsoa_map, partner
from svd_dash.ui.briefing import MARGIN_CM, add_figure
from svd_dash.ui.components import export_labels
from svd_dash.ui.exports import chart_png, slug
from svd_dash.ui.state import Selection, area_slug
from svd_dash.ui.word_document import DOCX_MIME, a4_document, add_table, docx_bytes

TABLE_ROWS = 30
"""Places listed in the pack's table (highest shown rate first); the page's CSV holds them all."""


@dataclass(frozen=True)
class PackContent:
    """What the pack shows: the protected views, the place table beside police, the correlation sentence."""

    views: PartnerViews
    compared: pd.DataFrame
    correlation: str
    police_trend: pd.DataFrame


def partner_pack(
    data: PreparedData, selection: Selection, extract: Extract, measure: str, rule: SuppressionRule, content: PackContent
) -> bytes:
    """The .docx bytes of the partner pack for ``measure`` in the selection's area and period."""
    views, area = content.views, selection.area.code
    source = extract.source_of(measure)
    document = a4_document(MARGIN_CM, 11)  # A4, like the briefing pack, so its figures fit the text width
    document.add_heading(f"Partner data beside police data: {selection.area.name}", level=0)
    document.add_paragraph(f"{measure}, {selection.period.label}. Source: {source} (supplied by the user, not published).")
    document.add_paragraph(f"Prepared {date.today():%d %B %Y}. {rule.footer}")

    document.add_heading("Month by month", level=1)
    title = "Partner measure each month"
    span = (data.months["month"].min(), data.months["month"].max())
    labels = partner.partner_labels(selection, extract, measure, rule, title, "trend")
    add_figure(document, chart_png(partner.trend_figure(views, title, labels.subtitle, span), labels), f"Figure 1. {title}.", title)
    police_title = f"{sentence_start(selection.grouping.short_name)} each month (police)"
    figure = charts.trend_figure(
        content.police_trend,
        selection.baseline,
        selection.period,
        police_title,
        f"{selection.area.name} · {selection.grouping.name}",
        "Records",
    )
    police_labels = export_labels(data, selection, police_title, "partner-police-trend")
    add_figure(document, chart_png(figure, police_labels), f"Figure 2. {police_title}.", police_title)

    if views.level != "Council":
        document.add_heading("By place", level=1)
        rows = lsoa_rows(views, data.lsoa, area)
        colouring = partner.map_colouring(rows)
        map_title = "Partner measure: rate per 1,000 residents"
        png = lsoa_map.map_image(colouring, area, partner.partner_labels(selection, extract, measure, rule, map_title, "map"))
        add_figure(
            document,
            png,
            f"Figure 3. {map_title}.",
            f"Map of the partner measure's rate in {selection.area_phrase}; suppressed places grey.",
        )

    document.add_heading("Do the two line up?", level=1)
    document.add_paragraph(content.correlation)
    shown = content.compared[content.compared["status"] == SHOWN].sort_values("rate", ascending=False).head(TABLE_ROWS)
    document.add_paragraph(
        f"The {len(shown)} {LEVEL_WORDS[views.level]} with the highest partner rate among those shown "
        f"({(content.compared['status'] != SHOWN).sum():,} suppressed places are not listed; the page's CSV lists every place, marked)."
    )
    add_table(
        document,
        shown[["name", "shown", "rate", "police_count", "police_rate"]]
        .rename(
            columns={
                "name": "Place",
                "shown": "Count",
                "rate": "Rate per 1,000",
                "police_count": "Police count",
                "police_rate": "Police rate",
            }
        )
        .round(1),
    )
    document.add_heading("Sources and rules", level=1)
    for line in (
        f"Partner data: {measure}, source: {source} (supplied by the user, not published).",
        rule.footer,
        *data.manifest["attributions"],
    ):
        document.add_paragraph(str(line), style="List Bullet")
    return docx_bytes(document)


def pack_download(
    data: PreparedData, selection: Selection, extract: Extract, measure: str, rule: SuppressionRule, content: PackContent
) -> None:
    """'Download the partner pack (Word)': the document is built only when clicked."""
    st.download_button(
        "Download the partner pack (Word)",
        partial(partner_pack, data, selection, extract, measure, rule, content),
        file_name=f"{area_slug(selection.area)}_partner_{slug(measure)[:40]}_pack_{selection.period.slug}.docx",
        mime=DOCX_MIME,
        key="partner_pack",
        on_click="ignore",
    )
