"""Friendly column names with units, for every table a person sees: on a page, in a CSV, in the Word pack.

One mapping, so a column reads the same everywhere ("Rate per 1,000 residents a year", not ``rate``).
Columns without an entry get their underscores turned into spaces and a capital first letter.
"""

from __future__ import annotations

import pandas as pd

COLUMN_NAMES: dict[str, str] = {
    "month": "Month",
    "count": "Records",
    "complete": "Complete month",
    "in_baseline": "In baseline",
    "rolling_12_month_average": "Rolling 12-month average (records a month)",
    "lsoa21_code": "Neighbourhood code (LSOA 2021)",
    "lsoa21_name": "Neighbourhood (LSOA 2021)",
    "msoa21_hcl_name": "Local name (House of Commons Library)",
    "ward_name": "Ward",
    "la_name": "Council",
    "area_name": "Area",
    "area": "Area",
    "population": "Residents (Census 2021)",
    "population_16_24": "Residents aged 16-24 (Census 2021)",
    "residents": "Residents (Census 2021)",
    "rate": "Rate per 1,000 residents a year",
    "rate_16_24": "Rate per 1,000 aged 16-24 a year",
    "rate_lower": "Rate, 95% range from",
    "rate_upper": "Rate, 95% range to",
    "harm_days": "Harm (days of prison, Cambridge Crime Harm Index)",
    "imd2025_decile": "Deprivation decile (IMD 2025, 1 = most deprived)",
    "imd2025_score": "Deprivation score (IMD 2025)",
    "decile": "Deprivation decile (1 = most deprived)",
    "lsoas": "Neighbourhoods",
    "rank": "Rank",
    "months_used": "Complete months used",
    "percent_change": "Change (%)",
    "ci_lower_percent": "Change, 95% range from (%)",
    "ci_upper_percent": "Change, 95% range to (%)",
    "verdict": "Verdict",
    "comparison": "Compared with the other six councils",
    "lower_95": "Lower 95% limit (rate)",
    "upper_95": "Upper 95% limit (rate)",
    "lower_99.8": "Lower 99.8% limit (rate)",
    "upper_99.8": "Upper 99.8% limit (rate)",
    "crime_type": "Crime type (police.uk category)",
    "share": "Share of records (0-1)",
    "share_of_lsoas": "Share of neighbourhoods (0-1)",
    "share_of_offences": "Share of offences (0-1)",
    "month_of_year": "Month number",
    "month_name": "Month of year",
    "mean_count": "Average records a month",
    "index": "Index (average month = 100)",
    "period_end": "Period end",
    "source_url": "Source address",
    "domain": "Deprivation domain",
}


def friendly_name(column: object) -> str:
    """The label a person reads for ``column``: 'rate' -> 'Rate per 1,000 residents a year'."""
    name = str(column)
    return COLUMN_NAMES.get(name, name.replace("_", " ").strip().capitalize())


def friendly_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column renamed to its friendly label (the data are unchanged)."""
    return frame.rename(columns={column: friendly_name(column) for column in frame.columns})
