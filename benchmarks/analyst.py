"""Benchmark the analysts' pages (issue 13): server-side render time per page, cold and warm, for one
area and the region, beside the existing Hotspots map page measured in the same run (as a ratio).

Prints figures; asserts nothing. Target: warm rerun under 1 s on the 2-core machine.

Usage: python -m benchmarks.analyst
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "app_pages/hotspots.py"
PAGES = (
    ("app_pages/emerging_hotspots.py", {}),
    ("app_pages/neighbourhoods.py", {"level": "ward"}),
    ("app_pages/neighbourhoods.py", {"level": "lsoa"}),
    ("app_pages/risk_factors.py", {"factor": "education"}),
)
TARGET_S = 1.0


def warm_rerun(page: str, query: dict[str, str], area: str) -> tuple[float, float]:
    """(cold, best warm of 3) seconds for one page in a fresh AppTest sharing the process caches."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.query_params["area"] = area
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    started = time.perf_counter()
    app.switch_page(page).run()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(3):
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return cold, min(warm)


def main() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()
    for area in ("coventry", "west-midlands"):
        print(f"server-side render, {area}:")
        _, reference = warm_rerun(REFERENCE, {}, area)
        print(f"  {'Hotspots (reference)':38} warm {reference:5.2f} s")
        for page, query in PAGES:
            cold, warm = warm_rerun(page, query, area)
            name = Path(page).stem + "".join(f" {k}={v}" for k, v in query.items())
            verdict = "met" if warm < TARGET_S else "MISSED"
            print(f"  {name:38} cold {cold:5.2f} s   warm {warm:5.2f} s   {warm / reference:4.2f} x ref.  (target {TARGET_S} s: {verdict})")


if __name__ == "__main__":
    main()
