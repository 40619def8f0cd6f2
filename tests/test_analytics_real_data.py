"""The engine's totals on the real bundled data equal a direct groupby of the prepared counts."""

from __future__ import annotations

import pandas as pd
import pytest

from svd_dash.analytics import views
from svd_dash.analytics.counts import lsoa_totals, monthly_totals, totals_by_area
from svd_dash.analytics.findings import change_for, key_findings
from svd_dash.analytics.groupings import GROUPINGS, PRESETS, grouping_named
from svd_dash.analytics.periods import financial_year, months_period
from svd_dash.prepared import PreparedData
from svd_dash.reference import AREAS, REGION

PERIODS = [months_period("2025-04", "2026-03"), financial_year(2024), months_period("2023-09", "2024-08")]


@pytest.mark.parametrize("grouping", [g.name for g in PRESETS] + ["Robbery"])
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.slug)
def test_area_totals_equal_a_direct_groupby(prepared: PreparedData, grouping: str, period) -> None:
    types = grouping_named(grouping).crime_types
    counts = prepared.counts
    rows = counts[counts["crime_type"].isin(types) & counts["month"].isin(period.months)]
    direct = rows.groupby("la_code")["count"].sum()
    table = totals_by_area(counts, prepared.lsoa, types, period.months).set_index("area_code")
    for area in AREAS:
        assert table.loc[area.code, "count"] == direct.get(area.code, 0)
        per_lsoa = lsoa_totals(counts, prepared.lsoa, area.code, types, period.months)
        assert per_lsoa["count"].sum() == direct.get(area.code, 0)
        assert len(per_lsoa) == (prepared.lsoa["la_code"] == area.code).sum()
        monthly = monthly_totals(counts, area.code, types, prepared.months["month"])
        assert monthly[period.months].sum() == direct.get(area.code, 0)
    assert table.loc[REGION.code, "count"] == rows["count"].sum()
    assert table.loc[REGION.code, "population"] == 2_919_651


def test_the_change_uses_exactly_the_paired_months(prepared: PreparedData) -> None:
    weapons = grouping_named("Weapons")
    change = change_for(prepared, "E08000026", weapons, PERIODS[0], PERIODS[2])
    counts = prepared.counts[(prepared.counts["la_code"] == "E08000026") & (prepared.counts["crime_type"] == "Possession of weapons")]
    assert change.current_count == counts[counts["month"].isin(change.months.current)]["count"].sum()
    assert change.baseline_count == counts[counts["month"].isin(change.months.baseline)]["count"].sum()
    assert len(change.months.current) == len(change.months.baseline) == 12  # both periods complete in Coventry


def test_key_findings_for_every_area(prepared: PreparedData) -> None:
    grouping = grouping_named("Serious violence (police.uk proxy)")
    for area in (*AREAS, REGION):
        findings = key_findings(prepared, area.code, grouping, PERIODS[0], PERIODS[2])
        assert findings[0].title == "Change against baseline"
        assert all(f.sentence.endswith(".") and "nan" not in f.sentence and "inf" not in f.sentence for f in findings)
    region = key_findings(prepared, REGION.code, grouping, PERIODS[0], PERIODS[2])
    assert region[0].sentence.startswith("Serious violence offences in the West Midlands fell 4%")  # November left out: partial in Walsall


def test_every_grouping_is_defined_over_known_categories(prepared: PreparedData) -> None:
    assert len(GROUPINGS) == 3 + 14
    known = set(prepared.counts["crime_type"])
    assert all(set(g.crime_types) <= known for g in GROUPINGS.values())
    assert pd.Series([g.definition for g in GROUPINGS.values()]).str.len().min() > 10


def test_a_selection_with_no_records_gives_zeros_not_errors(prepared: PreparedData) -> None:
    empty = views.neighbourhoods(prepared, "E08000027", grouping_named("Robbery"), months_period("2023-06", "2023-06"))
    assert len(empty) == 203 and empty["count"].sum() == 0 and empty["harm_days"].sum() == 0.0
