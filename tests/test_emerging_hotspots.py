"""Emerging hot spots (Esri's classes on hand-specified sequences and a small space-time grid), the
Mann-Kendall test and Gi* against hand computation, and hotspot prediction (hit rate, PAI) on a toy case."""

from __future__ import annotations

import libpysal
import numpy as np
import pandas as pd
import pytest

from svd_dash.analytics.counts import select_counts
from svd_dash.analytics.emerging_hotspots import (
    COLD,
    HOT,
    NEITHER,
    NO_PATTERN,
    class_counts,
    classify,
    emerging_analysis,
    emerging_hotspots,
    gi_star_bins,
    mann_kendall,
    pattern_table,
    time_bins,
)
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.hotspot_prediction import prediction_accuracy, successive_years, top_lsoas
from svd_dash.analytics.hotspots import contiguity_weights
from svd_dash.analytics.periods import complete_months
from svd_dash.prepared import PreparedData, load_boundaries

H, C, N = HOT, COLD, NEITHER
NO_TREND, RISING, FALLING = (0.0, 1.0), (0.8, 0.001), (-0.8, 0.001)


@pytest.mark.parametrize(
    "states,trend,expected",
    [
        ([N, N, N, N, N, N, N, N, N, H], NO_TREND, "New hot spot"),
        ([N, N, N, N, N, N, N, H, H, H], NO_TREND, "Consecutive hot spot"),
        ([N, H, H, H, H, H, H, H, H, H], RISING, "Intensifying hot spot"),
        ([H, H, H, H, H, H, H, H, H, H], NO_TREND, "Persistent hot spot"),
        ([H, H, H, H, H, H, H, H, H, H], FALLING, "Diminishing hot spot"),
        ([N, H, N, N, H, H, N, N, N, H], NO_TREND, "Sporadic hot spot"),
        ([C, N, N, N, N, N, N, N, N, H], NO_TREND, "Oscillating hot spot"),
        ([H, H, H, H, H, H, H, H, H, N], NO_TREND, "Historical hot spot"),
        ([N, N, N, N, N, N, N, N, N, C], NO_TREND, "New cold spot"),
        ([N, N, N, N, N, N, N, N, C, C], NO_TREND, "Consecutive cold spot"),
        ([C, C, C, C, C, C, C, C, C, C], FALLING, "Intensifying cold spot"),
        ([C, C, C, C, C, C, C, C, C, C], NO_TREND, "Persistent cold spot"),
        ([C, C, C, C, C, C, C, C, C, C], RISING, "Diminishing cold spot"),
        ([C, N, N, C, N, N, N, N, N, C], NO_TREND, "Sporadic cold spot"),
        ([N, H, N, N, N, N, N, N, N, C], NO_TREND, "Oscillating cold spot"),
        ([C, C, C, C, C, C, C, C, C, N], NO_TREND, "Historical cold spot"),
        ([N, H, H, N, N, N, N, N, N, N], NO_TREND, NO_PATTERN),
        ([H, H, H, H, H, H, H, H, N, N], NO_TREND, NO_PATTERN),  # 80% hot, not in the final bin
        ([H, N, N, N, N, N, N, N, H, H], NO_TREND, "Sporadic hot spot"),  # final run preceded by an earlier hot bin
        ([H, H, H, H, H, H, H, H, H, H], (0.8, 0.2), "Persistent hot spot"),  # a rise that is not significant
    ],
)
def test_classes_follow_esri_rules_on_hand_specified_sequences(states: list[int], trend: tuple[float, float], expected: str) -> None:
    assert classify(np.array(states), *trend) == expected


def test_mann_kendall_matches_a_hand_computation() -> None:
    # 1, 2, 3, 5, 4: S = 4 + 3 + 2 - 1 = 8; Var(S) = 5 x 4 x 15 / 18 = 16.667; Z = (8 - 1) / 4.0825 = 1.7146
    tau, p = mann_kendall(np.array([[1, 2, 3, 5, 4], [3, 3, 3, 3, 3], [5, 4, 3, 2, 1]], dtype=float))
    assert tau[0] == pytest.approx(0.8) and p[0] == pytest.approx(0.08641, abs=1e-4)
    assert (tau[1], p[1]) == (0.0, 1.0)  # constant: no trend
    assert tau[2] == pytest.approx(-1.0) and p[2] == pytest.approx(0.02749, abs=1e-4)  # S = -10, Z = -9 / 4.0825 = -2.2045


