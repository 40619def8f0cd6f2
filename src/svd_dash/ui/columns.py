"""Friendly column names with units, for every table a person sees: on a page, in a CSV, in the Word pack.

One mapping, so a column reads the same everywhere ("Rate per 1,000 residents a year", not ``rate``).
Columns without an entry get their underscores turned into spaces and a capital first letter (the rest
is kept, so a label that is already friendly, 'IMD 2025 decile', stays as it is).
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
    "rate_shown": "Rate per 1,000 residents a year",
    "code": "Code",
    "small_numbers": "Small numbers (under 10 records)",
    "count_baseline": "Records in the baseline",
    "rate_baseline": "Rate in the baseline (per 1,000 residents a year)",
    "lowest_decile": "Lowest deprivation decile (1 = most deprived)",
    "highest_decile": "Highest deprivation decile (1 = most deprived)",
    "emerging_class": "Emerging hot spot class",
    "trend_tau": "Trend in the hot spot score (-1 falling to 1 rising)",
    "trend_p": "Chance of a trend this strong with none (p)",
    "bins_hot": "Time slices as a hot spot",
    "bins_cold": "Time slices as a cold spot",
    "lsoas_targeted": "Neighbourhoods in the top 5%",
    "next_year_count": "Records the next year",
    "count_in_targeted": "Records the next year in the top 5%",
    "hit_rate_%": "Hit rate (%)",
    "land_share_%": "Share of the land (%)",
    "pai": "Predictive accuracy (hit rate ÷ share of land)",
    "still_top_5%_%": "Still in the top 5% the next year (%)",
    "risk_factor": "Risk factor",
    "dispersion": "Spread beyond chance (1 = chance alone)",
    "meaning": "What it means",
    "map_class": "Map colour",
}


def friendly_name(column: object) -> str:
    """The label a person reads for ``column``: 'rate' -> 'Rate per 1,000 residents a year'."""
    name = str(column)
    plain = name.replace("_", " ").strip()
    return COLUMN_NAMES.get(name, plain[:1].upper() + plain[1:])


def friendly_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every column renamed to its friendly label (the data are unchanged)."""
    return frame.rename(columns={column: friendly_name(column) for column in frame.columns})
