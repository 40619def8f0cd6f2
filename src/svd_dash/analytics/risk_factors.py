"""The four risk factors of the region's needs assessment (education, substance misuse, demography,
deprivation) as the bundled data can honestly show them per LSOA, and the violence rate by fifth of each.

Plain words: the area's neighbourhoods are split into five equal groups (quintiles) by a factor; each
group's violence rate per 1,000 residents comes with a 95% interval that allows for neighbourhoods
varying more than chance alone (quasi-Poisson). The rate ratio of the highest fifth to the lowest says
how much the rate differs. It describes an association: correlation is not causation.

Model: count_i ~ quasi-Poisson, log E[count_i] = log(person-years_i / 1,000) + beta_q(i), one beta per
quintile (statsmodels GLM, Poisson family, log link, ``scale="X2"``): the dispersion phi is the LSOA-level
Pearson chi-squared over the residual degrees of freedom, floored at 1. Rate_q = exp(beta_q); interval
exp(beta_q +/- t(0.975, n - 5) x se_q), se scaled by sqrt(phi). The rate ratio Q5/Q1 is exp(beta_5 - beta_1)
with the same t quantile and the contrast's scaled standard error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

QUINTILES = 5


@dataclass(frozen=True)
class Factor:
    """A risk factor measured per LSOA: URL ``key``, which of the four it stands for, the column (in the
    risk table), what is highest in the top fifth, and its source."""

    key: str
    label: str
    risk_factor: str
    column: str
    highest: str
    source: str


IMD = "IMD 2025"
FACTORS: tuple[Factor, ...] = (
    Factor(
        "education",
        "Education, skills and training deprivation",
        "Education",
        "imd2025_education_score",
        "education, skills and training deprivation",
        IMD,
    ),
    Factor("income", "Income deprivation (% of residents)", "Deprivation", "income_pct", "income deprivation", IMD),
    Factor("employment", "Employment deprivation (% of working age)", "Deprivation", "employment_pct", "employment deprivation", IMD),
    Factor("health", "Health deprivation and disability", "Deprivation", "imd2025_health_score", "health deprivation and disability", IMD),
    Factor("crime", "Crime domain (IMD)", "Deprivation", "imd2025_crime_score", "IMD crime domain score", IMD),
    Factor("barriers", "Barriers to housing and services", "Deprivation", "imd2025_housing_score", "barriers to housing and services", IMD),
    Factor(
        "environment", "Living environment deprivation", "Deprivation", "imd2025_environment_score", "living environment deprivation", IMD
    ),
    Factor("age16_24", "Residents aged 16 to 24 (%)", "Demography", "share_16_24", "share of residents aged 16 to 24", "Census 2021"),
    Factor(
        "drugs",
        "Drugs offences per 1,000 residents (proxy)",
        "Substance misuse",
        "drugs_rate",
        "rate of police-recorded drugs offences",
        "police.uk",
    ),
)
FACTOR_BY_KEY: dict[str, Factor] = {f.key: f for f in FACTORS}

SUBSTANCE_CAVEAT = (
    "No statistics on substance misuse by neighbourhood are bundled. Police-recorded drugs offences stand in "
    "as a labelled proxy: they mostly record possession found by police activity such as stop and search, "
    "so they measure where police look as much as where drugs are used."
)
CRIME_DOMAIN_CAVEAT = (
    "The IMD crime domain is itself built from recorded violence, burglary, theft and criminal damage, "
    "so part of its link with violence is there by construction."
)
CAUSATION_CAVEAT = (
    "Correlation is not causation: a factor and violence can rise together because both follow something else "
    "(poverty, housing, policing, a busy city centre), and an area-level pattern need not hold for individuals."
)


def risk_table(per_lsoa: pd.DataFrame, drugs: pd.Series, months: int) -> pd.DataFrame:
    """Add the derived factor columns to a per-LSOA table: ``share_16_24`` (Census 2021 residents aged
    16-24 as a % of all residents), ``income_pct`` and ``employment_pct`` (the IMD 2025 income and
    employment scores, which are proportions, as percentages) and ``drugs_rate`` (drugs offences a year per 1,000 residents over ``months``
    complete months; ``drugs`` indexed by LSOA code)."""
    out = per_lsoa.copy()
    out["share_16_24"] = out["population_16_24"] / out["population"] * 100
    out["income_pct"] = out["imd2025_income_score"] * 100
    out["employment_pct"] = out["imd2025_employment_score"] * 100
    drug_counts = out["lsoa21_code"].map(drugs).fillna(0).to_numpy(dtype=float)
    out["drugs_rate"] = drug_counts / (out["population"] * months / 12) * 1000
    return out


def quintile_of(values: pd.Series, codes: pd.Series) -> pd.Series:
    """Quintile 1 (lowest) to 5 (highest) with equal numbers of LSOAs; ties broken by LSOA code."""
    order = pd.DataFrame({"value": values.to_numpy(), "code": codes.to_numpy()}).sort_values(["value", "code"])
    quintile = pd.Series(0, index=order.index)
    quintile.loc[order.index] = np.floor(np.arange(len(order)) * QUINTILES / len(order)).astype(int) + 1
    return pd.Series(quintile.sort_index().to_numpy(), index=values.index)


@dataclass(frozen=True)
class QuintileRates:
    """Violence rate by quintile of a factor with quasi-Poisson intervals, and the Q5/Q1 rate ratio."""

    table: pd.DataFrame
    dispersion: float
    rate_ratio: float
    ratio_lower: float
    ratio_upper: float
    method: str

    def sentence(self, factor: Factor, crime_phrase: str) -> str:
        """One plain sentence for a councillor."""
        digits = 1 if self.rate_ratio >= 1 else 2
        said = (
            f"The fifth of neighbourhoods with the highest {factor.highest} had {self.rate_ratio:.{digits}f} times the rate of "
            f"{crime_phrase} of the fifth with the lowest (95% interval {self.ratio_lower:.{digits}f} to {self.ratio_upper:.{digits}f})"
        )
        if self.ratio_lower <= 1 <= self.ratio_upper:
            return f"{said}: within the normal variation between neighbourhoods, so no clear difference."
        direction = "higher" if self.rate_ratio > 1 else "lower"
        return f"{said}: clearly {direction}, beyond the normal variation between neighbourhoods."


def quintile_rates(count: pd.Series, person_years: pd.Series, quintile: pd.Series, level: float = 0.95) -> QuintileRates:
    """Fit the quasi-Poisson model (see module docstring). ``person_years`` are residents x months / 12;
    rates are per 1,000 person-years (= per 1,000 residents a year)."""
    design = pd.get_dummies(quintile.astype(int), prefix="q", dtype=float).reindex(columns=[f"q_{q}" for q in range(1, QUINTILES + 1)])
    if design.isna().any().any() or (design.sum() == 0).any():
        raise ValueError("every quintile needs at least one neighbourhood: fewer than five LSOAs in the selection")
    offset = np.log(person_years.to_numpy(dtype=float) / 1000)
    model = sm.GLM(count.to_numpy(dtype=float), design.to_numpy(), family=sm.families.Poisson(), offset=offset)
    fitted = model.fit(scale="X2")
    dispersion = max(1.0, float(fitted.scale))
    if dispersion != fitted.scale:
        fitted = model.fit(scale=1.0)
    t = stats.t.ppf(0.5 + level / 2, fitted.df_resid)
    beta, se = fitted.params, fitted.bse
    groups = pd.DataFrame({"quintile": range(1, QUINTILES + 1)})
    groups["lsoas"] = design.sum().to_numpy().astype(int)
    groups["count"] = [int(count[quintile == q].sum()) for q in groups["quintile"]]
    groups["person_years"] = [float(person_years[quintile == q].sum()) for q in groups["quintile"]]
    groups["rate"] = np.exp(beta)
    groups["rate_lower"] = np.exp(beta - t * se)
    groups["rate_upper"] = np.exp(beta + t * se)
    contrast = np.zeros(QUINTILES)
    contrast[[0, -1]] = [-1, 1]
    log_ratio = float(contrast @ beta)
    ratio_se = float(np.sqrt(contrast @ fitted.cov_params() @ contrast))
    method = (
        f"quasi-Poisson GLM (statsmodels, log link, person-years offset), dispersion {dispersion:.2f} "
        f"(Pearson, floor 1), t({fitted.df_resid:.0f})"
    )
    lower, upper = np.exp(log_ratio - t * ratio_se), np.exp(log_ratio + t * ratio_se)
    return QuintileRates(groups, dispersion, float(np.exp(log_ratio)), float(lower), float(upper), method)


def factor_quintiles(risk: pd.DataFrame, factor: Factor, months: int) -> QuintileRates:
    """Violence (``count``) rate by quintile of ``factor`` over a risk table's LSOAs (``months`` complete months)."""
    quintile = quintile_of(risk[factor.column], risk["lsoa21_code"])
    result = quintile_rates(risk["count"], risk["population"] * months / 12, quintile)
    bounds = risk.groupby(quintile)[factor.column].agg(["min", "max"])
    table = result.table.assign(factor_from=bounds["min"].to_numpy(), factor_to=bounds["max"].to_numpy())
    return QuintileRates(table, result.dispersion, result.rate_ratio, result.ratio_lower, result.ratio_upper, result.method)


def factor_overview(risk: pd.DataFrame, months: int) -> pd.DataFrame:
    """Every factor's rate ratio (highest fifth / lowest fifth) with its 95% interval and dispersion."""
    rows = []
    for factor in FACTORS:
        result = factor_quintiles(risk, factor, months)
        rows.append(
            {
                "risk_factor": factor.risk_factor,
                "measure": factor.label,
                "source": factor.source,
                "rate ratio": round(result.rate_ratio, 2),
                "lower 95%": round(result.ratio_lower, 2),
                "upper 95%": round(result.ratio_upper, 2),
                "dispersion": round(result.dispersion, 1),
            }
        )
    return pd.DataFrame(rows)
