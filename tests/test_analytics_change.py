"""Change against baseline: figures, verdicts and sentences."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from svd_dash.analytics.change import change_against_2019, change_against_baseline
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.poisson import rate_ratio

BASELINE, CURRENT = months_period("2023-04", "2024-03"), months_period("2025-04", "2026-03")


def series(baseline_each: int, current_each: int) -> pd.Series:
    index = pd.DatetimeIndex(BASELINE.months + CURRENT.months)
    return pd.Series([baseline_each] * 12 + [current_each] * 12, index=index)


def test_significant_fall_sentence() -> None:
    change = change_against_baseline(series(100, 82), CURRENT, BASELINE, set(series(1, 1).index), "Coventry", "weapons possession offences")
    ratio = rate_ratio(984, 12, 1200, 12)
    assert (change.current_count, change.baseline_count) == (984, 1200)
    assert change.percent_change == (ratio.ratio - 1) * 100
    assert change.verdict == "significant fall"
    low, high = round((1 - ratio.upper) * 100), round((1 - ratio.lower) * 100)
    assert change.sentence == (
        f"Weapons possession offences in Coventry fell 18% (95% CI {low}% to {high}%) in the 12 months to March 2026 "
        "compared with the 12 months to March 2024; a fall this large is unlikely to be chance."
    )


def test_not_significant_sentence_says_so_plainly() -> None:
    change = change_against_baseline(series(10, 9), CURRENT, BASELINE, set(series(1, 1).index), "Solihull", "robberies")
    assert change.verdict == "no significant change"
    assert change.sentence.startswith("Robberies in Solihull fell 10% (95% CI: a ")
    assert change.sentence.endswith("a change this small could be chance, so it is not evidence of a real change.")


def test_significant_rise_and_no_data() -> None:
    rise = change_against_baseline(series(50, 80), CURRENT, BASELINE, set(series(1, 1).index), "Walsall", "burglaries")
    assert rise.verdict == "significant rise" and "rose 60%" in rise.sentence
    none = change_against_baseline(series(0, 0), CURRENT, BASELINE, set(series(1, 1).index), "Walsall", "burglaries")
    assert none.verdict == "no data" and "no burglaries" in none.sentence


def test_partial_months_are_left_out() -> None:
    complete = set(series(1, 1).index) - {pd.Timestamp("2023-06-01")}
    change = change_against_baseline(series(100, 100), CURRENT, BASELINE, complete, "Dudley", "crimes")
    assert (change.current_count, change.baseline_count) == (1100, 1100)  # June left out of both


def test_change_against_2019_annualises() -> None:
    complete = set(CURRENT.months) - {pd.Timestamp("2025-09-01")}
    change = change_against_2019(series(0, 110), CURRENT, complete, 1200, "Sandwell", "crimes")
    assert (change.current_count, change.ratio.exposure_a, change.ratio.exposure_b) == (1210, 11, 12)
    assert abs(change.percent_change - (110 / 100 - 1) * 100) < 1e-9
    assert change.baseline_label == "calendar year 2019"


@given(st.integers(0, 2000))
def test_zero_change_is_never_significant(each: int) -> None:
    change = change_against_baseline(series(each, each), CURRENT, BASELINE, set(series(1, 1).index), "Birmingham", "crimes")
    assert change.verdict in {"no significant change", "no data"}
