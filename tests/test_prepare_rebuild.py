"""Rebuilding from data/raw reproduces the committed outputs byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from svd_dash.cli import main
from svd_dash.prepare import layout
from svd_dash.prepare.pipeline import PrepareOptions, run
from tests.conftest import RAW, ROOT

VOLATILE = ("built_at", "build_seconds")


def without_times(manifest: dict[str, object]) -> dict[str, object]:
    """A manifest with its build times removed (the only part that may differ between builds)."""
    text = json.dumps(manifest, sort_keys=True)
    data = json.loads(text)
    for key in VOLATILE:
        data.pop(key, None)
    for entry in data["outputs"].values():
        entry.pop("built_at", None)
    return data


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rebuild")
    run(PrepareOptions(RAW, out / "data", out / "geo"))
    return out


def test_committed_outputs_are_up_to_date(rebuilt: Path) -> None:
    committed = json.loads((ROOT / "data" / "manifest.json").read_text())
    fresh = json.loads((rebuilt / "data" / "manifest.json").read_text())
    assert without_times(fresh) == without_times(committed), "data/ is stale: run `svd-dash prepare` and commit"
    for name in committed["outputs"]:
        assert (rebuilt / name).read_bytes() == (ROOT / name).read_bytes(), f"{name} differs from a fresh build"


def test_two_builds_are_byte_identical(rebuilt: Path, tmp_path: Path) -> None:
    run(PrepareOptions(RAW, tmp_path / "data", tmp_path / "geo"))
    for path in sorted((rebuilt / "data").glob("*.parquet")) + sorted((rebuilt / "geo").glob("*.parquet")):
        twin = tmp_path / path.parent.name / path.name
        assert twin.read_bytes() == path.read_bytes(), path.name


def test_verify_accepts_the_committed_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "--data-dir", str(ROOT / "data"), "--geo-dir", str(ROOT / "geo")]) == 0
    assert f"{len(layout.DATA_OUTPUTS) + len(layout.GEO_OUTPUTS)} prepared outputs match" in capsys.readouterr().out


def test_verify_names_a_truncated_parquet(live_copy: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    data, geo = live_copy
    target = data / "lsoa.parquet"
    target.write_bytes(target.read_bytes()[:1000])
    assert main(["verify", "--data-dir", str(data), "--geo-dir", str(geo)]) == 2
    message = capsys.readouterr().err
    assert "lsoa.parquet" in message and "truncated" in message and "svd-dash prepare" in message
