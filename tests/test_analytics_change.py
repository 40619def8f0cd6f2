"""Change against baseline: the quasi-Poisson interval against hand computations, verdict words and sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from svd_dash.analytics.change import BEYOND, INDICATIVE, WITHIN, change_against_2019, change_against_baseline
from svd_dash.analytics.findings import change_for
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.overdispersion import overdispersed_ratio
from svd_dash.analytics.periods import months_period

BASELINE, CURRENT = months_period("2023-04", "2024-03"), months_period("2025-04", "2026-03")
ALL = set(BASELINE.months + CURRENT.months)


def series(baseline: list[int] | int, current: list[int] | int) -> pd.Series:
    values = [*(baseline if isinstance(baseline, list) else [baseline] * 12), *(current if isinstance(current, list) else [current] * 12)]
    return pd.Series(values, index=pd.DatetimeIndex(BASELINE.months + CURRENT.months))


def test_quasi_poisson_interval_equals_the_hand_computation_without_seasons() -> None:
    """Baseline 10, 20, 15; current 30, 12, 18. Fitted means 15 and 20; Pearson chi2 = (25 + 25 + 0) / 15 + (100 + 64 + 4) / 20
    = 11.733 on 6 - 2 = 4 df, dispersion 2.933; SE(log RR) = sqrt(dispersion x (1/45 + 1/60)); t(0.975, 4)."""
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    result = overdispersed_ratio(pd.Series([10, 20, 15, 30, 12, 18], index=months), list(months[3:]), list(months[:3]), seasonal=False)
    dispersion = (25 / 15 + 25 / 15 + 0 + 100 / 20 + 64 / 20 + 4 / 20) / 4
    se = np.sqrt(dispersion * (1 / 45 + 1 / 60))
    t = stats.t.ppf(0.975, 4)
    assert result.ratio == pytest.approx(60 / 45) and result.df == 4
    assert result.dispersion == pytest.approx(dispersion)
    assert (result.lower, result.upper) == pytest.approx((60 / 45 * np.exp(-t * se), 60 / 45 * np.exp(t * se)))


def test_quasi_poisson_interval_equals_the_hand_computation_with_calendar_months() -> None:
    """A 2 x 2 table (period x calendar month): the log-linear model without interaction fits row x column / total;
    Var(period term) = 1/30 + 1/40 x dispersion on 4 - 3 = 1 df."""
    months = pd.DatetimeIndex(["2024-01-01", "2024-02-01", "2025-01-01", "2025-02-01"])
    y = np.array([10, 20, 12, 28])
    result = overdispersed_ratio(pd.Series(y, index=months), list(months[2:]), list(months[:2]), seasonal=True)
    fitted = np.outer([30, 40], [22, 48]).ravel() / 70
    dispersion = (((y - fitted) ** 2) / fitted).sum() / 1
    assert dispersion < 1  # so the floor applies
    se, t = np.sqrt(1 / 30 + 1 / 40), stats.t.ppf(0.975, 1)
    assert result.raw_dispersion == pytest.approx(dispersion) and result.dispersion == 1.0
    assert (result.ratio, result.lower, result.upper) == pytest.approx((40 / 30, 40 / 30 * np.exp(-t * se), 40 / 30 * np.exp(t * se)))


def test_a_steady_fall_is_bigger_than_the_normal_ups_and_downs() -> None:
    wobble = [0, 3, -2, 4, -3, 1, -1, 2, -4, 3, -2, -1]
    change = change_against_baseline(
        series([100 + w for w in wobble], [82 + w for w in wobble]), CURRENT, BASELINE, ALL, "Coventry", "robberies"
    )
    assert (change.current_count, change.baseline_count) == (984, 1200)
    assert change.verdict == f"fall {BEYOND}" and change.beyond_normal_variation
    assert change.sentence.startswith("Robberies in Coventry fell 18% (likely range, allowing for the normal ups and downs: a ")
    assert change.sentence.endswith("compared with the 12 months to March 2024; a fall bigger than the normal ups and downs.")
    assert "significant" not in change.sentence


def test_wide_monthly_swings_make_the_same_fall_ordinary() -> None:
    swings = [60, 140, 70, 130, 65, 135, 80, 120, 90, 110, 75, 125]
    change = change_against_baseline(
        series(swings, [round(s * 0.9) for s in swings[::-1]]), CURRENT, BASELINE, ALL, "Solihull", "robberies"
    )
    assert change.interval.dispersion > 5 and change.verdict == WITHIN
    assert change.ratio.significant  # chance alone would have called it real: the exact interval stays in the CSV only
    assert change.sentence.endswith("this is within the normal ups and downs.")
    row = change.csv_row()
    assert row["method"].startswith("quasi-Poisson") and row["dispersion"] == change.interval.dispersion
    assert row["exact_poisson_upper_percent"] < 0 < row["interval_upper_percent"]


def test_small_numbers_and_no_data() -> None:
    few = change_against_baseline(series(1, 0), CURRENT, BASELINE, ALL, "Walsall", "weapons offences")
    assert few.small_numbers and "Small numbers" in few.sentence
    none = change_against_baseline(series(0, 0), CURRENT, BASELINE, ALL, "Walsall", "burglaries")
    assert none.verdict == "no data" and "no burglaries" in none.sentence


def test_partial_months_are_left_out() -> None:
    complete = ALL - {pd.Timestamp("2023-06-01")}
    change = change_against_baseline(series(100, 100), CURRENT, BASELINE, complete, "Dudley", "crimes")
    assert (change.current_count, change.baseline_count) == (1100, 1100)  # June left out of both
    assert change.interval.df == 22 - 12


def test_change_against_2019_is_indicative_never_a_verdict() -> None:
    complete = set(CURRENT.months) - {pd.Timestamp("2025-09-01")}
    change = change_against_2019(series(0, 110), CURRENT, complete, 1200, "Sandwell", "crimes")
    assert (change.current_count, change.ratio.exposure_a, change.ratio.exposure_b) == (1210, 11, 12)
    assert change.verdict == INDICATIVE and change.beyond_normal_variation is None
    assert "Indicative only" in change.sentence and "normal ups and downs" not in change.sentence


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2000))
def test_zero_change_is_never_beyond_normal_variation(each: int) -> None:
    change = change_against_baseline(series(each, each), CURRENT, BASELINE, ALL, "Birmingham", "crimes")
    assert change.verdict in {WITHIN, "no data"}


def test_birmingham_and_solihull_serious_violence_get_the_same_kind_of_verdict(prepared) -> None:
    """Both about -2% (latest 12 months against the default baseline): the exact Poisson test called Birmingham's
    fall real only because Birmingham is bigger."""
    grouping = grouping_named("Serious violence (police.uk proxy)")
    current, baseline = months_period("2025-04", "2026-03"), months_period("2023-09", "2024-08")
    birmingham = change_for(prepared, "E08000025", grouping, current, baseline)
    solihull = change_for(prepared, "E08000029", grouping, current, baseline)
    assert round(birmingham.percent_change) == round(solihull.percent_change) == -2
    assert birmingham.verdict == solihull.verdict == WITHIN
    assert birmingham.ratio.significant and not solihull.ratio.significant  # what the old chance-only verdict said
    assert birmingham.interval.dispersion == pytest.approx(8.14, abs=0.01) and solihull.interval.dispersion == pytest.approx(1.78, abs=0.01)
