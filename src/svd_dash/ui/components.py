"""Small shared pieces of page layout: charts with their numbers, source lines, data-period notes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from svd_dash.prepared import PreparedData
from svd_dash.ui.columns import friendly_name
from svd_dash.ui.exports import ExportLabels, chart_png, labels_for, table_csv
from svd_dash.ui.meeting import MEETING_KEY, for_the_projector
from svd_dash.ui.plotly_chart import plotly_chart
from svd_dash.ui.state import Selection


def source_line(data: PreparedData, extra: str = "") -> str:
    """The source and licence line under a chart, generated from the manifest and the data's months."""
    parts = [f"Source: police.uk street-level crime, {data_range(data)}", *data.manifest["attributions"][:1]]
    if extra:
        parts.insert(1, extra)
    return " · ".join(parts)


def published_source_line(rows: pd.DataFrame) -> str:
    """'Source: Home Office Homicide Index.': the publishers named by a published series' own rows (never
    police.uk, whose data they are not)."""
    return f"Source: {'; '.join(dict.fromkeys(rows['source']))}."


def published_range(rows: pd.DataFrame) -> str:
    """'5 published periods ending September 2017 to September 2021': what a published series covers."""
    ends = pd.to_datetime(rows["period_end"])
    return f"{len(rows)} published periods ending {ends.min():%B %Y} to {ends.max():%B %Y}"


def data_range(data: PreparedData) -> str:
    """'May 2023 to March 2026': the months the prepared data covers."""
    return f"{data.months['month'].min():%B %Y} to {data.months['month'].max():%B %Y}"


def meeting_mode_on() -> bool:
    """Whether this run is in meeting mode (the sidebar's toggle, mirrored in the link)."""
    return bool(st.session_state.get(MEETING_KEY))


def chart(figure: go.Figure, numbers: pd.DataFrame, alt: str, key: str, caption: str, labels: ExportLabels) -> None:
    """A plotly chart, its source line, 'Download image' and 'Download data' buttons, and a 'Show the
    numbers' table of exactly what it plots (the same table the CSV holds, under the same friendly
    headers). In meeting mode: projector-sized text, and no downloads or tables."""
    if meeting_mode_on():
        height = max(480, int(figure.layout.height or 0))  # a chart drawn taller on the page stays as tall
        plotly_chart(for_the_projector(figure, height=height), key, alt, {"displayModeBar": False})
        st.caption(caption)
        return
    plotly_chart(figure, key, alt, {"displaylogo": False})
    st.caption(caption)
    downloads(lambda: chart_png(figure, labels), numbers, labels, key)
    show_the_numbers(numbers, key)


def downloads(image: Callable[[], bytes], numbers: pd.DataFrame, labels: ExportLabels, key: str) -> None:
    """'Download image' and 'Download data' buttons with meaningful file names; both files are made only
    when clicked, so a rerun does no export work. None in meeting mode."""
    if meeting_mode_on():
        return
    row = st.container(horizontal=True, wrap=True)  # the two buttons wrap in a narrow column rather than being cut
    row.download_button(
        "Download image",
        image,
        file_name=f"{labels.stem}.png",
        mime="image/png",
        key=f"{key}_png",
        icon=":material/image:",
        on_click="ignore",
    )
    row.download_button(
        "Download data",
        partial(table_csv, numbers, labels),
        file_name=f"{labels.stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/table:",
        on_click="ignore",
    )


def export_labels(
    data: PreparedData,
    selection: Selection,
    title: str,
    topic: str,
    extra: str = "",
    source: str = "",
    date_range: str = "",
    with_baseline: bool = False,
) -> ExportLabels:
    """Labels for an exported chart: the source line generated from the manifest (police.uk), or ``source``
    and ``date_range`` for a series with another publisher (see ``published_source_line`` and
    ``published_range``); the subtitle names the baseline
    only when the chart uses one (``with_baseline``)."""
    line = source or source_line(data, extra)
    labels = labels_for(selection, title, topic, line.rstrip(".") + ".", date_range or data_range(data))
    return replace(labels, subtitle=selection.comparison_subtitle) if with_baseline else labels


