"""SPC (XmR) against a published worked example, each special-cause rule, icons, and partial months."""

from __future__ import annotations

import pandas as pd
import pytest

from svd_dash.analytics.spc import (
    COMMON_CAUSE,
    CONCERNING,
    HIT_AND_MISS,
    IMPROVING,
    MET,
    MISSED,
    BaselineTooShortError,
    assurance,
    target_from_reduction,
    xmr,
)

MONTGOMERY_VISCOSITY = [33.75, 33.05, 34.00, 33.81, 33.46, 34.02, 33.68, 33.27, 33.49, 33.20, 33.62, 33.00, 33.54, 33.12, 33.84]
"""Montgomery, Introduction to Statistical Quality Control (6th edn, 2009), Example 6.5: viscosity of 15 batches of
aircraft primer paint. Published: centre 33.52, MR-bar 0.48, UCL 34.80, LCL 32.24, and no point out of control."""


def monthly(values: list[float]) -> pd.Series:
    return pd.Series(values, index=pd.date_range("2020-01-01", periods=len(values), freq="MS"))


def test_xmr_reproduces_the_published_worked_example() -> None:
    series = monthly(MONTGOMERY_VISCOSITY)
    result = xmr(series, set(series.index), list(series.index))
    assert round(result.mean, 2) == 33.52 and round(result.mean_moving_range, 2) == 0.48
    assert round(result.upper_limit, 2) == 34.80 and round(result.lower_limit, 2) == 32.24
    assert not result.table["special_cause"].any() and result.variation == COMMON_CAUSE


BASE = [10, 12, 9, 11, 10, 13, 8, 11, 10, 12, 9, 11]  # mean 10.5, MR-bar 27 / 11 = 2.4545, limits 3.97 to 17.03


def test_each_rule_fires_on_a_hand_built_series() -> None:
    series = monthly([*BASE, 18, 10, 11, 9, 11, 9, 10, 16, 16, 10, 9, 10, 11, 12, 13, 14, 9, 9, 9, 9, 9, 9, 9])
    result = xmr(series, set(series.index), list(series.index[:12]))
    table = result.table.set_index(result.table["month"].dt.strftime("%Y-%m"))
    assert result.mean == 10.5 and result.mean_moving_range == pytest.approx(27 / 11)
    assert table.loc["2021-01", "outside_limits"] and table.loc["2021-01", "point_type"] == CONCERNING  # 18 > 17.03
    two_sigma = 10.5 + 2 / 3 * 2.66 * 27 / 11  # 14.85: 16 and 16 are 2 of 3 beyond it
    assert table.loc["2021-08", "two_of_three"] and table.loc["2021-09", "two_of_three"] and two_sigma < 16
    assert table.loc["2021-11":"2022-04", "trend_of_6"].all() and not table.loc["2021-10", "trend_of_6"]  # 9 .. 14 rising
    assert table.loc["2022-05":"2022-11", "run_of_7"].all() and not table.loc["2022-04", "run_of_7"]  # seven 9s below 10.5
    assert table.loc["2022-11", "point_type"] == IMPROVING and table.loc["2021-02", "point_type"] == COMMON_CAUSE
    assert result.variation == IMPROVING


def test_partial_months_are_drawn_but_never_used_for_limits_or_rules() -> None:
    values = [*BASE, 11, 60, 11]
    series = monthly(values)
    partial = {series.index[3], series.index[13]}  # one in the baseline, one huge value after it
    result = xmr(series, set(series.index) - partial, list(series.index[:12]))
    without = [v for i, v in enumerate(BASE) if i != 3]
    assert result.mean == pytest.approx(sum(without) / 11)
    row = result.table.iloc[13]
    assert row["value"] == 60 and not row["complete"] and not row["special_cause"] and row["point_type"] == ""


def test_assurance_and_target() -> None:
    assert target_from_reduction(200, 20) == 160
    assert assurance(20, 4, 17) == MET and assurance(3, 4, 17) == MISSED and assurance(10, 4, 17) == HIT_AND_MISS
    series = monthly(BASE)
    result = xmr(series, set(series.index), list(series.index), target=target_from_reduction(10.5, 20))
    assert result.assurance == HIT_AND_MISS and result.assurance_icon.symbol == "(?)" and (result.table["target"] == 8.4).all()
    with pytest.raises(ValueError, match="between 0% and 99%"):
        target_from_reduction(200, 120)


def test_a_baseline_with_one_complete_month_is_refused() -> None:
    series = monthly(BASE)
    with pytest.raises(BaselineTooShortError, match="at least 2 consecutive complete months"):
        xmr(series, {series.index[0], *series.index[5:]}, list(series.index[:3]))


def test_real_series_reads_as_the_overview_cards_say(prepared) -> None:
    from svd_dash.analytics import views
    from svd_dash.analytics.groupings import grouping_named
    from svd_dash.analytics.periods import months_period

    result = views.spc_for(prepared, "E08000031", grouping_named("Serious violence (police.uk proxy)"), months_period("2023-09", "2024-08"))
    assert result.variation == IMPROVING and result.table["complete"].sum() < len(result.table)
    assert result.table.loc[~result.table["complete"], "point_type"].eq("").all()


def test_a_lower_limit_below_zero_is_zero_in_the_table_the_sentence_and_the_chart() -> None:
    from svd_dash.analytics.periods import months_period
    from svd_dash.ui.charts import spc_figure

    series = monthly([0, 4, 0, 5, 1, 0, 6, 0, 2, 5, 0, 1, 3, 0])  # mean 24 / 12 = 2.0, MR-bar 41 / 11: lower limit -7.91
    result = xmr(series, set(series.index), list(series.index[:12]))
    assert 2.0 - 2.66 * 41 / 11 < 0 and result.lower_limit == 0 and result.table["lower_limit"].eq(0).all()
    assert "Normal range from the baseline: 0 to 12 a month" in result.sentence("records", "Here")  # 2 + 9.91 = 11.91
    figure = spc_figure(result, months_period("2020-01", "2020-12"), "SPC", "Subtitle", "Records")
    limits = [trace for trace in figure.data if trace.mode == "lines" and trace.line.dash == "dash"]
    assert min(min(trace.y) for trace in limits) == 0  # a count never goes below zero
