"""The app's frame: page config once, the data check, the shared sidebar, then the chosen page."""

from __future__ import annotations

import logging

import streamlit as st

from svd_dash.prepared import PreparedDataError, project_root
from svd_dash.ui import cache
from svd_dash.ui.components import READABLE_TEXT
from svd_dash.ui.meeting import apply_meeting_style, meeting_bar
from svd_dash.ui.sidebar import render_sidebar
from svd_dash.ui.warmup import visitor_run

# The page files live in app_pages/, not pages/: a folder named pages/ beside app.py switches on
# Streamlit's legacy multipage mode until st.navigation first runs in the server process, so a shared
# deep link opened first on a fresh server would show "Page not found" (or run a page without app.py).
BASE_STYLE = "<style>[data-testid='stCaptionContainer'] { opacity: 1 !important; color: #4a4a4a !important; }</style>"
"""Captions in solid dark grey (Streamlit fades them to 60% opacity, 3.4:1 on white): 8.6:1, above WCAG AA's 4.5:1."""

PAGE_ICON = "🛡️"
"""The browser tab's icon. An emoji becomes an inline SVG; a ":material/...:" page icon would make every
browser fetch the icon from fonts.gstatic.com, which a closed network blocks (the nav icons below use the
font Streamlit serves itself, so they stay local)."""
DATA_UNAVAILABLE = "The dashboard's data could not be loaded."

PAGES = (
    ("app_pages/overview.py", "Overview", ":material/summarize:", ""),  # the default page is served at /
    ("app_pages/hotspots.py", "Hotspots", ":material/map:", "hotspots"),
    ("app_pages/trends.py", "Trends", ":material/show_chart:", "trends"),
    ("app_pages/deprivation.py", "Deprivation", ":material/layers:", "deprivation"),
    ("app_pages/compare_areas.py", "Compare areas", ":material/leaderboard:", "compare"),
    ("app_pages/svd_measures.py", "SVD measures", ":material/flag:", "svd-measures"),
    ("app_pages/emerging_hotspots.py", "Emerging hot spots", ":material/timeline:", "emerging-hotspots"),
    ("app_pages/neighbourhoods.py", "Wards and neighbourhoods", ":material/location_city:", "neighbourhoods"),
    ("app_pages/risk_factors.py", "Risk factors", ":material/insights:", "risk-factors"),
    ("app_pages/partner_data.py", "Partner data", ":material/upload_file:", "partner-data"),
    ("app_pages/data_and_methods.py", "Data and methods", ":material/info:", "data"),
)


def run() -> None:
    """Set the page up, check the data can be read, draw the sidebar and run the chosen page (the server's
    warm-up gives way while it runs: ``warmup.visitor_run``)."""
    with visitor_run():
        _run_page()


def _run_page() -> None:
    st.set_page_config(page_title="Serious Violence Duty dashboard · West Midlands", page_icon=PAGE_ICON, layout="wide")
    root = project_root()
    report = cache.integrity(str(root / "data"), str(root / "geo"))
    if not report.ok:
        stop_with(f"{DATA_UNAVAILABLE} {report.sentence()}")
    try:
        months = cache.data_months()
    except PreparedDataError as error:
        stop_with(f"{DATA_UNAVAILABLE} {error}", error)
    pages = [
        st.Page(path, title=title, icon=icon, url_path=url or None, default=i == 0) for i, (path, title, icon, url) in enumerate(PAGES)
    ]
    st.html(BASE_STYLE)
    st.html(READABLE_TEXT)
    selection = render_sidebar(months)
    navigation = st.navigation(pages, position="hidden" if selection.meeting_mode else "sidebar")
    if selection.meeting_mode:
        apply_meeting_style()
        meeting_bar(pages, navigation)
    try:
        navigation.run()
    except PreparedDataError as error:  # a file damaged after the start-up check, e.g. a boundary layer read lazily
        stop_with(f"This page's data could not be loaded. {error}", error, title=False)


def stop_with(message: str, error: Exception | None = None, title: bool = True) -> None:
    """Show a plain error banner (the message names tables, never server paths) and stop the run.

    The full error, with paths, goes to the server log for the administrator."""
    if error is not None:
        logging.getLogger(__name__).error("prepared data unavailable", exc_info=error)
    if title:
        st.title("Serious Violence Duty dashboard")
    st.error(message)
    st.stop()