def data_period_note(data: PreparedData, area_code: str) -> None:
    """State the data's months and any partial months for the area, at the top of a page."""
    months = data.months[data.months["area_code"] == area_code]
    partial_months = months[~months["complete"]]["month"]
    first, last = months["month"].min(), months["month"].max()
    text = f"Data: police.uk, {first:%B %Y} to {last:%B %Y} ({len(months)} months)."
    if len(partial_months):
        text += " Partial months, left out of every comparison: " + ", ".join(f"{m:%b %Y}" for m in partial_months) + "."
    st.info(text)


def nothing_to_show(message: str) -> None:
    """A plain explanation of why there is nothing to show, and what to change."""
    st.warning(message)


READABLE_TEXT = """
<style>
  [data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div,
  [data-testid="stMetricDelta"] > div { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
  [data-testid="stMetricValue"] { font-size: 1.9rem; line-height: 1.15; }
  [data-testid="stMarkdown"] table { display: block; max-width: 100%; overflow-x: auto; }
  [data-testid="stMarkdown"] td, [data-testid="stMarkdown"] th { overflow-wrap: anywhere; min-width: 6rem; }
</style>
"""
"""On every page: metric numbers and labels wrap rather than being cut with an ellipsis, and Markdown
tables wrap their text and scroll inside the page rather than running off its right edge."""

NARROW_SCREEN_WIDTH_PX = 1200
"""Below this window width (a 1024 px projector) rows of columns wrap: see ``wrap_on_narrow_screens``."""


def wrap_on_narrow_screens(key: str, column_width: str) -> None:
    """Style the rows of columns inside the container ``key`` to wrap on a narrow screen, each column then
    ``column_width`` wide (a CSS length, e.g. ``100%``); Streamlit itself stacks columns only below 640 px."""
    rule = f"flex: 1 1 {column_width} !important; min-width: {column_width} !important;"
    st.html(
        f"<style>@media (max-width: {NARROW_SCREEN_WIDTH_PX}px) {{"
        f' .st-key-{key} [data-testid="stHorizontalBlock"] {{ flex-wrap: wrap !important; }}'
        f' .st-key-{key} [data-testid="stColumn"] {{ {rule} }} }}</style>'
    )


def card_rows(count: int, per_row: int = 4) -> list:
    """Columns for ``count`` cards, row by row, two to a row on a narrow screen (so they keep their order;
    their text wraps: see ``READABLE_TEXT``)."""
    wrap_on_narrow_screens("area_cards", "calc(50% - 1rem)")
    with st.container(key="area_cards"):
        return [column for start in range(0, count, per_row) for column in st.columns(per_row)][:count]


def side_by_side(key: str) -> list:
    """Two columns, inside a container named ``key``, that stack one above the other at full width on a
    narrow screen (two maps side by side on a 1024 px projector would be 330 px wide each)."""
    wrap_on_narrow_screens(key, "100%")
    with st.container(key=key):
        return st.columns(2)


def labelled_list(items: list[tuple[str, str]]) -> str:
    """Markdown bullets '- **name**: text', for sentences that must be read whole (a table cuts them at
    its column edge). The names and texts are the app's own, never a user's."""
    return "\n".join(f"- **{name}**: {text}" for name, text in items)


def recent_completeness(data: PreparedData, area_code: str, months: int) -> list[bool]:
    """Whether each of the area's last ``months`` months is complete (for a sparkline's hollow markers)."""
    flags = data.months[data.months["area_code"] == area_code].sort_values("month")["complete"]
    return [bool(flag) for flag in flags.iloc[-months:]]


