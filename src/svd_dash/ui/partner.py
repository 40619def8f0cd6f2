"""Partner data in the user's session: the upload, 'Forget this data', and drawing the protected figures.

Privacy: the file's bytes are read from the upload widget and validated in memory; only the tidy rows
are kept, in ``st.session_state`` (this browser session only). Nothing is written to disk, logged, or
put in a cache shared between sessions. 'Forget this data' drops the rows and resets the upload widget,
which releases the file from Streamlit's per-session upload store; Streamlit drops both when the
session ends. Text from the file (measure names, source labels, file name) is never rendered as
Markdown or HTML: it is shown with ``st.text`` or in tables.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from svd_dash.analytics.partner_compare import NOT_SUPPLIED, PartnerViews
from svd_dash.analytics.partner_data import MAX_FILE_MB, MAX_ROWS, OPTIONAL, REQUIRED, Extract, ExtractRefusedError, read_extract
from svd_dash.analytics.suppression import MARK, SHOWN, SuppressionRule
from svd_dash.prepared import PreparedData
from svd_dash.ui import maps
from svd_dash.ui.charts import FONT
from svd_dash.ui.components import friendly_dataframe
from svd_dash.ui.exports import ExportLabels, slug
from svd_dash.ui.lsoa_map import Colouring
from svd_dash.ui.palettes import OKABE_ITO, SEQUENTIAL_5
from svd_dash.ui.state import Selection, area_slug

STORE_KEY, PROBLEMS_KEY, FILE_ID_KEY, GENERATION_KEY = "partner_extract", "partner_problems", "partner_file_id", "partner_generation"
MEASURE_KEY = "partner_measure"
PRIVACY_NOTE = (
    "Private by default. Your file stays in this browser session only: it is not saved on the server, not logged, "
    "and no other user can see it. It is gone when you close this tab or press 'Forget this data'. "
    "Small numbers are suppressed before anything is shown or exported."
)
SUPPRESSED_COLOUR, NOT_SUPPLIED_COLOUR = "#8c8c8c", "#f0f0f0"
PROBLEMS_SHOWN = 1_000
PROBLEMS_LISTED = 20
FORMAT = pd.DataFrame(
    {
        "column": [*REQUIRED, *OPTIONAL],
        "holds": [
            "LSOA 2021 (E01…), 2025 ward (E05…) or council (E08…) code, in the seven West Midlands councils; one level per measure",
            "the month, written YYYY-MM (or a date on the 1st), within the months of the police data",
            "the measure's name: letters, digits, spaces and plain punctuation, up to 80 characters",
            "a whole number, 0 or more; a place with no row in a month of the measure counts as 0",
            "optional: who supplied it, e.g. the trust or service; named in every export",
        ],
        "example": ["E05001218", "2025-04", "ED assault attendances", "12", "University Hospitals Coventry"],
    }
)


def stored_extract() -> Extract | None:
    """The extract accepted in this session, if any."""
    return st.session_state.get(STORE_KEY)


def forget() -> None:
    """Drop the extract and any refusal from this session and reset the upload widget."""
    for key in (STORE_KEY, PROBLEMS_KEY, FILE_ID_KEY, MEASURE_KEY):
        st.session_state.pop(key, None)
    st.session_state[GENERATION_KEY] = st.session_state.get(GENERATION_KEY, 0) + 1


def template_csv() -> bytes:
    """The header row of the long format, for the user to fill in."""
    return (",".join(REQUIRED + OPTIONAL) + "\n").encode("utf-8")


def accept(payload: bytes, file_name: str, data: PreparedData, file_id: str) -> None:
    """Validate a file and keep it in this session, or keep the list of problems: nothing is half-loaded,
    and a refused file leaves the extract accepted earlier (if any) in place."""
    st.session_state[FILE_ID_KEY] = file_id
    try:
        extract = read_extract(payload, file_name, data.lsoa, sorted(pd.to_datetime(data.months["month"].unique())))
    except ExtractRefusedError as refusal:
        st.session_state[PROBLEMS_KEY] = refusal.problems
        return
    st.session_state.pop(PROBLEMS_KEY, None)
    st.session_state.pop(MEASURE_KEY, None)  # the new file's measures may differ
    st.session_state[STORE_KEY] = extract


def upload_panel(data: PreparedData) -> None:
    """Template download, the upload widget, 'Forget this data', and what happened to the last file."""
    generation = st.session_state.get(GENERATION_KEY, 0)
    with st.expander("The file format"):
        friendly_dataframe(FORMAT)
    uploaded = st.file_uploader(
        f"Upload a partner extract (CSV in UTF-8, or Excel .xlsx; at most {MAX_FILE_MB} MB and {MAX_ROWS:,} rows)",
        type=["csv", "xlsx"],
        key=f"partner_upload_{generation}",
    )
    if uploaded is not None and uploaded.file_id != st.session_state.get(FILE_ID_KEY):
        accept(uploaded.getvalue(), uploaded.name, data, uploaded.file_id)
    left, right = st.columns([1, 1], width=460)
    left.download_button("Download the template (CSV)", template_csv(), "partner_data_template.csv", "text/csv", on_click="ignore")
    right.button("Forget this data", on_click=forget, disabled=stored_extract() is None and PROBLEMS_KEY not in st.session_state)
    problems = st.session_state.get(PROBLEMS_KEY)
    extract = stored_extract()
    if problems:
        st.error(f"The file was refused, so nothing from it was loaded: {len(problems):,} problem(s). Correct them and upload it again.")
        more = (
            f"\n… and {len(problems) - PROBLEMS_LISTED:,} more (the first {PROBLEMS_SHOWN:,} in the table below)."
            if len(problems) > PROBLEMS_LISTED
            else ""
        )
        st.text("\n".join(p.message for p in problems[:PROBLEMS_LISTED]) + more)
        with st.expander("Every problem as a table"):
            table = pd.DataFrame([{"row": p.row, "column": p.column, "value found": p.value, "expected": p.expected} for p in problems])
            st.dataframe(table.head(PROBLEMS_SHOWN), hide_index=True, key="partner_problems_table")
        if extract is not None:
            st.info(f"Still showing the file loaded earlier ({len(extract.rows):,} rows).")
    elif extract is not None:
        st.success(f"Loaded {len(extract.rows):,} rows: {len(extract.measures)} measure(s). Kept in this session only.")


def rule_settings() -> SuppressionRule:
    """The suppression threshold and rounding, defaulting to NHS Digital's rule (1 to 7; nearest 5)."""
    with st.expander("Small-number rule"):
        left, right = st.columns(2)
        threshold = left.number_input("Suppress counts from 1 up to", min_value=1, max_value=50, value=7, step=1, key="partner_threshold")
        rounding = right.selectbox("Round other counts to the nearest", [5, 10, 1], key="partner_rounding")
    return SuppressionRule(int(threshold), int(rounding))


