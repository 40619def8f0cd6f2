"""Benchmark: the heaviest analytics on the real bundled data. Prints figures; asserts nothing.

Usage: python -m benchmarks.analytics
"""

from __future__ import annotations

import time

from svd_dash.analytics import views
from svd_dash.analytics.counts import lsoa_totals
from svd_dash.analytics.deprivation import deprivation_gradient
from svd_dash.analytics.findings import change_for, key_findings
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.hotspots import DEFAULT_PERMUTATIONS, contiguity_weights, gi_star
from svd_dash.analytics.periods import months_period
from svd_dash.prepare.crime_counts import busy_lsoas_silent
from svd_dash.prepared import load_boundaries, load_prepared
from svd_dash.reference import AREAS, REGION


def timed(label: str, function, repeat: int = 3, with_seconds: bool = False):
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: {best:.3f} s (best of {repeat})")
    return best if with_seconds else result


def compare(label: str, function, reference_seconds: float, repeat: int = 3):
    """Time ``function`` and print it beside the reference measured in the same run, as a ratio."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    print(f"{label}: {best:.3f} s (best of {repeat}); {best / reference_seconds:.2f} x the reference")
    return result


def main() -> None:
    data = timed("load prepared tables", load_prepared)
    shapes = timed("load LSOA boundaries", lambda: load_boundaries("lsoa21"))
    grouping = grouping_named("Serious violence (police.uk proxy)")
    current, baseline = months_period("2025-04", "2026-03"), months_period("2023-09", "2024-08")
    per_lsoa = lsoa_totals(data.counts, data.lsoa, REGION.code, grouping.crime_types, current.months)
    weights = timed("queen contiguity, 1,719 LSOAs", lambda: contiguity_weights(shapes))
    values = per_lsoa["count"].to_numpy()
    gi_star(values, weights, method="permutation", permutations=99)  # compile esda's numba kernels first
    reference = timed(
        f"reference: Gi*, 1,719 LSOAs, {DEFAULT_PERMUTATIONS:,} permutations (before)",
        lambda: gi_star(values, weights, method="permutation"),
        with_seconds=True,
    )
    result = compare("Gi*, 1,719 LSOAs, analytic p-values (now)", lambda: gi_star(values, weights), reference)
    print(result["hotspot_class"].value_counts().to_string())
    compare(
        "quasi-Poisson change, 8 areas",
        lambda: [change_for(data, a.code, grouping, current, baseline) for a in (*AREAS, REGION)],
        reference,
    )
    compare("SPC (XmR), 8 areas", lambda: [views.spc_for(data, a.code, grouping, baseline) for a in (*AREAS, REGION)], reference)
    compare("Overview cards (changes + SPC), 8 areas", lambda: views.area_cards(data, grouping, current, baseline), reference)
    table = views.neighbourhoods(data, REGION.code, grouping, current)
    compare("deprivation gradient, 1,719 LSOAs", lambda: deprivation_gradient(table, 12), reference)
    months = sorted(data.months["month"].unique())
    compare("partial months per neighbourhood (prepare)", lambda: busy_lsoas_silent(data.counts, months), reference)
    timed("key findings, West Midlands", lambda: key_findings(data, REGION.code, grouping, current, baseline))


if __name__ == "__main__":
    main()
