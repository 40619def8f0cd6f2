"""The shared sidebar: widgets with keys, initialised from the link, returning one ``Selection``.

The URL mirrors the selection on every run, so a copied link or a browser refresh restores the view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from svd_dash.analytics.groupings import GROUPINGS
from svd_dash.analytics.measures import MEASURE_BY_KEY, MEASURES
from svd_dash.analytics.periods import Period, calendar_year, financial_year
from svd_dash.ui.meeting import MEETING_KEY
from svd_dash.ui.state import AREA_BY_SLUG, DataMonths, Selection, area_slug, page_query, selection_from_query, selection_to_query

SELECTION_KEY = "selection"


def _label(month: pd.Timestamp) -> str:
    return f"{month:%Y-%m}"


def period_presets(months: DataMonths) -> dict[str, Period]:
    """Named periods wholly inside the data: latest 12 months, financial and calendar years."""
    presets = {"Latest 12 months": months.default_period()}
    first, last = months.available[0], months.available[-1]
    for year in range(first.year - 1, last.year + 1):
        for name, period in (
            (f"Financial year {year}/{(year + 1) % 100:02d}", financial_year(year)),
            (f"Calendar year {year}", calendar_year(year)),
        ):
            if period.start >= first and period.end <= last:
                presets[name] = period
    presets["Earliest complete 12 months"] = months.default_baseline()
    return presets


def _initialise_from_link(months: DataMonths) -> None:
    selection, notes = selection_from_query(st.query_params.to_dict(), months)
    st.session_state["w_area"] = area_slug(selection.area)
    st.session_state["w_grouping"] = selection.grouping.name
    st.session_state["w_from"], st.session_state["w_to"] = _label(selection.period.start), _label(selection.period.end)
    st.session_state["w_base_from"], st.session_state["w_base_to"] = _label(selection.baseline.start), _label(selection.baseline.end)
    st.session_state["w_measure"] = selection.measure.key
    st.session_state[MEETING_KEY] = selection.meeting_mode
    st.session_state["link_notes"] = notes
    st.session_state["_initialised"] = True


def _apply_preset(prefix: str, source: str, presets: dict[str, Period]) -> None:
    chosen = st.session_state.get(source)
    if chosen in presets:
        st.session_state[f"{prefix}from"], st.session_state[f"{prefix}to"] = _label(presets[chosen].start), _label(presets[chosen].end)


def _month_pair(title: str, prefix: str, labels: list[str], presets: dict[str, Period]) -> None:
    st.selectbox(
        f"Quick {title.lower()}",
        ["Choose…", *presets],
        key=f"{prefix}preset",
        on_change=_apply_preset,
        args=(prefix, f"{prefix}preset", presets),
    )
    start, end = st.columns(2)
    start.selectbox(f"{title} from", labels, key=f"{prefix}from")
    end.selectbox(f"{title} to", labels, key=f"{prefix}to")


def render_sidebar(months: DataMonths) -> Selection:
    """Draw the shared controls and return the selection they describe; mirror it into the URL."""
    if "_initialised" not in st.session_state:
        _initialise_from_link(months)
    labels = [_label(m) for m in months.available]
    presets = period_presets(months)
    with st.sidebar:
        st.selectbox("Area", list(AREA_BY_SLUG), key="w_area", format_func=lambda s: AREA_BY_SLUG[s].name)
        st.selectbox("Crime grouping", list(GROUPINGS), key="w_grouping", help="Presets first, then each police.uk category")
        _month_pair("Period", "w_", labels, presets)
        _month_pair("Baseline", "w_base_", labels, presets)
        st.radio("Measure", [m.key for m in MEASURES], key="w_measure", format_func=lambda k: MEASURE_BY_KEY[k].label)
        st.toggle("Meeting mode", key=MEETING_KEY, help="For a projector: large text, no controls, one finding per screen")
    query = {
        "area": st.session_state["w_area"],
        "grouping": st.session_state["w_grouping"],
        "from": st.session_state["w_from"],
        "to": st.session_state["w_to"],
        "base_from": st.session_state["w_base_from"],
        "base_to": st.session_state["w_base_to"],
        "measure": st.session_state["w_measure"],
    }
    if st.session_state[MEETING_KEY]:
        query["meeting"] = "1"
    selection, problems = selection_from_query(query, months)
    for problem in problems:
        st.sidebar.warning(problem.replace("in the link ", "chosen "))
    wanted = selection_to_query(selection) | page_query(st.query_params.to_dict())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
    st.session_state[SELECTION_KEY] = selection
    return selection


def current_selection() -> Selection:
    """The selection the sidebar made on this run (pages call this)."""
    return st.session_state[SELECTION_KEY]


def show_link_notes() -> None:
    """Explain, once, any part of a shared link that could not be used."""
    for note in st.session_state.pop("link_notes", []):
        st.warning(note)
