"""Monthly crime counts: the bundled police.uk counts, and each month's completeness per area.

Count table columns (the shape of ``data/crime_lsoa_month.parquet``): ``lsoa21_code``, ``la_code``,
``month`` (first day of the month), ``crime_type`` (one of the 14 police.uk categories), ``count``
(street-level crimes; anti-social behaviour incidents for that category).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from svd_dash.prepare import layout
from svd_dash.prepare.csv_input import read_checked_csv
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.month_range import check_month_in_range
from svd_dash.reference import AREA_CODE_BY_NAME, AREAS, CRIME_TYPES, REGION

COMPLETENESS_THRESHOLD = 0.75
"""A month is flagged partial when its total is below this share of the area's expected level."""

BUSY_LSOA_MEDIAN = 5
"""An LSOA is busy when its median month has at least this many records (all categories)."""
BUSY_ZERO_MIN, BUSY_ZERO_SHARE = 5, 0.03
"""A month is partial for an area when at least this many of its busy LSOAs, and at least this share of them,
report no records at all (in a typical month none do)."""

BUNDLED_SOURCE = "police.uk API counts (bundled)"
ARCHIVE_SOURCE = "police.uk archive files"

COUNT_COLUMNS = ["lsoa21_code", "la_code", "month", "crime_type", "count"]
MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})\.csv(\.gz)?$")


def month_start(year: int, month: int) -> pd.Timestamp:
    """The first day of a calendar month."""
    return pd.Timestamp(year=year, month=month, day=1)


def read_bundled_counts(raw_dir: Path) -> pd.DataFrame:
    """Read the vendored monthly count files into the count table, checking each file against its name.

    Every file name must be a month from December 2010 to this month; every row's year, month and
    count must be whole numbers, the year and month those of the file.
    """
    frames = []
    files = sorted((raw_dir / layout.CRIME_COUNTS_DIR).glob("*.csv.gz"))
    if not files:
        raise PrepareError(raw_dir / layout.CRIME_COUNTS_DIR, "no monthly count files found", "Restore data/raw from the repository.")
    file_months = {path: _file_month(path) for path in files}
    for path, month in file_months.items():
        frame = read_checked_csv(
            path,
            ["lsoa_code", "borough", "category", "year", "month", "crime_count"],
            dtype={name: "string" for name in ("lsoa_code", "borough", "category", "year", "month", "crime_count")},
        )
        years = _whole_numbers(path, frame, "year", r"\d{4}", "a year (YYYY)")
        month_numbers = _whole_numbers(path, frame, "month", r"0?[1-9]|1[0-2]", "a month number (1-12)")
        crime_counts = _whole_numbers(path, frame, "crime_count", r"\d+", "a whole number of crimes (0, 1, 2, ...)")
        wrong = (years != month.year) | (month_numbers != month.month)
        if wrong.any():
            first = int(wrong.idxmax())
            raise PrepareError(
                path,
                f"row for {years[first]}-{month_numbers[first]:02d} in the file for {month:%Y-%m}",
                "Each month file must hold only its own month.",
                line=first + 2,
            )
        unknown_area = ~frame["borough"].isin([a.name for a in AREAS])
        if unknown_area.any():
            raise PrepareError(
                path,
                f"unknown area '{frame.loc[unknown_area, 'borough'].iloc[0]}'",
                "Only the seven areas belong here.",
                line=int(unknown_area.idxmax()) + 2,
            )
        unknown_type = ~frame["category"].isin(CRIME_TYPES)
        if unknown_type.any():
            raise PrepareError(
                path,
                f"unknown crime type '{frame.loc[unknown_type, 'category'].iloc[0]}'",
                "Use the 14 police.uk categories.",
                line=int(unknown_type.idxmax()) + 2,
            )
        frames.append(
            pd.DataFrame(
                {
                    "lsoa21_code": frame["lsoa_code"],
                    "la_code": frame["borough"].map(AREA_CODE_BY_NAME),
                    "month": month,
                    "crime_type": frame["category"],
                    "count": crime_counts,
                }
            )
        )
    return tidy_counts(pd.concat(frames, ignore_index=True))


def _file_month(path: Path) -> pd.Timestamp:
    """The month a count file is named for (``YYYY-MM.csv.gz``), within police.uk's range."""
    match = MONTH_FILE.match(path.name)
    if match is None:
        raise PrepareError(path, "the file name is not YYYY-MM.csv.gz", "Rename it to the month it holds.")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise PrepareError(path, f"{year}-{month:02d} is not a month", "Rename it YYYY-MM.csv.gz for the month it holds.")
    start = month_start(year, month)
    check_month_in_range(start, str(path))
    return start


