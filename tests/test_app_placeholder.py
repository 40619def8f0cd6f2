"""The app starts on the bundled data and shows one line per area with the right figures."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from svd_dash.prepared import PreparedData
from tests.conftest import ROOT


def test_app_shows_a_summary_line_per_area(prepared: PreparedData) -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    lines = [m.value for m in app.markdown]
    coventry = next(line for line in lines if "Coventry" in line)
    total = int(prepared.counts.loc[prepared.counts["la_code"] == "E08000026", "count"].sum())
    assert f"{total:,} crimes" in coventry and "203 neighbourhoods" in coventry and "345,316 residents" in coventry
    assert len([line for line in lines if "neighbourhoods (LSOAs)" in line]) == 7