def test_gi_star_matches_the_published_formula_on_a_lattice() -> None:
    weights = libpysal.weights.lat2W(4, 4, rook=False)
    counts = np.arange(16, dtype=float) ** 1.5
    z, _ = gi_star_bins(pd.DataFrame({"bin": counts}, index=[f"c{i}" for i in range(16)]), weights)
    # Ord and Getis (1995) Gi*: (sum_j w_ij x_j - xbar W_i) / (s sqrt((n S1_i - W_i^2) / (n - 1))), j including i
    n, xbar, s = 16, counts.mean(), counts.std()
    for i in (0, 5, 15):
        members = [i, *weights.neighbors[i]]
        w_sum = len(members)
        expected = (counts[members].sum() - xbar * w_sum) / (s * np.sqrt((n * w_sum - w_sum**2) / (n - 1)))
        assert z["bin"].iloc[i] == pytest.approx(expected, rel=1e-9)


def grid_counts(block_bins: list[int], bins: int = 10) -> pd.DataFrame:
    """A 10 x 10 lattice: one record a cell per bin, plus 40 in each cell of the 2 x 2 corner block in ``block_bins``."""
    rng = np.random.default_rng(7)
    table = pd.DataFrame(rng.poisson(2, size=(100, bins)), index=[f"c{i:02d}" for i in range(100)], columns=[f"b{j}" for j in range(bins)])
    for j in block_bins:
        table.loc[["c00", "c01", "c10", "c11"], f"b{j}"] += 40
    return table


@pytest.mark.parametrize(
    "block_bins,expected",
    [
        (list(range(10)), "Persistent hot spot"),
        ([9], "New hot spot"),
        ([7, 8, 9], "Consecutive hot spot"),
        (list(range(9)), "Historical hot spot"),
        ([2, 5, 9], "Sporadic hot spot"),
    ],
)
def test_classes_on_a_small_space_time_grid(block_bins: list[int], expected: str) -> None:
    weights = libpysal.weights.lat2W(10, 10, rook=False)
    classes, by_bin = emerging_hotspots(grid_counts(block_bins), weights)
    corner = classes.set_index("lsoa21_code").loc["c00"]
    assert corner["emerging_class"] == expected
    assert corner["bins_hot"] == len(block_bins)
    far = classes.set_index("lsoa21_code").loc["c99"]
    assert far["emerging_class"] == NO_PATTERN
    assert len(by_bin) == 100 * 10 and set(by_bin["state"]) <= {"hot spot", "cold spot", "neither"}


def test_time_bins_use_quarters_with_at_least_two_complete_months(prepared: PreparedData) -> None:
    months = sorted(pd.to_datetime(prepared.months["month"].unique()))
    bins = time_bins(months, complete_months(prepared.months, "E47000007"), "quarter")
    assert [b.label for b in bins] == [
        "2023 Q4", "2024 Q1", "2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1"
    ]  # fmt: skip
    assert [len(b.used) for b in bins] == [3, 3, 3, 2, 2, 2, 3, 3, 2, 3]  # Sep/Oct 2024, Mar 2025 and Nov 2025 (Walsall) are partial


def test_region_serious_violence_classes(prepared: PreparedData) -> None:
    shapes = load_boundaries("lsoa21").sort_values("lsoa21_code").reset_index(drop=True)
    counts = select_counts(prepared.counts, "E47000007", grouping_named("Serious violence (police.uk proxy)").crime_types)
    months = sorted(pd.to_datetime(prepared.months["month"].unique()))
    result = emerging_analysis(
        counts, months, complete_months(prepared.months, "E47000007"), contiguity_weights(shapes), shapes["lsoa21_code"].tolist()
    )
    assert result.kind == "quarter" and len(result.bins) == 10
    table = class_counts(result.classes).set_index("class")["lsoas"]
    assert table.sum() == 1719
    assert table["Persistent hot spot"] == 37 and table["Sporadic hot spot"] == 22 and table["No pattern detected"] == 1650
    # the bins' counts reconcile with the raw counts over the bins' complete months
    used = [m for b in result.bins for m in b.used]
    assert result.by_bin["count"].sum() == counts[counts["month"].isin(used)]["count"].sum()


