"""Warm the server's shared caches when it starts, so the first visitor does not wait for them.

``svd-dash serve`` starts Streamlit and, beside it, a background thread that waits for Streamlit's
runtime, then imports the modules the pages use; computes the region's tables for the view a shared link
most often opens (the Overview's first), then reads the boundaries and builds the region's map layers,
outlines and spatial weights into the same process-wide caches the pages use; then the same for each
council; then the chart image server the exports use, and last the emerging hot spot analyses. Start-up
is not delayed: the server answers while the thread works; a visitor arriving meanwhile waits only for
what is not yet built, and the thread gives way while a visitor's page runs (``give_way_to_visitors``).
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from streamlit import runtime

from svd_dash.reference import AREAS, REGION, Area

LOGGER = logging.getLogger(__name__)
RUNTIME_WAIT_S = 60.0
"""How long the thread waits for Streamlit's runtime before giving up (warming is only a speed-up)."""
QUIET_S, LONGEST_WAIT_S = 1.5, 10.0
"""The warm-up gives way to visitors: before each step it waits until no page has run for ``QUIET_S``
seconds (a page run and the warm-up share Python's one interpreter lock, and the page's browser work
goes on for about a second after its run ends), but never longer than
``LONGEST_WAIT_S`` at a time, so a busy server still gets warm."""


class _Visitors:
    """How many page runs are in progress, and when the last one started or ended (monotonic seconds)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.last_seen = -float("inf")

    def change(self, by: int) -> None:
        with self.lock:
            self.running += by
            self.last_seen = time.monotonic()

    def quiet(self) -> bool:
        with self.lock:
            return self.running == 0 and time.monotonic() - self.last_seen >= QUIET_S


VISITORS = _Visitors()


@contextmanager
def visitor_run() -> Iterator[None]:
    """Mark a page run as in progress (``frame.run`` wraps each run in it), for ``give_way_to_visitors``."""
    VISITORS.change(+1)
    try:
        yield
    finally:
        VISITORS.change(-1)


def give_way_to_visitors() -> float:
    """Wait until no page has run for ``QUIET_S`` (at most ``LONGEST_WAIT_S``): on two cores the warm-up and a
    visitor's run and browser otherwise share them. Return the seconds waited."""
    started = time.monotonic()
    while not VISITORS.quiet() and time.monotonic() - started < LONGEST_WAIT_S:
        time.sleep(0.05)
    return time.monotonic() - started


COMPONENT_MODULES = ("svd_dash.ui", "streamlit")
"""Not imported by the warm-up: a Streamlit component declared at import (``components.v1``) registers with
the server only when its module is first imported inside a script run; imported here first, it never would
(its frame would be a 404)."""


