"""Benchmark the dashboard in headless Chromium as a user meets it (issue 11). Prints figures; asserts nothing.

Every figure is printed beside a reference measured in the same run: the same step on a bare Streamlit page
(``benchmarks/reference_page.py``: a title and one radio) served by the same Streamlit, with the same
configuration, to the same browser; the ratio is our overhead over Streamlit's own floor.

Definitions (all times from the browser's own clock, ``performance.now()``):

- *content shown*: the script run has finished (``data-test-script-state`` is ``notRunning``), the app is
  connected, the page's title (``h1``) is drawn, no element is stale or a skeleton (Streamlit draws a grey
  placeholder while an element's JavaScript loads) and every chart in or near the view has drawn its SVG
  (a chart further down the page draws when it is scrolled near: ``plotly_chart.NEAR_PX``). A map's
  polygons are timed separately (target f), when the page added the last of them (recorded in the page).
- *settled*: as ``tests.browser.SETTLED`` (content shown, fonts loaded, no CSS transition running) and no
  new script run starting within ``QUIET_MS`` afterwards (a component's first value can start a rerun).
- *new tab*: a new tab in a browser that has had the dashboard open once (its HTTP cache as a real user
  has it), from navigation start; the server's caches are warm (every page was opened once before). The
  repeats go round the reference pages and every page in turn, so a spell of contention on this shared
  machine falls on one repeat of a few pages, whose median passes it over, not on every repeat of one.
- *first visitor*: a fresh server (``svd-dash serve``, or plain ``streamlit run`` for comparison), a visitor
  ``SETTLE_S`` after it answers its health check, in a fresh browser profile (empty HTTP cache).
- *control change*: from the click that changes a control until the page has settled again.

The browser is Debian's chromium with ``tests.browser.CHROMIUM_ARGS``. They switch off the address-bar popup
chromium builds for every new window (``BROWSER_WINDOW_FEATURES``): each new tab here is a new window, a user's
new tab is not, and the popup's renderer took about 1 s of CPU beside the page being timed.

The network is closed by a Chromium flag that resolves no host but 127.0.0.1 (``CLOSED_NETWORK_ARGS``),
not by Playwright routing, which disables the HTTP cache and round-trips every request through Python.

Usage: python -m benchmarks.browser [--repeats 5]   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import argparse
import statistics
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Page, sync_playwright

from svd_dash.ui.frame import PAGES
from tests.browser import CHROMIUM, CHROMIUM_ARGS, CLOSED_NETWORK_ARGS, SETTLED, streamlit_process

APP = ("-m", "svd_dash.cli", "serve")
PLAIN_APP = ("-m", "streamlit", "run", "app.py")
REFERENCE = ("-m", "streamlit", "run", "benchmarks/reference_page.py")
VIEWPORT = {"width": 1400, "height": 900}
QUIET_MS = 700
SETTLE_S = 10.0
WARM_UP_S = 45.0
"""Seconds the server is left alone before (a) and (c) are timed: its warm-up (about 35 s of work here: the
modules, every area's tables and map layers, the chart image server, the emerging hot spot analyses) gives
way whenever a page runs, so a benchmark that starts at once would time it too."""
TIMEOUT_MS = 120_000
LSOAS = {"coventry": 203, "west-midlands": 1719}

TRACKER = """(() => {
  const marks = window.__svd = {
    runStarts: [], runEnds: [], wsOpen: null, wsFirstMessage: null, wsMessages: 0, wsBytes: 0, state: null, polygons: [],
  };
  const Native = window.WebSocket;
  if (Native && !Native.__svd) {
    const Tracked = function (...args) {
      const socket = new Native(...args);
      socket.addEventListener('open', () => { if (marks.wsOpen === null) marks.wsOpen = performance.now(); });
      socket.addEventListener('message', (event) => {
        if (marks.wsFirstMessage === null) marks.wsFirstMessage = performance.now();
        marks.wsMessages += 1;
        marks.wsBytes += event.data.byteLength || event.data.size || event.data.length || 0;
      });
      return socket;
    };
    Tracked.prototype = Native.prototype;
    Object.assign(Tracked, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3, __svd: true});
    window.WebSocket = Tracked;
  }
  new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute('data-test-script-state');
    if (!state || state === marks.state) return;
    marks.state = state;
    if (state === 'running') marks.runStarts.push(performance.now());
    if (state === 'notRunning') marks.runEnds.push(performance.now());
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-test-script-state']});
  new MutationObserver((records) => {
    if (!records.some(r => r.target.closest && r.target.closest('.svd-map'))) return;
    const drawn = document.querySelectorAll('.svd-map path.leaflet-interactive').length;
    if (drawn !== (marks.polygons.at(-1) ?? [0])[0]) marks.polygons.push([drawn, performance.now()]);
  }).observe(document, {subtree: true, childList: true});
})();"""
"""Installed in every tab: records WebSocket open / first message / messages / bytes, each script run's start
and end as the app's ``data-test-script-state`` shows them (a very short run may never show), and each change
in the number of polygons the map has drawn, with its time."""

CONTENT_SHOWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (!document.querySelector('[data-testid="stMain"] h1')) return false;
  const pending = ['[data-stale="true"]', ...['stSkeleton', 'stSkeletonElement', 'stAppSkeleton'].map(id => `[data-testid="${id}"]`)];
  if (document.querySelector(pending.join(', '))) return false;
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"], .svd-chart');
  if ([...charts].some(c => !c.querySelector('.main-svg') && !c.dataset.waiting)) return false;
  return performance.now();
}"""

