"""Shared fixtures: the project's committed prepared data, and scratch copies of it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from svd_dash.prepared import PreparedData, load_prepared
from tests.browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, streamlit_server

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


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A Streamlit server for one browser test module (Debian's chromium is required in CI)."""
    require_chromium()
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, for one browser test module."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def open_every_expander(app: AppTest) -> AppTest:
    """Open every expander on the page that draws its contents only once opened (``components.lazy_expander``,
    e.g. 'Show the numbers') and rerun."""
    for key in [key for key in app.session_state if key.endswith("_open")]:
        app.session_state[key] = True
    return app.run()
