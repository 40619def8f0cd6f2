"""Hostile or malformed links: shown as plain text (never as a link or an image), rewritten to valid values, no exceptions."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from svd_dash.ui.frame import PAGES
from svd_dash.ui.state import DataMonths, selection_from_query
from tests.conftest import ROOT

MONTHS = DataMonths(
    tuple(pd.date_range("2023-05-01", "2026-03-01", freq="MS")), frozenset(pd.date_range("2023-09-01", "2024-08-01", freq="MS"))
)
PHISHING = "[Your session expired - sign in again](https://evil.example/login)"
TRACKING_IMAGE = "![x](https://evil.example/p.png)"
HOSTILE = {"area": PHISHING, "grouping": TRACKING_IMAGE, "measure": "<img src=x onerror=alert(1)>"}


def all_text(app: AppTest) -> str:
    """Every text a page put on screen through markdown-rendering elements."""
    elements = [*app.markdown, *app.warning, *app.info, *app.error, *app.caption, *app.success]
    return "\n".join(str(e.value) for e in elements)


@pytest.mark.parametrize("value", ["2024-01-01T00", "2024-01-01T00:00+01:00", "2024-01-15", "2024-1", "June", "+2024-01", "2024-01 "])
def test_malformed_months_are_refused_not_parsed(value: str) -> None:
    """'2024-01-01T00' used to parse as a timestamp with a time zone of -01 and break every page."""
    selection, notes = selection_from_query({"from": value, "to": "2025-01"}, MONTHS)
    assert selection.period == MONTHS.default_period()
    assert notes == ["The period in the link is not within the data; showing the 12 months to March 2026."]


def test_notes_never_repeat_the_links_text() -> None:
    _, notes = selection_from_query(HOSTILE, MONTHS)
    assert notes and not any("evil" in note or "](" in note or "<" in note for note in notes)


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_hostile_link_values_render_as_plain_text_and_are_rewritten(page: str) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in {**HOSTILE, "from": "2024-01-01T00", "to": "2025-01", "base_from": "2024-01-01T00:00+01:00"}.items():
        app.query_params[key] = value
    app.run()
    if page != PAGES[0][0]:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    shown = all_text(app)
    assert "evil.example" not in shown and "onerror" not in shown
    if page == PAGES[0][0]:
        assert "The area in the link is not one of the seven councils" in shown
    rewritten = {key: app.query_params[key] for key in ("area", "grouping", "from", "to", "base_from", "measure")}
    assert rewritten["area"] == ["west-midlands"] or rewritten["area"] == "west-midlands"
    assert "evil" not in str(rewritten) and "T00" not in str(rewritten)