def _whole_numbers(path: Path, frame: pd.DataFrame, column: str, pattern: str, what: str) -> pd.Series:
    """``frame[column]`` (read as text) as int64, or a ``PrepareError`` naming the first value that does not match ``pattern``."""
    text = frame[column].fillna("").str.strip()
    bad = ~text.str.fullmatch(pattern).astype(bool)
    if bad.any():
        first = int(bad.idxmax())
        raise PrepareError(
            path,
            f"'{text[first]}' is not {what}",
            "Restore the file from the repository (git checkout -- data/raw).",
            line=first + 2,
            column=column,
        )
    return text.astype("int64")


def tidy_counts(counts: pd.DataFrame) -> pd.DataFrame:
    """Sum duplicate keys, drop zero counts, fix column types and sort, so outputs are deterministic."""
    summed = counts.groupby(["lsoa21_code", "la_code", "month", "crime_type"], as_index=False, observed=True)["count"].sum()
    summed = summed[summed["count"] > 0]
    summed = summed.astype({"lsoa21_code": "string", "la_code": "string", "crime_type": "string", "count": "int64"})
    summed["month"] = pd.to_datetime(summed["month"]).astype("datetime64[ms]")
    return summed.sort_values(["month", "la_code", "lsoa21_code", "crime_type"]).reset_index(drop=True)[COUNT_COLUMNS]


def read_known_partial_months(raw_dir: Path) -> dict[pd.Timestamp, str]:
    """The months the bundled source's notes call partial, with the note, keyed by month start."""
    path = raw_dir / layout.KNOWN_PARTIAL_MONTHS
    frame = read_checked_csv(path, ["month", "note"], dtype={"month": "string", "note": "string"})
    months = pd.to_datetime(frame["month"], format="%Y-%m", errors="coerce")
    if months.isna().any():
        raise PrepareError(
            path, f"month '{frame['month'][months.isna()].iloc[0]}' is not YYYY-MM", "Fix the month.", line=int(months.isna().idxmax()) + 2
        )
    return dict(zip(months, frame["note"], strict=True))


def month_completeness(
    counts: pd.DataFrame,
    month_sources: dict[pd.Timestamp, str],
    known_partial: dict[pd.Timestamp, str],
    unlocated: dict[pd.Timestamp, int],
) -> pd.DataFrame:
    """One row per month and area (the seven and the region) with its total and completeness.

    ``expected`` is the area's median monthly total over all months present; a month is ``complete``
    when its total is at least ``COMPLETENESS_THRESHOLD`` of that. The region's month is complete only
    when all seven areas are complete and the source notes do not call the month partial (notes apply
    to bundled months only). An area's month is also partial when many of its busy LSOAs report nothing
    (``busy_lsoas_silent``): a gap in the neighbourhoods the police.uk API failed to return, which a
    total can hide. ``reason`` says why a month is flagged, or is empty. ``unlocated`` counts
    archive crimes with no LSOA (force-wide, on the region row; unknown for bundled months).
    """
    months = sorted(month_sources)
    lsoas, per_lsoa = monthly_totals(counts, ["la_code", "lsoa21_code"], months)
    area_of = lsoas.get_level_values("la_code")
    silent = _silent_months(area_of, per_lsoa, months)
    rows = []
    for area in AREAS:
        totals = pd.Series(per_lsoa[area_of == area.code].sum(axis=0), index=months)
        rows.extend(_area_rows(area.code, area.name, totals, silent.get(area.code, {}), month_sources))
    area_rows = pd.DataFrame(rows)
    region_totals = pd.Series(per_lsoa.sum(axis=0), index=months)
    partial_areas: dict[pd.Timestamp, list[str]] = {}
    for row in rows:
        if not row["complete"]:
            partial_areas.setdefault(row["month"], []).append(row["area_name"])
    notes = {}
    for month in months:
        parts = []
        if month in partial_areas:
            parts.append("partial in " + ", ".join(partial_areas[month]))
        if month_sources[month] == BUNDLED_SOURCE and month in known_partial:
            parts.append(known_partial[month])
        if parts:
            notes[month] = "; ".join(parts)
    region = pd.DataFrame(_area_rows(REGION.code, REGION.name, region_totals, notes, month_sources))
    region["unlocated"] = [unlocated.get(m) for m in months]
    table = pd.concat([area_rows, region], ignore_index=True)
    table["unlocated"] = table["unlocated"].astype("Int64")
    table["month"] = pd.to_datetime(table["month"]).astype("datetime64[ms]")
    table = table.astype({"area_code": "string", "area_name": "string", "reason": "string", "source": "string"})
    return table.sort_values(["month", "area_code"]).reset_index(drop=True)


