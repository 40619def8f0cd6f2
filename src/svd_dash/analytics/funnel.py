"""Comparing areas fairly: funnel-plot limits that allow for the normal spread between areas.

Chance-only limits: for residents P over m months around a rate r, the expected count is
lambda = r x P x m / 12 / 1,000, with exact Poisson limits (chi-square form, as in the public health
funnel plot tools) at 95% and 99.8%, converted back to rates. Real areas differ far more than chance
alone, so the words come from overdispersed limits (Spiegelhalter 2005; see ``funnel``): an area is
called higher or lower only beyond the 99.8% overdispersed limits, and "possibly" so beyond the 95% ones.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

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


WINSOR_QUANTILES = (0.10, 0.90)
"""Spiegelhalter (2005) winsorises the z-scores at their 10th and 90th percentiles before estimating overdispersion."""
SMALL_EXPECTED = 10
"""Below this median expected count the normal approximation fails: the words use exact Poisson limits."""
Z_LEVELS = {name: float(stats.norm.ppf(0.5 + level / 2)) for name, level in FUNNEL_LEVELS.items()}


@dataclass(frozen=True)
class Overdispersion:
    """How much more the units vary than Poisson chance allows, from winsorised z-scores (Spiegelhalter 2005).

    ``phi``: mean of the squared winsorised z-scores (1 = chance only); ``tau2``: the additive random-effects
    variance between units, in (rate per 1,000 a year) squared; ``p_value``: chi-square test of phi x I on I - 1
    degrees of freedom (small = more spread than chance)."""

    phi: float
    tau2: float
    units: int
    p_value: float

    @property
    def tau(self) -> float:
        """Standard deviation of the true rates between units (rate per 1,000 a year)."""
        return float(np.sqrt(self.tau2))


def person_years_thousands(residents: np.ndarray | pd.Series, months: int) -> np.ndarray:
    """Exposure in thousands of person-years: residents x months / 12 / 1,000."""
    return np.asarray(residents, dtype=float) * months / 12 / 1000


def estimate_overdispersion(counts: np.ndarray | pd.Series, exposure: np.ndarray, target: float) -> Overdispersion:
    """Spiegelhalter's (2005) estimates from unit counts, exposures (thousand person-years) and the target rate.

    z_i = (y_i - target) / s_i with y_i = count / exposure and s_i = sqrt(target / exposure) (Poisson);
    z winsorised at its 10th and 90th percentiles; phi = mean(z_w^2); additive
    tau^2 = max(0, (I phi - (I - 1)) / (sum w - sum w^2 / sum w)) with w_i = 1 / s_i^2.

    >>> round(estimate_overdispersion(np.array([10, 30]), np.array([1.0, 1.0]), 20.0).phi, 2)  # z = -/+2.24, winsorised to -/+1.79
    3.2
    """
    observed = np.asarray(counts, dtype=float)
    se = np.sqrt(target / exposure)
    z = (observed / exposure - target) / se
    low, high = np.quantile(z, WINSOR_QUANTILES)
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    units = len(z)
    weights = 1 / se**2
    denominator = weights.sum() - (weights**2).sum() / weights.sum()
    tau2 = max(0.0, (units * phi - (units - 1)) / denominator) if denominator > 0 else 0.0
    return Overdispersion(phi, tau2, units, float(stats.chi2.sf(units * phi, units - 1)))


def overdispersed_limits(target: float, exposure: np.ndarray, tau2: float) -> pd.DataFrame:
    """Additive random-effects limits target +/- z sqrt(target / exposure + tau^2) at 95% and 99.8% (floored at 0)."""
    spread = np.sqrt(target / np.asarray(exposure, dtype=float) + tau2)
    table = pd.DataFrame(index=range(len(spread)))
    for name, z in Z_LEVELS.items():
        table[f"od_lower_{name}"] = np.maximum(target - z * spread, 0.0)
        table[f"od_upper_{name}"] = target + z * spread
    return table


def spread_band(rate: float, limits: pd.Series, comparator: str, prefix: str = "od_") -> str:
    """Where a rate lies against one row of limits, in a councillor's words."""
    if rate > limits[f"{prefix}upper_99.8"]:
        return f"higher than {comparator}, beyond the normal spread between areas"
    if rate < limits[f"{prefix}lower_99.8"]:
        return f"lower than {comparator}, beyond the normal spread between areas"
    if rate > limits[f"{prefix}upper_95"]:
        return f"possibly higher than {comparator} (at the edge of the normal spread)"
    if rate < limits[f"{prefix}lower_95"]:
        return f"possibly lower than {comparator} (at the edge of the normal spread)"
    return f"within the normal spread of {comparator}"


def short_verdict(comparison: str) -> str:
    """The verdict in two or three words for a chart label: 'possibly higher than X (...)' -> 'possibly higher'."""
    for words in ("possibly higher", "possibly lower", "higher", "lower"):
        if comparison.startswith(words):
            return words
    return "within normal spread"


