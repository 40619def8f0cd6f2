"""Intervention markers: dated, named events (a knife amnesty, a new youth programme) to draw on trend
and SPC charts, carried in a link as ``events=2025-06:Knife amnesty;2025-09:Youth programme starts``.

Names are plain text: never rendered as Markdown or HTML (charts escape them). Parsing refuses, with a
message that does not repeat the text, an event that is too long, badly dated, outside the data, or
that starts like a spreadsheet formula.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

MAX_EVENTS = 5
MAX_NAME_LENGTH = 60
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Marker:
    """An event: its month (first-of-month) and its name, as typed (plain text)."""

    month: pd.Timestamp
    name: str

    @property
    def chart_label(self) -> str:
        """The name escaped for a plotly annotation (plotly reads a few HTML tags in text)."""
        return html.escape(self.name, quote=True)


def parse_events(text: str, available: tuple[pd.Timestamp, ...] | None = None) -> tuple[tuple[Marker, ...], list[str]]:
    """Markers from 'YYYY-MM:name;YYYY-MM:name', and a message for each event refused.

    >>> markers, problems = parse_events("2025-06:Knife amnesty;2025-13:Bad")
    >>> [(f"{m.month:%Y-%m}", m.name) for m in markers], problems
    ([('2025-06', 'Knife amnesty')], ['Event 2 was left out: its month is not a month in YYYY-MM form.'])
    """
    markers: list[Marker] = []
    problems: list[str] = []
    parts = [p for p in (text or "").split(";") if p.strip()]
    for number, part in enumerate(parts, start=1):
        if len(markers) == MAX_EVENTS:
            problems.append(f"Only {MAX_EVENTS} events can be marked; event {number} and any after it were left out.")
            break
        month_text, _, name = part.partition(":")
        month_text, name = month_text.strip(), " ".join(name.split())
        problem = _problem(month_text, name, available)
        if problem:
            problems.append(f"Event {number} was left out: {problem}.")
            continue
        markers.append(Marker(pd.Timestamp(f"{month_text}-01"), name))
    return tuple(sorted(markers, key=lambda m: m.month)), problems


def _problem(month_text: str, name: str, available: tuple[pd.Timestamp, ...] | None) -> str:
    if not _MONTH.match(month_text) or not 1 <= int(month_text[5:]) <= 12:
        return "its month is not a month in YYYY-MM form"
    if available is not None and pd.Timestamp(f"{month_text}-01") not in available:
        return "its month is outside the data"
    if not name:
        return "it has no name"
    if len(name) > MAX_NAME_LENGTH:
        return f"its name is longer than {MAX_NAME_LENGTH} characters"
    if name.startswith(_FORMULA_START):
        return "its name starts with = + - or @"
    if any(not ch.isprintable() for ch in name):
        return "its name contains control characters"
    return ""


def events_to_text(markers: tuple[Marker, ...]) -> str:
    """The link form: '2025-06:Knife amnesty;2025-09:Youth programme starts'."""
    return ";".join(f"{m.month:%Y-%m}:{m.name}" for m in markers)


def markers_table(markers: tuple[Marker, ...]) -> pd.DataFrame:
    """One row per event (month, event), for CSV exports and 'show the numbers'."""
    return pd.DataFrame({"month": [m.month for m in markers], "event": [m.name for m in markers]})


def with_events(table: pd.DataFrame, markers: tuple[Marker, ...]) -> pd.DataFrame:
    """``table`` (with a ``month`` column) plus an ``event`` column naming the markers of each month ('' if none)."""
    names = markers_table(markers).groupby("month")["event"].agg("; ".join).to_dict()
    return table.assign(event=[names.get(month, "") for month in table["month"]])
