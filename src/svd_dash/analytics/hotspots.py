"""Hotspots: Getis-Ord Gi* with false-discovery-rate control, and hotspot persistence across successive
12-month periods.

Gi* for LSOA i compares the total in i and its neighbours (queen contiguity: sharing an edge or a
corner, computed in British National Grid) with the area-wide mean (Getis and Ord 1992; Ord and Getis
1995). By default the p-value is analytic: two-sided from the standardised Gi* (esda's ``p_norm``), as in
Ord and Getis (1995) and ArcGIS's Hot Spot Analysis. Why not permutations: with 9,999 permutations the
smallest possible two-sided p is 0.0002, so over the region's 1,719 LSOAs the false-discovery-rate 1%
class is reachable only when 35 or more LSOAs sit at that floor (none do for serious violence); analytic
p-values are also the same for every seed and take 0.1 s instead of 0.7 s. Conditional permutations
(esda, fixed seed) remain available (``method="permutation"``). The Benjamini-Hochberg false discovery rate
is applied at 1%, 5% and 10%: an LSOA is a "hot spot (false discovery rate 1%)" when it passes at 1%, and
so on. LSOAs with no neighbour in the selection are not tested.
"""

from __future__ import annotations

import math
import warnings

import esda
import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
from scipy import stats

from svd_dash.analytics.periods import Period

DEFAULT_PERMUTATIONS = 9999
DEFAULT_SEED = 20260331
FALSE_DISCOVERY_RATES = (0.01, 0.05, 0.10)
NOT_SIGNIFICANT = "Neither (within chance)"
HOTSPOT_CLASSES = (
    "Hot spot (false discovery rate 1%)",
    "Hot spot (false discovery rate 5%)",
    "Hot spot (false discovery rate 10%)",
    NOT_SIGNIFICANT,
    "Cold spot (false discovery rate 10%)",
    "Cold spot (false discovery rate 5%)",
    "Cold spot (false discovery rate 1%)",
)
"""The classes in display order, hottest first. A false discovery rate of 5% means that about 1 in 20 of
the neighbourhoods so labelled may be labelled by chance."""


def hotspot_label(kind: str, rate: float) -> str:
    """'Hot spot (false discovery rate 5%)'."""
    return f"{kind} spot (false discovery rate {rate:.0%})"


def contiguity_weights(shapes: gpd.GeoDataFrame) -> libpysal.weights.W:
    """Queen contiguity between the polygons, in row order, computed in EPSG:27700, binary."""
    if shapes.crs is None or shapes.crs.to_epsg() != 27700:
        shapes = shapes.to_crs(27700)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands are handled by the caller, not reported as warnings
        weights = libpysal.weights.Queen.from_dataframe(shapes.reset_index(drop=True), use_index=False)
    weights.transform = "B"
    return weights


def benjamini_hochberg_threshold(p_values: np.ndarray, alpha: float) -> float:
    """The largest p-value declared significant at false discovery rate ``alpha`` (0 if none)."""
    ordered = np.sort(p_values[~np.isnan(p_values)])
    if ordered.size == 0:
        return 0.0
    passing = ordered <= alpha * np.arange(1, ordered.size + 1) / ordered.size
    return float(ordered[passing].max()) if passing.any() else 0.0


def two_sided_permutation_p(observed: np.ndarray, simulated: np.ndarray) -> np.ndarray:
    """Two-sided permutation p-value per unit from ``simulated`` (units x permutations), ties counted
    on both sides (so a value that every simulation equals gets p = 1)."""
    tolerance = 1e-12 * np.maximum(1.0, np.abs(observed))[:, None]
    upper = ((simulated >= observed[:, None] - tolerance).sum(axis=1) + 1) / (simulated.shape[1] + 1)
    lower = ((simulated <= observed[:, None] + tolerance).sum(axis=1) + 1) / (simulated.shape[1] + 1)
    return np.minimum(1.0, 2 * np.minimum(upper, lower))


