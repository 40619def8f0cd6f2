"""The deprivation gradient: how rates rise with deprivation, and how deprived each area is.

- Rate by national IMD 2025 decile: offences in an area's LSOAs of each decile / their Census 2021
  residents, annual per 1,000, with exact Poisson 95% CIs. Decile 1 = England's most deprived 10%.
- Gradient: the rate ratio, most deprived decile / least deprived decile present in the area, with
  its exact conditional 95% CI (residents x months as exposure).
- Correlation across an area's LSOAs between the IMD 2025 score and the rate (Spearman's rank
  correlation, which is robust to the skew of small-area rates; Pearson given too).
- Share of an area's LSOAs in England's most deprived 10%: IMD 2019 on its own LSOA 2011 geography,
  IMD 2025 on LSOA 2021.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from svd_dash.analytics.counts import area_filter
from svd_dash.analytics.poisson import RateRatio, rate_ratio
from svd_dash.analytics.rates import annual_rate_per_1000, with_rates


def rate_by_decile(
    lsoa_counts: pd.DataFrame, months: int, decile_column: str = "imd2025_decile", residents: str = "population"
) -> pd.DataFrame:
    """One row per decile present: ``decile``, ``lsoas``, ``count``, residents, ``rate`` and CI."""
    grouped = lsoa_counts.groupby(decile_column).agg(lsoas=("lsoa21_code", "size"), count=("count", "sum"), population=(residents, "sum"))
    table = grouped.reset_index().rename(columns={decile_column: "decile"})
    return with_rates(table, months)


@dataclass(frozen=True)
class Gradient:
    """Most / least deprived decile rate ratio, and which deciles were compared."""

    most_deprived_decile: int
    least_deprived_decile: int
    ratio: RateRatio

    def sentence(self, what: str, area_name: str) -> str:
        """E.g. 'In Solihull, the rate of robberies in the most deprived neighbourhoods (decile 1) is 4.2 times ...'"""
        r = self.ratio
        verdict = "a difference unlikely to be chance" if r.significant else "a difference that could be chance"
        if r.count_b == 0:
            return (
                f"In {area_name}, there were {r.count_a:,} {what} in the most deprived neighbourhoods (national decile "
                f"{self.most_deprived_decile}) and none in the least deprived (decile {self.least_deprived_decile}); "
                f"the rate in the most deprived is at least {r.lower:.1f} times as high (95% confidence)."
            )
        return (
            f"In {area_name}, the rate of {what} in the most deprived neighbourhoods (national decile {self.most_deprived_decile}) "
            f"is {r.ratio:.1f} times the rate in the least deprived (decile {self.least_deprived_decile}) "
            f"(95% CI {r.lower:.1f} to {r.upper:.1f}); {verdict}."
        )


def deprivation_gradient(by_decile: pd.DataFrame, months: int) -> Gradient | None:
    """The gradient between the lowest- and highest-numbered deciles present (None if fewer than two, or
    if neither has any offences)."""
    present = by_decile[by_decile["population"] > 0].sort_values("decile")
    if len(present) < 2 or present.iloc[[0, -1]]["count"].sum() == 0:
        return None
    most, least = present.iloc[0], present.iloc[-1]
    ratio = rate_ratio(int(most["count"]), float(most["population"]) * months, int(least["count"]), float(least["population"]) * months)
    return Gradient(int(most["decile"]), int(least["decile"]), ratio)


@dataclass(frozen=True)
class Correlation:
    """Correlation across LSOAs between IMD score and rate."""

    lsoas: int
    spearman: float
    spearman_p: float
    pearson: float

    def sentence(self) -> str:
        """The correlation in words, or why there is none."""
        if np.isnan(self.spearman):
            return f"Across {self.lsoas:,} neighbourhoods the rate is the same everywhere, so there is no correlation to report."
        return (
            f"Across {self.lsoas:,} neighbourhoods, the rank correlation between the IMD 2025 score and the rate is "
            f"{self.spearman:.2f} (Spearman; 1 would mean the more deprived, the higher the rate, without exception)."
        )


def score_rate_correlation(lsoa_counts: pd.DataFrame, months: int, residents: str = "population") -> Correlation:
    """Spearman (and Pearson) correlation of ``imd2025_score`` with the LSOA rate."""
    rate = annual_rate_per_1000(lsoa_counts["count"], lsoa_counts[residents], months)
    if np.nanstd(rate) == 0:
        return Correlation(len(lsoa_counts), np.nan, np.nan, np.nan)
    spearman = stats.spearmanr(lsoa_counts["imd2025_score"], rate, nan_policy="omit")
    pearson = stats.pearsonr(lsoa_counts["imd2025_score"], rate)
    return Correlation(len(lsoa_counts), float(spearman.statistic), float(spearman.pvalue), float(pearson.statistic))


def most_deprived_shares(lsoa: pd.DataFrame, imd2019_lsoa11: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """For IMD 2019 and 2025: LSOAs in the area, how many are in England's most deprived 10%, and the share."""
    rows = []
    for year, table, column in [(2019, imd2019_lsoa11, "imd2019_decile"), (2025, lsoa, "imd2025_decile")]:
        in_area = table[area_filter(table, area_code)]
        most = int((in_area[column] == 1).sum())
        rows.append({"imd_year": year, "lsoas": len(in_area), "most_deprived_10pc": most, "share": most / len(in_area)})
    return pd.DataFrame(rows)


BIVARIATE_LEVELS = ("low", "medium", "high")


def bivariate_classes(rate: pd.Series, imd_score: pd.Series) -> pd.Series:
    """'high violence, high deprivation' etc.: each LSOA's tertile of rate and of IMD score within the area."""
    rate_level = pd.qcut(rate.rank(method="first"), 3, labels=BIVARIATE_LEVELS)
    imd_level = pd.qcut(imd_score.rank(method="first"), 3, labels=BIVARIATE_LEVELS)
    return rate_level.astype(str) + " rate, " + imd_level.astype(str) + " deprivation"
