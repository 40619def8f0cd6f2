"""The one filter model: a frozen ``Selection`` and its round trip through the URL's query parameters.

Parsing and serialising are pure functions, so a shared link's meaning is tested without a browser.
Query keys: ``area`` (slug, e.g. ``coventry`` or ``west-midlands``), ``grouping`` (name), ``from`` and
``to`` (YYYY-MM), ``base_from`` and ``base_to`` (YYYY-MM), ``measure`` (key), ``meeting`` (1 or absent),
``events`` (intervention markers, ``YYYY-MM:name;...``, see ``analytics.markers``), and the page choices in ``PAGE_CHOICES``
(hotspot map view, deprivation map, chosen neighbourhood, meeting slide).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.groupings import GROUPINGS, PRESETS, Grouping
from svd_dash.analytics.markers import Marker, events_to_text, parse_events
from svd_dash.analytics.measures import MEASURE_BY_KEY, MEASURES, Measure
from svd_dash.analytics.national import COMPARATOR_GROUPS, NATIONAL_MEASURES
from svd_dash.analytics.periods import Period, latest_12_months
from svd_dash.analytics.reconciliation import PAIRS
from svd_dash.analytics.views import DOMAIN_LABELS
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
    events: tuple[Marker, ...] = ()

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
        """'Coventry · Weapons · the 12 months to March 2026': for charts that use no baseline."""
        return f"{self.area.name} · {self.grouping.name} · {self.period.label}"

    @property
    def baseline_phrase(self) -> str:
        """'compared with the previous year (April 2024 to March 2025)' when the baseline is the 12 months just
        before a 12-month period (how committees read a change), else 'compared with the 12 months to August 2024'."""
        follows = self.baseline.end + pd.DateOffset(months=1) == self.period.start
        if follows and len(self.period.months) == len(self.baseline.months) == 12:
            return f"compared with the previous year ({self.baseline.start:%B %Y} to {self.baseline.end:%B %Y})"
        return f"compared with {self.baseline.label}"

    @property
    def comparison_subtitle(self) -> str:
        """The subtitle of a chart that uses the baseline: 'Coventry · Weapons · the 12 months to March 2026,
        compared with the previous year (April 2024 to March 2025)'."""
        return f"{self.subtitle}, {self.baseline_phrase}"


@dataclass(frozen=True)
class DataMonths:
    """The months available and the region's complete months, for defaults and validation."""

    available: tuple[pd.Timestamp, ...]
    complete: frozenset[pd.Timestamp]

    def default_period(self) -> Period:
        """The latest 12 months ending at the latest complete month (the latest month if none is complete)."""
        return latest_12_months(list(self.complete) or list(self.available))

    def default_baseline(self, period: Period | None = None) -> Period:
        """The 12 months before ``period`` (the default period if None): "compared with the previous year",
        clipped to the data; the period itself when nothing comes before it."""
        period = period or self.default_period()
        start = max(period.start - pd.DateOffset(months=12), self.available[0])
        end = period.start - pd.DateOffset(months=1)
        return Period(start, end) if start <= end else period


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
        baseline = months.default_baseline(period)
        if "base_from" in params or "base_to" in params:
            notes.append(f"The baseline in the link is not within the data; using {baseline.label}.")
    measure = MEASURE_BY_KEY.get(params.get("measure", ""), MEASURES[1])
    if "measure" in params and params["measure"] not in MEASURE_BY_KEY:
        notes.append(f"The measure in the link is not one the dashboard knows; showing {measure.label.lower()}.")
    meeting = params.get("meeting") == "1"
    events, event_notes = parse_events(params.get("events", ""), months.available)
    notes.extend(event_notes)
    return Selection(area, grouping, period, baseline, measure, meeting, events), notes


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
    if selection.events:
        query["events"] = events_to_text(selection.events)
    return query


PAGE_QUERY_PATTERNS = {"level": r"lsoa|ward|msoa", "unit": r"E0[0-9]{7}", "factor": r"[a-z0-9_]{1,20}"}
"""Query keys that belong to one page's own controls (the neighbourhood level and unit, the risk
factor), with the shape a valid value has; the sidebar keeps valid ones in the link while it rewrites
the selection's keys, and drops anything else."""


def page_query(params: Mapping[str, str]) -> dict[str, str]:
    """The page-owned query parameters in ``params`` whose values have a valid shape."""
    return {key: params[key] for key, pattern in PAGE_QUERY_PATTERNS.items() if re.fullmatch(pattern, params.get(key) or "")}


@dataclass(frozen=True)
class PageChoice:
    """A choice made on a page that the link carries: its query key, its session-state (widget) key,
    and a parser that returns the value, or None when the link's text is not a valid choice."""

    query: str
    state: str
    parse: Callable[[str], object | None]


HOTSPOT_VIEWS = ("measure", "hotspots")
"""The hotspot map's colourings: by the selected measure, or by the Gi* hotspot test."""
BIVARIATE_VIEW = "Rate and deprivation together"
DEPRIVATION_VIEWS = (*DOMAIN_LABELS.values(), BIVARIATE_VIEW)
"""The deprivation map's choices: each IMD 2025 domain, or rate and deprivation together."""


def _one_of(options: tuple[str, ...]) -> Callable[[str], str | None]:
    return lambda value: value if value in options else None


def _lsoa_code(value: str) -> str | None:
    return value if re.fullmatch(r"E01\d{6}", value) else None


def _slide(value: str) -> int | None:
    return int(value) - 1 if value.isdigit() and 1 <= int(value) <= 99 else None


def _target(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) <= 90 else None


def _flag(value: str) -> bool | None:
    return {"True": True, "False": False}.get(value)


PAGE_CHOICES = (
    PageChoice("view", "hotspot_view", _one_of(HOTSPOT_VIEWS)),
    PageChoice("map", "deprivation_view", _one_of(DEPRIVATION_VIEWS)),
    PageChoice("lsoa", "neighbourhood", _lsoa_code),
    PageChoice("slide", "meeting_finding", _slide),
    PageChoice("target", "spc_target", _target),
    PageChoice("offences", "national_measure", _one_of(tuple(m.label for m in NATIONAL_MEASURES))),
    PageChoice("compare_with", "national_group", _one_of(COMPARATOR_GROUPS)),
    PageChoice("council", "national_council", _one_of(tuple(a.name for a in AREAS))),
    PageChoice("pair", "reconcile_pair", _one_of(tuple(p.name for p in PAIRS))),
    PageChoice("derived", "svd_derived", _flag),
)
"""Every page choice a link restores (Hotspots' map view, Deprivation's map, the chosen neighbourhood, the
meeting slide, Trends' SPC target, Compare areas' national comparison and crime group, the SVD measures'
derived years). ``slide`` is 1-based in the link, 0-based in the session."""


def page_choices_from_query(params: Mapping[str, str]) -> dict[str, object]:
    """Session-state values for the valid page choices in a link (invalid ones are left to their defaults)."""
    values = {choice.state: choice.parse(params[choice.query]) for choice in PAGE_CHOICES if choice.query in params}
    return {key: value for key, value in values.items() if value is not None}


def page_choices_to_query(state: Mapping[str, object], meeting_mode: bool) -> dict[str, str]:
    """The query parameters for the page choices currently made (the slide only in meeting mode)."""
    query = {}
    for choice in PAGE_CHOICES:
        value = state.get(choice.state)
        if value is None or (choice.query == "slide" and not meeting_mode):
            continue
        query[choice.query] = str(int(value) + 1) if choice.query == "slide" else str(value)
    return query
