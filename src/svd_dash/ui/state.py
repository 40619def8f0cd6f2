"""The one filter model: a frozen ``Selection`` and its round trip through the URL's query parameters.

Parsing and serialising are pure functions, so a shared link's meaning is tested without a browser.
Query keys: ``area`` (slug, e.g. ``coventry`` or ``west-midlands``), ``grouping`` (name), ``from`` and
``to`` (YYYY-MM), ``base_from`` and ``base_to`` (YYYY-MM), ``measure`` (key), ``meeting`` (1 or absent).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.groupings import GROUPINGS, PRESETS, Grouping
from svd_dash.analytics.measures import MEASURE_BY_KEY, MEASURES, Measure
from svd_dash.analytics.periods import Period, earliest_complete_12_months, latest_12_months
from svd_dash.reference import AREAS, REGION, Area, area_phrase

AREA_CHOICES: tuple[Area, ...] = (REGION, *AREAS)


def area_slug(area: Area) -> str:
    """'west-midlands', 'coventry': how an area appears in a link."""
    return area.name.lower().replace(" ", "-")


AREA_BY_SLUG: dict[str, Area] = {area_slug(a): a for a in AREA_CHOICES}


@dataclass(frozen=True)
class Selection:
    """What every page shows: area, crime grouping, period, baseline period and measure."""

    area: Area
    grouping: Grouping
    period: Period
    baseline: Period
    measure: Measure
    meeting_mode: bool = False

    @property
    def area_phrase(self) -> str:
        """'Coventry' or 'the West Midlands'."""
        return area_phrase(self.area.code)

    @property
    def residents_column(self) -> str:
        """The denominator column: residents aged 16-24 for that measure, else all residents."""
        return "population_16_24" if self.measure.key == "rate16_24" else "population"

    @property
    def per_phrase(self) -> str:
        """'per 1,000 residents' or 'per 1,000 aged 16-24'."""
        return "per 1,000 aged 16-24" if self.measure.key == "rate16_24" else "per 1,000 residents"

    @property
    def subtitle(self) -> str:
        """'Coventry · Weapons · the 12 months to March 2026 · baseline: the 12 months to August 2024'."""
        return f"{self.area.name} · {self.grouping.name} · {self.period.label} · baseline: {self.baseline.label}"


@dataclass(frozen=True)
class DataMonths:
    """The months available and the region's complete months, for defaults and validation."""

    available: tuple[pd.Timestamp, ...]
    complete: frozenset[pd.Timestamp]

    def default_period(self) -> Period:
        return latest_12_months(list(self.available))

    def default_baseline(self) -> Period:
        return earliest_complete_12_months(set(self.complete)) or self.default_period()


MONTH_PATTERN = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
"""A month in a link: exactly 'YYYY-MM' (anything else, e.g. '2024-01-01T00', which pandas reads with a
time zone of -01, is refused)."""


def _month(value: str | None) -> pd.Timestamp | None:
    if not isinstance(value, str) or not MONTH_PATTERN.fullmatch(value):
        return None
    return pd.Timestamp(year=int(value[:4]), month=int(value[5:]), day=1)


def _period(start: str | None, end: str | None, months: DataMonths) -> Period | None:
    first, last = _month(start), _month(end)
    if first is None or last is None or last < first:
        return None
    if first not in months.available or last not in months.available:
        return None
    return Period(first, last)


def selection_from_query(params: Mapping[str, str], months: DataMonths) -> tuple[Selection, list[str]]:
    """The selection a link describes, plus a note for each part that was invalid and replaced by its default."""
    notes = []
    area = AREA_BY_SLUG.get(params.get("area", ""))
    if area is None:
        area = REGION
        if "area" in params:
            notes.append("The area in the link is not one of the seven councils or the West Midlands; showing the West Midlands.")
    grouping = GROUPINGS.get(params.get("grouping", ""))
    if grouping is None:
        grouping = PRESETS[0]
        if "grouping" in params:
            notes.append(f"The crime grouping in the link is not one the dashboard knows; showing {grouping.name}.")
    period = _period(params.get("from"), params.get("to"), months)
    if period is None:
        period = months.default_period()
        if "from" in params or "to" in params:
            notes.append(f"The period in the link is not within the data; showing {period.label}.")
    baseline = _period(params.get("base_from"), params.get("base_to"), months)
    if baseline is None:
        baseline = months.default_baseline()
        if "base_from" in params or "base_to" in params:
            notes.append(f"The baseline in the link is not within the data; using {baseline.label}.")
    measure = MEASURE_BY_KEY.get(params.get("measure", ""), MEASURES[1])
    if "measure" in params and params["measure"] not in MEASURE_BY_KEY:
        notes.append(f"The measure in the link is not one the dashboard knows; showing {measure.label.lower()}.")
    meeting = params.get("meeting") == "1"
    return Selection(area, grouping, period, baseline, measure, meeting), notes


def selection_to_query(selection: Selection) -> dict[str, str]:
    """The query parameters that reproduce ``selection``."""
    query = {
        "area": area_slug(selection.area),
        "grouping": selection.grouping.name,
        "from": f"{selection.period.start:%Y-%m}",
        "to": f"{selection.period.end:%Y-%m}",
        "base_from": f"{selection.baseline.start:%Y-%m}",
        "base_to": f"{selection.baseline.end:%Y-%m}",
        "measure": selection.measure.key,
    }
    if selection.meeting_mode:
        query["meeting"] = "1"
    return query


PAGE_QUERY_PATTERNS = {"level": r"lsoa|ward|msoa", "unit": r"E0[0-9]{7}", "factor": r"[a-z0-9_]{1,20}"}
"""Query keys that belong to one page's own controls (the neighbourhood level and unit, the risk
factor), with the shape a valid value has; the sidebar keeps valid ones in the link while it rewrites
the selection's keys, and drops anything else."""


def page_query(params: Mapping[str, str]) -> dict[str, str]:
    """The page-owned query parameters in ``params`` whose values have a valid shape."""
    return {key: params[key] for key, pattern in PAGE_QUERY_PATTERNS.items() if re.fullmatch(pattern, params.get(key) or "")}
