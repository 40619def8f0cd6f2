"""Periods of whole months, completeness, and pairing a period with its baseline like with like.

A period is a run of whole months from ``start`` to ``end`` inclusive (both first-of-month dates).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


class NoCompleteMonthsError(ValueError):
    """A period (or a pair of periods) has no complete months to compute from."""


@dataclass(frozen=True)
class Period:
    """Whole months ``start``..``end`` inclusive; ``label`` is how sentences name it."""

    start: pd.Timestamp
    end: pd.Timestamp

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.end.day != 1:
            raise ValueError("a period runs between first-of-month dates")
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end:%b %Y}) before it starts ({self.start:%b %Y})")

    @property
    def months(self) -> list[pd.Timestamp]:
        """Every month in the period, as first-of-month timestamps."""
        return list(pd.date_range(self.start, self.end, freq="MS"))

    @property
    def label(self) -> str:
        """'the 12 months to March 2026', or 'May 2025 to July 2025' for other lengths."""
        n = len(self.months)
        if n == 12:
            return f"the 12 months to {self.end:%B %Y}"
        if n == 1:
            return f"{self.end:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def slug(self) -> str:
        """'2025-04_2026-03', for file names."""
        return f"{self.start:%Y-%m}_{self.end:%Y-%m}"


def months_period(start: str, end: str) -> Period:
    """A period from 'YYYY-MM' strings."""
    return Period(pd.Timestamp(f"{start}-01"), pd.Timestamp(f"{end}-01"))


def latest_12_months(available: list[pd.Timestamp]) -> Period:
    """The 12 months ending at the latest available month."""
    end = max(available)
    return Period(end - pd.DateOffset(months=11), end)


def financial_year(start_year: int) -> Period:
    """April ``start_year`` to March of the next year (e.g. 2024 -> 2024/25)."""
    return Period(pd.Timestamp(start_year, 4, 1), pd.Timestamp(start_year + 1, 3, 1))


def calendar_year(year: int) -> Period:
    """January to December of ``year``."""
    return Period(pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 1))


def complete_months(months_table: pd.DataFrame, area_code: str) -> set[pd.Timestamp]:
    """The months flagged complete for an area in ``data/months.parquet`` (region code for all seven)."""
    rows = months_table[(months_table["area_code"] == area_code) & months_table["complete"]]
    return set(pd.to_datetime(rows["month"]))


def earliest_complete_12_months(complete: set[pd.Timestamp]) -> Period | None:
    """The first run of 12 consecutive complete months (the default baseline), or None if there is none."""
    ordered = sorted(complete)
    for first in ordered:
        period = Period(first, first + pd.DateOffset(months=11))
        if all(m in complete for m in period.months):
            return period
    return None


@dataclass(frozen=True)
class PairedMonths:
    """The months a comparison actually uses from each period, and how they were paired.

    ``method`` is "same months of the year" (each month used in one period has its calendar month
    used in the other) or "annualised" (monthly averages compared; used when the periods do not
    cover the same months of the year). ``dropped`` lists the months left out as partial or unpaired.
    """

    current: list[pd.Timestamp]
    baseline: list[pd.Timestamp]
    method: str
    dropped: list[pd.Timestamp]

    @property
    def description(self) -> str:
        """Which months were compared, in words, for the note under a finding."""
        used = f"{len(self.current)} months against {len(self.baseline)} months ({self.method})"
        if self.dropped:
            left_out = ", ".join(f"{m:%b %Y}" for m in sorted(self.dropped))
            return f"{used}; left out as partial or without a complete match: {left_out}"
        return used


def pair_like_with_like(current: Period, baseline: Period, complete: set[pd.Timestamp]) -> PairedMonths:
    """Choose the months to compare: complete months only, matched by calendar month where possible.

    If both periods cover the same calendar months (two 12-month periods, or the same season in
    two years), a calendar month is used only when it is complete in both periods, so seasonality
    cancels. Otherwise every complete month of each period is used and the comparison is annualised.
    """
    current_months, baseline_months = current.months, baseline.months
    if sorted(m.month for m in current_months) == sorted(m.month for m in baseline_months):
        kept = {m.month for m in current_months if m in complete} & {m.month for m in baseline_months if m in complete}
        used_current = [m for m in current_months if m.month in kept]
        used_baseline = [m for m in baseline_months if m.month in kept]
        method = "same months of the year"
    else:
        used_current = [m for m in current_months if m in complete]
        used_baseline = [m for m in baseline_months if m in complete]
        method = "annualised"
    dropped = [m for m in current_months + baseline_months if m not in used_current and m not in used_baseline]
    return PairedMonths(used_current, used_baseline, method, sorted(set(dropped)))
