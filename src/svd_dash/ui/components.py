"""Small shared pieces of page layout: charts with their numbers, source lines, data-period notes."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from svd_dash.prepared import PreparedData


def source_line(data: PreparedData, extra: str = "") -> str:
    """The source and licence line under a chart, generated from the manifest and the data's months."""
    first, last = data.months["month"].min(), data.months["month"].max()
    parts = [f"Source: police.uk street-level crime, {first:%b %Y} to {last:%b %Y}", *data.manifest["attributions"][:1]]
    if extra:
        parts.insert(1, extra)
    return " · ".join(parts)


def chart(figure: go.Figure, numbers: pd.DataFrame, alt: str, key: str, caption: str) -> None:
    """A plotly chart, its source line, and a 'Show the numbers' table of exactly what it plots."""
    st.plotly_chart(figure, key=key, config={"displaylogo": False}, alt=alt)
    st.caption(caption)
    with st.expander("Show the numbers"):
        st.dataframe(numbers, hide_index=True, key=f"{key}_numbers")


def data_period_note(data: PreparedData, area_code: str) -> None:
    """State the data's months and any partial months for the area, at the top of a page."""
    months = data.months[data.months["area_code"] == area_code]
    partial = months[~months["complete"]]["month"]
    first, last = months["month"].min(), months["month"].max()
    text = f"Data: police.uk, {first:%B %Y} to {last:%B %Y} ({len(months)} months)."
    if len(partial):
        text += " Partial months, left out of every comparison: " + ", ".join(f"{m:%b %Y}" for m in partial) + "."
    st.info(text)


def nothing_to_show(message: str) -> None:
    """A plain explanation of why there is nothing to show, and what to change."""
    st.warning(message)
