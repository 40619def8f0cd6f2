"""Load benchmark: N concurrent sessions through every page and area; page times, server CPU, memory.

Method. Each simulated user is a real Streamlit session driven over the app's own WebSocket protocol
(``/_stcore/stream``, protobuf ``BackMsg``/``ForwardMsg``: what the browser's JavaScript sends), not a
browser. A page view is one ``rerun_script`` request for a page, timed from sending it until the server's
``script_finished`` message, by which time every element of the page (charts, tables, the map document)
has been built, serialised and received. That is all the server does for a browser's page view; left out
is the browser's own work (drawing) and its fetches of static JavaScript and CSS, which it caches. Twenty
such clients cost well under a tenth of a core, so the machine's cores are left to the server (twenty
browsers would take most of a 2-core machine and blur what is being measured).

Each user opens a session on a shared link for an area and a crime grouping (the 8 areas and the preset
groupings in turn, each user starting at a different place), visits every page in it, closes it, and moves
on, until the time is up. Before the timed run, one session visits every page for every area (the caches
a running server would hold), then one session visits every page alone: its times and the server CPU for
each view are the reference the loaded figures are divided by.

Printed: per page the views, median and 95th-percentile time, and the ratio of the loaded median to the
unloaded one; errors (exceptions, error banners, timeouts, dropped sessions); the server's CPU seconds per
page view (utime + stime of the server process from /proc/PID/stat, before and after, over all views);
and its resident memory (VmRSS) every 10 s. Targets (issue 16): at most 0.3 s of server CPU per page view,
no errors, memory flat.

Usage: python -m benchmarks.load [--sessions 10] [--seconds 120]   (make bench-load runs 10 and 20 for 120 s)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from svd_dash.analytics.groupings import PRESETS
from svd_dash.ui.frame import PAGES
from svd_dash.ui.state import AREA_CHOICES, area_slug
from tests.browser import streamlit_process

VIEW_TIMEOUT_S = 120
CPU_TARGET_S = 0.3
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
AREAS = [area_slug(a) for a in AREA_CHOICES]
GROUPINGS = [g.name for g in PRESETS]


def server_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of the process so far (fields 14 and 15 of /proc/PID/stat), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def server_rss_mb(pid: int) -> float:
    """Resident memory of the process (VmRSS), in MB."""
    line = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


@dataclass
class Results:
    """Page view times in seconds and error descriptions, by page title."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    @property
    def views(self) -> int:
        return sum(len(t) for t in self.times.values())


class Session:
    """One Streamlit session over the WebSocket, as a browser tab opened on a shared link."""

    def __init__(self, url: str, query: str) -> None:
        self.stream_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.query = query

    async def __aenter__(self) -> Session:
        self.socket = await websockets.connect(self.stream_url, subprotocols=["streamlit"], max_size=None)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.socket.close()

    async def view(self, page_name: str) -> list[str]:
        """Run one page; return the problems seen (empty when the page rendered cleanly)."""
        request = BackMsg()
        request.rerun_script.query_string = self.query
        request.rerun_script.page_name = page_name
        await self.socket.send(request.SerializeToString())
        problems = []
        async with asyncio.timeout(VIEW_TIMEOUT_S):
            while True:
                message = ForwardMsg()
                message.ParseFromString(await self.socket.recv())
                kind = message.WhichOneof("type")
                if kind == "page_not_found":
                    problems.append("page not found")
                elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                    element = message.delta.new_element
                    if element.WhichOneof("type") == "exception":
                        problems.append(f"exception: {element.exception.type}")
                    elif element.WhichOneof("type") == "alert" and element.alert.format == Alert.ERROR:
                        problems.append(f"error banner: {element.alert.body[:80]}")
                elif kind == "script_finished":
                    if message.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                        problems.append(f"script finished with status {message.script_finished}")
                    return problems


async def visit_pages(url: str, query: str, results: Results, deadline: float = float("inf")) -> None:
    """Open a session on ``query`` and view every page once (stopping at ``deadline``), recording each."""
    try:
        async with Session(url, query) as session:
            for _, title, _, page_name in PAGES:
                if time.monotonic() >= deadline:
                    return
                started = time.perf_counter()
                problems = await session.view(page_name)
                results.times[title].append(time.perf_counter() - started)
                results.errors += [f"{title} ({query}): {p}" for p in problems]
    except (TimeoutError, websockets.ConnectionClosed, OSError) as error:
        results.errors.append(f"{query}: {type(error).__name__} {error}")


