"""``svd-dash prepare``, ``verify`` and the app agree on the project folder, whatever the current
directory (issue 11 item 6): ``SVD_DASH_ROOT`` if set, else the checkout."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from svd_dash.cli import main
from svd_dash.prepare import layout
from svd_dash.prepare.command import add_arguments, options_from_arguments
from svd_dash.prepared import load_prepared, project_root
from tests.conftest import RAW, ROOT


def default_options() -> tuple[Path, Path, Path]:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    options = options_from_arguments(parser.parse_args([]))
    return options.raw_dir, options.data_dir, options.geo_dir


def test_without_svd_dash_root_both_use_the_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SVD_DASH_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert project_root() == ROOT
    assert default_options() == (ROOT / "data" / "raw", ROOT / "data", ROOT / "geo")


def test_an_empty_svd_dash_root_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVD_DASH_ROOT", "")
    assert project_root() == ROOT


def test_prepare_run_elsewhere_builds_the_folder_the_app_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (root / "data").mkdir(parents=True)
    (root / "data" / "raw").symlink_to(RAW)
    elsewhere.mkdir()
    monkeypatch.setenv("SVD_DASH_ROOT", str(root))
    monkeypatch.chdir(elsewhere)
    assert main(["prepare"]) == 0, capsys.readouterr().err
    assert main(["verify"]) == 0
    assert f"{len(layout.DATA_OUTPUTS) + len(layout.GEO_OUTPUTS)} prepared outputs match" in capsys.readouterr().out
    assert os.listdir(elsewhere) == []
    assert (root / "geo" / "lsoa21.parquet").read_bytes() == (ROOT / "geo" / "lsoa21.parquet").read_bytes()
    assert int(load_prepared().counts["count"].sum()) == 879_009  # the app's default reads what prepare built
