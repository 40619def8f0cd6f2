"""Composite tables the dashboard pages show, assembled from the engine's functions.

Each function takes the prepared data and a selection's parts and returns a tidy frame; pages only
lay these out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from svd_dash.analytics.change import WITHIN, Change
from svd_dash.analytics.counts import area_filter, lsoa_totals, monthly_totals, select_counts
from svd_dash.analytics.findings import change_for
from svd_dash.analytics.groupings import Grouping, grouping_named
from svd_dash.analytics.measures import add_measures, harm_by_lsoa
from svd_dash.analytics.periods import Period, complete_months
from svd_dash.analytics.rates import annual_rate_per_1000
from svd_dash.analytics.smoothing import smoothed_rate
from svd_dash.analytics.spc import BaselineTooShortError, SpcResult, target_from_reduction, xmr
from svd_dash.prepared import PreparedData
from svd_dash.reference import AREAS, CRIME_TYPES, REGION, area_phrase

ROLLING_MIN_COMPLETE = 9
"""A rolling 12-month average is shown only when at least this many of the 12 months are complete."""

SVD_PROXIES = ("Possession of weapons", "Robbery", "Violence and sexual offences")


def months_used(data: PreparedData, area_code: str, period: Period) -> list[pd.Timestamp]:
    """The complete months of a period for an area (the months every per-period figure uses)."""
    complete = complete_months(data.months, area_code)
    return [m for m in period.months if m in complete]


def neighbourhoods(data: PreparedData, area_code: str, grouping: Grouping, period: Period) -> pd.DataFrame:
    """One row per LSOA of the area with count, rates (and ``rate_smoothed``, empirical Bayes), harm and
    descriptive columns, over the complete months of the period."""
    used = months_used(data, area_code, period)
    per_lsoa = lsoa_totals(data.counts, data.lsoa, area_code, grouping.crime_types, used).set_index("lsoa21_code")
    harm = harm_by_lsoa(select_counts(data.counts, area_code, grouping.crime_types, used), data.harm_weights)
    table = add_measures(per_lsoa, harm, max(len(used), 1)).reset_index()
    table["rate_smoothed"] = smoothed_rate(table["count"], table["population"], len(used))
    return table


def top_neighbourhoods(table: pd.DataFrame, column: str, n: int = 20) -> pd.DataFrame:
    """The ``n`` LSOAs with the highest value of ``column`` (ties by code), ranked from 1."""
    top = table.sort_values([column, "lsoa21_code"], ascending=[False, True]).head(n).reset_index(drop=True)
    top.insert(0, "rank", np.arange(1, len(top) + 1))
    return top


def trend_table(data: PreparedData, area_code: str, grouping: Grouping, baseline: Period) -> pd.DataFrame:
    """Monthly series: ``count``, ``complete``, ``in_baseline`` and ``rolling_12_month_average`` (the mean of
    the complete months among the trailing 12, when at least ``ROLLING_MIN_COMPLETE`` are complete)."""
    months = sorted(data.months["month"].unique())
    series = monthly_totals(data.counts, area_code, grouping.crime_types, months)
    complete = complete_months(data.months, area_code)
    table = series.rename("count").reset_index()
    table["complete"] = table["month"].isin(complete)
    table["in_baseline"] = table["month"].isin(baseline.months)
    usable = table["count"].where(table["complete"])
    rolling = usable.rolling(12, min_periods=ROLLING_MIN_COMPLETE).mean()
    table["rolling_12_month_average"] = rolling.where(np.arange(len(table)) >= 11)
    return table


def monthly_by_type(data: PreparedData, area_code: str, crime_types: tuple[str, ...]) -> pd.DataFrame:
    """Long table month x crime type with ``count`` and ``complete`` (for small multiples)."""
    months = sorted(data.months["month"].unique())
    complete = complete_months(data.months, area_code)
    frames = []
    for crime_type in crime_types:
        series = monthly_totals(data.counts, area_code, (crime_type,), months)
        frames.append(pd.DataFrame({"month": series.index, "crime_type": crime_type, "count": series.to_numpy()}))
    table = pd.concat(frames, ignore_index=True)
    table["complete"] = table["month"].isin(complete)
    return table


def short_verdict(change: Change) -> str:
    """The verdict for a small card: 'bigger than normal ups and downs' / 'within normal ups and downs' / others as is."""
    if change.beyond_normal_variation is None:
        return change.verdict
    return "within normal ups and downs" if change.verdict == WITHIN else "bigger than normal ups and downs"


def spc_for(
    data: PreparedData,
    area_code: str,
    grouping: Grouping,
    baseline: Period,
    percent_fewer: float | None = None,
    series: pd.Series | None = None,
) -> SpcResult:
    """The XmR chart of an area's monthly counts (``series`` if already computed), limits from the baseline's complete
    months; with ``percent_fewer``, a target of that many % fewer a month than the baseline mean."""
    if series is None:
        series = monthly_totals(data.counts, area_code, grouping.crime_types, sorted(data.months["month"].unique()))
    complete = complete_months(data.months, area_code)
    result = xmr(series, complete, baseline.months)
    if percent_fewer:
        result = xmr(series, complete, baseline.months, target_from_reduction(result.mean, percent_fewer))
    return result


def area_cards(data: PreparedData, grouping: Grouping, current: Period, baseline: Period) -> tuple[pd.DataFrame, dict[str, Change]]:
    """One row per area (seven, then the region): count and rate over the current period's complete
    months, change against baseline with its verdict (allowing for the normal ups and downs), the
    interval, method and dispersion, the SPC variation icon, and the last 24 months' counts for a sparkline."""
    rows, changes = [], {}
    all_months = sorted(data.months["month"].unique())
    for area in (*AREAS, REGION):
        used = months_used(data, area.code, current)
        series = monthly_totals(data.counts, area.code, grouping.crime_types, all_months)
        residents = int(data.lsoa.loc[area_filter(data.lsoa, area.code), "population"].sum())
        count = int(series.reindex(used).sum())
        change = change_for(data, area.code, grouping, current, baseline)
        changes[area.code] = change
        try:
            spc = spc_for(data, area.code, grouping, baseline, series=series)
            icon = f"{spc.variation_icon.symbol} {spc.variation_icon.words}"
            variation = spc.variation
        except BaselineTooShortError:
            icon, variation = "No SPC: the baseline has too few complete months", ""
        rows.append(
            {
                "area_code": area.code,
                "area_name": area.name,
                "months_used": len(used),
                "count": count,
                "rate": float(annual_rate_per_1000(count, residents, len(used))) if used else float("nan"),
                **change.csv_row(),
                "short_verdict": short_verdict(change),
                "spc_variation": variation,
                "spc_icon": icon,
                "sparkline": series.iloc[-24:].tolist(),
            }
        )
    return pd.DataFrame(rows), changes


