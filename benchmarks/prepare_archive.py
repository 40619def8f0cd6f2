"""Benchmark: how long `prepare` takes on the bundled data, and on a generated 7-year police.uk archive.

Prints figures; asserts nothing. The archive is synthetic street files in the exact published format:
84 months x ~30,000 rows (about 2.5M, a whole force for 7 years) over the seven areas' real LSOA
codes, with LSOA 2011 codes, split LSOAs, rows with no location, rows outside the area and
duplicated Crime IDs mixed in at realistic rates.

Usage: python -m benchmarks.prepare_archive [--months 84] [--rows-per-month 30000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from svd_dash.prepare.pipeline import PrepareOptions, run
from svd_dash.reference import CRIME_TYPES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def generate_archive(folder: Path, months: int, rows_per_month: int, seed: int = 20260331) -> int:
    """Write ``months`` street files ending 2026-03; return the number of rows written."""
    rng = np.random.default_rng(seed)
    lookup = pd.read_csv(RAW / "lookups" / "lookup_lsoa11_lsoa21_ltla22_england_wales.csv.gz")
    seven = lookup[lookup["ltla22_code"].str.startswith("E080000") & lookup["ltla22_code"].between("E08000025", "E08000031")]
    codes = np.concatenate(
        [
            seven["lsoa21_code"].unique(),  # 2021 codes
            seven.loc[seven["change_code"] == "S", "lsoa11_code"].unique(),  # split 2011 codes
            lookup.loc[lookup["ltla22_code"] == "E06000051", "lsoa21_code"].unique()[:40],  # Shropshire: outside
        ]
    )
    periods = pd.period_range(end="2026-03", periods=months, freq="M").strftime("%Y-%m")
    written = 0
    for index, month in enumerate(periods):
        n = rows_per_month
        lsoa = rng.choice(codes, n).astype(object)
        lsoa[rng.random(n) < 0.02] = None  # no location
        crime_type = rng.choice(np.array(CRIME_TYPES, dtype=object), n)
        crime_id = np.char.add(f"{index:03d}-", np.arange(n).astype(str)).astype(object)
        crime_id[crime_type == "Anti-social behaviour"] = None
        if index:
            repeat = rng.random(n) < 0.002  # IDs repeated from the previous month
            crime_id[repeat & (crime_type != "Anti-social behaviour")] = f"{index - 1:03d}-1"
        table = pa.table(
            {
                "Crime ID": crime_id,
                "Month": [month] * n,
                "Reported by": ["West Midlands Police"] * n,
                "Falls within": ["West Midlands Police"] * n,
                "Longitude": np.round(rng.uniform(-2.2, -1.45, n), 6),
                "Latitude": np.round(rng.uniform(52.35, 52.65, n), 6),
                "Location": ["On or near Supermarket"] * n,
                "LSOA code": lsoa,
                "LSOA name": lsoa,
                "Crime type": crime_type,
                "Last outcome category": ["Under investigation"] * n,
                "Context": [None] * n,
            }
        )
        target = folder / month / f"{month}-west-midlands-street.csv"
        target.parent.mkdir(parents=True, exist_ok=True)
        pacsv.write_csv(table, target, pacsv.WriteOptions(quoting_style="needed"))
        written += n
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=84)
    parser.add_argument("--rows-per-month", type=int, default=30_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        started = time.perf_counter()
        manifest = run(PrepareOptions(RAW, out / "bundled" / "data", out / "bundled" / "geo"))
        print(f"prepare, bundled data only: {time.perf_counter() - started:.2f} s")
        for name, entry in manifest["outputs"].items():
            print(f"  {name:32} {entry['rows']:>9,} rows {entry['bytes']:>11,} bytes")
        started = time.perf_counter()
        rows = generate_archive(out / "archive", arguments.months, arguments.rows_per_month)
        size = sum(p.stat().st_size for p in (out / "archive").rglob("*.csv"))
        print(f"generated archive: {arguments.months} months, {rows:,} rows, {size / 1e6:,.0f} MB in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        manifest = run(PrepareOptions(RAW, out / "with_archive" / "data", out / "with_archive" / "geo", out / "archive"))
        print(f"prepare with the {arguments.months}-month archive: {time.perf_counter() - started:.2f} s")
        for key, value in manifest["police_archive"]["report"].items():
            print(f"  {key.replace('_', ' ')}: {value:,}")


if __name__ == "__main__":
    main()
