"""Benchmark the dashboard on the server: render time per page (cold and warm) and the map payload in bytes
for one area and for all seven. The browser's figures (new tabs, first visitor, control changes, Gi*, the
Word pack, the map's polygons drawn) are ``benchmarks/browser.py``'s.

Prints figures; asserts nothing. Targets: warm rerun under 0.5 s for chart pages and under 1 s for map
pages (issue 4; issue 13 sets 1 s for its analyst pages, counted as map pages here) on the 2-core machine;
the all-areas map under 0.8 MB (issue 11).

Usage: python -m benchmarks.dashboard
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.views import neighbourhoods
from svd_dash.prepared import load_boundaries, load_prepared
from svd_dash.ui import lsoa_map, maps, web_map
from svd_dash.ui.frame import PAGES

ROOT = Path(__file__).resolve().parents[1]
MAP_PAGES = {
    "app_pages/hotspots.py",
    "app_pages/deprivation.py",
    "app_pages/emerging_hotspots.py",
    "app_pages/neighbourhoods.py",
    "app_pages/risk_factors.py",
}
"""Pages with a map or the analysts' heavier views (issue 13): target 1 s; the others 0.5 s."""


def render_times(area: str) -> None:
    """Cold = first run of the page in a fresh process cache; warm = the same page run again."""
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["area"] = area
    started = time.perf_counter()
    app.run()
    print(f"  first load (data read, overview): {time.perf_counter() - started:.2f} s")
    for path, title, *_ in PAGES:
        started = time.perf_counter()
        app.switch_page(path).run()
        cold = time.perf_counter() - started
        warm = min(_timed_rerun(app) for _ in range(3))
        target = 1.0 if path in MAP_PAGES else 0.5
        print(f"  {title:24} cold {cold:5.2f} s   warm {warm:5.2f} s   (target {target} s: {'met' if warm < target else 'MISSED'})")


def _timed_rerun(app: AppTest) -> float:
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def map_payload_bytes(area_code: str) -> int:
    """Bytes of the map script the page receives for the Hotspots map of an area (``web_map``)."""
    data = load_prepared()
    table = neighbourhoods(data, area_code, grouping_named("Serious violence (police.uk proxy)"), months_period("2025-04", "2026-03"))
    shapes = load_boundaries("lsoa21")
    area_shapes = shapes if area_code == "E47000007" else shapes[shapes["la_code"] == area_code]
    layers = maps.web_layers(area_shapes.sort_values("lsoa21_code"), load_boundaries("ward"), load_boundaries("la"), area_code)
    colouring = lsoa_map.by_measure(table, "rate", "Rate")
    properties = lsoa_map.tooltip_properties(table, colouring)
    figure = maps.choropleth(layers, properties, colouring.colours, dict(lsoa_map.TOOLTIP_FIELDS.values()), maps.install_leaflet_assets())
    return len(web_map.map_script(figure, "svd_map_hotspot_map").encode("utf-8"))


def main() -> None:
    for area in ("coventry", "west-midlands"):
        print(f"server-side render, {area}:")
        render_times(area)
    print("map payload (Hotspots, serious violence, rate):")
    for name, code in (("Coventry (203 LSOAs)", "E08000026"), ("all seven (1,719 LSOAs)", "E47000007")):
        size = map_payload_bytes(code)
        verdict = "met" if size <= 800_000 else "MISSED"
        print(f"  {name:24} {size:>10,} bytes ({size / 1e6:.2f} MB){'' if code != 'E47000007' else f'  (target 0.8 MB: {verdict})'}")


if __name__ == "__main__":
    main()
