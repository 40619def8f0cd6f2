"""Warm the server's shared caches when it starts, so the first visitor does not wait for them.

``svd-dash serve`` starts Streamlit and, beside it, a background thread that waits for Streamlit's
runtime, then reads the prepared data and boundaries and builds each area's map layers, outlines and
spatial weights into the same process-wide caches the pages use. Start-up is not delayed: the server
answers while the thread works; a visitor arriving meanwhile waits only for what is not yet built.
"""

from __future__ import annotations

import logging
import threading
import time

from streamlit import runtime

from svd_dash.reference import AREAS, REGION

LOGGER = logging.getLogger(__name__)
RUNTIME_WAIT_S = 60.0
"""How long the thread waits for Streamlit's runtime before giving up (warming is only a speed-up)."""


def warm_shared_caches() -> float:
    """Build the process-wide cached resources every page uses; return the seconds taken. (The app's
    modules are imported here, in the thread, so that the server starts without waiting for them.)"""
    started = time.perf_counter()
    from svd_dash.ui import cache

    cache.data_months()
    cache.map_assets()
    for layer in ("lsoa21", "ward", "la"):
        cache.boundaries(layer)
    for area in (*AREAS, REGION):
        cache.web_layers(area.code)
        cache.area_outlines(area.code)
        cache.area_weights(area.code)
    return time.perf_counter() - started


def _warm_when_the_runtime_exists() -> None:
    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)
    try:
        LOGGER.info("shared caches warmed in %.1f s", warm_shared_caches())
    except Exception:  # a warm-up failure must not stop the server; the page reports data problems itself
        LOGGER.warning("warming the shared caches failed; pages will build them on first use", exc_info=True)


def start_warming() -> threading.Thread:
    """Start the warm-up thread (a daemon: it never keeps the server from stopping)."""
    thread = threading.Thread(target=_warm_when_the_runtime_exists, name="svd-dash-warmup", daemon=True)
    thread.start()
    return thread
