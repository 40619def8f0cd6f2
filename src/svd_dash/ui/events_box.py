"""The intervention-markers box: type dated events, see which were refused and why; the text goes into the link."""

from __future__ import annotations

import streamlit as st

from svd_dash.analytics.markers import MAX_EVENTS, MAX_NAME_LENGTH, parse_events
from svd_dash.ui.sidebar import EVENTS_KEY
from svd_dash.ui.state import DataMonths, Selection

INPUT_KEY = "events_input"


def _keep_typed_events() -> None:
    st.session_state[EVENTS_KEY] = st.session_state[INPUT_KEY]


def events_box(selection: Selection, months: DataMonths) -> None:
    """A text box for events ('2025-06: Knife amnesty; 2025-09: Youth programme starts'); refused events are
    explained without repeating their text, and accepted names are shown as plain text, never Markdown or HTML."""
    if INPUT_KEY not in st.session_state:
        st.session_state[INPUT_KEY] = st.session_state.get(EVENTS_KEY, "")
    st.text_input(
        "Events to mark on the charts",
        key=INPUT_KEY,
        on_change=_keep_typed_events,
        placeholder="2025-06: Knife amnesty; 2025-09: Youth programme starts",
        help=f"Month (YYYY-MM), a colon, then a name of up to {MAX_NAME_LENGTH} characters; separate events with ';'. "
        f"Up to {MAX_EVENTS} events. They are kept in the link, so a shared view shows them.",
    )
    _, problems = parse_events(st.session_state.get(EVENTS_KEY, ""), months.available)
    for problem in problems:
        st.warning(problem)
    for marker in selection.events:
        st.text(f"{marker.month:%B %Y}: {marker.name}")
