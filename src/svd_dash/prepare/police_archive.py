"""Ingest users' own police.uk street-level downloads (a folder or a zip of ``YYYY-MM/*-street.csv``).

Rows are parsed by Arrow's CSV reader and counted by DuckDB, never looped over in Python. What is
kept and what is reported:

- rows whose LSOA lies in the seven areas are counted by LSOA 2021 x month x crime type;
- LSOA 2011 codes are mapped to LSOA 2021 by the ONS lookup; for an LSOA 2011 that was split, each
  crime goes to the part its (anonymised) map point falls in, else the nearest part;
- rows with no LSOA are counted per month as ``unlocated`` (reported, not lost);
- a Crime ID seen more than once (in any file) is counted once; anti-social behaviour rows have no
  Crime ID and are never treated as duplicates;
- rows in LSOAs outside the seven areas (the force's files reach over its border) are dropped and
  counted in the report.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import shapely

from svd_dash.prepare.crime_counts import tidy_counts
from svd_dash.prepare.csv_input import check_columns, check_text
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.outputs import sha256_bytes
from svd_dash.reference import CRIME_TYPES

ARCHIVE_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
STREET_FILE = re.compile(r"^(\d{4}-\d{2})-[a-z0-9-]+-street\.csv$")
MONTH_VALUE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
FIX_MONTH = "Put each month's file in the folder of its own month, as police.uk publishes them."


@dataclass
class ArchiveCounts:
    """What an archive contributed: counts (the count-table shape), its months, and the report."""

    counts: pd.DataFrame
    months: list[pd.Timestamp]
    unlocated: dict[pd.Timestamp, int]
    files: dict[str, str] = field(default_factory=dict)
    report: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LsoaCodes:
    """What the archive's LSOA codes are checked and mapped against.

    ``lookup``: the England and Wales LSOA 2011 -> 2021 lookup (``lsoa11_code, lsoa21_code``);
    ``boundaries``: the seven areas' LSOA 2021 polygons in EPSG:27700 with ``lsoa21_code, la_code``.
    """

    lookup: pd.DataFrame
    boundaries: gpd.GeoDataFrame


def archive_files(path: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (name, bytes) of every ``*-street.csv`` in a folder tree or zip, in name order."""
    if not path.exists():
        raise PrepareError(path, "no such file or folder", "Give the folder or zip you downloaded from police.uk.")
    if path.is_dir():
        files = sorted(p for p in path.rglob("*-street.csv") if p.is_file())
        if not files:
            raise PrepareError(path, "no *-street.csv files found", "Point at the police.uk download (folders like 2024-07/).")
        for file in files:
            yield file.relative_to(path).as_posix(), file.read_bytes()
        return
    try:
        with zipfile.ZipFile(path) as archive:
            names = sorted(n for n in archive.namelist() if n.endswith("-street.csv"))
            if not names:
                raise PrepareError(path, "the zip holds no *-street.csv files", "Use the zip police.uk gave you.")
            for name in names:
                yield name, archive.read(name)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PrepareError(path, f"the zip is corrupt ({error})", "Download it again.") from error


