"""A one-line summary per area of the prepared data (the placeholder front page)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from svd_dash.prepared import PreparedData, PreparedDataError, load_prepared
from svd_dash.reference import AREAS


@st.cache_resource(show_spinner="Loading the prepared data…")
def cached_prepared() -> PreparedData:
    """The prepared tables, read once per server process."""
    return load_prepared()


def area_summary_lines(data: PreparedData) -> list[str]:
    """'Coventry: 108,245 crimes in 2023-05..2026-03 (35 months, 29 complete), 203 LSOAs, 345,324 residents'."""
    lines = []
    for area in AREAS:
        counts = data.counts[data.counts["la_code"] == area.code]
        months = data.months[data.months["area_code"] == area.code]
        lsoa = data.lsoa[data.lsoa["la_code"] == area.code]
        first, last = months["month"].min(), months["month"].max()
        lines.append(
            f"{area.name}: {int(counts['count'].sum()):,} crimes and incidents recorded {first:%b %Y} to {last:%b %Y} "
            f"({len(months)} months, {int(months['complete'].sum())} complete), "
            f"{len(lsoa):,} neighbourhoods (LSOAs), {int(lsoa['population'].sum()):,} residents (Census 2021)"
        )
    return lines


def render_summary() -> None:
    """The placeholder page: one line per area, or a plain message if the data cannot be read."""
    st.title("Serious Violence Duty dashboard: West Midlands")
    try:
        data = cached_prepared()
    except PreparedDataError as error:
        st.error(f"The prepared data could not be loaded. {error}")
        return
    for line in area_summary_lines(data):
        st.markdown(f"- {line}")
    st.caption(" ".join(pd.unique(pd.Series(data.manifest["attributions"]))))
