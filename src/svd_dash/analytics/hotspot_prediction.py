"""How well this year's hotspots predict next year's: hit rate and the predictive accuracy index (PAI).

Plain words: take the top 5% of neighbourhoods (LSOAs) by count in one year; the hit rate is the share
of the next year's records that happened in those neighbourhoods; the PAI divides it by the share of
the area's land they cover (Chainey, Tompson and Uhlig 2008). A PAI of 10 means targeting those
neighbourhoods would reach ten times the records that the same amount of land picked at random would.

hit rate = n / N, area share = a / A, PAI = (n / N) / (a / A), where n is next year's count in the
selected LSOAs, N next year's total, a the selected LSOAs' area and A the whole area's (km², British
National Grid, generalised clipped boundaries).
"""

from __future__ import annotations

import itertools
import math

import pandas as pd

from svd_dash.analytics.counts import area_filter, select_counts
from svd_dash.analytics.periods import Period, complete_months
from svd_dash.reference import AREAS, REGION

TOP_FRACTION = 0.05
PREDICTION_COLUMNS = [
    "area",
    "hit_rate",
    "area_share",
    "pai",
    "still_top",
    "lsoas_targeted",
    "count_in_targeted",
    "next_year_count",
    "months_used",
    "hotspot_year",
    "tested_on",
]
"""The table's columns: the figures an analyst reads first (so a narrow screen shows them), then what they rest on."""


def top_lsoas(counts: pd.Series, fraction: float = TOP_FRACTION) -> list[str]:
    """The ceil(fraction x N) LSOAs (index labels) with the highest counts, ties broken by code."""
    n = max(1, math.ceil(fraction * len(counts) - 1e-9))
    frame = pd.DataFrame({"code": counts.index.astype(str), "count": counts.to_numpy()})
    return frame.sort_values(["count", "code"], ascending=[False, True])["code"].head(n).tolist()


def prediction_accuracy(
    this_year: pd.Series, next_year: pd.Series, area_km2: pd.Series, fraction: float = TOP_FRACTION
) -> dict[str, float]:
    """Hit rate, area share and PAI of this year's top ``fraction`` LSOAs against next year's counts.

    The three series share one index (LSOA codes). Also ``still_top``: the share of the selected LSOAs
    that are in next year's top ``fraction`` too."""
    chosen = top_lsoas(this_year, fraction)
    total = float(next_year.sum())
    hits = float(next_year.reindex(chosen).sum())
    area_share = float(area_km2.reindex(chosen).sum() / area_km2.sum())
    hit_rate = hits / total if total else float("nan")
    still = len(set(chosen) & set(top_lsoas(next_year, fraction))) / len(chosen)
    return {
        "lsoas_targeted": len(chosen),
        "next_year_count": int(total),
        "count_in_targeted": int(hits),
        "hit_rate": hit_rate,
        "area_share": area_share,
        "pai": hit_rate / area_share if area_share else float("nan"),
        "still_top": still,
    }


def successive_years(available: list[pd.Timestamp]) -> list[tuple[Period, Period]]:
    """Back-to-back pairs of 12-month periods ending at the latest month (this year, next year), oldest
    pair first; only whole 12-month periods inside the data."""
    end = max(available)
    years = []
    while end - pd.DateOffset(months=11) >= min(available):
        years.append(Period(pd.Timestamp(end - pd.DateOffset(months=11)), pd.Timestamp(end)))
        end = pd.Timestamp(end - pd.DateOffset(months=12))
    years = years[::-1]
    return list(itertools.pairwise(years))


def yearly_counts(by_month: pd.DataFrame, lsoa_codes: list[str], months: list[pd.Timestamp]) -> pd.Series:
    """Per-LSOA totals over ``months`` (zeros included), indexed by LSOA code, from an LSOA x month table of counts."""
    return by_month.reindex(index=lsoa_codes, columns=months, fill_value=0).sum(axis=1)


def prediction_by_area(
    counts: pd.DataFrame, lsoa: pd.DataFrame, months: pd.DataFrame, crime_types: tuple[str, ...], area_km2: pd.Series
) -> pd.DataFrame:
    """Hit rate and PAI for each area (the seven, then the region) and each pair of successive years,
    over each area's complete months; hotspots are chosen within the area."""
    available = sorted(pd.to_datetime(months["month"].unique()))
    selected = select_counts(counts, REGION.code, crime_types)
    by_month = selected.groupby(["lsoa21_code", "month"], observed=True)["count"].sum().unstack("month", fill_value=0)
    rows = []
    for area in (*AREAS, REGION):
        codes = lsoa.loc[area_filter(lsoa, area.code), "lsoa21_code"].tolist()
        complete = complete_months(months, area.code)
        for this, following in successive_years(available):
            used_this = [m for m in this.months if m in complete]
            used_next = [m for m in following.months if m in complete]
            result = prediction_accuracy(
                yearly_counts(by_month, codes, used_this), yearly_counts(by_month, codes, used_next), area_km2.reindex(codes)
            )
            rows.append(
                {
                    "area": area.name,
                    "hotspot_year": this.label,
                    "tested_on": following.label,
                    "months_used": f"{len(used_this)} and {len(used_next)}",
                    **result,
                }
            )
    return pd.DataFrame(rows)[PREDICTION_COLUMNS]


def prediction_sentence(row: pd.Series, crime_phrase: str, area_phrase: str) -> str:
    """'In Coventry, the top 5% of neighbourhoods in the 12 months to March 2025 (11 LSOAs, 5.2% of the
    land) held 25% of the next 12 months' serious violence offences: 4.8 times their share of the land (PAI).'"""
    return (
        f"In {area_phrase}, the top 5% of neighbourhoods in {row['hotspot_year']} ({row['lsoas_targeted']} LSOAs, "
        f"{row['area_share']:.1%} of the land) held {row['hit_rate']:.0%} of the next 12 months' {crime_phrase}: "
        f"{row['pai']:.1f} times their share of the land (PAI). {row['still_top']:.0%} of them were in the top 5% again."
    )
