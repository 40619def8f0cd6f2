"""A link's query parameters round-trip to the same selection."""

from __future__ import annotations

import pandas as pd

from svd_dash.analytics.periods import months_period
from svd_dash.ui.sidebar import period_presets, year_before
from svd_dash.ui.state import (
    DEPRIVATION_VIEWS,
    HOTSPOT_VIEWS,
    PAGE_CHOICES,
    DataMonths,
    page_choices_from_query,
    page_choices_to_query,
    selection_from_query,
    selection_to_query,
)

MONTHS = DataMonths(
    tuple(pd.date_range("2023-05-01", "2026-03-01", freq="MS")),
    frozenset([*pd.date_range("2023-09-01", "2024-08-01", freq="MS"), *pd.date_range("2025-04-01", "2026-01-01", freq="MS")]),
)
"""Data from May 2023 to March 2026; February and March 2026 partial (as a late upload would leave them)."""


def test_defaults_are_the_latest_12_complete_months_against_the_year_before() -> None:
    selection, notes = selection_from_query({}, MONTHS)
    assert (selection.area.name, selection.grouping.name, selection.measure.key) == (
        "West Midlands",
        "Serious violence (police.uk proxy)",
        "rate",
    )
    assert selection.period == months_period("2025-02", "2026-01") and selection.baseline == months_period("2024-02", "2025-01")
    assert selection.baseline_phrase == "compared with the previous year (February 2024 to January 2025)"
    assert notes == []


def test_a_link_without_a_baseline_compares_with_the_year_before_its_period() -> None:
    selection, _ = selection_from_query({"from": "2024-11", "to": "2025-10"}, MONTHS)
    assert selection.baseline == months_period("2023-11", "2024-10")
    early, _ = selection_from_query({"from": "2023-08", "to": "2024-07"}, MONTHS)
    assert early.baseline == months_period("2023-05", "2023-07")  # clipped to the data
    assert early.baseline_phrase == "compared with May 2023 to July 2023"


def test_only_charts_with_a_baseline_name_it() -> None:
    selection, _ = selection_from_query({"area": "walsall", "from": "2025-04", "to": "2026-03"}, MONTHS)
    assert "baseline" not in selection.subtitle and "previous year" not in selection.subtitle
    assert selection.comparison_subtitle == (
        "Walsall · Serious violence (police.uk proxy) · the 12 months to March 2026, "
        "compared with the previous year (April 2024 to March 2025)"
    )


def test_financial_year_presets_newest_first_and_the_year_before() -> None:
    presets = period_presets(MONTHS)
    assert list(presets)[:3] == ["Latest 12 complete months", "Financial year 2025/26", "Financial year 2024/25"]
    assert presets["Financial year 2024/25"] == months_period("2024-04", "2025-03")
    assert "Financial year 2023/24" not in presets  # the data start in May 2023: only years wholly inside the data
    assert year_before(months_period("2025-04", "2026-03"), MONTHS) == months_period("2024-04", "2025-03")
    assert year_before(months_period("2023-09", "2024-08"), MONTHS) is None


def test_every_page_choice_round_trips_through_the_link() -> None:
    link = {
        "view": "hotspots",
        "map": "Rate and deprivation together",
        "lsoa": "E01009001",
        "slide": "3",
        "target": "10",
        "offences": "Robbery",
        "compare_with": "Metropolitan borough CSPs",
        "council": "Dudley",
        "pair": "Robbery",
        "derived": "False",
    }
    state = page_choices_from_query(link)
    assert state == {
        "hotspot_view": "hotspots",
        "deprivation_view": "Rate and deprivation together",
        "neighbourhood": "E01009001",
        "meeting_finding": 2,
        "spc_target": 10,
        "national_measure": "Robbery",
        "national_group": "Metropolitan borough CSPs",
        "national_council": "Dudley",
        "reconcile_pair": "Robbery",
        "svd_derived": False,
    }
    assert page_choices_to_query(state, meeting_mode=True) == link
    assert "slide" not in page_choices_to_query(state, meeting_mode=False)
    assert {choice.query for choice in PAGE_CHOICES} == set(link)
    assert DEPRIVATION_VIEWS[0] == "Index of Multiple Deprivation" and HOTSPOT_VIEWS == ("measure", "hotspots")


def test_invalid_page_choices_are_ignored() -> None:
    link = {"view": "<script>", "map": "Nowhere", "lsoa": "E01; drop", "slide": "0"}
    assert page_choices_from_query(link) == {}


def test_round_trip() -> None:
    query = {
        "area": "walsall",
        "grouping": "Robbery",
        "from": "2024-01",
        "to": "2024-06",
        "base_from": "2023-09",
        "base_to": "2023-12",
        "measure": "harm",
    }
    selection, notes = selection_from_query(query, MONTHS)
    assert notes == [] and selection_to_query(selection) == query
    assert selection.subtitle == "Walsall · Robbery · January 2024 to June 2024"
    assert selection.comparison_subtitle.endswith("compared with September 2023 to December 2023")


def test_invalid_parts_fall_back_with_a_note() -> None:
    selection, notes = selection_from_query({"area": "x", "from": "2026-05", "to": "2026-01", "base_from": "bad"}, MONTHS)
    assert selection.area.name == "West Midlands" and len(notes) == 3


def test_events_round_trip_through_the_link_and_refusals_are_noted() -> None:
    selection, notes = selection_from_query({"events": "2025-06:Knife amnesty;2025-07:" + "y" * 80}, MONTHS)
    assert [m.name for m in selection.events] == ["Knife amnesty"]
    assert notes == ["Event 2 was left out: its name is longer than 60 characters."]
    assert selection_to_query(selection)["events"] == "2025-06:Knife amnesty"
    assert "events" not in selection_to_query(selection_from_query({}, MONTHS)[0])
