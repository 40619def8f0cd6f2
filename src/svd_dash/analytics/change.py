"""Change against a baseline: counts, % change, an interval that allows for the normal month-to-month
ups and downs, a verdict and a plain-English sentence.

The rate ratio compares the average monthly count in the months used from each period (the
population is the same Census 2021 figure in both, so it cancels). The verdict comes from the
quasi-Poisson interval (``overdispersion.overdispersed_ratio``): a change is "bigger than the normal
ups and downs" only when that interval excludes no change. The exact (chance-only) Poisson interval
is kept for the analysts' CSV and the methods page, never for a verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.overdispersion import OverdispersedRatio, overdispersed_ratio
from svd_dash.analytics.periods import NoCompleteMonthsError, PairedMonths, Period, pair_like_with_like
from svd_dash.analytics.poisson import RateRatio, rate_ratio
from svd_dash.analytics.small_numbers import SMALL_NUMBER, small_numbers_note
from svd_dash.reference import sentence_start

BEYOND = "bigger than the normal ups and downs"
WITHIN = "within the normal ups and downs"
TOO_FEW = "too few months to judge"
INDICATIVE = "indicative only (series break)"
NO_DATA = "no data"
SERIES_BREAK_CAVEAT = (
    "Indicative only: 2019 was counted from police.uk's archive files on 2011 neighbourhoods, 2023-2026 from its API on 2021 "
    "neighbourhoods, and recording practice changed, so this is not a like-for-like test."
)


@dataclass(frozen=True)
class Change:
    """A comparison of a current period with a baseline for one area and grouping.

    ``ratio`` is the exact chance-only comparison (CSV and methods only); ``interval`` the one allowing for
    the normal ups and downs (None for the series break against 2019, which gets no verdict).
    """

    area_name: str
    what: str
    current_label: str
    baseline_label: str
    months: PairedMonths
    current_count: int
    baseline_count: int
    ratio: RateRatio
    interval: OverdispersedRatio | None

    @property
    def percent_change(self) -> float:
        """(rate ratio - 1) x 100: +10 means a 10% rise in the monthly average."""
        return (self.ratio.ratio - 1) * 100

    @property
    def verdict(self) -> str:
        """'fall bigger than ...', 'rise bigger than ...', 'within the normal ups and downs', 'too few months to judge',
        'indicative only (series break)' or 'no data'."""
        if self.current_count + self.baseline_count == 0:
            return NO_DATA
        if self.interval is None:
            return INDICATIVE
        if not self.interval.judged:
            return TOO_FEW
        if self.interval.beyond_normal_variation:
            return f"{'fall' if self.ratio.ratio < 1 else 'rise'} {BEYOND}"
        return WITHIN

    @property
    def beyond_normal_variation(self) -> bool | None:
        """True / False for a judged change; None where no verdict applies (no data, too few months, 2019)."""
        return self.interval.beyond_normal_variation if self.verdict.endswith(BEYOND) or self.verdict == WITHIN else None

    @property
    def small_numbers(self) -> bool:
        """True when either period has fewer than ``SMALL_NUMBER`` records."""
        return min(self.current_count, self.baseline_count) < SMALL_NUMBER

    @property
    def sentence(self) -> str:
        """The finding in one plain-English sentence (see ``change_sentence``)."""
        return change_sentence(self)

    def csv_row(self) -> dict[str, object]:
        """The analysts' columns: counts, change, both intervals, method and dispersion."""
        judged = self.interval is not None and self.interval.judged
        return {
            "current": self.current_count,
            "baseline": self.baseline_count,
            "percent_change": self.percent_change,
            "interval_lower_percent": (self.interval.lower - 1) * 100 if judged else math.nan,
            "interval_upper_percent": (self.interval.upper - 1) * 100 if judged else math.nan,
            "dispersion": self.interval.dispersion if self.interval is not None else math.nan,
            "residual_df": self.interval.df if self.interval is not None else pd.NA,
            "method": self.interval.method if self.interval is not None else "indicative: annualised against calendar 2019",
            "exact_poisson_lower_percent": (self.ratio.lower - 1) * 100,
            "exact_poisson_upper_percent": (self.ratio.upper - 1) * 100,
            "verdict": self.verdict,
            "small_numbers": self.small_numbers,
        }


