"""The charts' plotly.js bundle (``static/plotly``): the version the Python package writes figures for, and
drawing every trace type the pages use (``test_pages`` checks each page's figures against it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly
from streamlit.testing.v1 import AppTest

from svd_dash.ui.plotly_chart import COMPONENT_NAME
from tests.conftest import ROOT

BUNDLE = ROOT / "static" / "plotly" / "plotly-basic.min.js"
FULL_PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def plotly_js_version(path: Path) -> str:
    """'4.1.1' from the bundle's header comment ('* plotly.js (basic - minified) v4.1.1')."""
    with path.open(encoding="utf-8") as bundle:
        header = bundle.read(200)
    return re.search(r"plotly\.js[^\n]*? v(\d+\.\d+\.\d+)", header).group(1)


def bundle_trace_types() -> set[str]:
    """The trace types the vendored bundle registers."""
    return set(re.findall(r'moduleType:"trace",name:"(\w+)"', BUNDLE.read_text(encoding="utf-8")))


def chart_figures(app: AppTest) -> list[dict]:
    """The plotly figures (as plotly.js JSON) of the charts a page drew."""
    charts = [json.loads(c.proto.json) for c in app.get("bidi_component") if c.proto.component_name == COMPONENT_NAME]
    return [json.loads(chart["figure"]) for chart in charts]


def test_the_bundle_is_the_plotly_js_the_python_package_writes_for() -> None:
    assert plotly_js_version(BUNDLE) == plotly_js_version(FULL_PLOTLY_JS) == "4.1.1"
    assert (BUNDLE.parent / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_bundle_draws_scatter_and_bar_traces() -> None:
    assert bundle_trace_types() == {"bar", "pie", "scatter"}