def test_small_counts_use_half_years(prepared: PreparedData) -> None:
    shapes = load_boundaries("lsoa21")
    shapes = shapes[shapes["la_code"] == "E08000026"].sort_values("lsoa21_code").reset_index(drop=True)
    counts = select_counts(prepared.counts, "E08000026", ("Possession of weapons",))
    months = sorted(pd.to_datetime(prepared.months["month"].unique()))
    result = emerging_analysis(
        counts, months, complete_months(prepared.months, "E08000026"), contiguity_weights(shapes), shapes["lsoa21_code"].tolist()
    )
    assert result.kind == "half-year" and result.mean_per_lsoa_per_bin < 5


def test_prediction_hit_rate_and_pai_on_a_toy_case() -> None:
    codes = [f"L{i:02d}" for i in range(20)]
    this_year = pd.Series([50, 40, *[5] * 18], index=codes)
    next_year = pd.Series([30, 45, *[5] * 18], index=codes)  # total 165
    area = pd.Series([0.5, 1.0, *[1.0] * 18], index=codes)  # total 19.5 km2
    # top 5% of 20 = 1 LSOA (L00): hit rate 30 / 165 = 0.1818; area share 0.5 / 19.5 = 0.02564; PAI = 7.09
    result = prediction_accuracy(this_year, next_year, area)
    assert result["lsoas_targeted"] == 1 and result["count_in_targeted"] == 30 and result["next_year_count"] == 165
    assert result["hit_rate"] == pytest.approx(30 / 165)
    assert result["area_share"] == pytest.approx(0.5 / 19.5)
    assert result["pai"] == pytest.approx((30 / 165) / (0.5 / 19.5))
    assert result["still_top"] == 0.0  # next year's top is L01
    assert top_lsoas(pd.Series([3, 3, 1], index=["b", "a", "c"]), 0.34) == ["a", "b"]  # ceil(1.02) = 2, tie broken by code


def test_successive_years_are_whole_12_month_periods() -> None:
    months = list(pd.date_range("2023-05-01", "2026-03-01", freq="MS"))
    pairs = successive_years(months)
    assert [(a.label, b.label) for a, b in pairs] == [("the 12 months to March 2025", "the 12 months to March 2026")]


def test_a_neighbourhood_without_neighbours_is_not_tested() -> None:
    neighbours = {i: [j for j in (i - 1, i + 1) if 0 <= j < 9] for i in range(9)} | {9: []}
    weights = libpysal.weights.W(neighbours, silence_warnings=True)
    table = pd.DataFrame(np.tile(np.arange(10), (4, 1)).T * [1, 2, 3, 4], index=[f"u{i}" for i in range(10)], columns=["a", "b", "c", "d"])
    classes, by_bin = emerging_hotspots(table, weights)
    assert classes.set_index("lsoa21_code").loc["u9", "emerging_class"] == "Not tested (no neighbours)"
    assert by_bin[by_bin["lsoa21_code"] == "u9"]["z"].isna().all()


def test_the_pattern_list_puts_name_and_class_first() -> None:
    classes = pd.DataFrame(
        {
            "lsoa21_code": ["E2", "E1", "E3"],
            "emerging_class": ["Sporadic hot spot", "Persistent hot spot", NO_PATTERN],
            "trend_tau": [0.123, -0.456, 0.0],
            "trend_p": [0.12345, 0.5, 1.0],
            "bins_hot": [3, 10, 0],
            "bins_cold": [0, 0, 0],
        }
    )
    lsoa = pd.DataFrame(
        {
            "lsoa21_code": ["E1", "E2", "E3"],
            "lsoa21_name": ["A 001A", "A 002A", "A 003A"],
            "ward_name": ["W", "W", "V"],
            "msoa21_hcl_name": ["M"] * 3,
        }
    )
    listed = pattern_table(classes, lsoa)
    assert list(listed.columns[:3]) == ["lsoa21_name", "emerging_class", "ward_name"]
    assert listed["lsoa21_code"].tolist() == ["E1", "E2"]  # no-pattern left out; by class, then code
    assert listed.loc[1, ["trend_tau", "trend_p"]].tolist() == [0.12, 0.123]
