"""Ingest users' own police.uk street-level downloads (a folder or a zip of ``YYYY-MM/*-street.csv``).

How: DuckDB reads every street file once into a compact table ``street`` (one row per record, in
file and line order; every column is read, so each is checked to be UTF-8). Small group-bys over it
check each file and classify each LSOA code; repeated Crime IDs are found by sorting the top bits of
the ID hashes, so only the few rows sharing them are ranked. Every counted row leaves DuckDB as the
number of its cell in a month x LSOA 2021 x crime type grid (``CountGrid``) numbered in count-table
order, so counting is one bincount and the counts come out sorted; DuckDB is closed before the count
table is built, so its memory is not held twice. No Python loop touches a row.

What is kept and what is reported:

- only rows that fall within West Midlands Police ("Falls within") count; other forces' rows (British
  Transport Police at stations, neighbouring forces over the border) are reported and left out,
  unless ``include_other_forces``;
- counted rows whose LSOA lies in the seven areas are counted by LSOA 2021 x month x crime type;
- LSOA 2011 codes are mapped to LSOA 2021 by the ONS lookup; for an LSOA 2011 that was split, each
  crime goes to the part its (anonymised) map point falls in, else the nearest part;
- counted rows with no LSOA are counted per month as ``unlocated`` (reported, not lost);
- a Crime ID repeated within one month is counted once (the first in file-name and line order);
  anti-social behaviour and British Transport Police rows have no Crime ID and are never duplicates.
  A month's counts never depend on the other months in the archive: an ID seen in several months
  (a crime re-published with a later outcome) is counted in each, and reported;
- counted rows in LSOAs outside the seven areas (the force's files reach over its border) are
  dropped and counted in the report.

Crime IDs are compared by their 64-bit hash, which keeps the table small (the IDs are 64 characters);
two different IDs in one month of 30,000 crimes share a hash with probability about 2e-11.
"""

from __future__ import annotations

import functools
import re
import tempfile
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import shapely
from pyproj import Transformer

from svd_dash.prepare.archive_files import StreetFile, street_files
from svd_dash.prepare.archive_limits import DEFAULT_LIMITS, ArchiveLimits, check_row_count
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.street_file_check import FIX_DOWNLOAD, FIX_UTF8, LONG_TEXT_COLUMNS, diagnose, line_of, read_header
from svd_dash.reference import CRIME_TYPES

OWN_FORCE = "West Midlands Police"
LONG_ROW_BYTES = 2000
"""A row whose text columns add up to more is broken (a police.uk row is about 200 bytes): usually a
stray quote mark has joined many lines into one field."""
DUCKDB_MEMORY = "256MB"
"""DuckDB's working memory for the ingest; beyond it DuckDB spills to a scratch folder."""


@dataclass
class ArchiveCounts:
    """What an archive contributed: counts (the count-table shape), its months, and the report.

    ``files``: each street file's bytes and rows; ``report``: totals (rows read, left out, mapped...);
    ``skipped``: entries that were not street files, with why; ``other_forces``: rows per other force
    ("Falls within"), left out unless included; ``changes``: each month's change in words.
    """

    counts: pd.DataFrame
    months: list[pd.Timestamp]
    unlocated: dict[pd.Timestamp, int]
    files: dict[str, dict[str, int]] = field(default_factory=dict)
    report: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    other_forces: dict[str, int] = field(default_factory=dict)
    include_other_forces: bool = False
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LsoaCodes:
    """What the archive's LSOA codes are checked and mapped against.

    ``lookup``: the England and Wales LSOA 2011 -> 2021 lookup (``lsoa11_code, lsoa21_code``);
    ``boundaries``: the seven areas' LSOA 2021 polygons in EPSG:27700 with ``lsoa21_code, la_code``.
    """

    lookup: pd.DataFrame
    boundaries: gpd.GeoDataFrame


