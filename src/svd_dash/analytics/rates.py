"""Rates per 1,000 residents with exact Poisson confidence intervals.

Definition: the annual rate per 1,000 residents = count / (residents x months / 12) x 1,000, where
residents are Census 2021 usual residents (all ages, or aged 16-24) and months are the months whose
counts are included. For a 12-month period this is simply offences per 1,000 residents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from svd_dash.analytics.poisson import poisson_interval


def annual_rate_per_1000(count: float | np.ndarray, residents: float | np.ndarray, months: int) -> np.ndarray:
    """Annual rate per 1,000 residents (see module docstring); NaN where there are no residents."""
    person_years = np.asarray(residents, dtype=float) * months / 12
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(person_years > 0, np.asarray(count, dtype=float) / person_years * 1000, np.nan)


def with_rates(frame: pd.DataFrame, months: int, count: str = "count", residents: str = "population", level: float = 0.95) -> pd.DataFrame:
    """Add ``rate``, ``rate_lower`` and ``rate_upper`` (annual per 1,000, exact Poisson CI) to a copy of ``frame``."""
    lower, upper = poisson_interval(frame[count].to_numpy(), level)
    out = frame.copy()
    out["rate"] = annual_rate_per_1000(frame[count], frame[residents], months)
    out["rate_lower"] = annual_rate_per_1000(lower, frame[residents], months)
    out["rate_upper"] = annual_rate_per_1000(upper, frame[residents], months)
    return out