def link(index: int) -> str:
    """The query string of the ``index``-th shared link: areas in turn, then the next grouping."""
    return urlencode({"area": AREAS[index % len(AREAS)], "grouping": GROUPINGS[(index // len(AREAS)) % len(GROUPINGS)]})


async def user(url: str, number: int, deadline: float, results: Results) -> None:
    """A user working through areas and groupings from their own starting point until the deadline."""
    await asyncio.sleep(number * 0.2)  # people arrive over a few seconds, not in one instant
    visit = number * 3
    while time.monotonic() < deadline:
        await visit_pages(url, link(visit), results, deadline)
        visit += 1


async def memory_samples(pid: int, every_s: float, samples: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append(server_rss_mb(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every_s)
    samples.append(server_rss_mb(pid))


async def loaded_run(url: str, pid: int, sessions: int, seconds: float) -> tuple[Results, float, list[float]]:
    """``sessions`` users for ``seconds``; returns results, server CPU seconds used, and RSS samples (MB)."""
    results, samples, stop = Results(), [], asyncio.Event()
    cpu_before = server_cpu_seconds(pid)
    sampler = asyncio.create_task(memory_samples(pid, 10, samples, stop))
    deadline = time.monotonic() + seconds
    await asyncio.gather(*(user(url, n, deadline, results) for n in range(sessions)))
    cpu = server_cpu_seconds(pid) - cpu_before
    stop.set()
    await sampler
    return results, cpu, samples


async def reference_run(url: str, pid: int) -> tuple[Results, dict[str, float]]:
    """One session alone, every page for Coventry: page times and the server CPU each view took."""
    results, cpu = Results(), {}
    async with Session(url, link(1)) as session:
        for _, title, _, page_name in PAGES:
            before, started = server_cpu_seconds(pid), time.perf_counter()
            results.errors += await session.view(page_name)
            results.times[title].append(time.perf_counter() - started)
            cpu[title] = server_cpu_seconds(pid) - before
    return results, cpu


def percentile_95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def page_line(title: str, times: list[float], alone: float, cpu_alone: float) -> str:
    """One row of the table: views, median and p95 under load, time alone, their ratio, CPU alone."""
    if not times:
        return f"  {title:26} {0:6} {'-':>9} {'-':>7} {alone:8.2f} {'-':>6} {cpu_alone:12.2f}"
    median = statistics.median(times)
    return f"  {title:26} {len(times):6} {median:9.2f} {percentile_95(times):7.2f} {alone:8.2f} {median / alone:6.1f} {cpu_alone:12.2f}"


def report(
    sessions: int, seconds: float, reference: Results, reference_cpu: dict[str, float], loaded: Results, cpu: float, rss: list[float]
) -> None:
    print(f"Load: {sessions} concurrent sessions for {seconds:.0f} s against one Streamlit process on {os.cpu_count()} cores")
    print(f"  {'page':26} {'views':>6} {'median s':>9} {'p95 s':>7} {'alone s':>8} {'ratio':>6} {'CPU alone s':>12}")
    for _, title, _, _ in PAGES:
        print(page_line(title, loaded.times.get(title, []), reference.times[title][0], reference_cpu[title]))
    all_times = [t for times in loaded.times.values() for t in times]
    if all_times:
        print(f"  {'all pages':26} {len(all_times):6} {statistics.median(all_times):9.2f} {percentile_95(all_times):7.2f}")
    per_view, alone = cpu / max(loaded.views, 1), sum(reference_cpu.values()) / len(reference_cpu)
    verdict = "met" if per_view <= CPU_TARGET_S else "MISSED"
    print(f"  server CPU per page view: {per_view:.3f} s ({cpu:.1f} s over {loaded.views} views; target <= {CPU_TARGET_S} s: {verdict})")
    print(f"  server CPU per page view alone: {alone:.3f} s (ratio loaded/alone {per_view / alone:.2f})")
    print(f"  page views per second: {loaded.views / seconds:.2f}")
    print(f"  server memory (RSS, MB, every 10 s): {', '.join(f'{m:.0f}' for m in rss)}")
    print(f"  memory: start {rss[0]:.0f} MB, peak {max(rss):.0f} MB, end {rss[-1]:.0f} MB ({rss[-1] - rss[0]:+.0f} MB)")
    errors = reference.errors + loaded.errors
    print(f"  errors: {len(errors)}" + "".join(f"\n    {e}" for e in errors[:20]))


async def main(sessions: int, seconds: float) -> None:
    with streamlit_process() as (url, process):
        started = time.perf_counter()
        warm = Results()
        for index in range(len(AREAS)):
            await visit_pages(url, link(index), warm)
        print(f"Warm-up (one session, every page for every area): {time.perf_counter() - started:.1f} s")
        reference, reference_cpu = await reference_run(url, process.pid)
        reference.errors += warm.errors
        loaded, cpu, rss = await loaded_run(url, process.pid, sessions, seconds)
        report(sessions, seconds, reference, reference_cpu, loaded, cpu, rss)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Load benchmark (see the module docstring for the method).")
    parser.add_argument("--sessions", type=int, default=10, help="concurrent sessions (default 10)")
    parser.add_argument("--seconds", type=float, default=120, help="length of the timed run (default 120)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sessions, arguments.seconds))
