"""A link's query parameters round-trip to the same selection."""

from __future__ import annotations

import pandas as pd

from svd_dash.analytics.periods import months_period
from svd_dash.ui.state import DataMonths, selection_from_query, selection_to_query

MONTHS = DataMonths(
    tuple(pd.date_range("2023-05-01", "2026-03-01", freq="MS")), frozenset(pd.date_range("2023-09-01", "2024-08-01", freq="MS"))
)


def test_defaults_are_the_latest_12_months_against_the_earliest_complete_12() -> None:
    selection, notes = selection_from_query({}, MONTHS)
    assert (selection.area.name, selection.grouping.name, selection.measure.key) == (
        "West Midlands",
        "Serious violence (police.uk proxy)",
        "rate",
    )
    assert selection.period == months_period("2025-04", "2026-03") and selection.baseline == months_period("2023-09", "2024-08")
    assert notes == []


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
    assert selection.subtitle == "Walsall · Robbery · January 2024 to June 2024 · baseline: September 2023 to December 2023"


def test_invalid_parts_fall_back_with_a_note() -> None:
    selection, notes = selection_from_query({"area": "x", "from": "2026-05", "to": "2026-01", "base_from": "bad"}, MONTHS)
    assert selection.area.name == "West Midlands" and len(notes) == 3


def test_events_round_trip_through_the_link_and_refusals_are_noted() -> None:
    selection, notes = selection_from_query({"events": "2025-06:Knife amnesty;2025-07:" + "y" * 80}, MONTHS)
    assert [m.name for m in selection.events] == ["Knife amnesty"]
    assert notes == ["Event 2 was left out: its name is longer than 60 characters."]
    assert selection_to_query(selection)["events"] == "2025-06:Knife amnesty"
    assert "events" not in selection_to_query(selection_from_query({}, MONTHS)[0])
