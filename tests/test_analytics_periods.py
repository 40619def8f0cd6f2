"""Periods, completeness and like-with-like pairing."""

from __future__ import annotations

import pandas as pd
import pytest

from svd_dash.analytics.periods import (
    calendar_year,
    complete_months,
    earliest_complete_12_months,
    financial_year,
    latest_12_months,
    months_period,
    pair_like_with_like,
)
from svd_dash.prepared import PreparedData

M = pd.Timestamp


def test_period_shapes_and_labels() -> None:
    fy = financial_year(2024)
    assert (fy.start, fy.end, len(fy.months)) == (M("2024-04-01"), M("2025-03-01"), 12)
    assert fy.label == "the 12 months to March 2025" and fy.slug == "2024-04_2025-03"
    assert calendar_year(2025).months[0] == M("2025-01-01")
    assert months_period("2025-05", "2025-07").label == "May 2025 to July 2025"
    assert latest_12_months([M("2025-01-01"), M("2026-03-01")]) == months_period("2025-04", "2026-03")
    with pytest.raises(ValueError, match="before it starts"):
        months_period("2025-05", "2025-01")


def test_default_baseline_on_the_real_flags(prepared: PreparedData) -> None:
    complete = complete_months(prepared.months, "E47000007")
    assert earliest_complete_12_months(complete) == months_period("2023-09", "2024-08")
    walsall = complete_months(prepared.months, "E08000030")
    assert M("2024-10-01") not in walsall and M("2024-11-01") in walsall


def test_pairing_drops_a_partial_calendar_month_from_both_periods() -> None:
    current, baseline = months_period("2025-04", "2026-03"), financial_year(2024)
    complete = set(current.months) | (set(baseline.months) - {M("2024-09-01"), M("2025-03-01")})
    paired = pair_like_with_like(current, baseline, complete)
    assert paired.method == "same months of the year"
    assert len(paired.current) == len(paired.baseline) == 10
    assert M("2025-09-01") not in paired.current and M("2026-03-01") not in paired.current
    assert "Sep 2024" in paired.description and "Mar 2026" in paired.description


def test_pairing_periods_of_different_seasons_is_annualised() -> None:
    current, baseline = months_period("2025-10", "2026-03"), months_period("2023-09", "2024-08")
    paired = pair_like_with_like(current, baseline, set(current.months) | set(baseline.months))
    assert paired.method == "annualised" and (len(paired.current), len(paired.baseline)) == (6, 12)
