"""Benchmark the analysts' pages (issue 13): server-side render time of each new page, cold and warm, for
each of the seven areas and the region, beside the Overview page's warm rerun measured in the same run (as
a ratio).

Cold = the first run of the page for that area in a process whose shared caches were warmed as
``svd-dash serve`` warms them at start-up (data, boundaries, map layers, weights); it includes everything
the page computes for that area (e.g. every period's Gi* for emerging hot spots). Warm = best of three
reruns of the same page (what every click that does not change the selection costs). Changing the
ward / MSOA / LSOA level and the risk factor are timed as well: the first time each is chosen ("cold")
and again ("warm").

Prints figures; asserts nothing. Target: every warm rerun under 1 s on the 2-core machine.

Usage: python -m benchmarks.analyst
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from svd_dash.reference import AREAS, REGION
from svd_dash.ui.state import area_slug
from svd_dash.ui.warmup import warm_shared_caches

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 1.0
RERUNS = 3
EMERGING, NEIGHBOURHOODS, RISK_FACTORS = "app_pages/emerging_hotspots.py", "app_pages/neighbourhoods.py", "app_pages/risk_factors.py"
NEW_PAGES = (EMERGING, NEIGHBOURHOODS, RISK_FACTORS)


def timed(step: Callable[[], object]) -> float:
    """Seconds one step takes."""
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def cold_and_warm(app: AppTest, first_run: Callable[[], object]) -> tuple[float, float, bool]:
    """(cold, best warm of ``RERUNS``, whether the page raised) for a view reached by ``first_run``."""
    cold = timed(first_run)
    warm = min(timed(app.run) for _ in range(RERUNS))
    return cold, warm, bool(app.exception)


def area_views(slug: str) -> tuple[float, list[tuple[str, float, float, bool]]]:
    """The Overview's warm rerun (the reference) and (view, cold, warm, failed) for each new view of an area."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["area"] = slug
    app.run()
    reference = min(timed(app.run) for _ in range(RERUNS))
    views = [("Emerging hot spots", *cold_and_warm(app, lambda: app.switch_page(EMERGING).run()))]
    views.append(("Wards and neighbourhoods: LSOA", *cold_and_warm(app, lambda: app.switch_page(NEIGHBOURHOODS).run())))
    for level, label in (("ward", "ward"), ("msoa", "MSOA")):
        views.append((f"  ... show by {label}", *cold_and_warm(app, lambda level=level: app.radio(key="nb_level").set_value(level).run())))
    views.append(("Risk factors: education", *cold_and_warm(app, lambda: app.switch_page(RISK_FACTORS).run())))
    views.append(("  ... factor: drugs offences", *cold_and_warm(app, lambda: app.selectbox(key="rf_factor").set_value("drugs").run())))
    return reference, views


def unwarmed_first_visit(page: str, slug: str) -> float:
    """Seconds for a page's first run when nothing was warmed (``streamlit run``; every cache emptied, then
    only the Overview run): it builds the area's map layers and weights as well."""
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["area"] = slug
    app.run()
    return timed(lambda: app.switch_page(page).run())


def main() -> None:
    region = area_slug(REGION)
    print("first visit with no warm-up, the region (streamlit run; the Overview ran first):")
    for page in NEW_PAGES:
        print(f"  {Path(page).stem:32} {unwarmed_first_visit(page, region):5.2f} s")
    st.cache_data.clear()
    st.cache_resource.clear()
    print(f"shared caches warmed (as svd-dash serve does at start-up) in {warm_shared_caches():.1f} s")
    print(f"{'area':14} {'view':32} {'cold s':>7} {'warm s':>7} {'warm/ref':>8}  target {TARGET_S} s (warm)")
    worst = 0.0
    for area in (*AREAS, REGION):
        reference, views = area_views(area_slug(area))
        print(f"{area.name:14} {'Overview (reference)':32} {'':>7} {reference:7.2f} {1:8.2f}")
        for name, cold, warm, failed in views:
            verdict = "PAGE ERROR" if failed else ("met" if warm < TARGET_S else "MISSED")
            print(f"{'':14} {name:32} {cold:7.2f} {warm:7.2f} {warm / reference:8.2f}  {verdict}")
            worst = max(worst, warm)
    print(f"slowest warm rerun of a new view: {worst:.2f} s (target {TARGET_S} s: {'met' if worst < TARGET_S else 'MISSED'})")


if __name__ == "__main__":
    main()
