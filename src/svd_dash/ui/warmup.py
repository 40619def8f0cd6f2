"""Warm the server's shared caches when it starts, so the first visitor does not wait for them.

``svd-dash serve`` starts Streamlit and, beside it, a background thread that waits for Streamlit's
runtime, then imports the modules the pages use and pays the libraries' first-use costs; computes the
region's tables for the view a shared link most often opens (the Overview's first), then reads the
boundaries and builds the region's map layers, outlines and spatial weights into the same process-wide
caches the pages use; then the same for each council; then the chart image server the exports use, and
last the emerging hot spot analyses. Start-up is not delayed: the server answers while the thread works;
a visitor arriving meanwhile waits only for what is not yet built, and the thread gives way, before each
table or layer it builds, while the server is serving a visitor (``give_way_to_visitors``).
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from streamlit import runtime

from svd_dash.reference import AREAS, REGION, Area

LOGGER = logging.getLogger(__name__)
RUNTIME_WAIT_S = 60.0
"""How long the thread waits for Streamlit's runtime before giving up (warming is only a speed-up)."""
QUIET_S, LONGEST_WAIT_S = 1.5, 10.0
"""The warm-up gives way to visitors: before each step it waits until the server has been quiet for
``QUIET_S`` seconds (a page run and the warm-up share Python's one interpreter lock, and the page's browser
work goes on for about a second after its run ends), but never longer than ``LONGEST_WAIT_S`` at a time,
so a busy server still gets warm."""
BUSY_SHARE = 0.05
"""The server's event loop (its main thread: it answers every file request and websocket message) counts
as busy when it used more than this share of a core since the warm-up last looked. Idle, it uses about
0.2 % (at most 1 ms in any 50 ms); a visitor's page load keeps it busy for a second before the page's
script runs (134 files for a new browser)."""
POLL_S = 0.05
"""How often a waiting warm-up looks again, and the shortest span over which it judges the event loop, in
seconds."""

Step = Callable[[], object]
"""One unit of warm-up work: a table, a layer or a figure built into a shared cache (at most about 0.8 s)."""


def thread_cpu_s(thread: threading.Thread) -> float | None:
    """CPU seconds ``thread`` has used, or None where the platform cannot tell (no ``pthread_getcpuclockid``)."""
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(thread.ident or 0))
    except (AttributeError, OSError):
        return None


class _Visitors:
    """Whether the server is serving a visitor: how many page runs are in progress, and when a run last
    started or ended or the event loop thread was last busy (monotonic seconds)."""

    def __init__(self, event_loop: threading.Thread | None = None) -> None:
        self.lock = threading.Lock()
        self.running = 0
        self.last_seen = -float("inf")
        self.event_loop = event_loop or threading.main_thread()
        self.cpu_reading = (time.monotonic(), thread_cpu_s(self.event_loop))

    def change(self, by: int) -> None:
        with self.lock:
            self.running += by
            self.last_seen = time.monotonic()

    def quiet(self) -> bool:
        with self.lock:
            now, cpu = time.monotonic(), thread_cpu_s(self.event_loop)
            then, before = self.cpu_reading
            if now - then >= POLL_S:  # a shorter look would call one stray millisecond busy
                if cpu is not None and before is not None and cpu - before > BUSY_SHARE * (now - then):
                    self.last_seen = now
                self.cpu_reading = (now, cpu)
            return self.running == 0 and now - self.last_seen >= QUIET_S


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
    """Wait until the server has been quiet for ``QUIET_S`` (at most ``LONGEST_WAIT_S``): on two cores the
    warm-up and a visitor's page load, run and browser otherwise share them. Return the seconds waited."""
    started = time.monotonic()
    while not VISITORS.quiet() and time.monotonic() - started < LONGEST_WAIT_S:
        time.sleep(POLL_S)
    return time.monotonic() - started


def warm(steps: Iterable[Step]) -> float:
    """Run each step, giving way to visitors before each; return the seconds taken, waits included."""
    started = time.perf_counter()
    for step in steps:
        give_way_to_visitors()
        step()
    return time.perf_counter() - started


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


def pay_first_use_costs() -> float:
    """Pay, here, costs each library charges once per process, at first use, in the first visitor's run
    (py-spy): Streamlit's check, at the first element any page draws, whether it runs in a Python REPL
    (``inspect.stack`` with every frame's source, 0.45 s), and plotly's first figure from a pandas column,
    which loads narwhals' pandas support (0.14 s). Return the seconds taken."""
    started = time.perf_counter()
    import pandas as pd
    import plotly.graph_objects as go
    from streamlit import delta_generator

    delta_generator._maybe_print_use_warning()  # private; with the runtime up it only sets its once-flag
    go.Figure().add_scatter(x=pd.Series([0.0]), y=pd.Series([0.0]))
    return time.perf_counter() - started


