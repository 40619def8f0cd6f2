"""Exact Poisson confidence intervals, and the exact conditional test for a ratio of two rates.

References: Garwood (1936) for the exact Poisson interval, used by the UK public health fingertips
tools for counts; the conditional binomial method for rate ratios (Breslow and Day 1987, vol. II,
section 2.2), with the Clopper-Pearson interval for the binomial proportion.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats


def poisson_interval(count: float | np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence limits for a Poisson count: ``chi2(a/2, 2k)/2`` and ``chi2(1-a/2, 2k+2)/2``.

    >>> [round(float(x), 3) for x in poisson_interval(10)]
    [4.795, 18.39]
    """
    k = np.asarray(count, dtype=float)
    alpha = 1 - level
    lower = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
    return lower, upper


@dataclass(frozen=True)
class RateRatio:
    """Ratio of rate A (count_a / exposure_a) to rate B, with an exact confidence interval.

    ``significant`` is True when the interval excludes 1. ``p_value`` is the exact two-sided binomial
    test of equal rates, conditional on the total count.
    """

    count_a: int
    exposure_a: float
    count_b: int
    exposure_b: float
    ratio: float
    lower: float
    upper: float
    p_value: float
    level: float

    @property
    def significant(self) -> bool:
        return self.lower > 1 or self.upper < 1


def rate_ratio(count_a: int, exposure_a: float, count_b: int, exposure_b: float, level: float = 0.95) -> RateRatio:
    """Exact conditional rate ratio: given n = a + b, a ~ Binomial(n, p) with p = RR t_a / (RR t_a + t_b).

    The Clopper-Pearson limits for p convert to limits for RR = p / (1 - p) * t_b / t_a. Exposures are
    person-time in any common unit (e.g. months, or residents x months).

    >>> r = rate_ratio(82, 12, 100, 12)
    >>> round(r.ratio, 2), round(r.lower, 3), round(r.upper, 3), r.significant
    (0.82, 0.605, 1.109, False)
    """
    if exposure_a <= 0 or exposure_b <= 0:
        raise ValueError("exposures must be positive")
    if count_a < 0 or count_b < 0:
        raise ValueError("counts cannot be negative")
    n = count_a + count_b
    scale = exposure_b / exposure_a
    if n == 0:
        return RateRatio(count_a, exposure_a, count_b, exposure_b, math.nan, 0.0, math.inf, 1.0, level)
    alpha = 1 - level
    p_low = stats.beta.ppf(alpha / 2, count_a, n - count_a + 1) if count_a > 0 else 0.0
    p_high = stats.beta.ppf(1 - alpha / 2, count_a + 1, n - count_a) if count_a < n else 1.0
    ratio = math.inf if count_b == 0 else count_a / count_b * scale
    lower = p_low / (1 - p_low) * scale
    upper = math.inf if p_high >= 1 else p_high / (1 - p_high) * scale
    p_value = float(stats.binomtest(count_a, n, exposure_a / (exposure_a + exposure_b)).pvalue)
    if not lower <= ratio <= upper:
        raise ArithmeticError(f"rate ratio {ratio} lies outside its own interval ({lower}, {upper})")
    return RateRatio(count_a, exposure_a, count_b, exposure_b, float(ratio), float(lower), float(upper), p_value, level)
