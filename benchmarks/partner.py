"""Benchmark partner data: reading and validating an extract, and protecting a measure's figures, each
beside a reference measured in the same run (a plain ``pandas.read_csv`` of the same bytes; the police
neighbourhood table of the same area). Prints figures; asserts nothing.

Usage: python -m benchmarks.partner
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from svd_dash.analytics import views
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.partner_compare import partner_views
from svd_dash.analytics.partner_data import MAX_ROWS, geography_lookup, read_extract
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.suppression import SuppressionRule
from svd_dash.prepared import load_prepared
from tests.partner_extract import extract_csv, generated_extract

PERIOD = months_period("2025-04", "2026-03")


def best_of(work: Callable[..., object], *args: object, repeats: int = 3) -> float:
    """The fastest of ``repeats`` runs of ``work(*args)``, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work(*args)
        times.append(time.perf_counter() - started)
    return min(times)


def read_strings(payload: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(payload), dtype=str)


def largest_extract(lsoa: pd.DataFrame, mean: float) -> pd.DataFrame:
    """Two LSOA measures over as many months of the data as fit under ``MAX_ROWS``: about the biggest file accepted."""
    months = pd.date_range("2023-05-01", periods=MAX_ROWS // (2 * len(lsoa)), freq="MS").strftime("%Y-%m")
    grid = pd.MultiIndex.from_product(
        [["LSOA measure A", "LSOA measure B"], lsoa["lsoa21_code"], months], names=["measure", "geography_code", "month"]
    )
    counts = np.random.default_rng(1).poisson(mean, len(grid))
    return grid.to_frame(index=False).assign(count=counts, source="benchmark")[["geography_code", "month", "measure", "count", "source"]]


def main() -> None:
    data = load_prepared()
    months = sorted(pd.to_datetime(data.months["month"].unique()))
    lookup = geography_lookup(data.lsoa)
    files = {"generated (3 measures)": extract_csv(generated_extract(data))}
    files["largest (2 LSOA measures, mean 0.4)"] = extract_csv(largest_extract(data.lsoa, 0.4))
    extracts = {}
    for name, payload in files.items():
        reference = best_of(read_strings, payload)
        took = best_of(read_extract, payload, "extract.csv", data.lsoa, months)
        extracts[name] = read_extract(payload, "extract.csv", data.lsoa, months)
        size = f"{len(extracts[name].rows):>7,} rows {len(payload) / 1e6:5.2f} MB"
        print(f"validate {name:36} {size}: {took:6.3f} s; read_csv {reference:6.3f} s; x{took / reference:5.1f}")
    grouping = grouping_named("Serious violence (police.uk proxy)")
    rule = SuppressionRule()
    for extract in extracts.values():
        for measure in extract.measures:
            covered = set(extract.rows.loc[extract.rows["measure"] == measure, "la_code"])
            for area in [a for a in ("E47000007", "E08000025", "E08000029") if a == "E47000007" or a in covered]:
                reference = best_of(views.neighbourhoods, data, area, grouping, PERIOD)
                took = best_of(partner_views, extract.rows, measure, lookup, area, PERIOD, rule)
                print(f"protect {measure[:32]:32} {area}: {took:6.3f} s; police LSOA table {reference:6.3f} s; x{took / reference:5.1f}")


if __name__ == "__main__":
    main()
