"""Comparing the seven areas fairly: rates with CIs, and funnel-plot control limits.

The funnel is drawn around the West Midlands rate r. For residents P over m months, the expected
count is lambda = r x P x m / 12 / 1,000; its exact Poisson limits (chi-square form, as in the
public health funnel plot tools) at 95% and 99.8% are converted back to rates. An area is called
higher or lower than the West Midlands only when its rate lies outside the 99.8% limits, and
"possibly" so when outside the 95% limits only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from svd_dash.analytics.rates import annual_rate_per_1000

FUNNEL_LEVELS = {"95": 0.95, "99.8": 0.998}


def funnel_limits(reference_rate: float, residents: np.ndarray | pd.Series, months: int) -> pd.DataFrame:
    """Control limits (annual rate per 1,000) around ``reference_rate`` for each resident count."""
    people = np.asarray(residents, dtype=float)
    expected = reference_rate * people * months / 12 / 1000
    table = pd.DataFrame({"residents": people})
    for name, level in FUNNEL_LEVELS.items():
        alpha = 1 - level
        lower = np.where(expected > 0, stats.chi2.ppf(alpha / 2, 2 * expected) / 2, 0.0)
        upper = stats.chi2.ppf(1 - alpha / 2, 2 * expected + 2) / 2
        table[f"lower_{name}"] = annual_rate_per_1000(lower, people, months)
        table[f"upper_{name}"] = annual_rate_per_1000(upper, people, months)
    return table


def funnel_band(rate: float, limits: pd.Series) -> str:
    """Where a rate lies against one row of ``funnel_limits``, in words."""
    if rate > limits["upper_99.8"]:
        return "higher than the West Midlands"
    if rate < limits["lower_99.8"]:
        return "lower than the West Midlands"
    if rate > limits["upper_95"]:
        return "possibly higher than the West Midlands"
    if rate < limits["lower_95"]:
        return "possibly lower than the West Midlands"
    return "similar to the West Midlands"


def compare_areas(area_rates: pd.DataFrame, months: int, residents: str = "population") -> pd.DataFrame:
    """Add the funnel limits and a ``comparison`` phrase to the seven areas' rows.

    ``area_rates`` is ``totals_by_area`` output with ``rates.with_rates`` applied; its region row (the
    last) gives the reference rate and is dropped from the result.
    """
    region = area_rates.iloc[-1]
    areas = area_rates.iloc[:-1].reset_index(drop=True)
    limits = funnel_limits(float(region["rate"]), areas[residents], months)
    out = pd.concat([areas, limits.drop(columns="residents")], axis=1)
    out["comparison"] = [funnel_band(rate, limits.iloc[i]) for i, rate in enumerate(out["rate"])]
    return out.sort_values("rate", ascending=False).reset_index(drop=True)
