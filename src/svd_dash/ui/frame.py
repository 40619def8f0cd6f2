"""The app's frame: page config once, the data check, the shared sidebar, then the chosen page."""

from __future__ import annotations

import streamlit as st

from svd_dash.prepared import PreparedDataError
from svd_dash.ui import cache
from svd_dash.ui.sidebar import render_sidebar

PAGES = (
    ("pages/overview.py", "Overview", ":material/summarize:", "overview"),
    ("pages/hotspots.py", "Hotspots", ":material/map:", "hotspots"),
    ("pages/trends.py", "Trends", ":material/show_chart:", "trends"),
    ("pages/deprivation.py", "Deprivation", ":material/layers:", "deprivation"),
    ("pages/compare_areas.py", "Compare areas", ":material/leaderboard:", "compare"),
    ("pages/svd_measures.py", "SVD measures", ":material/flag:", "svd-measures"),
    ("pages/data_and_methods.py", "Data and methods", ":material/info:", "data"),
)


def run() -> None:
    """Set the page up, check the data can be read, draw the sidebar and run the chosen page."""
    st.set_page_config(page_title="Serious Violence Duty dashboard · West Midlands", page_icon=":material/shield:", layout="wide")
    try:
        months = cache.data_months()
    except PreparedDataError as error:
        st.title("Serious Violence Duty dashboard")
        st.error(f"The dashboard's data could not be loaded. {error}")
        st.stop()
    pages = [st.Page(path, title=title, icon=icon, url_path=url, default=i == 0) for i, (path, title, icon, url) in enumerate(PAGES)]
    navigation = st.navigation(pages)
    render_sidebar(months)
    navigation.run()
