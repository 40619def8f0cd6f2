"""Page-owned controls kept in the link: a widget's value starts from its query parameter (when valid)
and is written back to it, so a shared link reopens the same ward, neighbourhood or risk factor."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from svd_dash.ui.state import Selection, selection_to_query


def start_from_link(widget_key: str, param: str, options: list[str]) -> None:
    """Before drawing a widget: take its value from the link on first use, and replace a value that
    is no longer an option (e.g. a ward of another area) by the first option."""
    if widget_key not in st.session_state and st.query_params.get(param) in options:
        st.session_state[widget_key] = st.query_params[param]
    if st.session_state.get(widget_key) not in options and options:
        st.session_state[widget_key] = options[0]


def mirror_to_link(param: str, value: str) -> None:
    """Write a page control's value into the link (only when it changed)."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value


def follow_pick(widget_key: str, memory_key: str, picked: str | None, options: list[str]) -> None:
    """Make a new map click or table row the widget's value (a click seen before does not override a
    later choice in the box)."""
    if picked and picked in options and st.session_state.get(memory_key) != picked:
        st.session_state[memory_key] = picked
        st.session_state[widget_key] = picked


def profile_link(selection: Selection, level: str, code: str) -> str:
    """A relative link to the Wards and neighbourhoods page with this unit's profile open."""
    return "neighbourhoods?" + urlencode(selection_to_query(selection) | {"level": level, "unit": code})
