"""Wards and MSOAs from LSOA counts, changes, the neighbourhood profile and its exports, and page keys in the link."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document

from svd_dash.analytics import views
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.neighbourhoods import LEVELS, by_level, change_by_level, unit_lsoas
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.profile import build_profile, hotspot_history, months_note, profile_csv_table, profile_spc
from svd_dash.prepared import PreparedData
from svd_dash.ui.profile_export import profile_docx
from svd_dash.ui.state import page_query

SV = grouping_named("Serious violence (police.uk proxy)")
PERIOD, BASELINE = months_period("2025-04", "2026-03"), months_period("2023-09", "2024-08")


def toy_lsoas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lsoa21_code": ["A1", "A2", "B1"],
            "ward_code": ["W1", "W1", "W2"],
            "ward_name": ["North", "North", "South"],
            "la_name": ["Town"] * 3,
            "count": [3, 5, 20],
            "population": [1000, 1000, 2000],
            "population_16_24": [100, 100, 400],
            "harm_days": [1.0, 2.0, 3.0],
        }
    )


def test_a_wards_figures_are_its_lsoas_sums() -> None:
    wards = by_level(toy_lsoas(), LEVELS["ward"], months=6).set_index("code")
    assert wards.loc["W1", "count"] == 8 and wards.loc["W1", "population"] == 2000 and wards.loc["W1", "lsoas"] == 2
    assert wards.loc["W1", "rate"] == pytest.approx(8 / (2000 * 6 / 12) * 1000)  # 8.0 a year per 1,000
    assert wards.loc["W2", "rank"] == 1 and wards.loc["W1", "small_numbers"] and not wards.loc["W2", "small_numbers"]


def test_change_by_level_compares_annual_rates() -> None:
    current = by_level(toy_lsoas(), LEVELS["ward"], months=12)
    baseline = by_level(toy_lsoas().assign(count=[2, 2, 40]), LEVELS["ward"], months=12)
    changes = change_by_level(current, baseline).set_index("code")
    assert changes.loc["W1", "percent_change"] == pytest.approx(100.0) and changes.loc["W2", "percent_change"] == pytest.approx(-50.0)
    assert changes.loc["W1", "small_numbers"]


@pytest.mark.parametrize("level,units", [("ward", 192), ("msoa", 357), ("lsoa", 1719)])
def test_every_level_reconciles_with_the_lsoa_counts(prepared: PreparedData, level: str, units: int) -> None:
    table = views.neighbourhoods(prepared, "E47000007", SV, PERIOD)
    grouped = by_level(table, LEVELS[level], 12)
    assert len(grouped) == units
    assert grouped["count"].sum() == table["count"].sum()
    assert grouped["population"].sum() == 2_919_651  # Census 2021 residents of the seven areas


def test_ladywood_is_birminghams_top_ward_and_its_profile_reconciles(prepared: PreparedData) -> None:
    table = views.neighbourhoods(prepared, "E08000025", SV, PERIOD)
    wards = by_level(table, LEVELS["ward"], 12)
    assert wards.iloc[0]["name"] == "Ladywood" and wards.iloc[0]["count"] == 4507
    profile = build_profile(prepared, LEVELS["ward"], "E05011151", SV.crime_types, PERIOD.months, wards)
    lsoas = unit_lsoas(prepared.lsoa, LEVELS["ward"], "E05011151")
    assert profile.rank == 1 and profile.units_in_area == 69 and len(profile.lsoas) == len(lsoas) == 15
    raw = prepared.counts[prepared.counts["lsoa21_code"].isin(lsoas) & prepared.counts["month"].isin(PERIOD.months)]
    assert profile.by_type["count"].sum() == raw["count"].sum()
    assert profile.by_type.set_index("crime_type").loc[list(SV.crime_types), "count"].sum() == profile.count == 4507
    assert len(profile.monthly) == 35 and profile.deprivation["decile"].between(1, 10).all()
    csv = profile_csv_table(profile)
    assert (csv["item"] == "records in the period (grouping)").sum() == 1 and "1 of 69" in csv["value"].tolist()


def test_a_profile_on_the_region_page_says_why_it_counts_more_months(prepared: PreparedData) -> None:
    region = by_level(views.neighbourhoods(prepared, "E47000007", SV, PERIOD), LEVELS["ward"], 11)
    birmingham = by_level(views.neighbourhoods(prepared, "E08000025", SV, PERIOD), LEVELS["ward"], 12)
    profile = build_profile(prepared, LEVELS["ward"], "E05011151", SV.crime_types, PERIOD.months, birmingham)
    assert region.set_index("code").loc["E05011151", "count"] == 4117 < profile.count == 4507  # November 2025 is partial in one council
    region_months = len(views.months_used(prepared, "E47000007", PERIOD))
    assert (profile.months_used, region_months) == (12, 11)
    note = months_note(profile, region_months, "the West Midlands")
    assert note is not None and "the 12 months of the period that are complete in Birmingham" in note and "only the 11" in note
    assert months_note(profile, 12, "Birmingham") is None


def test_hotspot_history_counts_hot_lsoas_per_bin() -> None:
    by_bin = pd.DataFrame(
        {
            "lsoa21_code": ["A1", "A2", "A1", "A2", "B1", "B1"],
            "bin": ["2024 Q1", "2024 Q1", "2024 Q2", "2024 Q2", "2024 Q1", "2024 Q2"],
            "count": [3, 4, 5, 6, 100, 100],
            "state": ["hot spot", "neither", "hot spot", "hot spot", "hot spot", "hot spot"],
        }
    )
    history = hotspot_history(by_bin, ["A1", "A2"]).set_index("measure")
    assert history.loc["records"].tolist() == [7, 11]
    assert history.loc["LSOAs hot spot"].tolist() == [1, 2] and history.loc["LSOAs cold spot"].tolist() == [0, 0]


def test_the_word_profile_is_one_a4_page_with_the_figures(prepared: PreparedData) -> None:
    wards = by_level(views.neighbourhoods(prepared, "E08000026", SV, PERIOD), LEVELS["ward"], 12)
    profile = build_profile(prepared, LEVELS["ward"], wards.iloc[0]["code"], SV.crime_types, PERIOD.months, wards)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2e3c1d40000000049454e44ae426082"
    )
    history = pd.DataFrame({"measure": ["records"], "2025 Q1": [10]})
    document = Document(io.BytesIO(profile_docx(profile, "Coventry · Serious violence", png, history, "Source: police.uk")))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    text = "\n".join(p.text for p in document.paragraphs)
    assert profile.name in text and f"{profile.count:,} records" in text and f"rank {profile.rank} of {profile.units_in_area}" in text
    assert len(document.tables) == 3 and len(document.inline_shapes) == 1


def test_page_keys_survive_the_sidebars_rewrite_of_the_link() -> None:
    assert page_query({"area": "coventry", "level": "ward", "unit": "E05001228", "junk": "x", "factor": ""}) == {
        "level": "ward",
        "unit": "E05001228",
    }


def test_a_profile_has_an_spc_chart_from_the_baseline(prepared: PreparedData) -> None:
    """The profile's SPC centre line is the mean of its complete baseline months (hand check)."""
    wards = by_level(views.neighbourhoods(prepared, "E08000025", SV, PERIOD), LEVELS["ward"], 12)
    profile = build_profile(prepared, LEVELS["ward"], "E05011151", SV.crime_types, PERIOD.months, wards)
    baseline = months_period("2024-04", "2025-03")
    spc = profile_spc(profile, baseline)
    monthly = profile.monthly.set_index("month")
    in_baseline = monthly[monthly.index.isin(baseline.months) & monthly["complete"]]["count"]
    assert spc.mean == pytest.approx(in_baseline.mean())