def import_page_modules() -> float:
    """Import the libraries the app's frame, pages and ``svd_dash.ui`` modules import (read from their
    source, so a new page or module is covered; see ``COMPONENT_MODULES``), so the first visitor's run
    does not wait for geopandas, statsmodels, plotly, matplotlib, folium and the rest (in the first
    visitor's run they took 1.2 s, py-spy); return the seconds taken."""
    started = time.perf_counter()
    from svd_dash.prepared import project_root
    from svd_dash.ui.frame import PAGES

    root = project_root()
    names: list[str] = []
    sources = [root / path for path in ("app.py", *(page[0] for page in PAGES))] + sorted(Path(__file__).parent.glob("*.py"))
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names += [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
    for name in dict.fromkeys(names):
        if not name.startswith(COMPONENT_MODULES):
            importlib.import_module(name)
    return time.perf_counter() - started


def settle_streamlit_first_element() -> float:
    """Streamlit checks once per process, at the first element any page draws, whether it runs in a Python
    REPL (``inspect.stack`` with every frame's source: 0.45 s of the first visitor's run, py-spy); make that
    check here instead. Return the seconds taken."""
    started = time.perf_counter()
    from streamlit import delta_generator

    delta_generator._maybe_print_use_warning()  # private; with the runtime up it only sets its once-flag
    return time.perf_counter() - started


def warm_shared_caches(areas: tuple[Area, ...] = (REGION, *AREAS)) -> float:
    """Build the process-wide cached resources every page uses; return the seconds taken. (The app's
    modules are imported here, in the thread, so that the server starts without waiting for them.)"""
    started = time.perf_counter()
    from svd_dash.ui import cache

    cache.data_months()
    cache.map_assets()
    for layer in ("lsoa21", "ward", "la"):
        cache.boundaries(layer)
    for area in areas:
        give_way_to_visitors()
        cache.web_layers(area.code)
        cache.area_outlines(area.code)
        cache.area_weights(area.code)
    return time.perf_counter() - started


def warm_default_views(areas: tuple[Area, ...] = (REGION, *AREAS)) -> float:
    """Compute, for every area's default selection (what a link with only ``?area=`` opens), the cached
    tables each page reads, with the same arguments the pages pass; return the seconds taken."""
    started = time.perf_counter()
    from svd_dash.analytics.neighbourhoods import LEVELS
    from svd_dash.analytics.risk_factors import FACTORS
    from svd_dash.ui import cache
    from svd_dash.ui.keys import baseline_args, period_args, selection_args
    from svd_dash.ui.state import area_slug, selection_from_query

    months = cache.data_months()
    for area in areas:
        give_way_to_visitors()
        selection = selection_from_query({"area": area_slug(area)}, months)[0]
        args, grouping = selection_args(selection), selection.grouping.name
        cache.findings(area.code, grouping, *period_args(selection), *baseline_args(selection))  # the Overview's first
        cache.area_cards(grouping, *period_args(selection), *baseline_args(selection))
        cache.neighbourhoods(*args)
        cache.hotspots(*args, selection.measure.key)
        cache.concentration_of(*args, selection.measure.key)
        cache.trend(area.code, grouping, *baseline_args(selection))
        cache.spc(area.code, grouping, *baseline_args(selection), 0.0)
        cache.deprivation(*args, selection.residents_column)
        cache.area_comparison(grouping, *period_args(selection), selection.residents_column, area.code)
        cache.svd_proxies(*period_args(selection), *baseline_args(selection))
        level = next(iter(LEVELS))
        cache.units(*args, level)
        cache.unit_changes(*args, *baseline_args(selection), level)
        cache.factors_at_a_glance(*args)
        cache.factor_rates(*args, FACTORS[0].key)
    cache.most_deprived_table()
    return time.perf_counter() - started


def warm_image_server() -> float:
    """Start the chart image server (kaleido's chromium) the exports and the Word pack use, by drawing one
    tiny chart: its browser starts on the first image (4.5 s), not when the server object is made; return
    the seconds taken."""
    started = time.perf_counter()
    import kaleido
    import plotly.graph_objects as go

    from svd_dash.ui.exports import ensure_image_server

    ensure_image_server()
    kaleido.calc_fig_sync(go.Figure(go.Bar(x=[1], y=[1])), opts={"format": "png", "width": 40, "height": 40})
    return time.perf_counter() - started


def warm_emerging_hot_spots() -> float:
    """The emerging hot spot analysis (Gi* per period over the whole series) of every area's default grouping,
    and the hit rates of the default grouping; last, as the slowest; return the seconds taken."""
    started = time.perf_counter()
    from svd_dash.ui import cache
    from svd_dash.ui.state import area_slug, selection_from_query

    months = cache.data_months()
    for area in (REGION, *AREAS):
        give_way_to_visitors()
        selection = selection_from_query({"area": area_slug(area)}, months)[0]
        cache.emerging(area.code, selection.grouping.name)
    cache.hotspot_prediction(selection.grouping.name)
    return time.perf_counter() - started


def _warm_when_the_runtime_exists() -> None:
    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)
    for name, warm in (  # the pages' modules, the region (the default link: its tables, then its maps), then each council
        ("the pages' modules", import_page_modules),
        ("Streamlit's first-element check", settle_streamlit_first_element),
        ("the region's default views", partial(warm_default_views, (REGION,))),  # the Overview's tables first: `/` is the most opened
        ("the region's shared caches", partial(warm_shared_caches, (REGION,))),
        ("the councils' shared caches", partial(warm_shared_caches, AREAS)),
        ("the councils' default views", partial(warm_default_views, AREAS)),
        ("image server", warm_image_server),
        ("emerging hot spots", warm_emerging_hot_spots),
    ):
        give_way_to_visitors()
        try:
            LOGGER.info("%s warmed in %.1f s", name, warm())
        except Exception:  # a warm-up failure must not stop the server; the page reports data problems itself
            LOGGER.warning("warming the %s failed; pages will build them on first use", name, exc_info=True)


def start_warming() -> threading.Thread:
    """Start the warm-up thread (a daemon: it never keeps the server from stopping)."""
    thread = threading.Thread(target=_warm_when_the_runtime_exists, name="svd-dash-warmup", daemon=True)
    thread.start()
    return thread