def parse_street_file(name: str, payload: bytes, file_index: int) -> pa.Table:
    """Check one street file and return its rows: crime_id, month, longitude, latitude, lsoa_code,
    crime_type, plus file_index and line (1-based, header = 1) for ordering and messages."""
    base = name.rsplit("/", 1)[-1]
    match = STREET_FILE.match(base)
    if match is None:
        raise PrepareError(name, "the file name is not YYYY-MM-<force>-street.csv", FIX_MONTH)
    month = match.group(1)
    folder = name.rsplit("/", 2)[-2] if "/" in name else None
    if folder is not None and re.fullmatch(r"\d{4}-\d{2}", folder) and folder != month:
        raise PrepareError(name, f"the folder {folder} holds a file named for {month}", FIX_MONTH)
    text = check_text(name, payload)
    header = next(csv.reader(io.StringIO(text[: text.find("\n") + 1])))
    check_columns(name, header, ARCHIVE_COLUMNS)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=["Crime ID", "Month", "Longitude", "Latitude", "LSOA code", "Crime type"],
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        raise PrepareError(name, f"a row could not be read ({str(error).splitlines()[0]})", "Download the file again.") from error
    months = table["Month"]
    bad_format = pc.invert(pc.fill_null(pc.match_substring_regex(months, MONTH_VALUE.pattern), False))
    if pc.any(bad_format).as_py():
        index = pc.index(bad_format, True).as_py()
        raise PrepareError(
            name, f"month '{months[index].as_py()}' is not a month (YYYY-MM)", "Download the file again.", line=index + 2, column="Month"
        )
    other_month = pc.not_equal(months, month)
    if pc.any(other_month).as_py():
        index = pc.index(other_month, True).as_py()
        raise PrepareError(name, f"row for {months[index].as_py()} in a file for {month}", FIX_MONTH, line=index + 2, column="Month")
    rows = table.num_rows
    return pa.table(
        {
            "crime_id": table["Crime ID"],
            "month": months,
            "longitude": pc.cast(table["Longitude"], pa.float64(), safe=False) if rows else pa.array([], pa.float64()),
            "latitude": pc.cast(table["Latitude"], pa.float64(), safe=False) if rows else pa.array([], pa.float64()),
            "lsoa_code": table["LSOA code"],
            "crime_type": table["Crime type"],
            "file_index": pa.array(np.full(rows, file_index, dtype=np.int32)),
            "line": pa.array(np.arange(2, rows + 2, dtype=np.int64)),
        }
    )


def read_police_archive(path: Path, codes: LsoaCodes) -> ArchiveCounts:
    """Read every street file under ``path`` (folder or zip) into counts for the seven areas."""
    tables, names, files = [], [], {}
    for index, (name, payload) in enumerate(archive_files(path)):
        tables.append(parse_street_file(name, payload, index))
        names.append(name)
        files[name] = sha256_bytes(payload)
    rows = pa.concat_tables(tables)
    con = duckdb.connect()
    con.register("raw_rows", rows)
    report = {"files": len(names), "rows_read": rows.num_rows}
    con.execute(
        """create table rows as select * from raw_rows
           qualify crime_id is null or row_number() over (partition by crime_id order by file_index, line) = 1"""
    )
    report["duplicate_crime_ids_dropped"] = rows.num_rows - con.execute("select count(*) from rows").fetchone()[0]
    _check_crime_types(con, names)
    unlocated = {
        pd.Timestamp(f"{m}-01"): n
        for m, n in con.execute("select month, count(*) from rows where lsoa_code is null group by month").fetchall()
    }
    report["unlocated_rows"] = sum(unlocated.values())
    code_map = _code_map(con, codes, names)
    con.register("code_map", code_map)
    direct = con.execute(
        """select m.lsoa21_code, r.month, r.crime_type, count(*) as n from rows r
           join code_map m on r.lsoa_code = m.lsoa_code where m.kind = 'direct'
           group by all"""
    ).df()
    split_rows = con.execute(
        """select r.lsoa_code, r.month, r.crime_type, r.longitude, r.latitude from rows r
           join code_map m on r.lsoa_code = m.lsoa_code where m.kind = 'split' order by r.file_index, r.line"""
    ).df()
    report["outside_seven_areas_rows"] = con.execute(
        "select count(*) from rows r join code_map m on r.lsoa_code = m.lsoa_code where m.kind = 'outside'"
    ).fetchone()[0]
    report["lsoa11_rows_mapped"] = con.execute(
        "select count(*) from rows r join code_map m on r.lsoa_code = m.lsoa_code where m.vintage = '2011' and m.kind <> 'outside'"
    ).fetchone()[0]
    split_counts, placed_by_point = _place_split_rows(split_rows, codes)
    report["split_lsoa11_rows"] = len(split_rows)
    report["split_lsoa11_rows_placed_by_point"] = placed_by_point
    counts = pd.concat([direct, split_counts], ignore_index=True)
    la_of = codes.boundaries.set_index("lsoa21_code")["la_code"]
    table = pd.DataFrame(
        {
            "lsoa21_code": counts["lsoa21_code"],
            "la_code": counts["lsoa21_code"].map(la_of),
            "month": pd.to_datetime(counts["month"], format="%Y-%m"),
            "crime_type": counts["crime_type"],
            "count": counts["n"].astype("int64"),
        }
    )
    months = sorted({pd.Timestamp(f"{STREET_FILE.match(n.rsplit('/', 1)[-1]).group(1)}-01") for n in names})
    report["crimes_counted"] = int(table["count"].sum())
    return ArchiveCounts(tidy_counts(table), months, unlocated, files, report)