def partner_labels(selection: Selection, extract: Extract, measure: str, rule: SuppressionRule, title: str, topic: str) -> ExportLabels:
    """Export labels naming the partner source as the user labelled it, and the suppression rule."""
    source = extract.source_of(measure)
    return ExportLabels(
        title=title,
        subtitle=f"{selection.area.name} · {measure} · {selection.period.label}",
        footer=f"Partner data: {measure}, source: {source} (supplied by the user, not published). {rule.short}",
        definitions=f"{measure}: as defined by its source. Rates: per 1,000 residents a year (Census 2021), from the rounded counts.",
        stem=f"{area_slug(selection.area)}_partner_{slug(measure)[:40]}_{slug(topic)}_{selection.period.slug}",
    )


def trend_figure(views: PartnerViews, title: str, subtitle: str, span: tuple[pd.Timestamp, pd.Timestamp]) -> go.Figure:
    """Monthly counts as shown (rounded), the selected period darker, suppressed months marked on the axis;
    the x axis runs over ``span`` (the police data's months) so it lines up with the police chart."""
    monthly = views.monthly
    figure = go.Figure()
    for in_period, name, colour in ((True, "In the period", OKABE_ITO[0]), (False, "Outside the period", "#9ecae1")):
        part = monthly[(monthly["in_period"] == in_period) & (monthly["status"] == SHOWN)]
        figure.add_bar(
            x=part["month"], y=part["count"], name=name, marker_color=colour, text=part["shown"], textposition="outside", cliponaxis=False
        )
    hidden = monthly[monthly["status"] != SHOWN]
    figure.add_scatter(
        x=hidden["month"], y=[0] * len(hidden), mode="markers+text", text=[MARK] * len(hidden), textposition="top center",
        name=f"Suppressed ({MARK})", marker={"symbol": "x", "size": 10, "color": "#000000"},
    )  # fmt: skip
    figure.update_layout(
        title={"text": f"{title}<br><span style='font-size:0.8em;color:#444'>{subtitle}</span>", "x": 0.01, "xanchor": "left"},
        font=FONT,
        height=460,
        margin={"l": 60, "r": 20, "t": 90, "b": 60},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.18},
    )
    top = monthly["count"].max()
    figure.update_yaxes(title="Count per month (rounded)", gridcolor="#e5e5e5", range=[0, (top if top > 0 else 1) * 1.15])
    figure.update_xaxes(range=[span[0] - pd.Timedelta(days=20), span[1] + pd.Timedelta(days=20)], linecolor="#444")
    return figure


