"""Checking the prepared outputs against the manifest: present, unchanged and readable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from svd_dash.prepare import layout
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.outputs import JOURNAL, sha256_of

FIX = "Rebuild the prepared data with: svd-dash prepare"
EXPECTED_OUTPUTS = tuple(f"data/{name}" for name in layout.DATA_OUTPUTS) + tuple(f"geo/{name}" for name in layout.GEO_OUTPUTS)
"""The manifest's output keys: the folder ("data" or "geo") and the file name, nothing else."""
SHA256 = re.compile(r"[0-9a-f]{64}")


def read_manifest(path: Path) -> dict[str, object]:
    """Read and check the manifest's shape; raise ``PrepareError`` naming what is wrong.

    It must be a JSON object whose ``outputs`` holds exactly ``EXPECTED_OUTPUTS``, each with a
    ``sha256`` (64 hex digits) and whole-number ``rows`` and ``bytes``.
    """
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PrepareError(path, f"the manifest is missing or unreadable ({error})", FIX) from error
    if not isinstance(manifest, dict):
        raise PrepareError(path, "the manifest is not a JSON object", FIX)
    if "outputs" not in manifest:
        raise PrepareError(path, "the manifest has no 'outputs'", FIX)
    outputs = manifest["outputs"]
    if not isinstance(outputs, dict):
        raise PrepareError(path, "the manifest's 'outputs' is not an object", FIX)
    unexpected = sorted(set(outputs) - set(EXPECTED_OUTPUTS))
    if unexpected:
        raise PrepareError(path, f"unexpected output '{unexpected[0]}' (expected data/<table>.parquet or geo/<layer>.parquet)", FIX)
    missing = [name for name in EXPECTED_OUTPUTS if name not in outputs]
    if missing:
        raise PrepareError(path, f"the manifest does not list '{missing[0]}'", FIX)
    for name, entry in outputs.items():
        if not isinstance(entry, dict) or not SHA256.fullmatch(str(entry.get("sha256", ""))):
            raise PrepareError(path, f"'{name}' has no valid 'sha256'", FIX)
        for field in ("rows", "bytes"):
            if type(entry.get(field)) is not int or entry[field] < 0:
                raise PrepareError(path, f"'{name}' has no valid '{field}'", FIX)
    return manifest


def verify_outputs(data_dir: Path, geo_dir: Path) -> int:
    """Raise ``PrepareError`` for the first output that is missing, altered or unreadable; else return
    the number of outputs checked."""
    if (data_dir / JOURNAL).exists():
        raise PrepareError(
            data_dir, "a prepare was interrupted while putting its outputs in place", "Run svd-dash prepare to finish or undo it."
        )
    outputs = read_manifest(data_dir / layout.MANIFEST)["outputs"]
    for name, entry in outputs.items():
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
    return len(outputs)
