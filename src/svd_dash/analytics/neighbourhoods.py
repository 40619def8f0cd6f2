"""Figures by ward and by MSOA, built from LSOA counts.

A ward's figures are the sum of its LSOAs' counts and residents. LSOAs are placed in wards by the ONS
best-fit lookup LSOA 2021 -> ward 2024 (a whole LSOA goes to the ward holding its population-weighted
centroid; the 192 ward codes equal the May 2025 wards councillors represent), so a ward's figures can
differ slightly from counts cut exactly at its boundary. LSOAs nest exactly in MSOAs, which are named
by the House of Commons Library.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from svd_dash.analytics.rates import annual_rate_per_1000

SMALL_NUMBER = 10
"""Counts below this carry a small-numbers warning."""


@dataclass(frozen=True)
class Level:
    """A geography a table can be shown at: URL ``key``, its code and name columns in the LSOA table."""

    key: str
    label: str
    code: str
    name: str
    boundary_layer: str


LEVELS: dict[str, Level] = {
    "lsoa": Level("lsoa", "Neighbourhood (LSOA)", "lsoa21_code", "lsoa21_name", "lsoa21"),
    "ward": Level("ward", "Ward (2025)", "ward_code", "ward_name", "ward"),
    "msoa": Level("msoa", "MSOA (House of Commons Library name)", "msoa21_code", "msoa21_hcl_name", "msoa21"),
}


def by_level(per_lsoa: pd.DataFrame, level: Level, months: int, count: str = "count") -> pd.DataFrame:
    """One row per unit of ``level``: ``code``, ``name``, ``la_name``, ``lsoas``, ``count``, ``population``,
    ``population_16_24``, ``harm_days`` (sums over its LSOAs), ``rate`` and ``rate_16_24`` (annual per 1,000 residents, all
    ages or aged 16-24, over ``months`` months), ``rank`` (1 = highest count, ties by code) and ``small_numbers`` (count < 10)."""
    grouped = per_lsoa.groupby([level.code, level.name, "la_name"], as_index=False, observed=True).agg(
        lsoas=("lsoa21_code", "size"),
        count=(count, "sum"),
        population=("population", "sum"),
        population_16_24=("population_16_24", "sum"),
        harm_days=("harm_days", "sum"),
    )
    grouped = grouped.rename(columns={level.code: "code", level.name: "name"})
    grouped["rate"] = annual_rate_per_1000(grouped["count"], grouped["population"], months)
    grouped["rate_16_24"] = annual_rate_per_1000(grouped["count"], grouped["population_16_24"], months)
    grouped = grouped.sort_values(["count", "code"], ascending=[False, True]).reset_index(drop=True)
    grouped.insert(0, "rank", np.arange(1, len(grouped) + 1))
    grouped["small_numbers"] = grouped["count"] < SMALL_NUMBER
    return grouped


CHANGE_COLUMNS = ["name", "percent_change", "rate", "rate_baseline", "count", "count_baseline", "small_numbers", "la_name", "code"]
"""The change table's columns: the unit and its change first (what a narrow screen shows), then what the change rests on."""


def change_by_level(current: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """Join two ``by_level`` tables (current period and baseline) by unit: counts, annual rates and the
    % change in rate (annualised, so periods of different lengths compare), in ``CHANGE_COLUMNS`` order."""
    joined = current[["code", "name", "la_name", "count", "rate"]].merge(
        baseline[["code", "count", "rate"]], on="code", suffixes=("", "_baseline"), validate="one_to_one"
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        joined["percent_change"] = np.where(joined["rate_baseline"] > 0, (joined["rate"] / joined["rate_baseline"] - 1) * 100, np.nan)
    joined["small_numbers"] = (joined["count"] < SMALL_NUMBER) | (joined["count_baseline"] < SMALL_NUMBER)
    return joined[CHANGE_COLUMNS]


def unit_lsoas(lsoa: pd.DataFrame, level: Level, code: str) -> list[str]:
    """The LSOA codes making up one unit (a single LSOA for the LSOA level)."""
    return lsoa.loc[lsoa[level.code] == code, "lsoa21_code"].sort_values().tolist()