def busy_lsoas_silent(counts: pd.DataFrame, months: list[pd.Timestamp]) -> dict[str, dict[pd.Timestamp, str]]:
    """Per area code, the months in which busy LSOAs report no records far more often than usual, with the reason.

    Busy = median monthly records (all categories, months with none counted as 0) of at least ``BUSY_LSOA_MEDIAN``.
    Flagged when at least ``BUSY_ZERO_MIN`` busy LSOAs and ``BUSY_ZERO_SHARE`` of them report none, and more than
    three times the area's typical (median) month.
    """
    lsoas, per_lsoa = monthly_totals(counts, ["la_code", "lsoa21_code"], months)
    return _silent_months(lsoas.get_level_values("la_code"), per_lsoa, months)


def _silent_months(area_of: pd.Index, per_lsoa: np.ndarray, months: list[pd.Timestamp]) -> dict[str, dict[pd.Timestamp, str]]:
    """``busy_lsoas_silent`` from records per LSOA (rows, with their area codes ``area_of``) and month (columns)."""
    busy = np.median(per_lsoa, axis=1) >= BUSY_LSOA_MEDIAN if len(months) else np.zeros(len(area_of), bool)
    flagged: dict[str, dict[pd.Timestamp, str]] = {}
    for la_code in sorted(set(area_of[busy])):
        area_busy = per_lsoa[busy & (area_of == la_code)]
        silent = (area_busy == 0).sum(axis=0)
        usual = float(np.median(silent))
        for month, zeros in zip(months, silent.tolist(), strict=True):
            if zeros >= BUSY_ZERO_MIN and zeros >= BUSY_ZERO_SHARE * len(area_busy) and zeros > 3 * usual:
                flagged.setdefault(str(la_code), {})[month] = (
                    f"{zeros} of {len(area_busy)} busy neighbourhoods (median {BUSY_LSOA_MEDIAN}+ records a month) reported none "
                    f"(usually {usual:.0f})"
                )
    return flagged


def monthly_totals(counts: pd.DataFrame, keys: str | list[str], months: list[pd.Timestamp]) -> tuple[pd.Index, np.ndarray]:
    """Records per value of ``keys`` (a column, or columns) and month: the values (sorted), and an int64
    matrix with a row per value and a column per month of ``months`` (0 where there are none; rows of
    other months are left out). A bincount over factorised keys, not a group-by on text."""
    keys = [keys] if isinstance(keys, str) else keys
    codes, uniques = zip(*(pd.factorize(counts[key], sort=True) for key in keys), strict=True)
    key, known = np.zeros(len(counts), np.int64), np.ones(len(counts), bool)
    for code, unique in zip(codes, uniques, strict=True):
        key, known = key * len(unique) + np.maximum(code, 0), known & (code >= 0)  # a missing key is left out, as group-bys do
    space = int(np.prod([len(unique) for unique in uniques]))
    if space <= 4 * len(counts) + 1_000_000:  # the usual case: number the keys present with a bincount, not a sort
        seen = np.bincount(key, minlength=space) > 0
        present, key = np.flatnonzero(seen), (np.cumsum(seen) - 1)[key]
    else:
        present, key = np.unique(key, return_inverse=True)
    month_at = pd.Index(months).get_indexer(counts["month"])
    inside = (month_at >= 0) & known
    totals = np.bincount(
        key[inside] * len(months) + month_at[inside], weights=counts["count"].to_numpy()[inside], minlength=len(present) * len(months)
    )
    positions = np.unravel_index(present, [len(unique) for unique in uniques]) if len(keys) > 1 else (present,)
    values = [np.asarray(unique)[position] for unique, position in zip(uniques, positions, strict=True)]
    index = pd.MultiIndex.from_arrays(values, names=keys) if len(keys) > 1 else pd.Index(values[0], name=keys[0])
    return index, totals.astype(np.int64).reshape(len(present), len(months))


def _area_rows(
    code: str, name: str, totals: pd.Series, notes: dict[pd.Timestamp, str], month_sources: dict[pd.Timestamp, str]
) -> list[dict[str, object]]:
    expected = float(totals.median())
    rows = []
    for month, total in totals.items():
        share = total / expected if expected > 0 else 0.0
        reasons = []
        if share < COMPLETENESS_THRESHOLD:
            reasons.append(f"{total:,} is {share:.0%} of the expected {expected:,.0f} (median month)")
        if month in notes:
            reasons.append(notes[month])
        rows.append(
            {
                "month": month,
                "area_code": code,
                "area_name": name,
                "count": int(total),
                "expected": round(expected, 1),
                "share_of_expected": round(share, 4),
                "complete": not reasons,
                "reason": "; ".join(reasons),
                "source": month_sources[month],
                "unlocated": None,
            }
        )
    return rows
