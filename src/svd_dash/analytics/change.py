"""Change against a baseline: counts, % change, the exact 95% CI of the rate ratio, a verdict and
a plain-English sentence.

The rate ratio compares the average monthly count in the months used from each period (the
population is the same Census 2021 figure in both, so it cancels). A change is called real only when
the 95% interval of the ratio excludes 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.periods import NoCompleteMonthsError, PairedMonths, Period, pair_like_with_like
from svd_dash.analytics.poisson import RateRatio, rate_ratio
from svd_dash.reference import sentence_start


@dataclass(frozen=True)
class Change:
    """A comparison of a current period with a baseline for one area and grouping."""

    area_name: str
    what: str
    current_label: str
    baseline_label: str
    months: PairedMonths
    current_count: int
    baseline_count: int
    ratio: RateRatio

    @property
    def percent_change(self) -> float:
        """(rate ratio - 1) x 100: +10 means a 10% rise in the monthly average."""
        return (self.ratio.ratio - 1) * 100

    @property
    def verdict(self) -> str:
        """'significant fall', 'significant rise', 'no significant change' or 'no data'."""
        if self.ratio.count_a + self.ratio.count_b == 0:
            return "no data"
        if not self.ratio.significant:
            return "no significant change"
        return "significant fall" if self.ratio.ratio < 1 else "significant rise"

    @property
    def sentence(self) -> str:
        """The finding in one plain-English sentence (see ``change_sentence``)."""
        return change_sentence(self)


def _percent(value: float) -> str:
    return f"{abs(value):.0f}%"


def _bound(value: float) -> str:
    """A CI bound in words: 'a 9% fall', 'a 4% rise', or 'no change' when it rounds to 0%."""
    if round(abs(value)) == 0:
        return "no change"
    return f"a {_percent(value)} {'fall' if value < 0 else 'rise'}"


def change_sentence(change: Change) -> str:
    """E.g. 'Weapons possession offences in Coventry fell 18% (95% CI 9% to 26%) in the 12 months to March
    2026 compared with the 12 months to March 2024; a fall this large is unlikely to be chance.'"""
    where = f"{sentence_start(change.what)} in {change.area_name}"
    when = f"in {change.current_label} compared with {change.baseline_label}"
    r = change.ratio
    if change.verdict == "no data":
        return f"There were no {change.what} in {change.area_name} in either period, so there is no change to report."
    if change.baseline_count == 0:
        return f"{where} went from none to {change.current_count:,} {when}; with no baseline offences a percentage change cannot be given."
    low, high = (r.lower - 1) * 100, (r.upper - 1) * 100
    if change.verdict == "significant fall":
        interval = f"(95% CI {_percent(high)} to {_percent(low)})"
        return f"{where} fell {_percent(change.percent_change)} {interval} {when}; a fall this large is unlikely to be chance."
    if change.verdict == "significant rise":
        interval = f"(95% CI {_percent(low)} to {_percent(high)})"
        return f"{where} rose {_percent(change.percent_change)} {interval} {when}; a rise this large is unlikely to be chance."
    moved = "fell" if change.percent_change < 0 else "rose"
    return (
        f"{where} {moved} {_percent(change.percent_change)} (95% CI: {_bound(low)} to {_bound(high)}) {when}; "
        "a change this small could be chance, so it is not evidence of a real change."
    )


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
    return Change(area_name, what, current.label, baseline.label, months, current_count, baseline_count, ratio)


def change_against_2019(
    monthly: pd.Series, current: Period, complete: set[pd.Timestamp], count_2019: int, area_name: str, what: str
) -> Change:
    """Compare the complete months of ``current`` (annualised) with the calendar-2019 LA total."""
    used = [m for m in current.months if m in complete]
    if not used:
        raise NoCompleteMonthsError(f"there are no complete months in {current.label}")
    dropped = [m for m in current.months if m not in complete]
    months = PairedMonths(used, list(pd.date_range("2019-01-01", "2019-12-01", freq="MS")), "annualised against calendar 2019", dropped)
    current_count = int(monthly.reindex(used, fill_value=0).sum())
    ratio = rate_ratio(current_count, len(used), count_2019, 12)
    return Change(area_name, what, current.label, "calendar year 2019", months, current_count, count_2019, ratio)
