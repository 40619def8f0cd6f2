"""Warming the shared caches at server start: every area's layers built once, and ``svd-dash serve`` serves."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from functools import partial

import pytest

from svd_dash.reference import AREAS, REGION
from svd_dash.ui import cache, maps, warmup
from tests.browser import free_port
from tests.conftest import ROOT


def test_warm_up_builds_each_areas_map_layers_once(monkeypatch) -> None:
    built: list[str] = []
    real = maps.web_layers

    def counting(lsoa_shapes, wards, las, area_code):
        built.append(area_code)
        return real(lsoa_shapes, wards, las, area_code)

    monkeypatch.setattr(maps, "web_layers", counting)
    cache.web_layers.clear()
    warmup.warm_shared_caches()
    assert sorted(built) == sorted(area.code for area in (*AREAS, REGION))
    for area in (*AREAS, REGION):
        cache.web_layers(area.code)
    assert len(built) == 8  # pages now find them built


def test_serve_starts_the_app_and_answers() -> None:
    port = free_port()
    command = [sys.executable, "-m", "svd_dash.cli", "serve", "--server.port", str(port), "--server.address", "127.0.0.1"]
    server = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise AssertionError("svd-dash serve did not become healthy in 90 s")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert response.status == 200 and b'<div id="root">' in response.read()
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_warm_up_imports_the_libraries_the_pages_use_and_pays_their_first_use_costs_but_no_component_module() -> None:
    """A component module imported outside a script run never registers with the server (its frame is a 404)."""
    script = (
        "import sys\n"
        "from svd_dash.ui import cache, exports, keys, state, warmup\n"
        "warmup.import_page_modules()\n"
        "assert {'plotly.graph_objects', 'statsmodels', 'matplotlib.figure', 'docx', 'folium'} <= set(sys.modules)\n"
        "warmup.pay_first_use_costs()\n"
        "assert 'narwhals._pandas_like.namespace' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=os.environ.copy(), check=True, capture_output=True, timeout=120)


@pytest.fixture
def server_loop() -> Iterator[threading.Thread]:
    """A stand-in for the server's event loop thread: busy for ``BUSY_S`` from its start, then idle."""
    stop = threading.Event()

    def serve() -> None:
        until = time.monotonic() + BUSY_S
        while time.monotonic() < until:  # as when it answers a new visitor's 134 file requests
            pass
        stop.wait()

    thread = threading.Thread(target=serve)
    thread.start()
    yield thread
    stop.set()
    thread.join()


BUSY_S = 0.3


def test_the_warm_up_gives_way_while_a_page_runs(monkeypatch, server_loop) -> None:
    time.sleep(BUSY_S + 0.05)  # the event loop is idle from now on
    monkeypatch.setattr(warmup, "VISITORS", warmup._Visitors(server_loop))
    monkeypatch.setattr(warmup, "QUIET_S", 0.2)
    assert warmup.give_way_to_visitors() < 0.05  # nobody has visited

    def visitor() -> None:
        with warmup.visitor_run():
            time.sleep(0.3)

    page_run = threading.Thread(target=visitor)
    page_run.start()
    time.sleep(0.05)
    assert warmup.give_way_to_visitors() >= 0.2 + 0.2  # the rest of the run, then the quiet time after it
    page_run.join()

    monkeypatch.setattr(warmup, "LONGEST_WAIT_S", 0.1)
    with warmup.visitor_run():  # a run that never ends holds the warm-up back at most LONGEST_WAIT_S
        assert 0.1 <= warmup.give_way_to_visitors() < 1.0


def test_the_warm_up_gives_way_while_the_server_answers_requests(monkeypatch, server_loop) -> None:
    """A new visitor's browser fetches the page's files for a second before the page's script runs."""
    monkeypatch.setattr(warmup, "VISITORS", warmup._Visitors(server_loop))
    monkeypatch.setattr(warmup, "QUIET_S", 0.2)
    time.sleep(0.1)
    waited = warmup.give_way_to_visitors()  # the rest of the busy spell (0.2 s), then the quiet time (0.2 s)
    assert 0.2 + 0.2 - warmup.POLL_S <= waited < warmup.LONGEST_WAIT_S
    assert warmup.give_way_to_visitors() < 0.05  # idle since


def test_the_warm_up_gives_way_before_each_step(monkeypatch) -> None:
    happened: list[str] = []
    monkeypatch.setattr(warmup, "give_way_to_visitors", lambda: happened.append("give way"))
    warmup.warm([partial(happened.append, "table"), partial(happened.append, "layer")])
    assert happened == ["give way", "table", "give way", "layer"]


def test_the_default_views_steps_are_the_pages_tables() -> None:
    steps = list(warmup.default_view_steps((REGION, AREAS[0])))
    assert len(steps) == 2 * 14 + 1
    assert [step.args[0] for step in steps[:1] + steps[14:15]] == [REGION.code, AREAS[0].code]  # the Overview's findings first