JARGON: dict[str, str] = {
    "Gi*": "Gi* (Getis-Ord): a test of whether a neighbourhood and those around it together have more offences than chance would give.",
    "queen contiguity": "Queen contiguity: neighbourhoods count as neighbours when their boundaries touch, even at a single corner.",
    "Benjamini-Hochberg": "Benjamini-Hochberg: a correction for testing hundreds of neighbourhoods at once, so that few hot spots are "
    "flagged by chance alone.",
    "FDR": "FDR (false discovery rate): the share of flagged hot spots that may be flukes, kept to 5% at most.",
    "Gini": "Gini coefficient: 0 if every neighbourhood had the same number of offences, 1 if one neighbourhood had them all.",
    "funnel": "Funnel plot: each area's rate against its population; the funnel shows how far a rate can stray from the "
    "rate it is compared with by normal ups and downs alone, wider for smaller areas.",
    "99.8% limits": "95% and 99.8% limits: a rate outside the 95% lines would happen by chance about 1 time in 20, outside "
    "the 99.8% lines about 1 time in 500.",
    "CCHI": "CCHI (Cambridge Crime Harm Index): weights each offence by the days in prison its starting-point sentence "
    "would carry, so serious harm counts for more than minor offences.",
    "IMD": "IMD (Index of Multiple Deprivation 2025): the government's ranking of every neighbourhood in England by deprivation; "
    "decile 1 is the most deprived 10%.",
    "LSOA": "Neighbourhood (LSOA): a small statistical area of about 1,500 residents.",
    "95% CI": "95% confidence interval: the range the true figure very probably lies in, given the normal ups and downs.",
    "Mann-Kendall": "Mann-Kendall: a test of whether a series keeps rising (or falling) from period to period more steadily "
    "than chance would make it.",
}
"""One plain line for each technical term, shown where the term appears."""


def explain(*terms: str) -> None:
    """A caption giving each term's one-line plain explanation."""
    st.caption("  \n".join(JARGON[term] for term in terms))


TABLE_ROW_PX, TABLE_HEADER_PX = 35, 38
"""Streamlit's data frame row and header heights, for sizing a table to show every row."""


@contextmanager
def lazy_expander(label: str, key: str) -> Iterator[bool]:
    """An expander whose contents are drawn only once it is opened: ``with lazy_expander(...) as is_open:
    if is_open: ...``. A closed expander's contents are still sent and drawn by the browser (a table costs a
    new tab 0.35 s for a page's first and about 0.1 s for each one after it, on the 2-core machine).
    Opening it reruns the page once; it stays open across reruns (its state is under ``{key}_open``)."""
    with st.expander(label, key=f"{key}_open", on_change="rerun") as expander:
        yield expander.open


def show_the_numbers(numbers: pd.DataFrame, key: str) -> None:
    """A 'Show the numbers' expander (drawn only when opened: ``lazy_expander``) with the table of exactly
    what the chart or map above it shows."""
    with lazy_expander("Show the numbers", f"{key}_numbers") as is_open:
        if is_open:
            friendly_dataframe(numbers, key=f"{key}_numbers")


def friendly_dataframe(frame: pd.DataFrame, column_config: dict | None = None, **options: object) -> object:
    """``st.dataframe`` with every column headed by its friendly label (``columns.friendly_name``); the data
    keep their names. ``column_config`` entries (by data column name) override a label's plain column."""
    labels = {column: st.column_config.Column(friendly_name(column)) for column in frame.columns}
    return st.dataframe(frame, hide_index=True, column_config=labels | (column_config or {}), **options)


def table_height(rows: int) -> int:
    """The height (px) at which a data frame shows ``rows`` rows without scrolling."""
    return TABLE_HEADER_PX + TABLE_ROW_PX * rows + 3


NEIGHBOURHOOD_KEY = "neighbourhood"
_APPLIED_CLICK = "_neighbourhood_click"


def choose_neighbourhood(options: list[str], clicked: str | None) -> None:
    """Make the neighbourhood picker follow a new click on the map (once per click, so choosing from
    the list afterwards still works) and stay valid for the area shown (a link may name any code)."""
    if clicked in options and clicked != st.session_state.get(_APPLIED_CLICK):
        st.session_state[NEIGHBOURHOOD_KEY] = clicked
        st.session_state[_APPLIED_CLICK] = clicked
    if st.session_state.get(NEIGHBOURHOOD_KEY) not in options:
        st.session_state[NEIGHBOURHOOD_KEY] = options[0]


SEASONALITY_CAVEAT = (
    "Read this with care: the data cover under three years, so each month of the year rests on only 2 or 3 values, "
    "and one unusual month moves its bar a long way."
)


def without_paths(markdown: str) -> str:
    """``markdown`` with file paths in code spans shortened to the file's name ('`data/raw/x.csv`' -> 'x.csv'):
    readers of the page need to know what a file is, not where it sits in the repository."""
    return re.sub(r"`[^`\s]*/[^`\s]*`", lambda match: match.group(0).strip("`").rstrip("/").split("/")[-1], markdown)
