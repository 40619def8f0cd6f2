"""Shared fixtures: the project's committed prepared data, and scratch copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from svd_dash.prepared import PreparedData, load_prepared

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session")
def prepared() -> PreparedData:
    """The committed prepared data, read once."""
    return load_prepared(ROOT / "data")


@pytest.fixture
def live_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A scratch copy of the committed data/ (without raw/) and geo/ for a build to write into."""
    data, geo = tmp_path / "data", tmp_path / "geo"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("raw"))
    shutil.copytree(ROOT / "geo", geo)
    return data, geo


def folder_checksums(*folders: Path) -> dict[str, bytes]:
    """Every file's bytes under the folders, keyed by path: to prove a failed build changed nothing."""
    return {str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}
