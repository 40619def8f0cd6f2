"""The prepare pipeline: load the vendored inputs, build every output, check it, swap it in.

Same inputs give byte-identical outputs (the manifest's ``built_at`` and ``build_seconds`` aside).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from svd_dash.prepare import layout
from svd_dash.prepare.archive_merge import ArchiveMode, check_no_far_fewer, describe_changes, merge_archive, month_changes
from svd_dash.prepare.crime_counts import (
    BUNDLED_SOURCE,
    COMPLETENESS_THRESHOLD,
    month_completeness,
    read_bundled_counts,
    read_known_partial_months,
)
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.geography import SIMPLIFY_TOLERANCE_M, read_boundaries, simplify_coverage
from svd_dash.prepare.lsoa_table import build_lsoa_table, read_imd2019_lsoa11, read_lsoa11_lookup
from svd_dash.prepare.official import read_csp_residents, read_official, read_official_imports
from svd_dash.prepare.outputs import (
    ATTRIBUTIONS,
    sha256_of,
    staged_outputs,
    write_geotable,
    write_manifest,
    write_table,
)
from svd_dash.prepare.police_archive import OWN_FORCE, ArchiveCounts, LsoaCodes, read_police_archive
from svd_dash.prepare.published import read_baseline_2019, read_harm_weights, read_svd_measures
from svd_dash.reference import AREAS, LSOA21_COUNT

CENSUS_2021_POPULATION = 2_919_651
"""Census 2021 usual residents of the seven areas (ONS); the LSOA table must add up to it."""

OUTPUT_INPUTS: dict[str, tuple[Path, ...]] = {
    "crime_lsoa_month.parquet": (layout.CRIME_COUNTS_DIR, layout.LSOA21_BOUNDARIES),
    "months.parquet": (layout.CRIME_COUNTS_DIR, layout.KNOWN_PARTIAL_MONTHS),
    "baseline_2019.parquet": (layout.BASELINE_2019_LA, layout.BASELINE_2019_LSOA11_ALL),
    "lsoa.parquet": (
        layout.LSOA21_BOUNDARIES,
        layout.LOOKUP_LSOA21_WARD,
        layout.LOOKUP_LSOA21_MSOA21,
        layout.MSOA21_NAMES,
        layout.POPULATION,
        layout.IMD2025,
        layout.IMD2019,
        layout.LOOKUP_LSOA11_LSOA21,
    ),
    "imd2019_lsoa11.parquet": (layout.IMD2019,),
    "svd_measures.parquet": (layout.SVD_QUOTED_FIGURES, layout.SVD_HES_KNIFE_INJURY, layout.SVD_PRC_2017_18),
    "harm_weights.parquet": (layout.HARM_WEIGHTS_WM, layout.HARM_WEIGHTS_NATIONAL),
    "official.parquet": (layout.OFFICIAL_PFA, layout.OFFICIAL_CSP, layout.OFFICIAL_OTHER),
    "csp_residents.parquet": (layout.CSP_RESIDENTS,),
    "lsoa21.parquet": (layout.LSOA21_BOUNDARIES,),
    "msoa21.parquet": (layout.MSOA21_BOUNDARIES,),
    "ward.parquet": (layout.WARD_BOUNDARIES,),
    "la.parquet": (layout.LA_BOUNDARIES,),
}


@dataclass(frozen=True)
class PrepareOptions:
    """Where to read and write. ``archive_mode``: with ``merge`` an archive's months replace the
    bundled counts for the same months and the other bundled months stay; with ``replace`` only the
    archive's months are kept. ``allow_fewer``: accept archive months that count far fewer crimes than
    the bundled ones (see ``archive_merge``). ``include_other_forces``: count rows that fall within other
    forces too (British Transport Police, neighbouring forces), not only West Midlands Police's."""

    raw_dir: Path
    data_dir: Path
    geo_dir: Path
    police_archive: Path | None = None
    archive_mode: ArchiveMode = "merge"
    allow_fewer: bool = False
    include_other_forces: bool = False
    official: Path | None = None
    """A downloaded ONS workbook or CSV (or a folder of them) whose tables are added to the official figures."""


