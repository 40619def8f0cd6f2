"""Shared helpers for the real-browser tests: the Streamlit server and Debian's chromium via Playwright.

Chromium is Debian's (``/usr/bin/chromium``); nothing downloads a browser. On a laptop without it the
browser tests skip; under ``CI=true`` a missing browser is a failure, so a broken install cannot pass.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
"""The features Playwright 1.65's launcher turns off with its own ``--disable-features``. Chromium reads only the
last ``--disable-features`` on its command line, so ours must repeat them (``test_browser_flags`` checks it does)."""
BROWSER_WINDOW_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
"""Chromium (151 and later) builds its address-bar popup, a web page of its own in a separate renderer, for every
new window, headless too; each Playwright page is a new window. Measured here: about 1 s of CPU for each new page,
beside the page being timed on a 2-core machine (a user's new tab opens in a window that has its popup already).
Puppeteer turns these two features off by default for the same reason."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-features=" + ",".join((*PLAYWRIGHT_DISABLED_FEATURES, *BROWSER_WINDOW_FEATURES)),
]
CLOSED_NETWORK_ARGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
"""Chromium resolves no host name but this machine's address: the network is closed without routing
requests through Playwright (``only_local_network``), which switches the browser's HTTP cache off and
passes every request through Python, so timings taken that way are not what a user sees."""
ARTIFACTS = ROOT / "tests" / "artifacts"


def require_chromium() -> None:
    """Skip without chromium, except in CI, where its absence fails the run."""
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install Debian's chromium")
    pytest.skip(f"{CHROMIUM} is not installed")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def streamlit_process(
    extra_env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
    command: tuple[str, ...] = ("-m", "streamlit", "run", "app.py"),
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Start ``streamlit run app.py`` (or ``python`` + ``command``, e.g. ``-m svd_dash.cli serve``) on a free
    port; yield its base URL and process; stop it afterwards.

    Everything but the port comes from .streamlit/config.toml, the production profile (loopback, no file
    watcher), so the tests run what a council runs. The log goes to a temporary file: an unread pipe
    would fill and stall the server."""
    port = free_port()
    arguments = [sys.executable, *command, "--server.port", str(port), *extra_args]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(arguments, cwd=ROOT, env={**os.environ, **(extra_env or {})}, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    time.sleep(0.3)
            else:
                raise RuntimeError("the Streamlit server did not become healthy in 90 s")
            yield url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def streamlit_server(extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start ``streamlit run app.py`` on a free port; yield its base URL; stop it afterwards."""
    with streamlit_process(extra_env) as (url, _):
        yield url


SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const pending = ['[data-stale="true"]', ...['stSkeleton', 'stSkeletonElement', 'stAppSkeleton'].map(id => `[data-testid="${id}"]`)];
  if (document.querySelector(pending.join(', '))) return false;
  if (document.fonts.status !== 'loaded') return false;
  const charts = document.querySelectorAll('.svd-chart');
  if ([...charts].some(c => !c.querySelector('.main-svg') && !c.dataset.waiting)) return false;
  return document.getAnimations().every(a => a.playState !== 'running' || a.effect.getComputedTiming().endTime === Infinity);
}"""
"""True once the script run has finished and the page has stopped changing: still connected; no stale
elements and no skeletons (Streamlit draws a grey placeholder while an element's JavaScript chunk loads;
markdown and st.html are such elements, so until then the app's style sheet, e.g. meeting mode's hidden
sidebar and the captions' contrast fix, is not on the page); fonts loaded; every chart in or near the view
drawn (plotly draws after the run ends; a chart further down waits until it is scrolled near, see
``plotly_chart.NEAR_PX``, and ``draw_every_chart`` draws them); and no finite CSS transition or
animation still running (a fading element fails a contrast check)."""


def wait_for_app(page, timeout_ms: int = 90_000) -> None:
    """Wait until the script run has finished and the page has settled (see ``SETTLED``).

    ``data-test-script-state`` is 'initial' until the first run starts, so 'notRunning' means a run has
    finished. Waiting for these events, rather than for a fixed delay, is what keeps clicks on the
    element meant and accessibility scans on the final page."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(SETTLED, timeout=timeout_ms)


def draw_every_chart(page, timeout_ms: int = 60_000) -> None:
    """Scroll each chart into view in turn and wait until it has drawn (see ``plotly_chart.NEAR_PX``), counting
    the charts afresh after each (one may appear while another draws: a rerun from the link's state); return to
    the top of the page."""
    charts, drawn = page.locator(".svd-chart"), 0
    while drawn < charts.count():
        charts.nth(drawn).scroll_into_view_if_needed()
        charts.nth(drawn).locator(".main-svg").first.wait_for(state="attached", timeout=timeout_ms)
        drawn += 1
    page.locator("h1").first.scroll_into_view_if_needed()


def map_shapes(page, minimum: int, index: int = 0, timeout_ms: int = 60_000):
    """Wait until the page's ``index``-th map (``web_map``) has drawn at least ``minimum`` clickable shapes
    (Leaflet paths); return a locator of them."""
    page.wait_for_function(
        f"(document.querySelectorAll('.svd-map')[{index}]?.querySelectorAll('path.leaflet-interactive').length ?? 0) >= {minimum}",
        timeout=timeout_ms,
    )
    return page.locator(".svd-map").nth(index).locator("path.leaflet-interactive")


LOCAL = ("http://127.0.0.1", "https://127.0.0.1", "http://localhost", "ws://127.0.0.1", "wss://127.0.0.1", "data:", "blob:", "about:")


def only_local_network(context, blocked: list[str]) -> None:
    """Abort every request that is not to this machine, recording it: the network is closed."""

    def route(route_) -> None:
        url = route_.request.url
        if url.startswith(LOCAL):
            route_.continue_()
        else:
            blocked.append(url)
            route_.abort()

    context.route("**/*", route)
