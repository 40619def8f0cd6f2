"""The briefing pack: one Word document per area and selection that an officer can drop into a paper.

Contents: the key findings in plain English with their verdicts (allowing for the normal ups and downs); the main figures and the
hotspot map as images (each with alt text that states the finding); a table of the numbers; the
definitions; and the sources with their licences. Every figure comes from the analytics layer.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st
from docx.document import Document as WordDocument

from svd_dash.analytics import views
from svd_dash.analytics.deprivation import deprivation_gradient, rate_by_decile
from svd_dash.analytics.spc import BaselineTooShortError
from svd_dash.prepared import PreparedData
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts, lsoa_map
from svd_dash.ui.components import data_range
from svd_dash.ui.exports import chart_png, export_stem, labels_for
from svd_dash.ui.keys import baseline_args, period_args, selection_args
from svd_dash.ui.state import Selection
from svd_dash.ui.word_document import A4_WIDTH_CM, DOCX_MIME, a4_document, add_picture, add_table, docx_bytes

MARGIN_CM = 2.0
TEXT_WIDTH_CM = A4_WIDTH_CM - 2 * MARGIN_CM
"""A4 portrait with 2 cm margins: figures are drawn 17 cm wide, the full text width."""

METHODS = (
    "Counts are police.uk street-level crime records, each placed in the neighbourhood (LSOA 2021) where it happened; "
    "records with no location are left out.",
    "A month is partial when an area's total is below 75% of its usual (median) month, or when many of its busy "
    "neighbourhoods report nothing, usually because a force sent incomplete data; partial months are left out of every "
    "comparison, in both periods alike.",
    "Rates are records a year per 1,000 residents (Census 2021), over the complete months of the period.",
    "A change is tested against the normal month-to-month ups and downs of the area's own counts (a quasi-Poisson "
    "model): it is only called bigger than the normal ups and downs when its likely range (95%) excludes no change.",
    "Each council is compared with the other six on a funnel plot whose limits allow for the normal spread between "
    "areas (Spiegelhalter 2005): it is only called higher or lower when its rate is beyond that spread.",
    "Concentration is how few neighbourhoods hold half of the offences, and the share in the busiest 5% of "
    "neighbourhoods; deprivation uses the national "
    "deciles of the English Indices of Deprivation 2025 (1 = the most deprived 10% of neighbourhoods in England).",
)
"""How the figures are made, in plain words, for readers of the pack who cannot see the dashboard."""


def add_figure(document: WordDocument, png: bytes, caption: str, alt: str) -> None:
    """A figure the full text width, with its caption below and ``alt`` as its alt text."""
    add_picture(document, png, TEXT_WIDTH_CM, alt, caption)


def _spc_picture(document: WordDocument, data: PreparedData, selection: Selection, source: str, span: str) -> None:
    """Figure 1b: the SPC chart with its reading as alt text (left out, with a sentence, when the baseline is too short)."""
    title = f"{sentence_start(selection.grouping.short_name)}: SPC chart (XmR)"
    try:
        spc = cache.spc(selection.area.code, selection.grouping.name, *baseline_args(selection), 0.0)
    except BaselineTooShortError as error:
        document.add_paragraph(f"No SPC chart: {error}.")
        return
    figure = charts.with_event_markers(
        charts.spc_figure(
            spc,
            selection.baseline,
            title,
            charts.spc_subtitle(selection.area.name, selection.grouping.name, selection.baseline),
            "Records per month",
        ),
        selection.events,
    )
    reading = spc.sentence(selection.grouping.short_name, selection.area_phrase)
    add_figure(document, chart_png(figure, labels_for(selection, title, "spc", source, span)), f"Figure 1b. {title}. {reading}", reading)


def map_title(selection: Selection) -> str:
    """The pack's map title, e.g. 'Weapons offences per 1,000 residents by neighbourhood'."""
    return f"{sentence_start(selection.grouping.short_name)} per 1,000 residents by neighbourhood"


def _map_png(table: pd.DataFrame, selection: Selection, source: str, span: str) -> bytes:
    """The pack's map (rate per 1,000 residents by LSOA) as a PNG, drawn on the server with matplotlib."""
    colouring = lsoa_map.by_measure(table, "rate", "Rate per 1,000 residents")
    return lsoa_map.map_image(colouring, selection.area.code, labels_for(selection, map_title(selection), "map", source, span))


