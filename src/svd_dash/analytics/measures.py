"""The measures a map or table can show per neighbourhood or area, defined in one place."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.harm import HARM_LABEL, harm_weight_by_type
from svd_dash.analytics.rates import annual_rate_per_1000


@dataclass(frozen=True)
class Measure:
    """A measure: URL ``key``, on-screen ``label``, the table ``column`` holding it, and its definition."""

    key: str
    label: str
    column: str
    definition: str


MEASURES: tuple[Measure, ...] = (
    Measure("count", "Count", "count", "number of records in the months used"),
    Measure("rate", "Rate per 1,000 residents", "rate", "records a year per 1,000 residents (Census 2021 usual residents)"),
    Measure("rate16_24", "Rate per 1,000 aged 16-24", "rate_16_24", "records a year per 1,000 residents aged 16-24 (Census 2021)"),
    Measure("harm", HARM_LABEL, "harm_days", "records weighted by Cambridge Crime Harm Index median days (derived, West Midlands mix)"),
)
MEASURE_BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}


def add_measures(per_lsoa: pd.DataFrame, harm_days: pd.Series, months: int) -> pd.DataFrame:
    """Add ``rate``, ``rate_16_24`` and ``harm_days`` to per-area rows that have ``count`` and residents.

    ``harm_days`` is indexed like ``per_lsoa`` (0 where absent)."""
    out = per_lsoa.copy()
    out["rate"] = annual_rate_per_1000(out["count"], out["population"], months)
    out["rate_16_24"] = annual_rate_per_1000(out["count"], out["population_16_24"], months)
    out["harm_days"] = harm_days.astype("float64").reindex(out.index, fill_value=0.0).to_numpy()
    return out


def harm_by_lsoa(selected_counts: pd.DataFrame, harm_weights: pd.DataFrame) -> pd.Series:
    """Harm days per LSOA over count-table rows already filtered to an area, grouping and months."""
    weights = harm_weight_by_type(harm_weights)
    harm = selected_counts["count"] * selected_counts["crime_type"].map(weights).fillna(0.0)
    return harm.groupby(selected_counts["lsoa21_code"]).sum()