def map_colouring(rows: pd.DataFrame) -> Colouring:
    """Natural-breaks classes of the shown rate; suppressed places grey and named, places not in the file pale."""
    codes = rows["lsoa21_code"]
    shown = rows["status"].eq(SHOWN).to_numpy()
    rates = pd.Series(rows["rate"].to_numpy(dtype=float), index=codes.to_numpy())
    breaks = maps.class_breaks(rates[shown]) or [0.0]
    names = maps.legend_labels(breaks, 1)
    palette = list(SEQUENTIAL_5[-len(breaks) :])
    index = maps.class_index(rates, breaks)
    colours = [palette[i] for i in index]
    labels = [names[i] for i in index]
    legend = list(zip(names, palette, strict=True))
    hidden_name, missing_name = f"Suppressed ({MARK})", "Not in the file"
    for i, status in enumerate(rows["status"]):
        if status == NOT_SUPPLIED:
            colours[i], labels[i] = NOT_SUPPLIED_COLOUR, missing_name
        elif status != SHOWN:
            colours[i], labels[i] = SUPPRESSED_COLOUR, hidden_name
    legend += [(hidden_name, SUPPRESSED_COLOUR), (missing_name, NOT_SUPPLIED_COLOUR)]
    legend = [(name, colour) for name, colour in legend if name in labels]
    return Colouring(
        pd.Series(colours, index=codes.to_numpy()), pd.Series(labels, index=codes.to_numpy()), "Rate per 1,000 residents", legend
    )


def rates_figure(table: pd.DataFrame, title: str, subtitle: str) -> go.Figure:
    """Each place's partner rate (from its rounded count) against its police rate; suppressed places are not drawn."""
    drawn = table[table["status"] == SHOWN]
    figure = go.Figure(
        go.Scatter(
            x=drawn["police_rate"],
            y=drawn["rate"],
            mode="markers",
            text=drawn["name"],
            marker={"size": 8, "color": OKABE_ITO[0], "opacity": 0.7},
            hovertemplate="%{text}<br>Police %{x:.1f}, partner %{y:.1f} per 1,000<extra></extra>",
        )
    )
    hidden = len(table) - len(drawn)
    figure.update_layout(
        title={"text": f"{title}<br><span style='font-size:0.8em;color:#444'>{subtitle} · {hidden:,} suppressed places not drawn</span>"},
        font=FONT,
        height=460,
        margin={"l": 60, "r": 20, "t": 90, "b": 60},
        plot_bgcolor="white",
    )
    figure.update_xaxes(title="Police-recorded, per 1,000 residents a year", gridcolor="#e5e5e5", rangemode="tozero")
    figure.update_yaxes(title="Partner measure, per 1,000 residents a year", gridcolor="#e5e5e5", rangemode="tozero")
    return figure