def run(options: PrepareOptions) -> dict[str, object]:
    """Rebuild every output from ``options.raw_dir`` (and an archive, if given); return the manifest.

    The output folders are locked and checked for writing before the build starts, so a folder that
    cannot take the outputs fails at once; see ``outputs.staged_outputs`` for the swap guarantee.
    """
    started = time.perf_counter()
    raw = options.raw_dir
    if not raw.is_dir():
        problem = "the raw data path is a file, not a folder" if raw.exists() else "the raw data folder does not exist"
        raise PrepareError(raw, problem, "Set SVD_DASH_ROOT to the project folder, or pass --raw-dir.")
    imported, official_report = read_official_imports(options.official) if options.official else (None, [])
    with staged_outputs(
        options.data_dir, options.geo_dir, {"data": (*layout.DATA_OUTPUTS, layout.MANIFEST), "geo": layout.GEO_OUTPUTS}
    ) as stage:
        lsoa_shapes = read_boundaries(
            raw / layout.LSOA21_BOUNDARIES, {"LSOA21CD": "lsoa21_code", "LSOA21NM": "lsoa21_name", "LADCD_ACTIVE": "la_code"}, LSOA21_COUNT
        )
        lookup = read_lsoa11_lookup(raw)
        lsoa = build_lsoa_table(raw, lsoa_shapes[["lsoa21_code", "lsoa21_name", "la_code"]], lookup)
        counts, month_sources, unlocated, archive = _crime_counts(options, lsoa_shapes, lookup)
        months = month_completeness(counts, month_sources, read_known_partial_months(raw), unlocated)
        _check_outputs(counts, lsoa)
        official = read_official(raw, imported)
        tables = {
            "crime_lsoa_month.parquet": counts,
            "months.parquet": months,
            "baseline_2019.parquet": read_baseline_2019(raw),
            "lsoa.parquet": lsoa,
            "imd2019_lsoa11.parquet": read_imd2019_lsoa11(raw),
            "svd_measures.parquet": read_svd_measures(raw),
            "harm_weights.parquet": read_harm_weights(raw),
            "official.parquet": official,
            "csp_residents.parquet": read_csp_residents(raw, official),
        }
        layers = _geo_layers(raw, lsoa_shapes)
        for name, table in tables.items():
            write_table(table, stage.data / name)
        for name, layer in layers.items():
            write_geotable(layer, stage.geo / name)
        manifest = _manifest(options, tables, layers, stage.data, stage.geo, archive, started)
        manifest["official_import"] = {"path": options.official.name, "added": official_report} if options.official else None
        write_manifest(stage.data / layout.MANIFEST, manifest)
    return manifest


def _crime_counts(
    options: PrepareOptions, lsoa_shapes: gpd.GeoDataFrame, lookup: pd.DataFrame
) -> tuple[pd.DataFrame, dict[pd.Timestamp, str], dict[pd.Timestamp, int], ArchiveCounts | None]:
    bundled = read_bundled_counts(options.raw_dir)
    unknown = set(bundled["lsoa21_code"]) - set(lsoa_shapes["lsoa21_code"])
    if unknown:
        raise PrepareError(
            options.raw_dir / layout.CRIME_COUNTS_DIR, f"LSOA codes with no boundary: {sorted(unknown)[:5]}", "Restore data/raw."
        )
    sources = dict.fromkeys(bundled["month"].drop_duplicates().sort_values(), BUNDLED_SOURCE)
    if options.police_archive is None:
        return bundled, sources, {}, None
    codes = LsoaCodes(lookup[["lsoa11_code", "lsoa21_code"]], lsoa_shapes[["lsoa21_code", "la_code", "geometry"]])
    archive = read_police_archive(options.police_archive, codes, options.include_other_forces)
    changes = month_changes(bundled, archive.counts, archive.months, options.archive_mode)
    check_no_far_fewer(changes, options.police_archive, options.allow_fewer)
    counts, sources = merge_archive(bundled, sources, archive.counts, archive.months, options.archive_mode)
    return counts, sources, archive.unlocated, replace(archive, changes=describe_changes(changes))


def _check_outputs(counts: pd.DataFrame, lsoa: pd.DataFrame) -> None:
    """Sanity checks on what is about to be written (the pipeline's own asserts, with sentences)."""
    where = "prepared outputs"
    fix = "This is a pipeline bug or a changed input; do not publish these outputs."
    if has_duplicate_keys(counts, ["lsoa21_code", "month", "crime_type"]):
        raise PrepareError(where, "duplicate LSOA-month-crime type keys in the counts", fix)
    if not counts["la_code"].isin([a.code for a in AREAS]).all():
        raise PrepareError(where, "counts outside the seven areas", fix)
    if not counts["lsoa21_code"].isin(lsoa["lsoa21_code"]).all():
        raise PrepareError(where, "counts for LSOAs missing from the LSOA table", fix)
    if int(lsoa["population"].sum()) != CENSUS_2021_POPULATION:
        raise PrepareError(where, f"population adds to {lsoa['population'].sum():,}, not the Census 2021 {CENSUS_2021_POPULATION:,}", fix)