def crime_type_mix(data: PreparedData, period: Period) -> pd.DataFrame:
    """Share (0-1) of each crime type within each area's records, over the region's complete months."""
    used = months_used(data, REGION.code, period)
    rows = data.counts[data.counts["month"].isin(used)]
    table = rows.groupby(["la_code", "crime_type"])["count"].sum().unstack(fill_value=0).reindex(columns=list(CRIME_TYPES), fill_value=0)
    share = table.div(table.sum(axis=1), axis=0)
    share.index = [area_phrase(code) for code in share.index]
    share.index.name = "area"
    return share.reset_index().melt(id_vars="area", var_name="crime_type", value_name="share")


def svd_proxy_changes(data: PreparedData, current: Period, baseline: Period) -> pd.DataFrame:
    """For each area and the three police.uk proxies of the SVD measures: counts, % change, intervals, method,
    dispersion and verdict."""
    rows = []
    for area in (*AREAS, REGION):
        for crime_type in SVD_PROXIES:
            change = change_for(data, area.code, grouping_named(crime_type), current, baseline)
            rows.append({"area": area.name, "proxy": crime_type, **change.csv_row(), "statement": change.sentence})
    return pd.DataFrame(rows)


def lsoa_monthly(data: PreparedData, lsoa21_code: str, grouping: Grouping) -> pd.DataFrame:
    """One LSOA's monthly counts for the grouping, with its area's completeness flags."""
    la_code = data.lsoa.loc[data.lsoa["lsoa21_code"] == lsoa21_code, "la_code"].iloc[0]
    rows = data.counts[(data.counts["lsoa21_code"] == lsoa21_code) & data.counts["crime_type"].isin(grouping.crime_types)]
    months = pd.DatetimeIndex(sorted(data.months["month"].unique()), name="month")
    table = rows.groupby("month")["count"].sum().reindex(months, fill_value=0).rename("count").reset_index()
    table["complete"] = table["month"].isin(complete_months(data.months, la_code))
    return table


DOMAIN_LABELS = {
    "imd2025_decile": "Index of Multiple Deprivation",
    "imd2025_income_decile": "Income",
    "imd2025_employment_decile": "Employment",
    "imd2025_education_decile": "Education, skills and training",
    "imd2025_health_decile": "Health and disability",
    "imd2025_crime_decile": "Crime",
    "imd2025_housing_decile": "Barriers to housing and services",
    "imd2025_environment_decile": "Living environment",
}
"""IMD 2025 decile columns and their published names."""


def lsoa_domains(data: PreparedData, lsoa21_code: str) -> pd.DataFrame:
    """One LSOA's IMD 2025 national decile overall and for each of the seven domains (1 = most deprived)."""
    row = data.lsoa.set_index("lsoa21_code").loc[lsoa21_code]
    return pd.DataFrame({"domain": list(DOMAIN_LABELS.values()), "decile": [int(row[c]) for c in DOMAIN_LABELS]})
