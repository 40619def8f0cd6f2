"""Deprivation gradient, funnel limits, seasonality and harm weights, on hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from svd_dash.analytics.deprivation import deprivation_gradient, most_deprived_shares, rate_by_decile, score_rate_correlation
from svd_dash.analytics.funnel import council_funnel, funnel_limits
from svd_dash.analytics.harm import harm_by_crime_type
from svd_dash.analytics.seasonality import seasonal_profile


def lsoas() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lsoa21_code": ["a", "b", "c", "d"],
            "la_code": ["E08000029"] * 4,
            "count": [30, 10, 4, 2],
            "population": [1000, 1000, 2000, 1000],
            "imd2025_decile": [1, 1, 5, 10],
            "imd2025_score": [60.0, 45.0, 20.0, 5.0],
        }
    )


def test_rate_by_decile() -> None:
    table = rate_by_decile(lsoas(), 12).set_index("decile")
    assert table.loc[1, "count"] == 40 and table.loc[1, "population"] == 2000 and table.loc[1, "rate"] == 20.0
    assert table.loc[10, "rate"] == 2.0 and table.loc[5, "lsoas"] == 1


def test_gradient_per_decile_step_equals_the_hand_computed_quasi_poisson_fit() -> None:
    """Two deciles only, so the fit is saturated by decile: exp(b) = (rate in decile 1 / rate in decile 10)^(1/9);
    Pearson chi2 = (30-20)^2/20 + (10-20)^2/20 + 0 = 10 on 3 - 2 = 1 df; Var(b) = (1/40 + 1/2) / 81 x 10."""
    rows = lsoas().drop(index=2)  # deciles 1, 1, 10
    gradient = deprivation_gradient(rows, 12)
    beta, se = np.log(20 / 2) / 9, np.sqrt((1 / 40 + 1 / 2) / 81 * 10)
    t = stats.t.ppf(0.975, 1)
    assert gradient.ratio_per_step == pytest.approx(np.exp(beta))
    assert gradient.dispersion == pytest.approx(10.0) and gradient.df == 1
    assert (gradient.lower, gradient.upper) == pytest.approx((np.exp(beta - t * se), np.exp(beta + t * se)))
    assert gradient.verdict == "no clear gradient beyond the variation between neighbourhoods"
    assert gradient.sentence("robberies", "Solihull").startswith("In Solihull, the rate of robberies is 29% higher for each step")
    assert "Small numbers" not in gradient.sentence("robberies", "Solihull")
    few = deprivation_gradient(lsoas().assign(count=[3, 1, 1, 1]), 12)
    assert few.sentence("robberies", "Solihull").endswith("Small numbers (fewer than 10 records): treat with caution.")
    assert deprivation_gradient(rows.iloc[:2], 12) is None
    assert deprivation_gradient(lsoas().assign(count=0), 12) is None


def test_one_small_neighbourhood_no_longer_drives_the_gradient(prepared) -> None:
    """Sandwell's decile 9 is one LSOA with 6 offences: the old most/least ratio said 18.9 times (8.7 to 51.5)."""
    from svd_dash.analytics import views
    from svd_dash.analytics.groupings import grouping_named
    from svd_dash.analytics.periods import months_period

    period = months_period("2025-04", "2026-03")
    table = views.neighbourhoods(prepared, "E08000028", grouping_named("Serious violence (police.uk proxy)"), period)
    gradient = deprivation_gradient(table, len(views.months_used(prepared, "E08000028", period)))
    assert gradient.lsoas == len(table) and 1.1 < gradient.ratio_per_step < 1.4 and gradient.upper / gradient.lower < 1.3


def test_score_rate_correlation() -> None:
    result = score_rate_correlation(lsoas(), 12)
    rates = [30, 10, 2, 2]
    assert result.spearman == pytest.approx(stats.spearmanr([60, 45, 20, 5], rates).statistic)
    assert result.lsoas == 4