def read_police_archive(
    path: Path, codes: LsoaCodes, include_other_forces: bool = False, limits: ArchiveLimits = DEFAULT_LIMITS
) -> ArchiveCounts:
    """Read every street file under ``path`` (folder or zip) into counts for the seven areas."""
    with street_files(path, limits) as listing, tempfile.TemporaryDirectory(prefix="svd-dash-duckdb-") as spill:
        config = {"memory_limit": DUCKDB_MEMORY, "temp_directory": spill, "preserve_insertion_order": True}
        with duckdb.connect(config=config) as con:
            scanned = _scan_and_check(con, path, listing.files, codes, include_other_forces, limits)
    # DuckDB's tables are gone before the counts are built, so their memory is not held twice.
    grid = CountGrid(len(scanned.months), len(scanned.areas))
    split_parts, placed_by_point = _place_split_rows(scanned.split_rows, codes)
    split = grid.cells(
        scanned.split_rows["month_idx"].to_numpy(),
        pd.Index(scanned.areas["lsoa21_code"]).get_indexer(split_parts),
        scanned.split_rows["crime_code"].to_numpy(),
    )
    month_starts = [pd.Timestamp(f"{m}-01") for m in scanned.months]
    table = _count_table(grid.count(scanned.direct, split, scanned.direct_dropped), grid, month_starts, scanned.areas)
    summary = scanned.summary
    unlocated = summary[summary["unlocated"]].groupby("month_idx")["n"].sum()
    report = {
        "files": len(listing.files),
        "entries_skipped": len(listing.skipped),
        "rows_read": int(sum(scanned.rows_per_file.values())),
        "other_forces_rows_included" if include_other_forces else "other_forces_rows_left_out": sum(scanned.other_forces.values()),
        "duplicate_crime_ids_dropped": scanned.dropped,
        "crime_ids_in_more_than_one_month": scanned.crossing,
        "unlocated_rows": int(unlocated.sum()),
        "outside_seven_areas_rows": int(summary.loc[summary["kind"] == "outside", "n"].sum()),
        "lsoa11_rows_mapped": int(summary.loc[(summary["vintage"] == "2011") & (summary["kind"] != "outside"), "n"].sum()),
        "split_lsoa11_rows": len(scanned.split_rows),
        "split_lsoa11_rows_placed_by_point": placed_by_point,
        "crimes_counted": int(table["count"].sum()),
    }
    return ArchiveCounts(
        counts=table,
        months=month_starts,
        unlocated={start: int(unlocated.get(index, 0)) for index, start in enumerate(month_starts)},
        files={f.name: {"bytes": f.size, "rows": scanned.rows_per_file[f.name]} for f in listing.files},
        report=report,
        skipped=listing.skipped,
        other_forces=scanned.other_forces,
        include_other_forces=include_other_forces,
    )


@dataclass(frozen=True)
class Scanned:
    """What DuckDB hands back from the street files: small summaries and the counted rows' grid cells.

    ``months``: YYYY-MM in order (``month_idx`` is a place in it); ``areas``: the seven areas' LSOA 2021
    in count-table order (``lsoa21_id`` is a place in it); ``direct``: the grid cell of every counted row
    whose LSOA maps to one LSOA 2021, repeated Crime IDs included, and ``direct_dropped`` those of the
    repeats dropped; ``split_rows``: counted rows in split LSOA 2011s (repeats dropped), with their map
    points; ``summary``: counted rows per month, code kind and vintage; repeats ``dropped`` and IDs
    ``crossing`` months; rows per file and per other force.
    """

    months: list[str]
    areas: pd.DataFrame
    direct: np.ndarray
    direct_dropped: np.ndarray
    split_rows: pd.DataFrame
    summary: pd.DataFrame
    rows_per_file: dict[str, int]
    other_forces: dict[str, int]
    dropped: int
    crossing: int


