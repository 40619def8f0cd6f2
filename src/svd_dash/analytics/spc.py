"""Statistical process control (SPC) the NHS England "Making Data Count" way: an XmR chart of a monthly series.

One function (``xmr``) turns a series into a tidy table, one row per month: the value, the centre line and
process limits (fixed from a chosen baseline), a column per special-cause rule, and each point's type; the
chart only draws that table. For crime, lower is better, so a special cause below the centre is
"improvement" and above it "concern".

- Centre line = mean of the baseline's complete months; mean moving range (MR-bar) = mean of
  |x_t - x_(t-1)| between successive complete baseline months (a partial month is skipped); process
  limits = mean +/- 2.66 x MR-bar (2.66 = 3 / 1.128, so the limits are 3 sigma); the 2-sigma lines are mean +/- (2 / 3) x 2.66 x MR-bar.
- Rules, on complete months only (partial months are drawn but never tested and never used for limits):
  a point outside the limits; a run of 7 or more on one side of the centre line; 6 or more in a row
  rising or falling; 2 of 3 in a row beyond 2 sigma on the same side.
- Variation icon from the latest complete month: common cause, special cause improving, special cause concerning.
- Assurance icon with a target: consistently met (the whole process is better than the target), consistently
  missed (the whole process is worse), or hit and miss (the target lies between the limits).

References: NHS England, Making Data Count (2019) and its "Plot the Dots" guidance; Wheeler, Understanding
Variation (2000); Montgomery, Introduction to Statistical Quality Control, section 6.4 (the XmR limits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

XMR_CONSTANT = 2.66
RUN_LENGTH = 7
TREND_LENGTH = 6
RULES = ("outside_limits", "run_of_7", "trend_of_6", "two_of_three")

COMMON_CAUSE = "common cause"
IMPROVING = "special cause improving"
CONCERNING = "special cause concerning"
MET, MISSED, HIT_AND_MISS = "consistently met", "consistently missed", "hit and miss"


class BaselineTooShortError(ValueError):
    """The baseline has too few consecutive complete months to set SPC limits."""


@dataclass(frozen=True)
class Icon:
    """A variation or assurance icon as an accessible text symbol (no images or icon fonts) and its words."""

    symbol: str
    words: str
    meaning: str


VARIATION_ICONS = {
    COMMON_CAUSE: Icon("(≈)", "Common cause", "only the normal ups and downs: no sign of real change"),
    IMPROVING: Icon("(↓)", "Special cause, improving", "a real change for the better (fewer offences)"),
    CONCERNING: Icon("(↑)", "Special cause, concerning", "a real change for the worse (more offences)"),
}
ASSURANCE_ICONS = {
    MET: Icon("(P)", "Target consistently met", "the normal range is entirely better than the target"),
    MISSED: Icon("(F)", "Target consistently missed", "the normal range is entirely worse than the target"),
    HIT_AND_MISS: Icon("(?)", "Target hit and miss", "the target lies within the normal ups and downs: some months will meet it, some not"),
}


@dataclass(frozen=True)
class SpcResult:
    """The tidy XmR table and its summary: centre, limits, latest variation and (with a target) assurance."""

    table: pd.DataFrame
    mean: float
    mean_moving_range: float
    lower_limit: float
    upper_limit: float
    variation: str
    assurance: str | None
    target: float | None

    @property
    def variation_icon(self) -> Icon:
        return VARIATION_ICONS[self.variation]

    @property
    def assurance_icon(self) -> Icon | None:
        return ASSURANCE_ICONS[self.assurance] if self.assurance else None

    def sentence(self, what: str, area_name: str) -> str:
        """The SPC reading in one plain sentence."""
        icon = self.variation_icon
        text = (
            f"{icon.symbol} {icon.words}: the latest month of {what} in {area_name} shows {icon.meaning}. "
            f"Normal range from the baseline: {self.lower_limit:,.0f} to {self.upper_limit:,.0f} a month, "
            f"centred on {self.mean:,.0f}."
        )
        if self.assurance_icon:
            text += f" {self.assurance_icon.words} ({self.target:,.0f} a month): {self.assurance_icon.meaning}."
        return text


def _runs(flags: np.ndarray, length: int) -> np.ndarray:
    """True for every element of a run of at least ``length`` consecutive True values."""
    out = np.zeros(flags.size, dtype=bool)
    start = None
    for i, flag in enumerate([*flags, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if i - start >= length:
                out[start:i] = True
            start = None
    return out


def _rules(values: np.ndarray, mean: float, lower: float, upper: float, sigma: float) -> dict[str, np.ndarray]:
    """Each rule's flags over consecutive complete values, and which side (+1 high, -1 low) each point is on."""
    above, below = values > mean, values < mean
    diffs = np.sign(np.diff(values))
    rising = _runs(np.r_[False, diffs > 0], TREND_LENGTH - 1)
    falling = _runs(np.r_[False, diffs < 0], TREND_LENGTH - 1)
    rising |= np.r_[rising[1:], False] & ~rising & (np.r_[diffs, 0] > 0)  # the first point of a rising run
    falling |= np.r_[falling[1:], False] & ~falling & (np.r_[diffs, 0] < 0)
    near_high, near_low = values > mean + 2 * sigma, values < mean - 2 * sigma
    two_high, two_low = np.zeros(values.size, dtype=bool), np.zeros(values.size, dtype=bool)
    for i in range(values.size - 2):
        window = slice(i, i + 3)
        if near_high[window].sum() >= 2:
            two_high[window] |= near_high[window]
        if near_low[window].sum() >= 2:
            two_low[window] |= near_low[window]
    high = {"outside_limits": values > upper, "run_of_7": _runs(above, RUN_LENGTH), "trend_of_6": rising, "two_of_three": two_high}
    low = {"outside_limits": values < lower, "run_of_7": _runs(below, RUN_LENGTH), "trend_of_6": falling, "two_of_three": two_low}
    return {"high": high, "low": low}


