"""The app's start-up check of ``data/`` and ``geo/`` against ``data/manifest.json``: sizes, then SHA-256.

Cheap enough to run once per server process (about 2 MB hashed, a few milliseconds); the UI caches the
result. Unlike ``svd-dash verify`` it never opens a parquet file and never raises: it returns what it
found, described by table name only, so a public page can show it without revealing server paths.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from svd_dash.prepare import layout
from svd_dash.prepare.outputs import sha256_of

SAFE_NAME = re.compile(r"(data|geo)/[a-z0-9_]+\.parquet")
"""The only shape of manifest key accepted: the name reaches a banner, so nothing that could be markup."""
EXPECTED = tuple(f"data/{n}" for n in layout.DATA_OUTPUTS) + tuple(f"geo/{n}" for n in layout.GEO_OUTPUTS)
"""Every file the app reads; each must be in the manifest, or it would go unchecked."""
REBUILD = "An administrator can rebuild it with: svd-dash prepare (then restart the dashboard)."


@dataclass(frozen=True)
class DamagedOutput:
    """One prepared file that does not match the manifest: ``name`` is e.g. ``data/lsoa.parquet``."""

    name: str
    problem: str

    @property
    def table(self) -> str:
        """The table's name as the documentation uses it, e.g. ``lsoa`` or ``geo/ward``."""
        folder, file = self.name.split("/", 1)
        stem = file.removesuffix(".parquet")
        return stem if folder == "data" else f"{folder}/{stem}"


@dataclass(frozen=True)
class IntegrityReport:
    """What the check found. ``manifest_problem`` is set when the manifest itself is unusable."""

    checked: int
    damaged: tuple[DamagedOutput, ...] = ()
    manifest_problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.damaged and not self.manifest_problem

    def sentence(self) -> str:
        """A plain-English account for a banner; names tables, never paths. Empty when all is well."""
        if self.manifest_problem:
            return f"The record of the prepared data (data/manifest.json) {self.manifest_problem}, so the data cannot be checked. {REBUILD}"
        if not self.damaged:
            return ""
        listed = "; ".join(f"{d.table} ({d.problem})" for d in self.damaged)
        noun = "table does" if len(self.damaged) == 1 else "tables do"
        return (
            f"{len(self.damaged)} prepared {noun} not match the record made when the data was built: {listed}. "
            f"The dashboard shows no figures rather than ones that may be wrong. {REBUILD}"
        )


def _problem(path: Path, entry: dict[str, object]) -> str:
    """Why ``path`` does not match its manifest ``entry``; empty if it matches."""
    if not path.is_file():
        return "missing"
    size = path.stat().st_size
    if size == 0:
        return "empty file"
    if "bytes" in entry and size != entry["bytes"]:
        return "changed since it was built"
    if sha256_of(path) != entry.get("sha256"):
        return "changed since it was built"
    return ""


def check_outputs(data_dir: Path, geo_dir: Path) -> IntegrityReport:
    """Compare every output the manifest lists with the file on disk (size first, then SHA-256)."""
    try:
        manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return IntegrityReport(0, manifest_problem="is missing")
    except (OSError, ValueError):
        return IntegrityReport(0, manifest_problem="is unreadable")
    outputs = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(outputs, dict) or not outputs:
        return IntegrityReport(0, manifest_problem="lists no prepared files")
    if not all(SAFE_NAME.fullmatch(str(name)) and isinstance(entry, dict) for name, entry in outputs.items()):
        return IntegrityReport(0, manifest_problem="has a malformed entry")
    folders = {"data": data_dir, "geo": geo_dir}
    damaged = [DamagedOutput(name, "not in the record") for name in EXPECTED if name not in outputs]
    for name, entry in sorted(outputs.items()):
        folder, file = name.split("/")
        problem = _problem(folders[folder] / file, entry)
        if problem:
            damaged.append(DamagedOutput(name, problem))
    return IntegrityReport(len(outputs), tuple(damaged))