def _percent(value: float) -> str:
    return f"{abs(value):.0f}%"


def _bound(value: float) -> str:
    """An interval bound in words: 'a 9% fall', 'a 4% rise', or 'no change' when it rounds to 0%."""
    if round(abs(value)) == 0:
        return "no change"
    article = "an" if _percent(value).startswith(("8", "11%", "18%")) else "a"
    return f"{article} {_percent(value)} {'fall' if value < 0 else 'rise'}"


def change_sentence(change: Change) -> str:
    """E.g. 'Weapons possession offences in Coventry fell 18% (likely range: a 26% fall to a 9% fall) in the 12 months
    to March 2026 compared with the 12 months to March 2024; a fall bigger than the normal ups and downs.'"""
    where = f"{sentence_start(change.what)} in {change.area_name}"
    when = f"in {change.current_label} compared with {change.baseline_label}"
    caution = f" {small_numbers_note()}" if change.small_numbers and change.verdict != NO_DATA else ""
    moved = "fell" if change.percent_change < 0 else "rose"
    if change.verdict == NO_DATA:
        return f"There were no {change.what} in {change.area_name} in either period, so there is no change to report."
    if change.baseline_count == 0:
        no_percent = "with no baseline offences a percentage change cannot be given"
        return f"{where} went from none to {change.current_count:,} {when}; {no_percent}.{caution}"
    if change.verdict == INDICATIVE:
        return f"{where} {moved} {_percent(change.percent_change)} {when}. {SERIES_BREAK_CAVEAT}{caution}"
    if change.verdict == TOO_FEW:
        return (
            f"{where} {moved} {_percent(change.percent_change)} {when}; too few months to tell this from the normal ups and downs.{caution}"
        )
    low, high = (change.interval.lower - 1) * 100, (change.interval.upper - 1) * 100
    likely = f"(likely range, allowing for the normal ups and downs: {_bound(low)} to {_bound(high)})"
    if change.verdict == WITHIN:
        return f"{where} {moved} {_percent(change.percent_change)} {likely} {when}; this is within the normal ups and downs.{caution}"
    return f"{where} {moved} {_percent(change.percent_change)} {likely} {when}; a {change.verdict}.{caution}"


def change_against_baseline(
    monthly: pd.Series, current: Period, baseline: Period, complete: set[pd.Timestamp], area_name: str, what: str
) -> Change:
    """Compare ``current`` with ``baseline`` using ``monthly`` counts (indexed by month), complete months
    only, paired like with like (``pair_like_with_like``)."""
    months = pair_like_with_like(current, baseline, complete)
    if not months.current or not months.baseline:
        raise NoCompleteMonthsError(f"there are no complete months to compare between {current.label} and {baseline.label}")
    current_count = int(monthly.reindex(months.current, fill_value=0).sum())
    baseline_count = int(monthly.reindex(months.baseline, fill_value=0).sum())
    ratio = rate_ratio(current_count, len(months.current), baseline_count, len(months.baseline))
    interval = overdispersed_ratio(monthly, months.current, months.baseline, seasonal=months.method == "same months of the year")
    return Change(area_name, what, current.label, baseline.label, months, current_count, baseline_count, ratio, interval)


def change_against_2019(
    monthly: pd.Series, current: Period, complete: set[pd.Timestamp], count_2019: int, area_name: str, what: str
) -> Change:
    """Compare the complete months of ``current`` (annualised) with the calendar-2019 LA total: indicative only."""
    used = [m for m in current.months if m in complete]
    if not used:
        raise NoCompleteMonthsError(f"there are no complete months in {current.label}")
    dropped = [m for m in current.months if m not in complete]
    months = PairedMonths(used, list(pd.date_range("2019-01-01", "2019-12-01", freq="MS")), "annualised against calendar 2019", dropped)
    current_count = int(monthly.reindex(used, fill_value=0).sum())
    ratio = rate_ratio(current_count, len(used), count_2019, 12)
    return Change(area_name, what, current.label, "calendar year 2019", months, current_count, count_2019, ratio, None)
