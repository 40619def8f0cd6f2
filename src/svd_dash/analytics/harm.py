"""Harm-weighted counts: each offence weighted by the Cambridge Crime Harm Index (CCHI).

Weight = median days of imprisonment recommended for the offence, aggregated to police.uk categories
(derived from CCHI 2026 by a third party, West Midlands offence mix by default). Anti-social
behaviour has no weight and adds no harm. Harm = sum over categories of count x weight, in days.
"""

from __future__ import annotations

import pandas as pd

HARM_MIXES = {"west_midlands": "cchi_days_west_midlands", "national": "cchi_days_national"}
HARM_LABEL = "Harm-weighted (CCHI days, derived)"


def harm_weight_by_type(harm_weights: pd.DataFrame, mix: str = "west_midlands") -> pd.Series:
    """Weight in days per crime type (0 for anti-social behaviour, which has none)."""
    return harm_weights.set_index("crime_type")[HARM_MIXES[mix]].fillna(0.0)


def harm_by_crime_type(counts: pd.DataFrame, harm_weights: pd.DataFrame, mix: str = "west_midlands") -> pd.DataFrame:
    """Per crime type: ``count``, ``weight_days``, ``harm_days`` and each one's share of the total."""
    weights = harm_weight_by_type(harm_weights, mix)
    table = counts.groupby("crime_type", as_index=False)["count"].sum()
    table["weight_days"] = table["crime_type"].map(weights).fillna(0.0)
    table["harm_days"] = table["count"] * table["weight_days"]
    table["share_of_count"] = table["count"] / table["count"].sum()
    table["share_of_harm"] = table["harm_days"] / table["harm_days"].sum() if table["harm_days"].sum() > 0 else 0.0
    return table.sort_values("harm_days", ascending=False).reset_index(drop=True)


def with_harm(counts: pd.DataFrame, harm_weights: pd.DataFrame, mix: str = "west_midlands") -> pd.DataFrame:
    """A copy of count-table rows with a ``harm_days`` column (count x weight)."""
    out = counts.copy()
    out["harm_days"] = out["count"] * out["crime_type"].map(harm_weight_by_type(harm_weights, mix)).fillna(0.0)
    return out
