"""Selecting and totalling the prepared counts for an area, a grouping and a set of months.

``area_code`` is one of the seven LA codes, or the region code (E47000007) for all seven together.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from svd_dash.reference import AREAS, REGION


def area_filter(frame: pd.DataFrame, area_code: str, column: str = "la_code") -> pd.Series:
    """Boolean mask of rows in the area (every row of the seven areas for the region)."""
    if area_code == REGION.code:
        return frame[column].isin([a.code for a in AREAS])
    if area_code not in {a.code for a in AREAS}:
        raise KeyError(f"unknown area code '{area_code}'")
    return frame[column] == area_code


def select_counts(
    counts: pd.DataFrame, area_code: str, crime_types: Iterable[str], months: Iterable[pd.Timestamp] | None = None
) -> pd.DataFrame:
    """Rows of the count table for an area, the given crime types and (optionally) months."""
    mask = area_filter(counts, area_code) & counts["crime_type"].isin(list(crime_types))
    if months is not None:
        mask &= counts["month"].isin(list(months))
    return counts[mask]


def monthly_totals(counts: pd.DataFrame, area_code: str, crime_types: Iterable[str], all_months: Iterable[pd.Timestamp]) -> pd.Series:
    """Count per month for the area and crime types, with zero for months that have no rows."""
    selected = select_counts(counts, area_code, crime_types)
    months = pd.DatetimeIndex(sorted(set(all_months)), name="month")
    return selected.groupby("month")["count"].sum().reindex(months, fill_value=0).astype("int64")


def lsoa_totals(
    counts: pd.DataFrame, lsoa: pd.DataFrame, area_code: str, crime_types: Iterable[str], months: Iterable[pd.Timestamp]
) -> pd.DataFrame:
    """One row per LSOA of the area (zeros included) with ``count`` over the months, joined to the
    LSOA table's columns (names, population, deprivation)."""
    selected = select_counts(counts, area_code, crime_types, months)
    by_lsoa = selected.groupby("lsoa21_code")["count"].sum()
    table = lsoa[area_filter(lsoa, area_code)].copy()
    table["count"] = table["lsoa21_code"].map(by_lsoa).fillna(0).astype("int64")
    return table.reset_index(drop=True)


def totals_by_area(counts: pd.DataFrame, lsoa: pd.DataFrame, crime_types: Iterable[str], months: Iterable[pd.Timestamp]) -> pd.DataFrame:
    """One row per area (the seven, then the region) with ``count``, ``population`` and ``population_16_24``."""
    selected = select_counts(counts, REGION.code, crime_types, months)
    by_area = selected.groupby("la_code")["count"].sum()
    people = lsoa.groupby("la_code")[["population", "population_16_24"]].sum()
    rows = [{"area_code": a.code, "area_name": a.name, "count": int(by_area.get(a.code, 0)), **people.loc[a.code].to_dict()} for a in AREAS]
    table = pd.DataFrame(rows)
    region = {"area_code": REGION.code, "area_name": REGION.name, **table[["count", "population", "population_16_24"]].sum().to_dict()}
    return pd.concat([table, pd.DataFrame([region])], ignore_index=True)
