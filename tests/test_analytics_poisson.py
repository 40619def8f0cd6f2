"""Exact Poisson limits and the exact conditional rate ratio."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from svd_dash.analytics.poisson import poisson_interval, rate_ratio
from svd_dash.analytics.rates import annual_rate_per_1000, with_rates


@pytest.mark.parametrize("count", [1, 4, 10, 57, 1000])
def test_poisson_limits_satisfy_their_definition(count: int) -> None:
    lower, upper = poisson_interval(count)
    assert stats.poisson.sf(count - 1, float(lower)) == pytest.approx(0.025, abs=1e-9)  # P(X >= k | lower)
    assert stats.poisson.cdf(count, float(upper)) == pytest.approx(0.025, abs=1e-9)  # P(X <= k | upper)


def test_poisson_limits_published_values() -> None:
    assert [round(float(x), 3) for x in poisson_interval(0)] == [0.0, 3.689]
    assert [round(float(x), 3) for x in poisson_interval(10)] == [4.795, 18.39]


def test_rates_per_1000_hand_computed() -> None:
    assert float(annual_rate_per_1000(50, 10_000, 12)) == 5.0
    assert float(annual_rate_per_1000(25, 10_000, 6)) == 5.0  # annualised
    import pandas as pd

    table = with_rates(pd.DataFrame({"count": [10], "population": [1000]}), 12)
    assert table.loc[0, "rate"] == 10.0
    assert round(table.loc[0, "rate_lower"], 3) == 4.795 and round(table.loc[0, "rate_upper"], 2) == 18.39


def test_rate_ratio_against_clopper_pearson() -> None:
    result = rate_ratio(82, 12, 100, 12)
    interval = stats.binomtest(82, 182).proportion_ci(method="exact")
    assert result.ratio == pytest.approx(0.82)
    assert result.lower == pytest.approx(interval.low / (1 - interval.low))
    assert result.upper == pytest.approx(interval.high / (1 - interval.high))
    assert not result.significant


def test_rate_ratio_with_unequal_exposure() -> None:
    result = rate_ratio(50, 6, 200, 12)  # 8.33 a month against 16.67 a month
    assert result.ratio == pytest.approx(0.5)
    assert result.significant and result.upper < 1
    assert result.p_value == pytest.approx(stats.binomtest(50, 250, 6 / 18).pvalue)


def test_rate_ratio_edge_cases() -> None:
    assert math.isnan(rate_ratio(0, 12, 0, 12).ratio)
    assert rate_ratio(5, 12, 0, 12).ratio == math.inf
    assert rate_ratio(0, 12, 5, 12).lower == 0.0
    with pytest.raises(ValueError):
        rate_ratio(1, 0, 1, 12)


@given(st.integers(0, 5000), st.integers(1, 36))
def test_no_change_gives_ratio_one_and_an_interval_containing_one(count: int, months: int) -> None:
    result = rate_ratio(count, months, count, months)
    if count:
        assert result.ratio == pytest.approx(1.0)
    assert result.lower <= 1 <= result.upper
    assert not result.significant


@given(st.integers(0, 3000), st.integers(0, 3000), st.integers(1, 24), st.integers(1, 24))
def test_the_ratio_lies_inside_its_interval(a: int, b: int, ta: int, tb: int) -> None:
    result = rate_ratio(a, ta, b, tb)
    if a + b:
        assert result.lower <= result.ratio <= result.upper
        assert 0 <= result.p_value <= 1
    assert np.isfinite(result.lower)