def _scan_and_check(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    files: list[StreetFile],
    codes: LsoaCodes,
    include_other_forces: bool,
    limits: ArchiveLimits,
) -> Scanned:
    """Scan the files into ``street``, refuse a bad file, and hand back what counting needs (see ``Scanned``)."""
    months = sorted({f.month for f in files})
    _scan(con, files, months, limits)
    con.execute("set preserve_insertion_order = false")  # the rows' order is kept in ``street`` (rowid); results need none
    rows_per_file, other_forces = _check_rows(con, files, str(path), limits)
    counted = "true" if include_other_forces else "other_force is null"
    areas = _code_map(con, files, codes)
    dropped, crossing = _duplicate_ids(con, counted)
    grid = CountGrid(len(months), len(areas))
    cell = grid.cell_sql("s.month_idx", "m.lsoa21_id", "s.crime_type")
    direct = con.sql(
        f"select {cell} as cell from street s join code_map m on s.lsoa_code = m.lsoa_code where m.kind = 'direct' and {counted}"
    ).fetchnumpy()["cell"]
    direct_dropped = con.sql(
        f"select {cell} as cell from dropped s join code_map m on s.lsoa_code = m.lsoa_code where m.kind = 'direct'"
    ).fetchnumpy()["cell"]
    split_rows = con.sql(
        f"""select s.month_idx, enum_code(s.crime_type) as crime_code, s.lsoa_code, s.longitude, s.latitude
            from street s semi join (select lsoa_code from code_map where kind = 'split') m on s.lsoa_code = m.lsoa_code
            anti join dropped d on s.rowid = d.row_id
            where {counted}"""
    ).df()
    summary = con.sql(
        f"""with kept as (
                select month_idx, lsoa_code, 1 as n from street where {counted}
                union all select month_idx, lsoa_code, -1 from dropped)
            select k.month_idx, m.kind, m.vintage, k.lsoa_code is null as unlocated, sum(k.n)::bigint as n
            from kept k left join code_map m on k.lsoa_code = m.lsoa_code group by all"""
    ).df()
    return Scanned(months, areas, direct, direct_dropped, split_rows, summary, rows_per_file, other_forces, dropped, crossing)


@dataclass(frozen=True)
class CountGrid:
    """Numbers every (month, LSOA 2021, crime type) cell in count-table order, so counting is a bincount
    and the cells come out sorted: ``cell = (month_idx * lsoas + lsoa21_id) * types + crime_code``, with
    months in order, LSOAs in (area, code) order and crime types in name order (the enum's order)."""

    months: int
    lsoas: int
    types: int = len(CRIME_TYPES)

    def cell_sql(self, month_idx: str, lsoa21_id: str, crime_type: str) -> str:
        """The cell as a DuckDB expression of the three columns named."""
        return f"(({month_idx}::uinteger * {self.lsoas} + {lsoa21_id}) * {self.types} + enum_code({crime_type}))::uinteger"

    def cells(self, month_idx: np.ndarray, lsoa21_id: np.ndarray, crime_code: np.ndarray) -> np.ndarray:
        """The cells of rows given as arrays."""
        return (month_idx.astype(np.int64) * self.lsoas + lsoa21_id) * self.types + crime_code

    def count(self, cells: np.ndarray, more: np.ndarray, fewer: np.ndarray) -> np.ndarray:
        """Rows per cell (int64, every cell of the grid): ``cells`` (many) and ``more`` (few) add one
        each, ``fewer`` (few) take one away. One array of the grid's size is made."""
        counts = np.bincount(cells, minlength=self.months * self.lsoas * self.types)
        np.add.at(counts, more, 1)
        np.subtract.at(counts, fewer, 1)
        return counts


