"""Figures are built once per distinct input and shared (``charts.built_once``): nothing that draws on
one may change it."""

import pandas as pd

from svd_dash.analytics.concentration import lorenz_points
from svd_dash.analytics.markers import Marker
from svd_dash.ui import charts, exports, meeting

POINTS = lorenz_points(pd.Series([9, 4, 1, 0, 3, 7]))


def test_the_same_inputs_share_one_figure_and_other_inputs_get_their_own() -> None:
    first = charts.lorenz_figure(POINTS, "Concentration", "Coventry")
    assert charts.lorenz_figure(POINTS.copy(), "Concentration", "Coventry") is first  # keyed on contents, not identity
    assert charts.lorenz_figure(POINTS, "Concentration", "Walsall") is not first


def test_markers_exports_and_meeting_mode_draw_on_copies() -> None:
    shared = charts.lorenz_figure(POINTS, "Concentration", "Solihull")
    before = shared.to_plotly_json()
    marked = charts.with_event_markers(shared, (Marker(pd.Timestamp("2025-06-01"), "Knife amnesty"),))
    exports.printable_figure(shared)
    meeting.for_the_projector(shared)
    assert marked is not shared and len(marked.layout.annotations) == len(shared.layout.annotations) + 1
    assert shared.to_plotly_json() == before
    assert charts.with_event_markers(shared, ()) is shared  # no markers, nothing to copy