def shared_cache_steps(areas: tuple[Area, ...]) -> Iterator[Step]:
    """The process-wide cached resources every page uses: the months, the boundaries, and each area's map
    layers, outlines and spatial weights."""
    from svd_dash.ui import cache

    yield from (cache.data_months, cache.map_assets, *(partial(cache.boundaries, layer) for layer in ("lsoa21", "ward", "la")))
    for area in areas:
        yield from (partial(cache.web_layers, area.code), partial(cache.area_outlines, area.code), partial(cache.area_weights, area.code))


def warm_shared_caches(areas: tuple[Area, ...] = (REGION, *AREAS)) -> float:
    """Build the shared cached resources of ``areas`` (``shared_cache_steps``); return the seconds taken. (The
    app's modules are imported here, in the thread, so that the server starts without waiting for them.)"""
    return warm(shared_cache_steps(areas))


def default_view_steps(areas: tuple[Area, ...]) -> Iterator[Step]:
    """For every area's default selection (what a link with only ``?area=`` opens), the cached tables each
    page reads, with the same arguments the pages pass; the Overview's first."""
    from svd_dash.analytics.neighbourhoods import LEVELS
    from svd_dash.analytics.risk_factors import FACTORS
    from svd_dash.ui import cache
    from svd_dash.ui.keys import baseline_args, period_args, selection_args
    from svd_dash.ui.state import area_slug, selection_from_query

    for area in areas:
        selection = selection_from_query({"area": area_slug(area)}, cache.data_months())[0]
        args, grouping, level = selection_args(selection), selection.grouping.name, next(iter(LEVELS))
        period, baseline = period_args(selection), baseline_args(selection)
        yield from (
            partial(cache.findings, area.code, grouping, *period, *baseline),
            partial(cache.area_cards, grouping, *period, *baseline),
            partial(cache.neighbourhoods, *args),
            partial(cache.hotspots, *args, selection.measure.key),
            partial(cache.concentration_of, *args, selection.measure.key),
            partial(cache.trend, area.code, grouping, *baseline),
            partial(cache.spc, area.code, grouping, *baseline, 0.0),
            partial(cache.deprivation, *args, selection.residents_column),
            partial(cache.area_comparison, grouping, *period, selection.residents_column, area.code),
            partial(cache.svd_proxies, *period, *baseline),
            partial(cache.units, *args, level),
            partial(cache.unit_changes, *args, *baseline, level),
            partial(cache.factors_at_a_glance, *args),
            partial(cache.factor_rates, *args, FACTORS[0].key),
        )
    yield cache.most_deprived_table


def warm_default_views(areas: tuple[Area, ...] = (REGION, *AREAS)) -> float:
    """Compute the default views' tables of ``areas`` (``default_view_steps``); return the seconds taken."""
    return warm(default_view_steps(areas))


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


def emerging_hot_spot_steps() -> Iterator[Step]:
    """The emerging hot spot analysis (Gi* per period over the whole series) of every area's default grouping,
    and the hit rates of the default grouping; last, as the slowest."""
    from svd_dash.ui import cache
    from svd_dash.ui.state import area_slug, selection_from_query

    groupings = [selection_from_query({"area": area_slug(area)}, cache.data_months())[0].grouping.name for area in (REGION, *AREAS)]
    yield from (partial(cache.emerging, area.code, grouping) for area, grouping in zip((REGION, *AREAS), groupings, strict=True))
    yield partial(cache.hotspot_prediction, groupings[-1])


def _warm_when_the_runtime_exists() -> None:
    deadline = time.monotonic() + RUNTIME_WAIT_S
    while not runtime.exists():
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)
    for name, phase in (  # the pages' modules, the region (the default link: its tables, then its maps), then each council
        ("the pages' modules", import_page_modules),
        ("the libraries' first-use costs", pay_first_use_costs),
        ("the region's default views", partial(warm_default_views, (REGION,))),  # the Overview's tables first: `/` is the most opened
        ("the region's shared caches", partial(warm_shared_caches, (REGION,))),
        ("the councils' shared caches", partial(warm_shared_caches, AREAS)),
        ("the councils' default views", partial(warm_default_views, AREAS)),
        ("image server", warm_image_server),
        ("emerging hot spots", partial(warm, emerging_hot_spot_steps())),
    ):
        give_way_to_visitors()
        try:
            LOGGER.info("%s warmed in %.1f s", name, phase())
        except Exception:  # a warm-up failure must not stop the server; the page reports data problems itself
            LOGGER.warning("warming the %s failed; pages will build them on first use", name, exc_info=True)


def start_warming() -> threading.Thread:
    """Start the warm-up thread (a daemon: it never keeps the server from stopping)."""
    thread = threading.Thread(target=_warm_when_the_runtime_exists, name="svd-dash-warmup", daemon=True)
    thread.start()
    return thread