def _scan(con: duckdb.DuckDBPyConnection, files: list[StreetFile], months: list[str], limits: ArchiveLimits) -> None:
    """Read every file into ``street``: one compact row per record in file and line order (``rowid``),
    with its month's place in ``months`` and a bit mask of problems (1 month not the file's, 2 longitude
    or 4 latitude not a number, 8 unknown crime type, 16 text over ``LONG_ROW_BYTES``). Every column is
    read, so each is checked to be UTF-8."""
    types = ", ".join("'" + t.replace("'", "''") + "'" for t in sorted(CRIME_TYPES))  # sorted: the enum orders as the names do
    con.execute(f"create type crime_type as enum ({types})")
    con.execute(
        """create table street (file_id usmallint, month_idx usmallint, problems utinyint, other_force varchar, crime_id_hash ubigint,
                                lsoa_code varchar, crime_type crime_type, longitude double, latitude double)"""
    )
    month_idx = {month: index for index, month in enumerate(months)}
    con.register(
        "files",
        pa.table(
            {
                "file_id": pa.array(range(len(files)), pa.uint16()),
                "path": [str(f.path) for f in files],
                "month": [f.month for f in files],
                "month_idx": pa.array([month_idx[f.month] for f in files], pa.uint16()),
            }
        ),
    )
    text_bytes = " + ".join(f'coalesce(strlen(s."{column}"), 0)' for column in LONG_TEXT_COLUMNS)
    layouts: dict[tuple[str, ...], list[StreetFile]] = defaultdict(list)
    for file in files:
        layouts[read_header(file)].append(file)
    for header, group in layouts.items():
        try:
            con.execute(
                f"""insert into street
                    select f.file_id, f.month_idx,
                           (case when s."Month" is distinct from f.month then 1 else 0 end)
                           | (case when s."Longitude" is not null and not isfinite(coalesce(try_cast(s."Longitude" as double), 'nan'))
                                   then 2 else 0 end)
                           | (case when s."Latitude" is not null and not isfinite(coalesce(try_cast(s."Latitude" as double), 'nan'))
                                   then 4 else 0 end)
                           | (case when try_cast(s."Crime type" as crime_type) is null then 8 else 0 end)
                           | (case when {text_bytes} > {LONG_ROW_BYTES} then 16 else 0 end),
                           case when s."Falls within" = '{OWN_FORCE}' then null else coalesce(s."Falls within", '(blank)') end,
                           case when s."Crime ID" is not null then hash(s."Crime ID") end,
                           s."LSOA code", try_cast(s."Crime type" as crime_type),
                           try_cast(s."Longitude" as double), try_cast(s."Latitude" as double)
                    from read_csv($paths, header = true, auto_detect = false, columns = $columns, delim = ',', quote = '"',
                                  escape = '"', filename = true) s
                    join files f on s.filename = f.path
                    limit {limits.rows + 1}""",
                {"paths": [str(f.path) for f in group], "columns": dict.fromkeys(header, "VARCHAR")},
            )
        except duckdb.Error as error:
            raise _read_error(error, group) from error


def _read_error(error: duckdb.Error, files: list[StreetFile]) -> PrepareError:
    """DuckDB's parse error as a sentence naming the file and line (checked closely where possible)."""
    text = str(error)
    by_path = {str(f.path): f for f in files}
    named = re.search(r"^\s*file = (.+)$", text, re.MULTILINE)
    file = by_path.get(named.group(1).strip()) if named else None
    line_match = re.search(r"Line: (\d+)", text)
    line = int(line_match.group(1)) if line_match else None
    if file is None:
        return PrepareError(
            files[0].name if len(files) == 1 else "the archive", f"a file could not be read ({text.splitlines()[0]})", FIX_DOWNLOAD
        )
    if "Invalid unicode" in text:
        close = diagnose(file)  # gives the byte and its line
        return close if "UTF-8" in str(close) else PrepareError(file.name, "the file is not valid UTF-8", FIX_UTF8, line=line)
    columns = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text)
    if columns:
        return PrepareError(file.name, f"the row has {columns.group(2)} fields, not {columns.group(1)}", FIX_DOWNLOAD, line=line)
    first = next((s for s in text.splitlines() if s.strip() and not s.startswith("Invalid Input Error")), text)
    return PrepareError(file.name, f"a row could not be read ({first.strip()})", FIX_DOWNLOAD, line=line)


def _check_rows(
    con: duckdb.DuckDBPyConnection, files: list[StreetFile], where: str, limits: ArchiveLimits
) -> tuple[dict[str, int], dict[str, int]]:
    """Rows per file, and rows per other force; a file with a flagged row, with no rows, or too many
    rows in all is an error."""
    groups = con.execute("select file_id, other_force, count(*), bit_or(problems) from street group by all order by all").fetchall()
    rows, problems, other_forces = defaultdict(int), defaultdict(int), defaultdict(int)
    for file_id, force, n, flags in groups:
        rows[file_id] += n
        problems[file_id] |= flags
        if force is not None:
            other_forces[force] += n
    check_row_count(where, sum(rows.values()), limits)
    for index, file in enumerate(files):
        if rows[index] == 0:
            raise PrepareError(file.name, "the file has a header but no rows", FIX_DOWNLOAD)
        if problems[index]:
            raise diagnose(file)
    return {file.name: rows[index] for index, file in enumerate(files)}, dict(sorted(other_forces.items()))