@dataclass(frozen=True)
class Funnel:
    """A funnel comparison: per-unit rates and verdicts, the curves to draw, and the method in words.

    ``units``: ``unit, name, count, residents, rate, target, z`` plus chance-only (exact Poisson, ``lower_95`` ...)
    and overdispersed (``od_lower_95`` ...) limits at the unit's size, each against the comparator with that unit
    left out, and ``comparison`` (the words, from ``words_use`` limits). ``curve``: both sets of limits over a
    range of residents around ``target`` (the comparator without ``selected``)."""

    units: pd.DataFrame
    curve: pd.DataFrame
    target: float
    overall: float
    dispersion: Overdispersion
    words_use: str
    small_counts: bool
    comparator: str
    selected: str | None

    @property
    def method(self) -> str:
        """The method, named for a caption or a CSV."""
        return (
            "Overdispersed limits: Spiegelhalter (2005) additive random effects, phi from z-scores winsorised at 10%/90% "
            f"(phi {self.dispersion.phi:.1f}, tau {self.dispersion.tau:.3g} on the rate scale, {self.dispersion.units} areas). "
            f"Chance-only limits: exact Poisson. The words use the {self.words_use} limits."
        )


def funnel(
    units: pd.DataFrame,
    months: int,
    comparator: str,
    selected: str | None = None,
    residents: str = "residents",
    points: int = 200,
    per: int = 1000,
) -> Funnel:
    """Compare units (columns ``unit``, ``name``, ``count`` and ``residents``) on annual rates per ``per`` residents.

    The comparator for each unit leaves that unit out (it matters when one unit is a large share, as
    Birmingham is of the West Midlands). Overdispersion is estimated once, from every unit against the
    overall rate. When the median expected count is below 10 (homicide by CSP) the normal approximation
    behind the overdispersed limits fails, so the words use the exact Poisson limits and ``small_counts`` is set.
    """
    exposure = person_years_thousands(units[residents], months)
    counts = units["count"].to_numpy(dtype=float)
    overall = float(counts.sum() / exposure.sum())
    dispersion = estimate_overdispersion(counts, exposure, overall)
    leave_out = (counts.sum() - counts) / (exposure.sum() - exposure)
    small = bool(np.median(overall * exposure) < SMALL_EXPECTED)
    words_use = "chance-only (exact Poisson)" if small else "overdispersed"
    prefix = "" if small else "od_"
    rows = []
    for i, (target, size) in enumerate(zip(leave_out, units[residents], strict=True)):
        chance = funnel_limits(target, np.array([size]), months).drop(columns="residents").iloc[0]
        spread = overdispersed_limits(target, exposure[i : i + 1], dispersion.tau2).iloc[0]
        rows.append({"target": target, **chance.to_dict(), **spread.to_dict()})
    out = pd.concat([units.reset_index(drop=True), pd.DataFrame(rows)], axis=1)
    out["rate"] = counts / exposure
    out["z"] = (out["rate"] - out["target"]) / np.sqrt(out["target"] / exposure + dispersion.tau2)
    limits = out.to_dict("records")
    out["comparison"] = [spread_band(r["rate"], r, comparator, prefix) for r in limits]
    out["verdict"] = out["comparison"].map(short_verdict)
    target = float(out.loc[out["unit"] == selected, "target"].iloc[0]) if selected in set(out["unit"]) else overall
    span = np.geomspace(units[residents].min() * 0.5, units[residents].max() * 1.3, points)
    curve = pd.concat(
        [funnel_limits(target, span, months), overdispersed_limits(target, person_years_thousands(span, months), dispersion.tau2)], axis=1
    )
    result = Funnel(out, curve, target, overall, dispersion, words_use, small, comparator, selected)
    return result if per == 1000 else rescaled(result, per / 1000)


def rescaled(result: Funnel, factor: float) -> Funnel:
    """The same funnel with every rate per ``1,000 x factor`` residents (homicide reads better per million)."""
    rate_columns = [
        c for c in result.units.columns if c in ("rate", "target") or c.startswith(("lower_", "upper_", "od_lower_", "od_upper_"))
    ]
    units = result.units.copy()
    units[rate_columns] *= factor
    curve = result.curve.copy()
    curve[[c for c in curve.columns if c != "residents"]] *= factor
    dispersion = replace(result.dispersion, tau2=result.dispersion.tau2 * factor**2)
    return replace(result, units=units, curve=curve, target=result.target * factor, overall=result.overall * factor, dispersion=dispersion)


def council_funnel(totals: pd.DataFrame, months: int, residents: str = "population", selected: str | None = None) -> Funnel:
    """Each of the seven councils against the other six (``totals``: ``totals_by_area`` rows, the region last)."""
    areas = totals.iloc[:-1].rename(columns={"area_code": "unit", "area_name": "name", residents: "residents"})
    return funnel(areas[["unit", "name", "count", "residents"]].reset_index(drop=True), months, "the other six councils", selected=selected)