WATCH_SETTLING = f"""() => {{
  const marks = window.__svd;
  marks.settledAt = null;
  if (marks.watching) return;
  marks.watching = true;
  let messages = marks.wsMessages;
  const tick = () => {{
    if (marks.wsMessages !== messages || !({SETTLED})()) marks.settledAt = null;
    else if (marks.settledAt === null) marks.settledAt = performance.now();
    messages = marks.wsMessages;
    if (marks.watching) requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}}"""
"""Checks ``SETTLED`` at every frame and keeps ``settledAt`` among the marks: the frame at which the page last became
settled with no message from the server since (null while it is not), until ``watching`` is cleared."""

BREAKDOWN = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = Object.fromEntries(performance.getEntriesByType('paint').map(e => [e.name, e.startTime]));
  const resources = performance.getEntriesByType('resource');
  const marks = window.__svd;
  return {
    response: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
    firstContentfulPaint: paint['first-contentful-paint'] ?? null,
    resources: resources.length, fetched: resources.filter(r => r.transferSize > 0).length,
    fetchedBytes: resources.reduce((sum, r) => sum + r.transferSize, 0),
    wsOpen: marks.wsOpen, wsFirstMessage: marks.wsFirstMessage, wsBytes: marks.wsBytes,
    runStart: marks.runStarts[0] ?? null, runEnd: marks.runEnds[0] ?? null, runs: marks.runEnds.length,
  };
}"""


@dataclass
class Timings:
    """Medians over repeats of named figures, in seconds."""

    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, name: str, seconds: float | None) -> None:
        if seconds is not None:
            self.samples.setdefault(name, []).append(seconds)

    def median(self, name: str) -> float:
        return statistics.median(self.samples[name])


def wait_settled(page: Page, messages: int = 0) -> float:
    """Wait until more than ``messages`` messages have come from the server, the page has settled and it has
    stayed so, with no message, for ``QUIET_MS``; return the frame at which it settled (ms, page clock).

    The page keeps that time itself (``WATCH_SETTLING``): a page that settles, then changes again (e.g. a run
    starting only after a first quick message), is timed from its last settling, not from when it was checked."""
    page.evaluate(WATCH_SETTLING)
    settled_after = f"() => (m => m.wsMessages > {messages} && m.settledAt !== null && [m.wsMessages, m.settledAt])(window.__svd)"
    for _ in range(20):
        seen, settled = page.wait_for_function(settled_after, timeout=TIMEOUT_MS).json_value()
        page.wait_for_timeout(QUIET_MS)
        if page.evaluate(f"window.__svd.wsMessages === {seen} && window.__svd.settledAt === {settled}"):
            page.evaluate("window.__svd.watching = false")
            return settled
    raise RuntimeError(f"{page.url} kept changing")


def open_tab(context: BrowserContext, url: str) -> tuple[Page, dict[str, float | None]]:
    """Open ``url`` in a new tab; return the tab and its milestones (seconds from navigation start)."""
    page = context.new_page()
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    content = page.wait_for_function(CONTENT_SHOWN, timeout=TIMEOUT_MS, polling="raf").json_value()
    settled = wait_settled(page)
    breakdown = page.evaluate(BREAKDOWN).items()
    milestones = {name: (value / 1000 if isinstance(value, float | int) and name not in COUNTS else value) for name, value in breakdown}
    return page, milestones | {"content": content / 1000, "settled": settled / 1000}


COUNTS = ("resources", "fetched", "fetchedBytes", "wsBytes", "runs")


def map_drawn(page: Page, lsoas: int) -> float:
    """When the map had drawn ``lsoas`` polygons, in seconds on the tab's clock: as the page recorded it (``TRACKER``),
    not when this looks, which is after the page has settled."""
    drawn = page.wait_for_function(
        f"() => (window.__svd.polygons.find(([drawn]) => drawn >= {lsoas}) ?? [0, false])[1]", timeout=TIMEOUT_MS
    ).json_value()
    return drawn / 1000


def timed_change(page: Page, change: Callable[[], None], prepare: Callable[[], None] = lambda: None) -> float:
    """Seconds from ``change`` (a click) until the server has answered and the page has settled again."""
    prepare()
    messages = page.evaluate("window.__svd.wsMessages")
    started = page.evaluate("performance.now()")
    change()
    return (wait_settled(page, messages) - started) / 1000


def choose(page: Page, box: str, option: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """(open the select box ``box``, click its ``option``): the opening is not timed, the click is."""
    return (lambda: page.get_by_role("option", name=option, exact=True).click(), lambda: page.get_by_role("combobox", name=box).click())


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *CLOSED_NETWORK_ARGS])


def new_context(browser) -> BrowserContext:
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(TRACKER)
    return context


def ratio(value: float, reference: float) -> str:
    return f"x{value / reference:4.1f}"


def verdict(value: float, target: float) -> str:
    return "met" if value <= target else "MISSED"


def new_tabs(app: str, reference: str, repeats: int, only_pages: list[str] | None = None) -> None:
    """Target a: every page (or ``only_pages``, by URL path) for Coventry and the region in a new tab; target f:
    the map's polygons."""
    print("(a) shared link in a new tab, server caches warm, browser cache as after one visit (median s; target 2.5 s)")
    pages = [page for page in PAGES if only_pages is None or page[3] in only_pages]
    paths = [(url_path, title, area) for _, title, _, url_path in pages for area in ("coventry", "west-midlands")]
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = new_context(browser)
        for url in [f"{app}/{url_path}?area={area}" for url_path, _, area in paths] + [reference, f"{reference}/?chart=1"]:
            page, _ = open_tab(context, url)  # warm the server's caches and the browser's HTTP cache
            page.close()
        reference_timings = Timings()
        timings = {path: Timings() for path in paths}
        map_after_content: dict[tuple[str, str, str], list[float]] = {path: [] for path in paths}
        for _ in range(repeats):  # round robin: a spell of contention on this shared machine falls on one repeat of a few pages
            for name, url in (("", reference), ("chart ", f"{reference}/?chart=1")):
                page, milestones = open_tab(context, url)
                reference_timings.add(f"{name}content", milestones["content"])
                reference_timings.add(f"{name}settled", milestones["settled"])
                page.close()
            for path in paths:
                url_path, _, area = path
                page, milestones = open_tab(context, f"{app}/{url_path}?area={area}")
                for name, value in milestones.items():
                    timings[path].add(name, value)
                if url_path in ("hotspots", "deprivation"):
                    map_after_content[path].append(map_drawn(page, LSOAS[area]) - milestones["content"])
                page.close()
        ref_content, ref_settled = reference_timings.median("content"), reference_timings.median("settled")
        print(f"  reference page: content {ref_content:.2f} s, settled {ref_settled:.2f} s", flush=True)
        chart_content = reference_timings.median("chart content")
        chart_ratio = ratio(chart_content, ref_content)
        print(f"  reference page with one small chart in Streamlit's plotly element: content {chart_content:.2f} s ({chart_ratio})")
        header = f"  {'page':24} {'area':14} {'content':>7} {'ratio':>6} {'settled':>7} {'ratio':>6}  breakdown (median)"
        print(header)
        worst = 0.0
        breakdown_names = ("response", "domContentLoaded", "wsOpen", "runStart", "runEnd", "firstContentfulPaint", "runs", "fetched")
        for path in paths:
            url_path, title, area = path
            own = timings[path]
            content, settled = own.median("content"), own.median("settled")
            worst = max(worst, content)
            parts = " ".join(f"{name} {own.median(name):.2f}" if name in own.samples else f"{name} -" for name in breakdown_names)
            print(
                f"  {title:24} {area:14} {content:7.2f} {ratio(content, ref_content):>6} {settled:7.2f} "
                f"{ratio(settled, ref_settled):>6}  {verdict(content, 2.5)}; {parts}",
                flush=True,
            )
            if map_after_content[path]:
                after = statistics.median(map_after_content[path])
                print(f"    (f) {LSOAS[area]} polygons drawn {after:+.2f} s after content shown (target 1.5 s: {verdict(after, 1.5)})")
        print(f"  slowest page: content {worst:.2f} s (target 2.5 s: {verdict(worst, 2.5)})")
        browser.close()


