"""Benchmark: `prepare` with a generated 7-year police.uk archive, beside two references run on the same files.

Prints figures; asserts nothing. The archive is synthetic street files in the exact published format:
84 months x 30,000 rows (about 2.5M, a whole force for 7 years) over the seven areas' real LSOA
codes, with LSOA 2011 codes, split LSOAs, rows with no location, rows outside the area and
repeated Crime IDs mixed in at realistic rates.

References, in the same run: one DuckDB query reading the files and counting month x LSOA x crime
type; a plain pandas loop doing the same file by file. Each `prepare` runs as its own process, so
its peak memory is that process's maximum resident set size (from ``os.wait4``).

Targets (issue 11): the archive's share of prepare at most 1.5 x the DuckDB query; peak memory at
most 600 MB. CPU seconds (all threads) of the query and of the archive's share are printed too: on a
machine shared with other work they move far less than wall time does.

Usage: python -m benchmarks.prepare_archive [--months 84] [--rows-per-month 30000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from svd_dash.reference import CRIME_TYPES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PEAK_TARGET_MB = 600
RATIO_TARGET = 1.5


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


def duckdb_reference(files: list[Path]) -> tuple[float, int]:
    """One DuckDB query counting month x LSOA x crime type over every file: seconds, groups."""
    started = time.perf_counter()
    with duckdb.connect() as con:
        groups = con.sql(
            'select "Month", "LSOA code", "Crime type", count(*) as n from read_csv($files) group by all',
            params={"files": [str(f) for f in files]},
        ).to_arrow_table()
    return time.perf_counter() - started, groups.num_rows


def pandas_reference(files: list[Path]) -> tuple[float, int]:
    """A plain pandas loop: read each file, count month x LSOA x crime type, add up: seconds, groups."""
    started = time.perf_counter()
    parts = [
        pd.read_csv(f, usecols=["Month", "LSOA code", "Crime type"], dtype=str).value_counts(["Month", "LSOA code", "Crime type"])
        for f in files
    ]
    counts = pd.concat(parts).groupby(level=[0, 1, 2]).sum()
    return time.perf_counter() - started, len(counts)


def timed_process(arguments: list[str]) -> tuple[float, float, str, float]:
    """Run a Python module in its own process: wall seconds, its peak resident memory (MB), its output,
    and its CPU seconds (user + system, all threads).

    The peak comes from ``/usr/bin/time -f %M`` (the process's own maximum resident set size), not
    from this process's children's usage: a child forked from this large process would start with its
    resident pages counted.
    """
    environment = os.environ | {"PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as usage:
        started = time.perf_counter()
        finished = subprocess.run(
            ["/usr/bin/time", "-f", "%M %U %S", "-o", usage.name, sys.executable, *arguments],
            capture_output=True,
            text=True,
            env=environment,
            cwd=ROOT,
            check=False,
        )
        seconds = time.perf_counter() - started
        peak_kb, user, system = usage.read().split()[-3:]
    if finished.returncode != 0:
        raise SystemExit(f"{' '.join(arguments)} failed ({finished.returncode}):\n{finished.stdout}{finished.stderr}")
    return seconds, int(peak_kb) / 1024, finished.stdout, float(user) + float(system)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=84, help="months to generate (a smaller run for a quick look)")
    parser.add_argument("--rows-per-month", type=int, default=30_000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        rows = generate_archive(out / "archive", arguments.months, arguments.rows_per_month)
        files = sorted((out / "archive").rglob("*-street.csv"))
        size = sum(f.stat().st_size for f in files)
        print(f"generated archive: {arguments.months} months, {rows:,} rows, {size / 1e6:,.0f} MB")
        duck_started = time.process_time()
        duck_seconds, groups = duckdb_reference(files)
        duck_cpu = time.process_time() - duck_started
        print(f"reference, one DuckDB query (month x LSOA x crime type, {groups:,} groups): {duck_seconds:.2f} s")
        pandas_seconds, _ = pandas_reference(files)
        print(f"reference, plain pandas loop: {pandas_seconds:.2f} s ({pandas_seconds / duck_seconds:.1f} x DuckDB)")
        prepare = ["-m", "svd_dash.prepare", "--raw-dir", str(RAW)]
        bundled = [*prepare, "--data-dir", str(out / "b" / "data"), "--geo-dir", str(out / "b" / "geo")]
        bundled_seconds, bundled_mb, _, bundled_cpu = timed_process(bundled)
        print(f"prepare, bundled data only: {bundled_seconds:.2f} s, peak {bundled_mb:,.0f} MB")
        with_archive = [*prepare, "--data-dir", str(out / "a" / "data"), "--geo-dir", str(out / "a" / "geo")]
        archive_seconds, archive_mb, output, archive_cpu = timed_process(
            [*with_archive, "--police-archive", str(out / "archive"), "--allow-fewer"]
        )
        extra = archive_seconds - bundled_seconds
        print(f"prepare with the {arguments.months}-month archive: {archive_seconds:.2f} s, peak {archive_mb:,.0f} MB")
        print(
            f"  archive's share (with archive - bundled only): {extra:.2f} s = {extra / duck_seconds:.2f} x the DuckDB query "
            f"(target <= {RATIO_TARGET}); {extra / pandas_seconds:.2f} x the pandas loop"
        )
        print(f"  whole prepare with the archive: {archive_seconds / duck_seconds:.2f} x the DuckDB query (includes the bundled build)")
        print(f"  peak memory: {archive_mb:,.0f} MB (target <= {PEAK_TARGET_MB} MB)")
        extra_cpu = archive_cpu - bundled_cpu
        print(
            f"  CPU seconds (all threads; steadier than wall time on a busy machine): the DuckDB query {duck_cpu:.2f}, "
            f"the archive's share {extra_cpu:.2f} ({extra_cpu / duck_cpu:.2f} x)"
        )
        for line in output.splitlines():
            if line.startswith("archive ") and not line.startswith("archive month"):
                print(f"  {line}")


if __name__ == "__main__":
    main()