def gi_star(
    values: np.ndarray,
    weights: libpysal.weights.W,
    method: str = "analytic",
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Gi* for each unit: ``z`` (standardised Gi*), ``p_value`` (two-sided) and ``hotspot_class``.

    ``values`` are counts or rates in the same order as ``weights``' ids. ``method`` is "analytic" (normal
    approximation, esda ``p_norm``) or "permutation" (``permutations`` conditional permutations with ``seed``).
    """
    if method not in ("analytic", "permutation"):
        raise ValueError(f"unknown Gi* method '{method}': use 'analytic' or 'permutation'")
    y = np.asarray(values, dtype=float)
    islands = np.zeros(y.size, dtype=bool)
    islands[[weights.id2i[i] for i in weights.islands]] = True
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        local = esda.G_Local(
            y, weights, transform="B", permutations=permutations if method == "permutation" else 0, star=True, seed=seed, n_jobs=1
        )
    z = np.where(islands, np.nan, local.Zs)
    p_two_sided = two_sided_permutation_p(local.Gs, local.rGs) if method == "permutation" else 2 * stats.norm.sf(np.abs(local.Zs))
    p = np.where(islands, np.nan, p_two_sided)
    if np.nanstd(y) == 0:
        z, p = np.full(y.size, np.nan), np.full(y.size, np.nan)
    classes = np.full(y.size, NOT_SIGNIFICANT, dtype=object)
    for rate in sorted(FALSE_DISCOVERY_RATES, reverse=True):  # 10% first, so stricter rates overwrite
        threshold = benjamini_hochberg_threshold(p, rate)
        passed = (p <= threshold) & (threshold > 0)
        classes[passed & (z > 0)] = hotspot_label("Hot", rate)
        classes[passed & (z < 0)] = hotspot_label("Cold", rate)
    return pd.DataFrame({"z": z, "p_value": p, "hotspot_class": classes})


def hotspot_sentence(result: pd.DataFrame, what: str, area_name: str) -> str:
    """How many neighbourhoods are hot or cold spots, in one plain sentence."""
    hot = int(result["hotspot_class"].str.startswith("Hot").sum())
    cold = int(result["hotspot_class"].str.startswith("Cold").sum())
    return (
        f"In {area_name}, {hot:,} neighbourhoods are hot spots for {what} (they and their neighbours have more than chance "
        f"would give) and {cold:,} are cold spots, out of {len(result):,}; at a false discovery rate of 10%, about 1 in 10 "
        "labelled spots may be labelled by chance."
    )


def top_share_members(counts: pd.Series, fraction: float = 0.05) -> set[str]:
    """The ceil(fraction x N) index labels with the highest counts (ties broken by label)."""
    n = max(1, math.ceil(fraction * len(counts) - 1e-9))
    ordered = counts.reset_index().sort_values([counts.name or 0, counts.index.name or "index"], ascending=[False, True])
    return set(ordered.iloc[:n, 0])


def hotspot_persistence(
    counts: pd.DataFrame, lsoa_codes: list[str], periods: list[Period], complete: set[pd.Timestamp], fraction: float = 0.05
) -> pd.DataFrame:
    """Which LSOAs are in the top ``fraction`` by count in each period (complete months only).

    ``counts`` are count-table rows already filtered to the area and grouping. Returns one row per LSOA
    with a boolean column per period (named by its slug), ``periods_in_top`` and ``persistent`` (in the
    top in every period). Ranks are within each period, so periods with fewer complete months compare
    fairly.
    """
    table = pd.DataFrame({"lsoa21_code": lsoa_codes}).set_index("lsoa21_code")
    for period in periods:
        used = [m for m in period.months if m in complete]
        totals = counts[counts["month"].isin(used)].groupby("lsoa21_code")["count"].sum()
        totals = totals.reindex(lsoa_codes, fill_value=0).rename("count")
        totals.index.name = "lsoa21_code"
        table[period.slug] = table.index.isin(top_share_members(totals, fraction)) if used else False
    flags = table[[p.slug for p in periods]]
    table["periods_in_top"] = flags.sum(axis=1).astype(int)
    table["persistent"] = flags.all(axis=1)
    return table.reset_index()


def successive_12_month_periods(end: pd.Timestamp, first_available: pd.Timestamp) -> list[Period]:
    """Back-to-back 12-month periods ending at ``end``, oldest first, while they start on or after
    ``first_available`` (the earliest may be cut short at the data's start)."""
    periods = []
    stop = end
    while stop >= first_available:
        start = max(stop - pd.DateOffset(months=11), first_available)
        periods.append(Period(pd.Timestamp(start), pd.Timestamp(stop)))
        stop = stop - pd.DateOffset(months=12)
    return periods[::-1]
