"""The change between two periods, allowing for the normal month-to-month ups and downs.

A quasi-Poisson log-linear model of the monthly counts of both periods (statsmodels GLM, Poisson
family, log link; scale from the Pearson chi-squared as ``fit(scale="X2")`` takes it, floored at 1):
log E[y_m] = a + b x current_m (+ a term per calendar month when the two periods pair the same calendar months; seasonality cancels).
exp(b) is the rate ratio; its standard error is the Poisson one times sqrt(dispersion), where the
dispersion = Pearson chi2 / residual degrees of freedom, never below 1; the interval uses t quantiles
on the residual degrees of freedom (McCullagh and Nelder 1989, section 4.5; Wedderburn 1974).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

METHOD = "quasi-Poisson log-linear model (statsmodels GLM, Pearson dispersion floored at 1, t interval)"


@dataclass(frozen=True)
class OverdispersedRatio:
    """Rate ratio current / baseline (monthly averages) with an interval that allows for extra-Poisson variation.

    ``dispersion`` is the variance of the monthly counts as a multiple of the Poisson variance (>= 1);
    ``raw_dispersion`` is the estimate before the floor; ``df`` the residual degrees of freedom. The
    bounds are NaN when there are too few months (``df`` 0) or a period has no records.
    """

    ratio: float
    lower: float
    upper: float
    dispersion: float
    raw_dispersion: float
    df: int
    level: float
    method: str

    @property
    def judged(self) -> bool:
        """True when the interval could be estimated."""
        return not (math.isnan(self.lower) or math.isnan(self.upper))

    @property
    def beyond_normal_variation(self) -> bool:
        """True when the interval excludes 1: a change bigger than the normal ups and downs."""
        return self.judged and (self.lower > 1 or self.upper < 1)


def _design(current: list[pd.Timestamp], baseline: list[pd.Timestamp], seasonal: bool) -> np.ndarray:
    months = [*baseline, *current]
    period = np.r_[np.zeros(len(baseline)), np.ones(len(current))]
    columns = [np.ones(len(months)), period]
    if seasonal:
        calendar = np.array([m.month for m in months])
        columns += [(calendar == c).astype(float) for c in sorted(set(calendar))[1:]]
    return np.column_stack(columns)


def overdispersed_ratio(
    monthly: pd.Series, current: list[pd.Timestamp], baseline: list[pd.Timestamp], seasonal: bool, level: float = 0.95
) -> OverdispersedRatio:
    """Fit the quasi-Poisson model to ``monthly`` counts (indexed by month) over the two lists of months.

    ``seasonal`` adds calendar-month terms (use it when the periods pair the same calendar months).

    >>> months = pd.date_range("2024-01-01", periods=4, freq="MS")
    >>> r = overdispersed_ratio(pd.Series([10, 14, 20, 16], index=months), list(months[2:]), list(months[:2]), seasonal=False)
    >>> round(r.ratio, 3), round(r.dispersion, 3), r.df
    (1.5, 1.0, 2)
    """
    y = np.r_[monthly.reindex(baseline, fill_value=0).to_numpy(float), monthly.reindex(current, fill_value=0).to_numpy(float)]
    a, b = y[len(baseline) :].sum(), y[: len(baseline)].sum()
    ratio = (a / len(current)) / (b / len(baseline)) if b > 0 else math.inf
    x = _design(current, baseline, seasonal)
    df = len(y) - x.shape[1]
    if a == 0 or b == 0 or df < 1:
        return OverdispersedRatio(float(ratio), math.nan, math.nan, math.nan, math.nan, max(df, 0), level, METHOD)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a calendar month with no records in either period: fit still converges
        fit = sm.GLM(y, x, family=sm.families.Poisson()).fit()  # Poisson fit; the scale is applied below, floored
    raw = float(fit.pearson_chi2) / df  # what fit(scale="X2") would use as the quasi-Poisson scale
    dispersion = max(raw, 1.0)
    se = float(fit.bse[1]) * math.sqrt(dispersion)  # Poisson SE x sqrt(floored dispersion)
    t = float(stats.t.ppf(0.5 + level / 2, df))
    beta = float(fit.params[1])
    lower, upper = math.exp(beta - t * se), math.exp(beta + t * se)
    if not lower <= math.exp(beta) <= upper:
        raise ArithmeticError(f"rate ratio {math.exp(beta)} lies outside its own interval ({lower}, {upper})")
    return OverdispersedRatio(float(math.exp(beta)), lower, upper, dispersion, raw, df, level, METHOD)
