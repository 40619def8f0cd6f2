"""Overdispersed funnel limits (Spiegelhalter 2005) against a hand computation, and the funnel's verdicts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from svd_dash.analytics.funnel import estimate_overdispersion, funnel, overdispersed_limits

# Ten units, each 1,000 person-years, target 100 per 1,000: s = sqrt(100 / 1) = 10, so z = (count - 100) / 10.
HAND_COUNTS = np.array([80, 90, 95, 100, 100, 100, 105, 110, 120, 150])
# z = -2, -1, -0.5, 0, 0, 0, 0.5, 1, 2, 5. Percentiles (linear): 10th = -2 + 0.9 x 1 = -1.1; 90th = 2 + 0.1 x 3 = 2.3.
# Winsorised z^2: 1.21 + 1 + 0.25 + 0 + 0 + 0 + 0.25 + 1 + 4 + 5.29 = 13.0, so phi = 13.0 / 10 = 1.3.
# Additive: w = 1 / 100 each; sum w = 0.1, sum w^2 / sum w = 0.01; tau^2 = (10 x 1.3 - 9) / (0.1 - 0.01) = 4 / 0.09 = 44.44.
# 95% limits for a unit of 1,000 person-years: 100 +/- 1.96 x sqrt(100 + 44.44) = 100 +/- 23.56.


def test_overdispersion_matches_the_hand_computation() -> None:
    result = estimate_overdispersion(HAND_COUNTS, np.ones(10), 100.0)
    assert result.phi == pytest.approx(1.3)
    assert result.tau2 == pytest.approx(4 / 0.09)
    assert result.p_value == pytest.approx(stats.chi2.sf(13.0, 9))
    limits = overdispersed_limits(100.0, np.array([1.0]), result.tau2).iloc[0]
    assert limits["od_upper_95"] == pytest.approx(100 + 1.959964 * np.sqrt(100 + 400 / 9), abs=1e-4)
    assert limits["od_lower_95"] == pytest.approx(100 - 23.56, abs=0.01)
    assert limits["od_upper_99.8"] == pytest.approx(100 + stats.norm.ppf(0.999) * np.sqrt(100 + 400 / 9))


def test_no_extra_spread_means_chance_limits() -> None:
    result = estimate_overdispersion(np.array([98, 100, 102, 100]), np.ones(4), 100.0)
    assert result.phi < 1 and result.tau2 == 0.0  # tau^2 is never negative


def units(counts: list[int], residents: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {"unit": [f"u{i}" for i in range(len(counts))], "name": list("ABCDEFGHIJ"[: len(counts)]), "count": counts, "residents": residents}
    )


def test_each_unit_is_compared_with_the_others_and_the_selected_one_is_the_centre() -> None:
    others = [100, 102, 98, 101, 99, 103, 97, 100, 100]
    table = units([800, *others], [10_000] + [2_000] * 9)
    result = funnel(table, 12, "the others", selected="u0")
    big = result.units.set_index("unit").loc["u0"]
    assert big["target"] == pytest.approx(900 / 18)  # per 1,000 a year, without u0
    assert result.target == pytest.approx(big["target"]) and result.overall == pytest.approx(1700 / 28)
    assert big["rate"] == pytest.approx(80.0)
    assert big["comparison"] == "higher than the others, beyond the normal spread between areas"
    assert result.words_use == "overdispersed" and not result.small_counts
    curve = result.curve
    assert (curve["od_upper_95"] >= curve["upper_95"] - 1e-9).all()  # extra spread only widens
    assert "Spiegelhalter (2005) additive random effects" in result.method


def test_small_counts_use_exact_poisson_limits_and_say_so() -> None:
    table = units([1, 0, 2, 3, 1, 12], [100_000] * 6)
    result = funnel(table, 12, "the others", selected="u5", per=1_000_000)
    assert result.small_counts and result.words_use == "chance-only (exact Poisson)"
    row = result.units.set_index("unit").loc["u5"]
    assert row["rate"] == pytest.approx(120.0)  # 12 a year per 100,000 = 120 per million
    assert row["upper_99.8"] == pytest.approx(stats.chi2.ppf(0.999, 2 * 1.4 + 2) / 2 * 10)
    assert row["comparison"].startswith("higher than the others")
