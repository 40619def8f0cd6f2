"""The national comparison among all Community Safety Partnerships and the police.uk-ONS reconciliation, on the bundled data."""

from __future__ import annotations

import pytest

from svd_dash.analytics.national import COMPARATOR_GROUPS, NATIONAL_MEASURE_BY_LABEL, NATIONAL_MEASURES, compare_nationally, csp_table
from svd_dash.analytics.reconciliation import reconcile, reconciliation_sentence
from svd_dash.prepared import OfficialData, PreparedData, load_official
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def official() -> OfficialData:
    return load_official(ROOT / "data")


@pytest.mark.parametrize("measure", [m.key for m in NATIONAL_MEASURES])
def test_csp_counts_and_unassigned_add_up_to_the_force_totals(official: OfficialData, measure: str) -> None:
    c2 = official.figures[(official.figures["table"] == "C2") & (official.figures["measure"] == measure)]
    forces = c2[c2["geography_level"] == "police_force_area"].set_index("geography_code")["value"]
    parts = c2[c2["geography_level"] != "police_force_area"].groupby("parent_code")["value"].sum()
    assert len(forces) == 42 and set(parts.index) - set(forces.index) == {"E23000034"}  # City of London: one CSP, no force row
    assert (parts[forces.index] - forces).abs().max() <= 1  # two Welsh forces' rows differ by 1 in ONS's own table
    assert len(csp_table(official.figures, official.csp_residents, measure)) == 314


def test_birmingham_among_all_csps(official: OfficialData) -> None:
    result = compare_nationally(
        official.figures,
        official.csp_residents,
        NATIONAL_MEASURE_BY_LABEL["Violence against the person"],
        "E08000025",
        COMPARATOR_GROUPS[0],
    )
    assert result.row["count"] == 54_583 and result.row["rate"] == pytest.approx(54_583 / 1_144_903 * 1000)
    assert (result.rank, result.group_size) == (19, 314)
    assert result.england_wales_rate == pytest.approx(result.england_wales_count / 59_597_114 * 1000)
    assert round(result.england_wales_rate, 1) == 32.4
    assert result.funnel.words_use == "overdispersed" and result.funnel.dispersion.phi > 100
    assert "the 19th highest of 314" in result.sentence()


def test_comparator_groups_are_named_and_sized(official: OfficialData) -> None:
    weapons = NATIONAL_MEASURE_BY_LABEL["Possession of weapons offences"]
    metropolitan = compare_nationally(official.figures, official.csp_residents, weapons, "E08000025", COMPARATOR_GROUPS[1])
    assert metropolitan.group_size == 36 and metropolitan.rank == 1
    assert metropolitan.funnel.comparator == "the other 35 CSPs"
    similar = compare_nationally(official.figures, official.csp_residents, weapons, "E08000029", COMPARATOR_GROUPS[2])
    assert 55 <= similar.group_size <= 60 and similar.row["name"] == "Solihull"


def test_homicide_is_flagged_as_small_numbers(official: OfficialData) -> None:
    result = compare_nationally(
        official.figures, official.csp_residents, NATIONAL_MEASURE_BY_LABEL["Homicide"], "E08000026", COMPARATOR_GROUPS[0]
    )
    assert result.funnel.small_counts and result.row["count"] == 5
    assert result.row["rate"] == pytest.approx(5 / official.csp_residents.set_index("csp_code").loc["E22000336", "residents"] * 1e6)
    assert "Small numbers" in result.sentence()


def test_police_uk_is_reconciled_with_ons(prepared: PreparedData, official: OfficialData) -> None:
    table = reconcile(prepared.counts, prepared.months, official.figures).set_index(["area_code", "pair"])
    birmingham = table.loc[("E08000025", "All crime (excluding fraud)")]
    assert birmingham["ons"] == 135_101
    window = prepared.counts[prepared.counts["month"].between("2024-07-01", "2025-06-01") & (prepared.counts["la_code"] == "E08000025")]
    assert birmingham["police_uk_12_months"] == window.loc[window["crime_type"] != "Anti-social behaviour", "count"].sum()
    assert table.loc[("E47000007", "All crime (excluding fraud)"), "ons"] == 303_343
    assert table.loc[("E08000025", "Violence and sexual offences"), "ons"] == 54_583 + 5_454
    assert table["coverage_12_months"].between(0.80, 0.96).all()  # partial months pull the plain sums down
    assert table["coverage_estimated"].between(0.94, 1.10).all()
    assert "partial" in reconciliation_sentence(table.reset_index(), "E08000025")
