"""How concentrated offences are across neighbourhoods (LSOAs).

Definitions, for the per-LSOA counts of one area and period (LSOAs with no offences included):
- share in the top p% = offences in the ceil(p% x N) LSOAs with most offences / all offences;
- fewest LSOAs holding half = the smallest k such that the k busiest LSOAs hold at least 50%;
- Lorenz curve: LSOAs sorted from fewest to most offences; x = cumulative share of LSOAs,
  y = cumulative share of offences, from (0, 0) to (1, 1);
- Gini coefficient = 1 - 2 x (area under the Lorenz curve, trapezoids): 0 when every LSOA has the same
  count, approaching 1 when one LSOA has them all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

TOP_FRACTIONS = (0.01, 0.05, 0.10)


def _sorted_desc(counts: np.ndarray | pd.Series) -> np.ndarray:
    values = np.asarray(counts, dtype=float)
    if values.size == 0:
        raise ValueError("no LSOAs to measure concentration over")
    if (values < 0).any():
        raise ValueError("counts cannot be negative")
    return np.sort(values)[::-1]


def top_share(counts: np.ndarray | pd.Series, fraction: float) -> float:
    """Share of all offences (0-1) in the ceil(fraction x N) LSOAs with most offences; NaN if no offences."""
    values = _sorted_desc(counts)
    total = values.sum()
    n = max(1, math.ceil(fraction * values.size - 1e-9))
    return float(values[:n].sum() / total) if total > 0 else math.nan


def fewest_holding(counts: np.ndarray | pd.Series, share: float = 0.5) -> int:
    """The fewest LSOAs that together hold at least ``share`` of all offences (0 if there are none)."""
    values = _sorted_desc(counts)
    total = values.sum()
    if total == 0:
        return 0
    return int(np.searchsorted(np.cumsum(values), share * total - 1e-9 * total) + 1)


def lorenz_points(counts: np.ndarray | pd.Series) -> pd.DataFrame:
    """Lorenz curve points: ``share_of_lsoas`` and ``share_of_offences`` (0-1), starting at (0, 0)."""
    values = _sorted_desc(counts)[::-1]
    total = values.sum()
    y = np.concatenate([[0.0], np.cumsum(values) / total]) if total > 0 else np.linspace(0, 1, values.size + 1)
    x = np.linspace(0, 1, values.size + 1)
    return pd.DataFrame({"share_of_lsoas": x, "share_of_offences": y})


def gini(counts: np.ndarray | pd.Series) -> float:
    """Gini coefficient of the counts (see module docstring); NaN when there are no offences.

    >>> gini([10, 20, 30, 40])
    0.25
    """
    points = lorenz_points(counts)
    if np.asarray(counts, dtype=float).sum() == 0:
        return math.nan
    x, y = points["share_of_lsoas"].to_numpy(), points["share_of_offences"].to_numpy()
    area = float(np.sum((x[1:] - x[:-1]) * (y[1:] + y[:-1]) / 2))
    return round(1 - 2 * area, 12)


@dataclass(frozen=True)
class Concentration:
    """The concentration figures for one area, grouping and period."""

    lsoas: int
    offences: int
    top_shares: dict[float, float]
    half_lsoas: int
    gini: float

    @property
    def half_share_of_lsoas(self) -> float:
        """The fewest LSOAs holding half of offences, as a share (0-1) of all LSOAs."""
        return self.half_lsoas / self.lsoas

    def sentence(self, what: str, area_name: str) -> str:
        """'Half of weapons possession offences in Coventry were in 9% of its neighbourhoods (19 of 203); ...'"""
        if self.offences == 0:
            return f"There were no {what} in {area_name} in this period."
        return (
            f"Half of {what} in {area_name} were in {self.half_share_of_lsoas:.0%} of its neighbourhoods "
            f"({self.half_lsoas:,} of {self.lsoas:,}); the busiest 5% of neighbourhoods had "
            f"{self.top_shares[0.05]:.0%} of them."
        )


def concentration(counts: np.ndarray | pd.Series) -> Concentration:
    """All concentration figures for per-LSOA counts (zeros included)."""
    values = np.asarray(counts, dtype=float)
    return Concentration(
        lsoas=int(values.size),
        offences=int(values.sum()),
        top_shares={f: top_share(values, f) for f in TOP_FRACTIONS},
        half_lsoas=fewest_holding(values, 0.5),
        gini=gini(values),
    )
