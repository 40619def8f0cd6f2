"""The SPC chart's exports: a PNG with the icon, limits and event marker drawn, and a CSV with every rule and the events."""

from __future__ import annotations

import io

import pandas as pd

from svd_dash.analytics import views
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.markers import parse_events, with_events
from svd_dash.prepared import PreparedData
from svd_dash.ui import charts
from svd_dash.ui.columns import friendly_name
from svd_dash.ui.components import data_range, source_line
from svd_dash.ui.exports import PRINT_HEIGHT_PX, PRINT_SCALE, PRINT_WIDTH_PX, chart_png, labels_for, table_csv
from svd_dash.ui.state import DataMonths, selection_from_query
from tests.browser import ARTIFACTS, require_chromium
from tests.test_exports import assert_opens_and_unclipped


def test_spc_png_and_csv(prepared: PreparedData) -> None:
    require_chromium()
    months = DataMonths(tuple(sorted(pd.to_datetime(prepared.months["month"].unique()))), frozenset())
    query = {"area": "wolverhampton", "base_from": "2023-09", "base_to": "2024-08", "events": "2025-06:Knife amnesty"}
    selection = selection_from_query(query, months)[0]
    result = views.spc_for(prepared, "E08000031", grouping_named("Serious violence (police.uk proxy)"), selection.baseline, 20)
    figure = charts.with_event_markers(
        charts.spc_figure(result, selection.baseline, "SPC", selection.subtitle, "Records"), selection.events
    )
    assert result.target == result.mean * 0.8 < result.lower_limit  # 20% fewer is below the whole normal range
    title = figure.layout.title.text  # long subtitles wrap, so the two icons may sit on separate lines
    assert "(↓) Special cause, improving" in title and "(F) Target consistently missed" in title
    assert {"(↓) Special cause, improving", "(F) Target consistently missed"} <= {trace.name for trace in figure.data}  # kept in exports
    labels = labels_for(selection, "SPC", "spc", source_line(prepared).rstrip(".") + ".", data_range(prepared))
    png = chart_png(figure, labels)
    assert_opens_and_unclipped(png, (PRINT_WIDTH_PX * PRINT_SCALE, PRINT_HEIGHT_PX * PRINT_SCALE))
    table = with_events(result.table, parse_events("2025-06:Knife amnesty")[0])
    back = pd.read_csv(io.BytesIO(table_csv(table, labels)), skiprows=4)
    assert {
        "mean",
        "lower_limit",
        "upper_limit",
        "outside_limits",
        "run_of_7",
        "trend_of_6",
        "two_of_three",
        "point_type",
        "target",
    } <= {next((raw for raw in result.table.columns if friendly_name(raw) == shown), shown) for shown in back.columns}
    month, event, point_type = (friendly_name(c) for c in ("month", "event", "point_type"))
    assert back.loc[back[month].str.startswith("2025-06"), event].tolist() == ["Knife amnesty"]
    assert back[point_type].fillna("").eq("").sum() == (~result.table["complete"]).sum()  # partial months: no type
    (ARTIFACTS / "exports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "exports" / "wolverhampton_spc.png").write_bytes(png)