def briefing_pack(data: PreparedData, selection: Selection, progress: Callable[[float, str], None] = lambda fraction, step: None) -> bytes:
    """Build the Word briefing pack (A4) for ``selection`` and return the .docx bytes; ``progress`` is told
    the fraction done and the step under way, for a progress bar. The tables come from the app's caches
    (the pages' own, warm for the view on screen), the map and the numbers are made while the charts draw."""
    area, grouping = selection.area.code, selection.grouping
    source = " ".join(data.manifest["attributions"][:2]).rstrip(".") + "."
    span = data_range(data)
    progress(0.05, "Writing the key findings")
    document = a4_document(MARGIN_CM, 11)
    document.add_heading(f"{grouping.name}: {selection.area.name}", level=0)
    when = f"{sentence_start(selection.period.label)}, {selection.baseline_phrase}."
    document.add_paragraph(f"{when} Prepared {date.today():%d %B %Y} from police.uk data, {span}.")

    args = selection_args(selection)
    table = cache.neighbourhoods(*args)
    pool = ThreadPoolExecutor(max_workers=2)  # the map and the numbers are made while kaleido draws the charts
    map_png = pool.submit(_map_png, table, selection, source, span)
    cards = pool.submit(cache.area_cards, grouping.name, *period_args(selection), *baseline_args(selection))
    pool.shutdown(wait=False)

    document.add_heading("Key findings", level=1)
    findings = cache.findings(area, grouping.name, *period_args(selection), *baseline_args(selection))
    change_alt = findings[0].sentence
    for finding in findings:
        paragraph = document.add_paragraph(style="List Number")
        paragraph.add_run(f"{finding.title}. ").bold = True
        paragraph.add_run(finding.sentence + (f" {finding.badge}." if finding.badge else ""))

    document.add_heading("Figures", level=1)
    progress(0.2, "Drawing the monthly trend")
    trend = cache.trend(area, grouping.name, *baseline_args(selection))
    title = f"{sentence_start(grouping.short_name)} each month"
    figure = charts.trend_figure(trend, selection.baseline, selection.period, title, selection.comparison_subtitle, "Records per month")
    add_figure(
        document,
        chart_png(
            charts.with_event_markers(figure, selection.events),
            replace(labels_for(selection, title, "trend", source, span), subtitle=selection.comparison_subtitle),
        ),
        f"Figure 1. {title}, {selection.area.name}.",
        f"Monthly {grouping.short_name} in {selection.area_phrase}. {change_alt}",
    )
    _spc_picture(document, data, selection, source, span)
    progress(0.45, "Drawing the rate by deprivation")
    months = max(len(views.months_used(data, area, selection.period)), 1)
    by_decile = rate_by_decile(table, months)
    gradient = deprivation_gradient(table, months)
    title = "Rate per 1,000 residents by national deprivation decile"
    figure = charts.decile_figure(by_decile, title, selection.subtitle, "Rate per 1,000 residents, a year")
    alt = gradient.sentence(grouping.short_name, selection.area_phrase) if gradient else title
    add_figure(document, chart_png(figure, labels_for(selection, title, "deprivation", source, span)), f"Figure 2. {title}.", alt)
    progress(0.65, "Drawing the map")
    title = map_title(selection)
    add_figure(
        document,
        map_png.result(),
        f"Figure 3. {title}.",
        f"Map of {grouping.short_name} per 1,000 residents in each neighbourhood of {selection.area_phrase}.",
    )

    progress(0.85, "Adding the numbers, definitions and sources")
    document.add_heading("The numbers", level=1)
    numbers = cards.result()[
        [
            "area_name",
            "months_used",
            "count",
            "rate",
            "percent_change",
            "interval_lower_percent",
            "interval_upper_percent",
            "verdict",
            "spc_icon",
        ]
    ].rename(
        columns={
            "area_name": "Area",
            "months_used": "Months",
            "count": "Count",
            "rate": "Rate per 1,000",
            "percent_change": "Change %",
            "interval_lower_percent": "Likely range from %",
            "interval_upper_percent": "Likely range to %",
            "verdict": "Verdict",
            "spc_icon": "SPC, latest month",
        }
    )
    add_table(document, numbers)

    document.add_heading("Definitions", level=1)
    for line in (
        f"{grouping.name}: {grouping.definition}.",
        "Rate: records a year per 1,000 residents (Census 2021 usual residents), over the complete months of the period.",
        "Change: the monthly average in the period against the baseline, like with like (partial months left out of both). "
        "The likely range is a 95% interval from a quasi-Poisson model of the monthly counts, which allows for months varying more "
        "than chance alone; a change is 'bigger than the normal ups and downs' only when that range excludes no change.",
        "SPC: an XmR chart (NHS England Making Data Count) with limits from the baseline; ≈ common cause, ↓ special cause improving, "
        "↑ special cause concerning. Change since 2019 is indicative only (another source and neighbourhood geography).",
        "Neighbourhood: a Lower layer Super Output Area (LSOA 2021), about 1,500 residents. "
        "Deprivation: English Indices of Deprivation 2025, national deciles (1 = most deprived 10% in England).",
    ):
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("Methods", level=1)
    for line in METHODS:
        document.add_paragraph(line, style="List Bullet")

    document.add_heading("Sources and licences", level=1)
    for line in data.manifest["attributions"]:
        document.add_paragraph(line, style="List Bullet")
    document.add_paragraph(f"police.uk street-level crime, {span}.")
    pack = docx_bytes(document)
    progress(1.0, "Ready")
    return pack


def briefing_file_name(selection: Selection) -> str:
    """'coventry_weapons_briefing_2025-04_2026-03.docx'."""
    return f"{export_stem(selection, 'briefing')}.docx"


def briefing_download(data: PreparedData, selection: Selection) -> None:
    """A button that builds the pack with a progress bar (about 10 s), then the button that downloads it.
    The built pack is kept for this selection, so a rerun does not rebuild it."""
    stem = briefing_file_name(selection)
    built = st.session_state.get("briefing_pack")
    if built is None or built[0] != stem:
        if not st.button("Prepare the briefing pack (Word)", key="briefing_prepare", icon=":material/description:"):
            st.caption(
                "Key findings, figures, the hotspot map, the numbers, definitions, methods and sources, on A4, ready for a council paper."
            )
            return
        with st.status("Building the briefing pack…", expanded=True) as status:
            bar = st.progress(0.0, text="Starting")
            payload = briefing_pack(data, selection, progress=lambda fraction, step: bar.progress(fraction, text=step))
            status.update(label="The briefing pack is ready.", state="complete", expanded=False)
        st.session_state["briefing_pack"] = built = (stem, payload)
    st.download_button(
        "Download the briefing pack (Word)",
        built[1],
        file_name=stem,
        mime=DOCX_MIME,
        key="briefing_pack_download",
        icon=":material/download:",
        on_click="ignore",
        type="primary",
    )