def control_changes(app: str, reference: str, repeats: int) -> None:
    """Targets c (any control change, 1 s), d (Gi* for the region, 1.5 s) and e (the Word pack, 4 s, with progress)."""
    print("(c, d, e) control changes: click until settled again, server caches warm (median s)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        context = new_context(browser)
        page, _ = open_tab(context, reference)
        reference_change = statistics.median(
            timed_change(page, lambda label=label: page.get_by_text(label, exact=True).click()) for label in ("two", "one") * repeats
        )
        page.close()
        print(f"  reference page: radio click {reference_change:.2f} s")

        def case(label: str, url: str, steps: Callable[[Page], list[tuple[Callable[[], None], Callable[[], None]]]], target: float) -> None:
            times = []
            page, _ = open_tab(context, url)  # the page before the change, once untimed: its caches warm as a shared link finds them
            page.close()
            for _ in range(repeats):
                page, _ = open_tab(context, url)
                for change, prepare in steps(page):
                    times.append(timed_change(page, change, prepare))
                page.close()
            value = statistics.median(times)
            print(
                f"  {label:52} {value:5.2f} s  {ratio(value, reference_change)}  (target {target} s: {verdict(value, target)})", flush=True
            )

        def radio(page: Page, label: str) -> tuple[Callable[[], None], Callable[[], None]]:
            return (lambda: page.get_by_text(label, exact=True).click(), lambda: None)

        hotspots = f"{app}/hotspots?area=coventry"
        case("Hotspots, Coventry: crime grouping -> Weapons", hotspots, lambda p: [choose(p, "Crime grouping", "Weapons")], 1.0)
        case("Hotspots, Coventry: area -> Dudley", hotspots, lambda p: [choose(p, "Area", "Dudley")], 1.0)
        case("Hotspots, Coventry: map view -> Gi*", hotspots, lambda p: [radio(p, "Hotspot test (Gi*)")], 1.0)
        case("Trends, Coventry: quick period -> second preset", f"{app}/trends?area=coventry", lambda p: [period_change(p)], 1.0)
        overview = f"{app}/?area=coventry"
        case("Overview, Coventry: crime grouping -> Robbery", overview, lambda p: [choose(p, "Crime grouping", "Robbery")], 1.0)
        case(
            "(d) Hotspots, West Midlands: map view -> Gi*",
            f"{app}/hotspots?area=west-midlands",
            lambda p: [radio(p, "Hotspot test (Gi*)")],
            1.5,
        )
        word_pack(context, app, repeats, reference_change)
        browser.close()


def period_change(page: Page) -> tuple[Callable[[], None], Callable[[], None]]:
    """The 'Quick period' select box: pick its second preset."""

    def prepare() -> None:
        page.get_by_role("combobox", name="Quick period").click()

    def change() -> None:
        page.get_by_role("option").nth(2).click()

    return change, prepare


def word_pack(context: BrowserContext, app: str, repeats: int, reference_change: float) -> None:
    """Target e: click 'Prepare the briefing pack' until its download button is drawn, with progress shown meanwhile."""
    progress, ready = [], []
    for area in ("coventry", "west-midlands")[: max(1, min(2, repeats))] * max(1, repeats // 2 + repeats % 2):
        page, _ = open_tab(context, f"{app}/?area={area}")
        started = page.evaluate("performance.now()")
        page.get_by_role("button", name="Prepare the briefing pack (Word)").click()
        shown = page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stProgress\"]') && performance.now()", timeout=TIMEOUT_MS, polling="raf"
        ).json_value()
        done = page.wait_for_function(
            "() => [...document.querySelectorAll('[data-testid=\"stDownloadButton\"] button')]"
            ".some(b => b.innerText.includes('Download the briefing pack')) && performance.now()",
            timeout=TIMEOUT_MS,
            polling="raf",
        ).json_value()
        progress.append((shown - started) / 1000)
        ready.append((done - started) / 1000)
        page.close()
    value = statistics.median(ready)
    print(
        f"  (e) Word pack: progress shown after {statistics.median(progress):.2f} s, download ready {value:5.2f} s  "
        f"{ratio(value, reference_change)}  (target 4 s: {verdict(value, 4.0)}; {len(ready)} packs)"
    )


def first_visit(command: tuple[str, ...], path: str) -> dict[str, float | None]:
    """A fresh server and a fresh browser profile: the first visitor's milestones."""
    with streamlit_process(command=command) as (url, _), sync_playwright() as playwright:
        time.sleep(SETTLE_S)
        browser = launch(playwright)
        page, milestones = open_tab(new_context(browser), url + path)
        if path.startswith("/hotspots"):
            milestones["map"] = map_drawn(page, LSOAS["west-midlands"])
        browser.close()
        return milestones


def first_visitors(repeats: int) -> None:
    """Target b: the first visitor after a server start, 3 s."""
    print(f"(b) first visitor {SETTLE_S:.0f} s after a server start, empty browser cache (median s; target 3 s)")
    reference = Timings()
    for _ in range(repeats):
        reference.add("content", first_visit(REFERENCE, "/")["content"])
    ref = reference.median("content")
    print(f"  reference page: content {ref:.2f} s")
    for path in ("/", "/hotspots?area=west-midlands"):
        for label, command, target in (("svd-dash serve", APP, True), ("streamlit run", PLAIN_APP, False)):
            timings = Timings()
            for _ in range(repeats):
                for name, value in first_visit(command, path).items():
                    timings.add(name, value)
            content = timings.median("content")
            names = ("domContentLoaded", "wsOpen", "runEnd", "settled", "map")
            detail = " ".join(f"{n} {timings.median(n):.2f}" for n in names if n in timings.samples)
            print(
                f"  {path:30} {label:15} content {content:5.2f} s {ratio(content, ref)}  "
                f"({verdict(content, 3.0) if target else 'comparison: no warm-up'}; {detail}; "
                f"fetched {timings.median('fetched'):.0f} files, {timings.median('fetchedBytes') / 1e6:.1f} MB)",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="the median of 5 passes over a spell of contention on 2 of them")
    parser.add_argument("--only", choices=("tabs", "changes", "first"), default=None)
    parser.add_argument("--pages", nargs="+", default=None, help="(a) only these pages, by URL path (the Overview's is '')")
    arguments = parser.parse_args()
    with ExitStack() as stack:
        app, _ = stack.enter_context(streamlit_process(command=APP))
        reference, _ = stack.enter_context(streamlit_process(command=REFERENCE))
        urllib.request.urlopen(f"{app}/_stcore/health", timeout=5).close()
        if arguments.only != "first":
            time.sleep(WARM_UP_S)  # "server caches warm": the warm-up gives way to visitors, so let it finish first
        if arguments.only in (None, "tabs"):
            new_tabs(app, reference, arguments.repeats, arguments.pages)
        if arguments.only in (None, "changes"):
            control_changes(app, reference, arguments.repeats)
    if arguments.only in (None, "first"):
        first_visitors(arguments.repeats)


if __name__ == "__main__":
    main()
