"""The deprivation gradient: how rates rise with deprivation, and how deprived each area is.

- Rate by national IMD 2025 decile: offences in an area's LSOAs of each decile / their Census 2021
  residents, annual per 1,000, with exact Poisson 95% CIs. Decile 1 = England's most deprived 10%.
- Gradient: the rate ratio per national decile step towards more deprived, from a quasi-Poisson
  log-linear model across all the area's LSOAs with a residents x months offset, so one small
  neighbourhood in an extreme decile cannot drive it.
- Correlation across an area's LSOAs between the IMD 2025 score and the rate (Spearman's rank
  correlation, which is robust to the skew of small-area rates; Pearson given too).
- Share of an area's LSOAs in England's most deprived 10%: IMD 2019 on its own LSOA 2011 geography,
  IMD 2025 on LSOA 2021.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

from svd_dash.analytics.counts import area_filter
from svd_dash.analytics.rates import annual_rate_per_1000, with_rates
from svd_dash.analytics.small_numbers import SMALL_NUMBER, small_numbers_note


def rate_by_decile(
    lsoa_counts: pd.DataFrame, months: int, decile_column: str = "imd2025_decile", residents: str = "population"
) -> pd.DataFrame:
    """One row per decile present: ``decile``, ``lsoas``, ``count``, residents, ``rate`` and CI."""
    grouped = lsoa_counts.groupby(decile_column).agg(lsoas=("lsoa21_code", "size"), count=("count", "sum"), population=(residents, "sum"))
    table = grouped.reset_index().rename(columns={decile_column: "decile"})
    return with_rates(table, months)


@dataclass(frozen=True)
class Gradient:
    """The deprivation gradient: the rate ratio for one national decile step towards more deprived.

    ``ratio_per_step`` > 1 means the rate is higher in more deprived neighbourhoods. The interval allows
    for the variation between neighbourhoods (quasi-Poisson ``dispersion`` on ``df`` residual degrees of freedom).
    """

    ratio_per_step: float
    lower: float
    upper: float
    dispersion: float
    df: int
    lsoas: int
    deciles: tuple[int, int]
    count: int
    method: str = "quasi-Poisson log-linear model across LSOAs, national IMD 2025 decile as a number, log(residents x months) offset"

    @property
    def verdict(self) -> str:
        """'a clear gradient, higher where more deprived', '..., lower ...', or 'no clear gradient ...'."""
        if self.lower > 1:
            return "a clear gradient, higher where more deprived"
        if self.upper < 1:
            return "a clear gradient, lower where more deprived"
        return "no clear gradient beyond the variation between neighbourhoods"

    def sentence(self, what: str, area_name: str) -> str:
        """E.g. 'In Sandwell, the rate of robberies is 12% higher for each step towards more deprived neighbourhoods ...'"""
        step = (self.ratio_per_step - 1) * 100
        low, high = sorted(((self.lower - 1) * 100, (self.upper - 1) * 100))
        direction = "higher" if step >= 0 else "lower"
        likely = f"likely range {low:+.0f}% to {high:+.0f}%, allowing for how much neighbourhoods vary"
        caution = f" {small_numbers_note()}" if self.count < SMALL_NUMBER else ""
        return (
            f"In {area_name}, the rate of {what} is {abs(step):.0f}% {direction} for each step towards more deprived "
            f"neighbourhoods (national deciles {self.deciles[0]} to {self.deciles[1]}, {self.lsoas:,} neighbourhoods; {likely}): "
            f"{self.verdict}.{caution}"
        )


def deprivation_gradient(
    lsoa_counts: pd.DataFrame, months: int, decile_column: str = "imd2025_decile", residents: str = "population", level: float = 0.95
) -> Gradient | None:
    """Fit log E[count_i] = a + b x (11 - decile_i) + log(residents_i x months) over the area's LSOAs (quasi-Poisson,
    statsmodels GLM, Pearson dispersion floored at 1, t interval); exp(b) is the rate ratio per decile step towards
    more deprived. None when fewer than two deciles are present, fewer than 3 LSOAs, or no offences."""
    rows = lsoa_counts[lsoa_counts[residents] > 0]
    if rows[decile_column].nunique() < 2 or len(rows) < 3 or rows["count"].sum() == 0:
        return None
    step = (11 - rows[decile_column].to_numpy(float)).reshape(-1, 1)
    fit = sm.GLM(
        rows["count"].to_numpy(float),
        sm.add_constant(step, has_constant="add"),
        family=sm.families.Poisson(),
        offset=np.log(rows[residents].to_numpy(float) * months),
    ).fit()
    dispersion = max(float(fit.pearson_chi2) / fit.df_resid, 1.0) if fit.df_resid > 0 else np.nan
    se = float(fit.bse[1]) * np.sqrt(dispersion)
    t = float(stats.t.ppf(0.5 + level / 2, fit.df_resid))
    beta = float(fit.params[1])
    deciles = (int(rows[decile_column].min()), int(rows[decile_column].max()))
    return Gradient(
        float(np.exp(beta)),
        float(np.exp(beta - t * se)),
        float(np.exp(beta + t * se)),
        dispersion,
        int(fit.df_resid),
        len(rows),
        deciles,
        int(rows["count"].sum()),
    )


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