def _code_map(con: duckdb.DuckDBPyConnection, files: list[StreetFile], codes: LsoaCodes) -> pd.DataFrame:
    """Classify each LSOA code seen into ``code_map``: direct (-> one LSOA 2021 in the seven), split, or
    outside. Returns ``areas``: the seven areas' LSOA 2021 in count-table order, whose position is ``lsoa21_id``."""
    areas = codes.boundaries[["la_code", "lsoa21_code"]].astype(str).sort_values(["la_code", "lsoa21_code"]).reset_index(drop=True)
    con.register(
        "areas",
        pa.table({"lsoa21_id": np.arange(len(areas), dtype=np.uint16), "lsoa21_code": areas["lsoa21_code"], "la_code": areas["la_code"]}),
    )
    con.register(
        "lookup", pa.table({"lsoa11_code": codes.lookup["lsoa11_code"].astype(str), "lsoa21_code": codes.lookup["lsoa21_code"].astype(str)})
    )
    con.execute(
        """create temp table code_map as
           with seen as (select distinct lsoa_code from street where lsoa_code is not null),
                is21 as (select distinct lsoa21_code as code from lookup),
                is11 as (select distinct lsoa11_code as code from lookup),
                parts as (select l.lsoa11_code as code, count(distinct a.lsoa21_id) as n, min(a.lsoa21_id) as lsoa21_id
                          from lookup l join areas a on l.lsoa21_code = a.lsoa21_code group by 1)
           select s.lsoa_code,
                  case when i21.code is not null then (case when a.lsoa21_id is not null then 'direct' else 'outside' end)
                       when p.n = 1 then 'direct' when p.n > 1 then 'split' else 'outside' end as kind,
                  case when i21.code is not null then '2021' else '2011' end as vintage,
                  case when i21.code is not null then a.lsoa21_id when p.n = 1 then p.lsoa21_id end as lsoa21_id,
                  i21.code is null and i11.code is null as unknown
           from seen s left join is21 i21 on s.lsoa_code = i21.code left join is11 i11 on s.lsoa_code = i11.code
           left join areas a on s.lsoa_code = a.lsoa21_code left join parts p on s.lsoa_code = p.code"""
    )
    unknown = con.execute("select lsoa_code from code_map where unknown order by 1 limit 1").fetchall()
    if unknown:
        code = unknown[0][0]
        file = files[con.execute("select min(file_id) from street where lsoa_code = ?", [code]).fetchall()[0][0]]
        raise PrepareError(
            file.name,
            f"LSOA code '{code}' is not an LSOA 2011 or 2021 code in England and Wales",
            "Check the file is a police.uk download and has not been edited.",
            line=line_of(file, "LSOA code", code),
            column="LSOA code",
        )
    return areas


def _duplicate_ids(con: duckdb.DuckDBPyConnection, counted: str) -> tuple[int, int]:
    """Find repeats of a Crime ID within a month (table ``dropped``: all copies but the first in file and
    line order); return how many rows that drops, and how many IDs appear in several months.

    The IDs seen more than once are found by sorting the top 32 bits of the counted rows' hashes (less
    time and memory than a hash table of every ID); only the rows sharing those bits (a few thousand)
    are then compared whole and ranked."""
    tops = con.sql(f"select (crime_id_hash >> 32)::uinteger as top from street where crime_id_hash is not null and {counted}").fetchnumpy()[
        "top"
    ]
    tops.sort()
    con.register("repeated_tops", pa.table({"top": np.unique(tops[1:][tops[1:] == tops[:-1]])}))
    del tops
    con.execute(
        f"""create temp table repeated as
            select s.crime_id_hash, min(s.month_idx) <> max(s.month_idx) as crosses_months
            from street s semi join repeated_tops r on (s.crime_id_hash >> 32)::uinteger = r.top
            where s.crime_id_hash is not null and {counted} group by 1 having count(*) > 1"""
    )
    con.execute(
        f"""create temp table dropped as
            select row_id, month_idx, lsoa_code, crime_type from (
                select s.rowid as row_id, s.month_idx, s.lsoa_code, s.crime_type,
                       row_number() over (partition by s.month_idx, s.crime_id_hash order by s.file_id, s.rowid) as copy
                from street s semi join repeated r on s.crime_id_hash = r.crime_id_hash
                where {counted})
            where copy > 1"""
    )
    crossing = con.execute("select count_if(crosses_months) from repeated").fetchall()[0][0]
    dropped = con.execute("select count(*) from dropped").fetchall()[0][0]
    return int(dropped), int(crossing or 0)


