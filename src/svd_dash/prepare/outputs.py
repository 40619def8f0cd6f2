"""Writing prepared outputs: deterministic parquet, all-or-nothing replacement, and the manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ATTRIBUTIONS = (
    "Contains public sector information licensed under the Open Government Licence v3.0.",
    "Crime data: data.police.uk, © Crown copyright.",
    "Boundaries: Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right 2025.",
    "Deprivation: English Indices of Deprivation 2019 and 2025, Ministry of Housing, Communities and Local Government.",
    "Population: Census 2021, Office for National Statistics.",
    "Neighbourhood names: House of Commons Library MSOA Names, Open Parliament Licence v3.0.",
    "Harm weights: derived from the Cambridge Crime Harm Index 2026.",
)


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sha256_bytes(payload: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(payload).hexdigest()


def write_table(frame: pd.DataFrame, path: Path) -> None:
    """Write a frame as zstd parquet; identical frames give identical bytes."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table, path, compression="zstd")


def write_geotable(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a GeoDataFrame as GeoParquet (WKB geometry, CRS in the metadata)."""
    frame.to_parquet(path, index=False, compression="zstd")


@dataclass(frozen=True)
class Stage:
    """Folders where a build writes before its outputs replace the live ones."""

    data: Path
    geo: Path


@contextmanager
def staged_outputs(data_dir: Path, geo_dir: Path, names: dict[str, tuple[str, ...]]) -> Iterator[Stage]:
    """Yield empty staging folders; if the block succeeds, swap the staged files into place.

    ``names`` maps "data" and "geo" to the file names the build owns. Existing outputs are moved to a
    backup first and restored if any move fails, so the live folders never hold a mix of two builds.
    If the block raises, the staging folder is removed and the live folders are untouched.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    geo_dir.mkdir(parents=True, exist_ok=True)
    root = data_dir / f".prepare-staging-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    stage = Stage(root / "data", root / "geo")
    stage.data.mkdir(parents=True)
    stage.geo.mkdir(parents=True)
    try:
        yield stage
        _swap_in(stage, root / "backup", data_dir, geo_dir, names)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _swap_in(stage: Stage, backup: Path, data_dir: Path, geo_dir: Path, names: dict[str, tuple[str, ...]]) -> None:
    moves = [(stage.data / n, data_dir / n) for n in names["data"]] + [(stage.geo / n, geo_dir / n) for n in names["geo"]]
    missing = [str(new) for new, _ in moves if not new.is_file()]
    if missing:
        raise RuntimeError(f"build did not write {missing}")
    backup.mkdir()
    saved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for index, (_, live) in enumerate(moves):
            if live.exists():
                kept = backup / f"{index}-{live.name}"
                os.replace(live, kept)
                saved.append((kept, live))
        for new, live in moves:
            os.replace(new, live)
            placed.append(live)
    except OSError:
        for live in placed:
            live.unlink(missing_ok=True)
        for kept, live in saved:
            os.replace(kept, live)
        raise


def write_manifest(path: Path, manifest: dict[str, object]) -> None:
    """Write the manifest as sorted, indented JSON with a trailing newline."""
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
