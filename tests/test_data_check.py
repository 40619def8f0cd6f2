"""The app's start-up check of data/ and geo/ against the manifest, and error boxes without server paths."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from svd_dash.integrity import check_outputs
from svd_dash.ui import cache
from tests.conftest import ROOT


def edit_a_count(path: Path) -> None:
    """Change one count and write the table back: the file still parses, only its bytes betray it."""
    table = pd.read_parquet(path)
    table.loc[0, "count"] = table.loc[0, "count"] + 100
    table.to_parquet(path, index=False, compression="zstd")


@pytest.fixture
def scratch_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A scratch copy of data/ (without raw/) and geo/ that the app reads through SVD_DASH_ROOT, with
    every cache cleared before and after so no other test sees it."""
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    shutil.copytree(ROOT / "geo", tmp_path / "geo")
    monkeypatch.setenv("SVD_DASH_ROOT", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield tmp_path
    monkeypatch.delenv("SVD_DASH_ROOT")
    st.cache_resource.clear()
    st.cache_data.clear()


def run_app(page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["area"] = "coventry"
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def shown_errors(app: AppTest) -> str:
    return " ".join(e.value for e in app.error)


def test_the_committed_data_matches_its_manifest() -> None:
    report = check_outputs(ROOT / "data", ROOT / "geo")
    manifest = json.loads((ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    assert report.ok and report.checked == len(manifest["outputs"]) >= 11 and report.sentence() == ""


def test_an_edited_table_that_still_parses_is_caught(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    edit_a_count(tmp_path / "data" / "crime_lsoa_month.parquet")
    pd.read_parquet(tmp_path / "data" / "crime_lsoa_month.parquet")  # still a valid table
    report = check_outputs(tmp_path / "data", ROOT / "geo")
    assert [(d.table, d.problem) for d in report.damaged] == [("crime_lsoa_month", "changed since it was built")]


def test_same_size_edits_are_caught_by_the_hash(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "geo", tmp_path / "geo")
    path = tmp_path / "geo" / "ward.parquet"
    payload = bytearray(path.read_bytes())
    payload[len(payload) // 2] ^= 0xFF
    path.write_bytes(bytes(payload))
    report = check_outputs(ROOT / "data", tmp_path / "geo")
    assert [(d.table, d.problem) for d in report.damaged] == [("geo/ward", "changed since it was built")]


@pytest.mark.parametrize(
    "manifest,problem",
    [
        ("{}", "lists no prepared files"),
        ("not json", "is unreadable"),
        ('{"outputs": {"data/../../etc/passwd": {}}}', "has a malformed entry"),
        ('{"outputs": {"data/[x](http://e.invalid).parquet": {}}}', "has a malformed entry"),
    ],
)
def test_a_broken_manifest_is_reported_not_raised(tmp_path: Path, manifest: str, problem: str) -> None:
    (tmp_path / "manifest.json").write_text(manifest, encoding="utf-8")
    report = check_outputs(tmp_path, tmp_path)
    assert report.manifest_problem == problem and not report.ok
    assert "http" not in report.sentence() and str(tmp_path) not in report.sentence()


def test_a_file_left_out_of_the_manifest_is_not_trusted(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("raw"))
    manifest = json.loads((tmp_path / "data" / "manifest.json").read_text(encoding="utf-8"))
    del manifest["outputs"]["data/lsoa.parquet"]
    (tmp_path / "data" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    report = check_outputs(tmp_path / "data", ROOT / "geo")
    assert [(d.table, d.problem) for d in report.damaged] == [("lsoa", "not in the record")]


def test_the_app_names_the_edited_table_without_paths(scratch_root: Path) -> None:
    edit_a_count(scratch_root / "data" / "crime_lsoa_month.parquet")
    app = run_app()
    message = shown_errors(app)
    assert "crime_lsoa_month (changed since it was built)" in message and "svd-dash prepare" in message
    assert str(scratch_root) not in message and "/" + "work" not in message
    assert not app.metric  # no figures from data that may be wrong


def test_an_empty_geo_file_stops_hotspots_with_a_sentence(scratch_root: Path) -> None:
    (scratch_root / "geo" / "lsoa21.parquet").write_bytes(b"")
    app = run_app("app_pages/hotspots.py")
    message = shown_errors(app)
    assert "geo/lsoa21 (empty file)" in message
    assert str(scratch_root) not in message


def test_a_file_damaged_after_start_up_gives_a_sentence_without_paths(scratch_root: Path) -> None:
    run_app()  # the start-up check passes and is cached for the process
    (scratch_root / "geo" / "lsoa21.parquet").write_bytes(b"")
    cache.boundaries.clear()
    app = run_app("app_pages/hotspots.py")
    message = shown_errors(app)
    assert "geo/lsoa21.parquet is unreadable" in message and "svd-dash prepare" in message
    assert str(scratch_root) not in message and "Parquet file size is 0 bytes" not in message


def test_missing_data_names_no_server_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVD_DASH_ROOT", str(tmp_path))
    st.cache_resource.clear()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not app.exception
        assert "data/manifest.json" in shown_errors(app) and str(tmp_path) not in shown_errors(app)
    finally:
        st.cache_resource.clear()
