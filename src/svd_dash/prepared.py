"""Reading the prepared outputs (``data/`` and ``geo/``). No Streamlit here: the UI caches these calls.

A missing or unreadable file raises ``PreparedDataError`` with a sentence saying how to rebuild. The
sentence names the file as ``data/<name>`` or ``geo/<name>``, never the server's absolute path, because
the app shows it to the public; the underlying error (with the path) stays chained for the server log.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa


class PreparedDataError(Exception):
    """A prepared file is missing or unreadable; the message says which and what to do."""


def project_root() -> Path:
    """The project folder holding ``data/`` and ``geo/``: ``SVD_DASH_ROOT`` if set (and not empty), else the
    checkout this package is installed from. The app and ``svd-dash prepare``/``verify`` all use this one
    function, so they agree whatever the current directory."""
    return Path(os.environ.get("SVD_DASH_ROOT") or Path(__file__).resolve().parents[2])


@dataclass(frozen=True)
class PreparedData:
    """All prepared tables; see ``docs/data.md`` for every column's definition."""

    counts: pd.DataFrame
    months: pd.DataFrame
    baseline_2019: pd.DataFrame
    lsoa: pd.DataFrame
    imd2019_lsoa11: pd.DataFrame
    svd_measures: pd.DataFrame
    harm_weights: pd.DataFrame
    manifest: dict[str, object]


REBUILD = "Rebuild the prepared data with: svd-dash prepare"


def shown_name(path: Path) -> str:
    """The file as a reader may see it: its folder and name (``data/lsoa.parquet``), no server path."""
    return f"{path.parent.name}/{path.name}"


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise PreparedDataError(f"{shown_name(path)} is missing. {REBUILD}")
    try:
        return pd.read_parquet(path)
    except (OSError, pa.ArrowException) as error:
        raise PreparedDataError(f"{shown_name(path)} is unreadable (damaged or not a parquet file). {REBUILD}") from error


def load_prepared(data_dir: Path | None = None) -> PreparedData:
    """Read every prepared table from ``data_dir`` (default: the project's ``data/``)."""
    folder = data_dir or project_root() / "data"
    manifest_path = folder / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PreparedDataError(f"{shown_name(manifest_path)} is missing or unreadable. {REBUILD}") from error
    return PreparedData(
        counts=_read(folder / "crime_lsoa_month.parquet"),
        months=_read(folder / "months.parquet"),
        baseline_2019=_read(folder / "baseline_2019.parquet"),
        lsoa=_read(folder / "lsoa.parquet"),
        imd2019_lsoa11=_read(folder / "imd2019_lsoa11.parquet"),
        svd_measures=_read(folder / "svd_measures.parquet"),
        harm_weights=_read(folder / "harm_weights.parquet"),
        manifest=manifest,
    )


def load_boundaries(layer: str, geo_dir: Path | None = None) -> gpd.GeoDataFrame:
    """One boundary layer (``lsoa21``, ``msoa21``, ``ward`` or ``la``) in EPSG:27700."""
    path = (geo_dir or project_root() / "geo") / f"{layer}.parquet"
    if not path.is_file():
        raise PreparedDataError(f"{shown_name(path)} is missing. {REBUILD}")
    try:
        return gpd.read_parquet(path)
    except (OSError, ValueError, pa.ArrowException) as error:
        raise PreparedDataError(f"{shown_name(path)} is unreadable (damaged or not a parquet file). {REBUILD}") from error


@dataclass(frozen=True)
class OfficialData:
    """The official figures (``official.parquet``: ONS tables, written answers, derived sums, each row with
    its ``source_type`` and source) and Census 2021 residents per Community Safety Partnership."""

    figures: pd.DataFrame
    csp_residents: pd.DataFrame


def load_official(data_dir: Path | None = None) -> OfficialData:
    """Read the prepared official tables from ``data_dir`` (default: the project's ``data/``)."""
    folder = data_dir or project_root() / "data"
    return OfficialData(figures=_read(folder / "official.parquet"), csp_residents=_read(folder / "csp_residents.parquet"))
