"""Checking the prepared outputs against the manifest: present, unchanged and readable."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from svd_dash.prepare import layout
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.outputs import sha256_of

FIX = "Rebuild the prepared data with: svd-dash prepare"


def verify_outputs(data_dir: Path, geo_dir: Path) -> int:
    """Raise ``PrepareError`` for the first output that is missing, altered or unreadable; else return
    the number of outputs checked."""
    manifest_path = data_dir / layout.MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PrepareError(manifest_path, f"the manifest is missing or unreadable ({error})", FIX) from error
    for name, entry in manifest["outputs"].items():
        folder, file = name.split("/", 1)
        path = (data_dir if folder == "data" else geo_dir) / file
        if not path.is_file():
            raise PrepareError(path, "the file is missing", FIX)
        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except (OSError, pa.ArrowException) as error:
            raise PrepareError(path, f"not a readable parquet file, perhaps truncated ({error})", FIX) from error
        if sha256_of(path) != entry["sha256"] or rows != entry["rows"]:
            raise PrepareError(path, "the file differs from the one the manifest records", FIX)
    return len(manifest["outputs"])
