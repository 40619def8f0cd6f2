"""Benchmark the dashboard: server-side render time per page (cold and warm), the map payload in bytes
for one area and for all seven, and the browser time until the map's polygons are drawn.

Prints figures; asserts nothing. Targets (issue 4): warm rerun under 0.5 s for chart pages and under
1 s for map pages on the 2-core machine; the all-areas map under 0.8 MB (issue 11).

Usage: python -m benchmarks.dashboard   (the browser part needs /usr/bin/chromium)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit_folium import _get_map_string

from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.views import neighbourhoods
from svd_dash.prepared import load_boundaries, load_prepared
from svd_dash.ui import lsoa_map, maps
from svd_dash.ui.frame import PAGES
from tests.browser import CHROMIUM, CHROMIUM_ARGS, only_local_network, streamlit_server, wait_for_app

ROOT = Path(__file__).resolve().parents[1]
MAP_PAGES = {"app_pages/hotspots.py", "app_pages/deprivation.py"}


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
        print(f"  {title:18} cold {cold:5.2f} s   warm {warm:5.2f} s   (target {target} s: {'met' if warm < target else 'MISSED'})")


def _timed_rerun(app: AppTest) -> float:
    started = time.perf_counter()
    app.run()
    return time.perf_counter() - started


def map_payload_bytes(area_code: str) -> int:
    """Bytes of the map document st_folium sends for the Hotspots map of an area."""
    data = load_prepared()
    table = neighbourhoods(data, area_code, grouping_named("Serious violence (police.uk proxy)"), months_period("2025-04", "2026-03"))
    shapes = load_boundaries("lsoa21")
    area_shapes = shapes if area_code == "E47000007" else shapes[shapes["la_code"] == area_code]
    layers = maps.web_layers(area_shapes.sort_values("lsoa21_code"), load_boundaries("ward"), load_boundaries("la"), area_code)
    colouring = lsoa_map.by_measure(table, "rate", "Rate")
    properties = lsoa_map.tooltip_properties(table, colouring)
    figure = maps.choropleth(layers, properties, colouring.colours, dict(lsoa_map.TOOLTIP_FIELDS.values()), maps.install_leaflet_assets())
    return len(_get_map_string(figure).encode("utf-8"))


def browser_draw_times() -> None:
    from playwright.sync_api import sync_playwright

    with streamlit_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for area, expected in (("coventry", 203), ("west-midlands", 1719)):
            context = browser.new_context(viewport={"width": 1440, "height": 1000})
            only_local_network(context, [])
            page = context.new_page()
            started = time.perf_counter()
            page.goto(f"{url}/hotspots?area={area}")
            frame = page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=120_000).content_frame()
            frame.wait_for_function(f"document.querySelectorAll('path.leaflet-interactive').length >= {expected}", timeout=120_000)
            print(f"  {area:14} {expected:>5} polygons drawn {time.perf_counter() - started:.2f} s after navigation (network closed)")
            wait_for_app(page)
            context.close()
        browser.close()


def first_visit_seconds(command: list[str], path: str, settle_s: float = 10.0) -> float:
    """Start a server with ``command``, wait until it is healthy and ``settle_s`` more (a visitor arriving a
    little after a restart), then time one new browser tab from navigation until the page has run."""
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    from tests.browser import free_port

    port = free_port()
    options = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
    server = subprocess.Popen([*command, *options], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(settle_s)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            only_local_network(context, [])
            page = context.new_page()
            started = time.perf_counter()
            page.goto(url + path)
            wait_for_app(page)
            return time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=20)


def first_visit_times() -> None:
    """The first visitor after a start: plain ``streamlit run`` (the reference) against ``svd-dash serve``,
    which warms the shared caches in the background as the server starts (target: at most 3 s)."""
    bin_dir = Path(sys.executable).parent
    for path in ("/", "/hotspots?area=west-midlands"):
        plain = first_visit_seconds([str(bin_dir / "streamlit"), "run", "app.py"], path)
        warmed = first_visit_seconds([str(bin_dir / "svd-dash"), "serve"], path)
        print(f"  {path:30} streamlit run {plain:5.2f} s   svd-dash serve {warmed:5.2f} s   (ratio {warmed / plain:.2f}; target 3 s)")


def main() -> None:
    for area in ("coventry", "west-midlands"):
        print(f"server-side render, {area}:")
        render_times(area)
    print("map payload (Hotspots, serious violence, rate):")
    for name, code in (("Coventry (203 LSOAs)", "E08000026"), ("all seven (1,719 LSOAs)", "E47000007")):
        size = map_payload_bytes(code)
        print(f"  {name:24} {size:>10,} bytes ({size / 1e6:.2f} MB)")
    if Path(CHROMIUM).exists():
        print("browser time until the map's polygons are drawn:")
        browser_draw_times()
        print("first visitor after a server start (page run finished, network closed):")
        first_visit_times()
    else:
        print(f"browser timing skipped: {CHROMIUM} is not installed")


if __name__ == "__main__":
    main()
