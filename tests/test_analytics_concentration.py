"""Concentration: shares, the half point, Lorenz curve and Gini, on hand-computed cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from svd_dash.analytics.concentration import concentration, fewest_holding, gini, lorenz_points, top_share


def test_lorenz_and_gini_on_10_20_30_40() -> None:
    points = lorenz_points([10, 20, 30, 40])
    assert points.values.tolist() == [[0, 0], [0.25, 0.1], [0.5, 0.3], [0.75, 0.6], [1, 1]]
    assert gini([10, 20, 30, 40]) == 0.25  # 1 - 2 x 0.375
    assert gini([5, 5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 12]) == 0.75  # (n - 1) / n for all-in-one


def test_shares_and_half_point() -> None:
    counts = [40, 30, 20, 10]
    assert top_share(counts, 0.25) == 0.4
    assert top_share(counts, 0.01) == 0.4  # at least one LSOA
    assert fewest_holding(counts) == 2  # 40 < 50 <= 70
    summary = concentration(np.array([50] + [0] * 99))
    assert summary.half_lsoas == 1 and summary.half_share_of_lsoas == 0.01 and summary.top_shares[0.05] == 1.0
    assert summary.sentence("robberies", "Solihull").startswith("Half of robberies in Solihull were in 1% of its neighbourhoods (1 of 100)")


def test_empty_and_invalid() -> None:
    assert np.isnan(top_share([0, 0], 0.5)) and fewest_holding([0, 0]) == 0
    with pytest.raises(ValueError):
        top_share([], 0.1)
    with pytest.raises(ValueError):
        gini([-1, 2])


counts_strategy = st.lists(st.integers(0, 500), min_size=1, max_size=300).filter(lambda v: sum(v) > 0)


@given(counts_strategy)
def test_shares_are_monotone_and_bounded(values: list[int]) -> None:
    summary = concentration(np.array(values))
    shares = [summary.top_shares[f] for f in (0.01, 0.05, 0.10)]
    assert shares == sorted(shares) and shares[0] > 0 and shares[-1] <= 1 + 1e-12
    assert top_share(values, 1.0) == pytest.approx(1.0)
    assert 1 <= summary.half_lsoas <= len(values)
    assert sum(sorted(values, reverse=True)[: summary.half_lsoas]) >= sum(values) / 2


@given(counts_strategy)
def test_lorenz_curve_is_a_lorenz_curve(values: list[int]) -> None:
    points = lorenz_points(values)
    y = points["share_of_offences"].to_numpy()
    assert y[0] == 0 and y[-1] == pytest.approx(1) and (np.diff(y) >= -1e-12).all()
    assert (y <= points["share_of_lsoas"].to_numpy() + 1e-12).all()  # on or below the diagonal
    assert 0 <= gini(values) < 1