def _spread(used_values: np.ndarray, positions: np.ndarray, size: int, fill: object) -> np.ndarray:
    """Values known at the complete months' ``positions``, spread over all ``size`` months with ``fill`` elsewhere."""
    out = np.full(size, fill, dtype=used_values.dtype if used_values.dtype != object else object)
    out[positions] = used_values
    return out


def assurance(target: float, lower: float, upper: float) -> str:
    """Consistently met / missed / hit and miss, for a target where lower is better."""
    if target >= upper:
        return MET
    if target <= lower:
        return MISSED
    return HIT_AND_MISS


def xmr(series: pd.Series, complete: set[pd.Timestamp], baseline_months: list[pd.Timestamp], target: float | None = None) -> SpcResult:
    """XmR chart table for a monthly ``series`` (indexed by first-of-month), limits from ``baseline_months``.

    Columns: month, value, complete, in_baseline, mean, lower_limit (never below zero), upper_limit, lower_2_sigma,
    upper_2_sigma, moving_range, one boolean column per rule in ``RULES``, special_cause and point_type
    ('common cause' / 'special cause improving' / 'special cause concerning'; '' for partial months).
    Raises ``BaselineTooShortError`` when the baseline has fewer than 2 complete consecutive months.
    """
    months = pd.DatetimeIndex(series.index)
    values = series.to_numpy(float)
    is_complete = months.isin(list(complete))
    in_baseline = months.isin(list(baseline_months))
    used = np.flatnonzero(is_complete)  # positions of complete months, in order
    used_values = values[used]
    moving = np.r_[np.nan, np.abs(np.diff(used_values))]
    base_used = in_baseline[used]
    base_ranges = moving[base_used & np.r_[False, base_used[:-1]]]
    if base_used.sum() < 2 or base_ranges.size == 0:
        raise BaselineTooShortError("the baseline needs at least 2 consecutive complete months to set SPC limits")
    mean, mr_bar = float(used_values[base_used].mean()), float(base_ranges.mean())
    sigma = XMR_CONSTANT * mr_bar / 3
    upper = mean + XMR_CONSTANT * mr_bar
    lower = max(mean - XMR_CONSTANT * mr_bar, 0.0)  # counts and rates are never negative: below zero is no limit
    flags = _rules(used_values, mean, lower, upper, sigma)
    columns: dict[str, object] = {
        "month": months,
        "value": values,
        "complete": is_complete,
        "in_baseline": in_baseline,
        "mean": mean,
        "lower_limit": lower,
        "upper_limit": upper,
        "lower_2_sigma": mean - 2 * sigma,
        "upper_2_sigma": mean + 2 * sigma,
        "moving_range": _spread(moving, used, len(values), np.nan),
    }
    high_any, low_any = np.zeros(used.size, dtype=bool), np.zeros(used.size, dtype=bool)
    for rule in RULES:
        columns[rule] = _spread(flags["high"][rule] | flags["low"][rule], used, len(values), False)
        high_any |= flags["high"][rule]
        low_any |= flags["low"][rule]
    both = high_any & low_any  # e.g. a low point that starts a rising run: its side of the centre line decides
    high_any, low_any = high_any & ~(both & (used_values < mean)), low_any & ~(both & (used_values >= mean))
    point_type = np.where(high_any, CONCERNING, np.where(low_any, IMPROVING, COMMON_CAUSE))
    columns["special_cause"] = _spread(high_any | low_any, used, len(values), False)
    columns["point_type"] = _spread(point_type.astype(object), used, len(values), "")
    if target is not None:
        columns["target"] = target
    table = pd.DataFrame(columns)
    variation = str(point_type[-1]) if len(point_type) else COMMON_CAUSE
    verdict = assurance(target, lower, upper) if target is not None else None
    return SpcResult(table, mean, mr_bar, lower, upper, variation, verdict, target)


def target_from_reduction(baseline_mean: float, percent_fewer: float) -> float:
    """A monthly target 'N% fewer than the baseline': baseline mean x (1 - N / 100)."""
    if not 0 <= percent_fewer < 100:
        raise ValueError(f"a reduction target must be between 0% and 99%, not {percent_fewer}%")
    return baseline_mean * (1 - percent_fewer / 100)