def _count_table(counts: np.ndarray, grid: CountGrid, months: list[pd.Timestamp], areas: pd.DataFrame) -> pd.DataFrame:
    """The grid's non-empty cells, in order, in the count-table shape and types (as ``tidy_counts`` leaves them).

    Built straight from the cell positions, with as few and as small temporary arrays as it can: at a
    million rows, fresh memory is a good part of the cost."""
    cells = np.flatnonzero(counts)
    month_idx, rest = np.divmod(cells.astype(np.int32), np.int32(grid.lsoas * grid.types))  # int32: half the memory to touch
    lsoa21_id, crime_code = np.divmod(rest, np.int32(grid.types))
    frame = {
        "lsoa21_code": _take_text(areas["lsoa21_code"], lsoa21_id),
        "la_code": _take_text(areas["la_code"], lsoa21_id),
        "month": np.array(months, dtype="datetime64[ms]")[month_idx],
        "crime_type": _take_text(sorted(CRIME_TYPES), crime_code),
        "count": counts[cells],
    }
    return pd.DataFrame(frame, copy=False)


def _take_text(values: Sequence[str], positions: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``values[positions]`` as a pandas string array (Arrow-backed, as ``astype("string")`` makes)."""
    return pd.arrays.ArrowStringArray(pa.chunked_array([pa.array(values, pa.large_string()).take(positions)]))


@functools.cache
def _from_longitude_latitude(crs: str) -> Transformer:
    """Longitude and latitude (EPSG:4326) to ``crs``, as ``GeoSeries.to_crs`` does it (made once: it takes 40 ms)."""
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _place_split_rows(rows: pd.DataFrame, codes: LsoaCodes) -> tuple[pd.Series, int]:
    """The LSOA 2021 part of its split LSOA 2011 (``lsoa_code``) that each row's map point falls in, else
    the nearest part (else, with no coordinates, the part with the lowest code); and how many fell in a
    part. Vectorised over rows: a row's parts are the columns of a small matrix; distances are measured
    only for points inside no part."""
    if rows.empty:
        return pd.Series([], dtype=str, index=rows.index), 0
    seven = codes.boundaries.set_index("lsoa21_code").geometry
    row_parent, parents = pd.factorize(rows["lsoa_code"])
    parts = codes.lookup.loc[codes.lookup["lsoa21_code"].isin(seven.index) & codes.lookup["lsoa11_code"].isin(parents)]
    part_codes = np.array(sorted(set(parts["lsoa21_code"])))
    by_parent = parts.groupby("lsoa11_code")["lsoa21_code"].agg(lambda p: np.searchsorted(part_codes, sorted(set(p))))
    width = max(len(options) for options in by_parent)
    options = np.full((len(parents), width), -1)
    for index, parent in enumerate(parents):
        options[index, : len(by_parent[parent])] = by_parent[parent]
    candidate = options[row_parent]  # a row per street row, its parts in code order (-1: none)
    shapes = seven.loc[part_codes].to_numpy()
    shapely.prepare(shapes)
    to_grid = _from_longitude_latitude(codes.boundaries.crs.to_string())
    points = shapely.points(*to_grid.transform(rows["longitude"].to_numpy(), rows["latitude"].to_numpy()))
    row, column = np.nonzero(candidate >= 0)
    inside = np.zeros(candidate.shape, bool)
    inside[row, column] = shapely.contains(shapes[candidate[row, column]], points[row])
    in_a_part = inside.any(axis=1)
    far = ~in_a_part[row]
    distance = np.full(candidate.shape, np.inf)  # inf: not measured (inside a part), no part, or no point
    distance[row[far], column[far]] = np.nan_to_num(
        shapely.distance(shapes[candidate[row[far], column[far]]], points[row[far]]), nan=np.inf
    )
    best = np.zeros(len(rows), int)  # a part the point is inside, else the nearest; ties go to the lower code
    every = np.arange(len(rows))
    for other in range(1, width):
        now_inside, now_distance = inside[every, best], distance[every, best]
        better = (inside[:, other] & ~now_inside) | ((inside[:, other] == now_inside) & (distance[:, other] < now_distance))
        best = np.where(better, other, best)
    return pd.Series(part_codes[candidate[every, best]], index=rows.index), int(in_a_part.sum())
