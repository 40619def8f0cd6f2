"""Benchmark the exports: time to build a chart image, a map image and a briefing pack per area, and
their sizes. Prints figures; asserts nothing. Needs /usr/bin/chromium (kaleido drives it).

Usage: python -m benchmarks.exports
"""

from __future__ import annotations

import time

import pandas as pd

from svd_dash.analytics import views
from svd_dash.prepared import load_prepared
from svd_dash.ui import charts
from svd_dash.ui.briefing import briefing_pack
from svd_dash.ui.exports import chart_png, ensure_image_server, labels_for
from svd_dash.ui.state import AREA_CHOICES, DataMonths, area_slug, selection_from_query


def main() -> None:
    data = load_prepared()
    months = DataMonths(tuple(sorted(pd.to_datetime(data.months["month"].unique()))), frozenset())
    ensure_image_server()
    selection = selection_from_query({"area": "coventry", "grouping": "Weapons"}, months)[0]
    trend = views.trend_table(data, selection.area.code, selection.grouping, selection.baseline)
    figure = charts.trend_figure(trend, selection.baseline, selection.period, "Trend", selection.subtitle, "Records")
    labels = labels_for(selection, "Trend", "trend", "Source.", "May 2023 to March 2026")
    for which in ("first (starts kaleido's chromium)", "next"):
        started = time.perf_counter()
        png = chart_png(figure, labels)
        print(f"chart image, {which}: {time.perf_counter() - started:.2f} s, {len(png):,} bytes")
    for area in AREA_CHOICES:
        selection = selection_from_query({"area": area_slug(area), "grouping": "Serious violence (police.uk proxy)"}, months)[0]
        started = time.perf_counter()
        pack = briefing_pack(data, selection)
        print(f"briefing pack, {area.name:14} {time.perf_counter() - started:5.2f} s  {len(pack):>9,} bytes")


if __name__ == "__main__":
    main()
