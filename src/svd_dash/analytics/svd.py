"""The three national Serious Violence Duty measures, from the published figures bundled in the data.

A series is one indicator for one geography and one kind of period, in date order. Its baseline is the
latest figure for a period ending on or before 31 March 2020 (the last year before the pandemic and
the Duty), so every series is compared with a like, pre-pandemic year where the publications allow.
Changes in counts get the exact rate-ratio interval, as police.uk changes do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.poisson import RateRatio, rate_ratio

BASELINE_END = pd.Timestamp("2020-03-31")
COUNT_UNITS = {"offences", "homicides", "victims", "admissions"}


@dataclass(frozen=True)
class SeriesSpec:
    """Which published rows make up one chart."""

    title: str
    indicator: str
    geography: str
    period_type: str
    detail_contains: str = ""


SERIES: dict[str, tuple[SeriesSpec, ...]] = {
    "Police-recorded knife crime": (
        SeriesSpec(
            "Knife or sharp instrument offences, West Midlands Police, years to March",
            "knife_offences",
            "West Midlands Police",
            "year_ending_march",
        ),
    ),
    "Homicide": (
        SeriesSpec(
            "Homicides with a knife or sharp instrument, West Midlands Police, years to September",
            "knife_homicides",
            "West Midlands Police",
            "year_ending_september",
        ),
    ),
    "Hospital admissions for assault with a sharp object": (
        SeriesSpec(
            "Admissions for assault by a sharp object, aged 10-19, Birmingham residents' hospitals, years to March",
            "sharp_object_admissions_under_20",
            "Birmingham",
            "year_ending_march",
            "aged 10-19",
        ),
        SeriesSpec(
            "Admissions for assault by a sharp object, aged 10-19, West Midlands police area, years to March",
            "sharp_object_admissions_under_20",
            "West Midlands (police)",
            "year_ending_march",
            "aged 10-19",
        ),
    ),
}
"""The charts the SVD measures page draws, by measure."""


def published_series(measures: pd.DataFrame, spec: SeriesSpec) -> pd.DataFrame:
    """The rows of one published series, oldest first."""
    rows = measures[
        (measures["indicator"] == spec.indicator)
        & (measures["geography"] == spec.geography)
        & (measures["period_type"] == spec.period_type)
    ]
    if spec.detail_contains:
        rows = rows[rows["detail"].str.contains(spec.detail_contains, regex=False)]
    return rows.sort_values("period_end").reset_index(drop=True)


@dataclass(frozen=True)
class PublishedChange:
    """The latest published figure against the baseline figure."""

    baseline: pd.Series
    latest: pd.Series
    ratio: RateRatio | None

    def sentence(self, what: str) -> str:
        """E.g. '5,268 in 2023/24 against 3,437 in 2019/20 (baseline): a rise of 53% (95% CI 47% to 60%), unlikely to be chance.'"""
        latest, baseline = self.latest, self.baseline
        text = f"{what}: {latest['value']:,.0f} in {latest['period']} against {baseline['value']:,.0f} in {baseline['period']} (baseline)"
        if self.ratio is None:
            return text + "."
        change = (self.ratio.ratio - 1) * 100
        direction = "rise" if change > 0 else "fall"
        interval = f"95% CI {(self.ratio.lower - 1) * 100:+.0f}% to {(self.ratio.upper - 1) * 100:+.0f}%"
        verdict = "unlikely to be chance" if self.ratio.significant else "could be chance"
        return f"{text}: a {direction} of {abs(change):.0f}% ({interval}), {verdict}."


def change_from_baseline(series: pd.DataFrame) -> PublishedChange | None:
    """Latest against baseline (None if the series has no pre-2020 figure or nothing after it)."""
    before = series[series["period_end"] <= BASELINE_END]
    if before.empty or series["period_end"].max() <= BASELINE_END:
        return None
    baseline, latest = before.iloc[-1], series.iloc[-1]
    counts = baseline["unit"] in COUNT_UNITS and latest["unit"] in COUNT_UNITS
    ratio = rate_ratio(int(latest["value"]), 1, int(baseline["value"]), 1) if counts else None
    return PublishedChange(baseline, latest, ratio)
