"""Benchmark: the heaviest analytics on the real bundled data. Prints figures; asserts nothing.

Usage: python -m benchmarks.analytics
"""

from __future__ import annotations

import time

from svd_dash.analytics.counts import lsoa_totals
from svd_dash.analytics.findings import key_findings
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.hotspots import DEFAULT_PERMUTATIONS, contiguity_weights, gi_star
from svd_dash.analytics.periods import months_period
from svd_dash.prepared import load_boundaries, load_prepared
from svd_dash.reference import REGION


def timed(label: str, function, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: {best:.3f} s (best of {repeat})")
    return result


def main() -> None:
    data = timed("load prepared tables", load_prepared)
    shapes = timed("load LSOA boundaries", lambda: load_boundaries("lsoa21"))
    grouping = grouping_named("Serious violence (police.uk proxy)")
    current, baseline = months_period("2025-04", "2026-03"), months_period("2023-09", "2024-08")
    per_lsoa = lsoa_totals(data.counts, data.lsoa, REGION.code, grouping.crime_types, current.months)
    weights = timed("queen contiguity, 1,719 LSOAs", lambda: contiguity_weights(shapes))
    result = timed(f"Gi*, 1,719 LSOAs, {DEFAULT_PERMUTATIONS:,} permutations", lambda: gi_star(per_lsoa["count"].to_numpy(), weights))
    print(result["hotspot_class"].value_counts().to_string())
    timed("key findings, West Midlands", lambda: key_findings(data, REGION.code, grouping, current, baseline))


if __name__ == "__main__":
    main()