def test_most_deprived_shares() -> None:
    lsoa = lsoas()
    imd2019 = pd.DataFrame({"lsoa11_code": ["x", "y", "z"], "la_code": ["E08000029"] * 3, "imd2019_decile": [1, 2, 3]})
    shares = most_deprived_shares(lsoa, imd2019, "E08000029").set_index("imd_year")
    assert shares.loc[2019, "share"] == pytest.approx(1 / 3) and shares.loc[2025, "share"] == 0.5


def test_funnel_limits() -> None:
    limits = funnel_limits(10.0, np.array([10_000.0]), 12).iloc[0]  # expected 100 offences
    assert limits["lower_95"] == pytest.approx(stats.chi2.ppf(0.025, 200) / 2 / 10)
    assert limits["upper_99.8"] == pytest.approx(stats.chi2.ppf(0.999, 202) / 2 / 10)
    assert limits["lower_99.8"] < limits["lower_95"] < 10 < limits["upper_95"] < limits["upper_99.8"]


def test_each_council_is_compared_with_the_others_without_itself() -> None:
    totals = pd.DataFrame(
        {
            "area_code": ["a", "b", "c", "region"],
            "area_name": ["A", "B", "C", "West Midlands"],
            "count": [200, 100, 150, 450],
            "population": [10_000, 20_000, 15_000, 45_000],
        }
    )
    units = council_funnel(totals, 12, selected="a").units.set_index("unit")
    assert units.loc["a", "rate"] == pytest.approx(20.0)
    assert units.loc["a", "target"] == pytest.approx(250 / 35_000 * 1000)  # B and C only: 7.1 per 1,000
    assert list(units.index) == ["a", "b", "c"] and all("the other six councils" in c for c in units["comparison"])


def test_seasonal_profile_from_complete_months_only() -> None:
    index = pd.date_range("2024-01-01", "2025-12-01", freq="MS")
    values = pd.Series([120 if m.month == 7 else 100 for m in index], index=index)
    values[pd.Timestamp("2025-07-01")] = 5  # a partial month, excluded below
    profile = seasonal_profile(values, set(index) - {pd.Timestamp("2025-07-01")}).set_index("month_name")
    assert profile.loc["Jul", "months_used"] == 1 and profile.loc["Jan", "months_used"] == 2
    average = (11 * 100 + 120) / 12
    assert profile.loc["Jul", "index"] == pytest.approx(120 / average * 100)
    assert profile["index"].mean() == pytest.approx(100)


def test_harm_weighting() -> None:
    counts = pd.DataFrame({"crime_type": ["Robbery", "Shoplifting", "Anti-social behaviour"], "count": [2, 100, 50]})
    weights = pd.DataFrame(
        {
            "crime_type": ["Robbery", "Shoplifting", "Anti-social behaviour"],
            "cchi_days_west_midlands": [365.0, 1.0, np.nan],
            "cchi_days_national": [365.0, 1.0, np.nan],
        }
    )
    table = harm_by_crime_type(counts, weights).set_index("crime_type")
    assert table.loc["Robbery", "harm_days"] == 730 and table.loc["Shoplifting", "harm_days"] == 100
    assert table.loc["Anti-social behaviour", "harm_days"] == 0
    assert table.loc["Robbery", "share_of_harm"] == pytest.approx(730 / 830)


def test_seasonal_sentence_names_the_extremes() -> None:
    from svd_dash.analytics.seasonality import seasonal_sentence

    index = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    values = pd.Series([100] * 12, index=index)
    values[pd.Timestamp("2024-07-01")], values[pd.Timestamp("2024-02-01")] = 130, 70
    sentence = seasonal_sentence(seasonal_profile(values, set(index)))
    assert sentence.startswith("The busiest month is July (index 130) and the quietest February (70)")


def test_correlation_is_not_reported_when_every_rate_is_equal() -> None:
    flat = lsoas().assign(count=0)
    result = score_rate_correlation(flat, 12)
    assert np.isnan(result.spearman) and "no correlation to report" in result.sentence()
    assert score_rate_correlation(lsoas(), 12).sentence().startswith("Across 4 neighbourhoods, the rank correlation")