def has_duplicate_keys(frame: pd.DataFrame, columns: list[str]) -> bool:
    """Whether two rows of ``frame`` share their values of ``columns``: the columns' factorised codes
    combined into one integer per row, counted with a bincount (a hash of each row's values where the
    combinations are too many)."""
    key = np.zeros(len(frame), np.int64)
    space = 1
    for column in columns:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        key, space = key * len(uniques) + codes, space * len(uniques)
    if space <= 4 * len(frame) + 1_000_000:
        return bool(len(frame)) and int(np.bincount(key, minlength=1).max()) > 1
    return bool(frame.duplicated(columns).any())


def _geo_layers(raw: Path, lsoa_shapes: gpd.GeoDataFrame) -> dict[str, gpd.GeoDataFrame]:
    msoa = read_boundaries(
        raw / layout.MSOA21_BOUNDARIES, {"MSOA21CD": "msoa21_code", "MSOA21NM": "msoa21_name", "LADCD_ACTIVE": "la_code"}, 357
    )
    ward = read_boundaries(raw / layout.WARD_BOUNDARIES, {"WD25CD": "ward_code", "WD25NM": "ward_name", "LAD25CD": "la_code"}, 192)
    la = read_boundaries(raw / layout.LA_BOUNDARIES, {"LAD_CODE": "la_code", "LAD_NAME": "la_name"}, len(AREAS))
    return {
        "lsoa21.parquet": simplify_coverage(
            lsoa_shapes[["lsoa21_code", "la_code", "geometry"]], SIMPLIFY_TOLERANCE_M["lsoa21"], raw / layout.LSOA21_BOUNDARIES
        ),
        "msoa21.parquet": simplify_coverage(msoa, SIMPLIFY_TOLERANCE_M["msoa21"], raw / layout.MSOA21_BOUNDARIES),
        "ward.parquet": simplify_coverage(ward, SIMPLIFY_TOLERANCE_M["ward"], raw / layout.WARD_BOUNDARIES),
        "la.parquet": simplify_coverage(la, SIMPLIFY_TOLERANCE_M["la"], raw / layout.LA_BOUNDARIES),
    }


def _input_checksums(raw: Path, inputs: tuple[Path, ...]) -> dict[str, str]:
    files: list[Path] = []
    for item in inputs:
        target = raw / item
        files.extend(sorted(p for p in target.iterdir() if p.is_file()) if target.is_dir() else [target])
    return {f.relative_to(raw).as_posix(): sha256_of(f) for f in files}


def _manifest(
    options: PrepareOptions,
    tables: dict[str, pd.DataFrame],
    layers: dict[str, gpd.GeoDataFrame],
    data_dir: Path,
    geo_dir: Path,
    archive: ArchiveCounts | None,
    started: float,
) -> dict[str, object]:
    built_at = datetime.now(UTC).replace(microsecond=0).isoformat()
    outputs: dict[str, object] = {}
    all_inputs: dict[str, str] = {}
    for name, frame in [*tables.items(), *layers.items()]:
        folder, prefix = (data_dir, "data") if name in tables else (geo_dir, "geo")
        path = folder / name
        inputs = _input_checksums(options.raw_dir, OUTPUT_INPUTS[name])
        all_inputs |= inputs
        outputs[f"{prefix}/{name}"] = {
            "rows": len(frame),
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
            "inputs": sorted(inputs),
            "built_at": built_at,
        }
    return {
        "generator": "svd-dash prepare",
        "built_at": built_at,
        "build_seconds": round(time.perf_counter() - started, 2),
        "settings": {
            "completeness_threshold": COMPLETENESS_THRESHOLD,
            "simplify_tolerance_m": SIMPLIFY_TOLERANCE_M,
            "archive_mode": options.archive_mode if archive else None,
        },
        "inputs": {f"data/raw/{k}": v for k, v in sorted(all_inputs.items())},
        "police_archive": None if archive is None else _archive_manifest(archive, options.allow_fewer),
        "outputs": outputs,
        "attributions": list(ATTRIBUTIONS),
    }


def _archive_manifest(archive: ArchiveCounts, allow_fewer: bool) -> dict[str, object]:
    """The manifest's account of an archive: files, what was counted and left out, and each month's change."""
    return {
        "allow_fewer": allow_fewer,
        "files": archive.files,
        "report": archive.report,
        "rows_counted": "all forces' rows (--include-other-forces)" if archive.include_other_forces else f"{OWN_FORCE} rows only",
        "other_forces_rows": archive.other_forces,
        "skipped_entries": archive.skipped,
        "month_changes": archive.changes,
    }