def _check_crime_types(con: duckdb.DuckDBPyConnection, names: list[str]) -> None:
    known = ", ".join("'" + t.replace("'", "''") + "'" for t in CRIME_TYPES)
    bad = con.execute(
        f"""select file_index, line, crime_type from rows
            where crime_type is null or crime_type not in ({known}) order by file_index, line limit 1"""
    ).fetchone()
    if bad:
        raise PrepareError(
            names[bad[0]], f"unknown crime type '{bad[2]}'", "Use police.uk's 14 crime types.", line=bad[1], column="Crime type"
        )


def _code_map(con: duckdb.DuckDBPyConnection, codes: LsoaCodes, names: list[str]) -> pd.DataFrame:
    """Classify each distinct LSOA code: direct (-> one LSOA 2021 in the seven), split, or outside."""
    seen = con.execute("select distinct lsoa_code from rows where lsoa_code is not null").df()["lsoa_code"]
    seven = set(codes.boundaries["lsoa21_code"])
    lsoa21_all = set(codes.lookup["lsoa21_code"])
    targets = codes.lookup.groupby("lsoa11_code")["lsoa21_code"].agg(lambda s: sorted(set(s)))
    rows = []
    for code in seen:
        if code in lsoa21_all:
            rows.append((code, code if code in seven else None, "direct" if code in seven else "outside", "2021"))
        elif code in targets.index:
            parts = [t for t in targets[code] if t in seven]
            kind = "outside" if not parts else ("direct" if len(parts) == 1 else "split")
            rows.append((code, parts[0] if len(parts) == 1 else None, kind, "2011"))
        else:
            first = con.execute(
                "select file_index, line from rows where lsoa_code = ? order by file_index, line limit 1", [code]
            ).fetchone()
            raise PrepareError(
                names[first[0]],
                f"LSOA code '{code}' is not an LSOA 2011 or 2021 code in England and Wales",
                "Check the file is a police.uk download and has not been edited.",
                line=first[1],
                column="LSOA code",
            )
    return pd.DataFrame(rows, columns=["lsoa_code", "lsoa21_code", "kind", "vintage"])


def _place_split_rows(rows: pd.DataFrame, codes: LsoaCodes) -> tuple[pd.DataFrame, int]:
    """Assign crimes in split LSOA 2011s to the LSOA 2021 part containing their map point, else the
    nearest part (else, with no coordinates, the part with the lowest code). Vectorised over rows."""
    if rows.empty:
        return pd.DataFrame(columns=["lsoa21_code", "month", "crime_type", "n"]), 0
    seven = codes.boundaries.set_index("lsoa21_code").geometry
    parts = codes.lookup.loc[codes.lookup["lsoa21_code"].isin(seven.index), ["lsoa11_code", "lsoa21_code"]].drop_duplicates()
    points = gpd.GeoSeries.from_xy(rows["longitude"], rows["latitude"], crs="EPSG:4326").to_crs(codes.boundaries.crs).to_numpy()
    candidates = rows[["lsoa_code"]].reset_index(names="row").merge(parts, left_on="lsoa_code", right_on="lsoa11_code")
    shapes = seven.loc[candidates["lsoa21_code"]].to_numpy()
    at = points[candidates["row"].to_numpy()]
    candidates["inside"] = shapely.contains(shapes, at)
    candidates["distance"] = shapely.distance(shapes, at)
    best = candidates.sort_values(
        ["row", "inside", "distance", "lsoa21_code"], ascending=[True, False, True, True], na_position="last"
    ).drop_duplicates("row")
    placed = rows.assign(lsoa21_code=best.set_index("row")["lsoa21_code"].reindex(rows.index).to_numpy())
    counts = placed.groupby(["lsoa21_code", "month", "crime_type"], as_index=False).size().rename(columns={"size": "n"})
    return counts, int(best["inside"].sum())
