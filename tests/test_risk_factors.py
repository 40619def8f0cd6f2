"""Risk factors: quintiles, the quasi-Poisson rate by quintile against hand computation, the sentences,
and the real bundled data (totals reconcile, pinned ratios)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from svd_dash.analytics import views
from svd_dash.analytics.counts import select_counts
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.risk_factors import (
    FACTOR_BY_KEY,
    FACTORS,
    factor_overview,
    factor_quintiles,
    quintile_of,
    quintile_rates,
    risk_table,
)
from svd_dash.prepared import PreparedData

CODES = pd.Series([f"L{i}" for i in range(10)])


def test_quintiles_have_equal_numbers_and_break_ties_by_code() -> None:
    values = pd.Series([5, 1, 1, 9, 3, 7, 2, 8, 4, 6])
    assert quintile_of(values, CODES).tolist() == [3, 1, 1, 5, 2, 4, 2, 5, 3, 4]
    tied = quintile_of(pd.Series([0.0] * 10), CODES)
    assert tied.tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]  # all equal: ordered by code


def test_rates_and_intervals_without_extra_variation_use_a_dispersion_of_one() -> None:
    quintile = pd.Series([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    count = pd.Series([10, 10, 20, 20, 30, 30, 40, 40, 50, 50])
    result = quintile_rates(count, pd.Series([1000.0] * 10), quintile)
    assert result.dispersion == 1.0  # Pearson chi2 is 0, floored at 1
    t = stats.t.ppf(0.975, 5)
    assert result.table["rate"].tolist() == pytest.approx([10, 20, 30, 40, 50])
    assert result.table["rate_lower"].iloc[0] == pytest.approx(10 * np.exp(-t / np.sqrt(20)))
    assert result.table["rate_upper"].iloc[4] == pytest.approx(50 * np.exp(t / np.sqrt(100)))
    assert result.rate_ratio == pytest.approx(5.0)
    assert result.ratio_lower == pytest.approx(5 * np.exp(-t * np.sqrt(1 / 20 + 1 / 100)))


def test_overdispersion_widens_the_intervals_by_the_pearson_dispersion() -> None:
    quintile = pd.Series([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    count = pd.Series([5, 15, 10, 30, 15, 45, 20, 60, 25, 75])
    result = quintile_rates(count, pd.Series([1000.0] * 10), quintile)
    # Pearson chi2 = sum (o - e)^2 / e = 5 + 10 + 15 + 20 + 25 = 75 on 10 - 5 = 5 df: dispersion 15
    assert result.dispersion == pytest.approx(15.0)
    t = stats.t.ppf(0.975, 5)
    assert result.table["rate_upper"].iloc[0] == pytest.approx(10 * np.exp(t * np.sqrt(15 / 20)))
    assert "dispersion 15.00" in result.method and "quasi-Poisson" in result.method


def test_sentences_say_clearly_or_within_the_normal_variation() -> None:
    quintile = pd.Series([1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    clear = quintile_rates(pd.Series([10, 10, 20, 20, 30, 30, 40, 40, 50, 50]), pd.Series([1000.0] * 10), quintile)
    text = clear.sentence(FACTOR_BY_KEY["income"], "serious violence offences")
    assert text.startswith("The fifth of neighbourhoods with the highest income deprivation had 5.0 times the rate of serious violence")
    assert "clearly higher" in text and "significant" not in text
    unclear = quintile_rates(pd.Series([1, 30, 2, 25, 1, 20, 3, 28, 2, 30]), pd.Series([1000.0] * 10), quintile)
    assert "no clear difference" in unclear.sentence(FACTOR_BY_KEY["income"], "robberies")


def region_risk(prepared: PreparedData) -> tuple[pd.DataFrame, int]:
    period = months_period("2025-04", "2026-03")
    table = views.neighbourhoods(prepared, "E47000007", grouping_named("Serious violence (police.uk proxy)"), period)
    used = views.months_used(prepared, "E47000007", period)
    drugs = select_counts(prepared.counts, "E47000007", ("Drugs",), used).groupby("lsoa21_code")["count"].sum()
    return risk_table(table, drugs, len(used)), len(used)


def test_region_quintiles_reconcile_and_show_the_expected_gradients(prepared: PreparedData) -> None:
    risk, months = region_risk(prepared)
    assert months == 12
    assert risk["share_16_24"].between(0, 100).all() and risk["share_16_24"].median() > 5
    drugs_total = prepared.counts[(prepared.counts["crime_type"] == "Drugs") & prepared.counts["month"].between("2025-04-01", "2026-03-01")]
    assert (risk["drugs_rate"] * risk["population"] / 1000).sum() == pytest.approx(drugs_total["count"].sum())
    for factor in FACTORS:
        result = factor_quintiles(risk, factor, months)
        assert result.table["count"].sum() == risk["count"].sum()
        assert result.table["lsoas"].tolist() == [344, 344, 344, 344, 343]
        assert (result.table["rate_lower"] < result.table["rate"]).all() and (result.table["rate"] < result.table["rate_upper"]).all()
        assert result.dispersion > 1
    education = factor_quintiles(risk, FACTOR_BY_KEY["education"], months)
    assert education.rate_ratio == pytest.approx(2.7, abs=0.05) and education.ratio_lower > 1
    overview = factor_overview(risk, months)
    assert len(overview) == 9 and set(overview["risk_factor"]) == {"Education", "Deprivation", "Demography", "Substance misuse"}
