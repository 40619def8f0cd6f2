"""Emerging hot spots: how each neighbourhood's hot or cold spot status has changed over time.

Method (after Esri, "How Emerging Hot Spot Analysis works", ArcGIS Pro documentation):

1. The series of complete months is cut into time bins: calendar quarters, or half-years when counts
   are small (``choose_bin_kind``). A bin is used when at least half its months are complete; only
   its complete months are counted (Gi* compares neighbourhoods within one bin, so a bin with fewer
   months compares as fairly as a full one).
2. In each bin, Getis-Ord Gi* (esda ``G_Local``, ``star=True``, binary queen contiguity) gives a z-score
   per LSOA. p-values are the analytic two-sided normal ones, as in ArcGIS's own Gi*: permutation
   inference over every bin (10 or more bins x 1,719 LSOAs x 9,999 permutations) would take minutes
   per selection, and the classes need only the sign and significance. Benjamini-Hochberg false
   discovery rate control at 5% is applied within each bin: a bin is a hot (cold) spot when it passes
   and z > 0 (z < 0).
3. The Mann-Kendall test (Kendall's tau of the Gi* z-scores against time, scipy) says whether the
   clustering is intensifying or diminishing.
4. ``classify`` applies Esri's rules to the sequence of hot / cold / neither bins and the trend.

Differences from Esri: the neighbourhood is spatial only (Esri's default also includes the previous
time step), and where two of Esri's definitions overlap (a neighbourhood cold earlier and hot only in
the final bin fits both "new" and "oscillating"), the more specific history wins: oscillating.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import esda
import libpysal
import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

FDR_ALPHA = 0.05
TREND_ALPHA = 0.05
SHARE_FOR_PERSISTENT = 0.9
QUARTER_MIN_MEAN = 5.0
"""Quarters are used when the average LSOA has at least this many records a quarter; otherwise half-years."""

HOT, NEITHER, COLD = 1, 0, -1
NO_PATTERN = "No pattern detected"
NOT_TESTED = "Not tested (no neighbours)"
PATTERNS = ("New", "Consecutive", "Intensifying", "Persistent", "Diminishing", "Sporadic", "Oscillating", "Historical")
CLASSES: tuple[str, ...] = (
    *(f"{p} hot spot" for p in PATTERNS),
    NO_PATTERN,
    *(f"{p} cold spot" for p in PATTERNS),
    NOT_TESTED,
)
"""Every class in display order: hot patterns, no pattern, cold patterns."""

CLASS_SENTENCES: dict[str, str] = {
    "New": "{spot} in the latest period for the first time.",
    "Consecutive": "{spot} in an unbroken run of recent periods (two or more, ending with the latest), never before that run.",
    "Intensifying": "{spot} in at least 90% of periods, including the latest, and the clustering is getting stronger.",
    "Persistent": "{spot} in at least 90% of periods, including the latest, with no clear trend in strength.",
    "Diminishing": "{spot} in at least 90% of periods, including the latest, but the clustering is getting weaker.",
    "Sporadic": "{spot} in the latest period, on and off before, and never the opposite.",
    "Oscillating": "{spot} in the latest period, and the opposite (a {other}) in at least one earlier period.",
    "Historical": "{spot} in at least 90% of periods, but not in the latest one.",
}
"""One plain sentence per pattern; ``{spot}`` is 'A hot spot' or 'A cold spot'."""


def class_sentence(name: str) -> str:
    """The plain sentence for a class name such as 'Persistent hot spot'."""
    if name == NO_PATTERN:
        return "Not a hot or cold spot in a way that fits any of the patterns."
    if name == NOT_TESTED:
        return "Has no neighbouring neighbourhood in the selection, so it cannot be tested."
    pattern, kind = name.split(" ", 1)
    other = "cold spot" if kind == "hot spot" else "hot spot"
    return CLASS_SENTENCES[pattern].format(spot=f"A {kind}", other=other)


@dataclass(frozen=True)
class TimeBin:
    """One time bin: its label ('2024 Q1' or '2024 H1'), all its months and the complete ones used."""

    label: str
    months: tuple[pd.Timestamp, ...]
    used: tuple[pd.Timestamp, ...]


def time_bins(months: list[pd.Timestamp], complete: set[pd.Timestamp], kind: str) -> list[TimeBin]:
    """Calendar quarters (``kind='quarter'``) or half-years (``'half-year'``) over ``months``, oldest first,
    keeping a bin only when at least half its calendar months are complete."""
    size = {"quarter": 3, "half-year": 6}[kind]
    bins: dict[tuple[int, int], list[pd.Timestamp]] = {}
    for month in sorted(months):
        bins.setdefault((month.year, (month.month - 1) // size), []).append(month)
    out = []
    for (year, index), members in bins.items():
        used = tuple(m for m in members if m in complete)
        if len(used) * 2 >= size:
            label = f"{year} Q{index + 1}" if kind == "quarter" else f"{year} H{index + 1}"
            out.append(TimeBin(label, tuple(members), used))
    return out


def choose_bin_kind(quarter_totals: pd.DataFrame) -> str:
    """'quarter' if the mean count per LSOA per quarter (over quarterly bins) is at least ``QUARTER_MIN_MEAN``."""
    return "quarter" if float(quarter_totals.to_numpy().mean()) >= QUARTER_MIN_MEAN else "half-year"


def bin_counts(counts: pd.DataFrame, lsoa_codes: list[str], bins: list[TimeBin]) -> pd.DataFrame:
    """LSOA x bin table of counts over each bin's complete months (``counts``: count-table rows already
    filtered to the area and grouping)."""
    month_to_bin = {m: b.label for b in bins for m in b.used}
    rows = counts[counts["month"].isin(month_to_bin)]
    table = rows.assign(bin=rows["month"].map(month_to_bin)).pivot_table(
        index="lsoa21_code", columns="bin", values="count", aggfunc="sum", fill_value=0
    )
    return table.reindex(index=lsoa_codes, columns=[b.label for b in bins], fill_value=0).astype("int64")


def island_mask(weights: libpysal.weights.W) -> np.ndarray:
    """True for units with no neighbour (not tested), in ``weights``' order."""
    mask = np.zeros(weights.n, dtype=bool)
    mask[[weights.id2i[i] for i in weights.islands]] = True
    return mask


def gi_star_bins(table: pd.DataFrame, weights: libpysal.weights.W, alpha: float = FDR_ALPHA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gi* z-scores and states (HOT, COLD, NEITHER) per LSOA and bin; rows in ``weights``' order.

    States use two-sided normal p-values with Benjamini-Hochberg FDR at ``alpha`` within each bin.
    A bin in which every LSOA has the same count gives z = NaN and NEITHER."""
    islands = island_mask(weights)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        star_weights = libpysal.weights.fill_diagonal(weights, 1)  # once, not once per bin inside esda
    z = pd.DataFrame(np.nan, index=table.index, columns=table.columns)
    state = pd.DataFrame(NEITHER, index=table.index, columns=table.columns)
    for label in table.columns:
        values = table[label].to_numpy(dtype=float)
        if values.std() == 0:
            continue
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            local = esda.G_Local(values, star_weights, transform="B", permutations=0, star=True)
        scores = np.where(islands, np.nan, local.Zs)
        tested = ~np.isnan(scores)
        passed = np.zeros(len(values), dtype=bool)
        passed[tested] = multipletests(2 * stats.norm.sf(np.abs(scores[tested])), alpha=alpha, method="fdr_bh")[0]
        z[label] = scores
        state[label] = np.where(passed, np.sign(scores), NEITHER).astype(int)
    return z, state


def mann_kendall(series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mann-Kendall trend test on each row of ``series`` (locations x time, oldest first).

    S = sum over pairs i < j of sign(x_j - x_i); Var(S) = [n(n-1)(2n+5) - sum over tied groups of
    t(t-1)(2t+5)] / 18; Z = (S - sign(S)) / sqrt(Var(S)) (continuity correction); two-sided normal p.
    Returns (Kendall's tau = S / (n(n-1)/2), p). Time points that are NaN in every row are dropped;
    rows that are NaN elsewhere, constant or shorter than 3 get tau 0 and p 1."""
    values = np.atleast_2d(np.asarray(series, dtype=float))
    values = values[:, ~np.isnan(values).all(axis=0)]
    n = values.shape[1]
    tau, p = np.zeros(len(values)), np.ones(len(values))
    usable = ~np.isnan(values).any(axis=1) & (np.ptp(values, axis=1) > 0 if n else False)
    if n < 3 or not usable.any():
        return tau, p
    later, earlier = np.triu_indices(n, k=1)[::-1]
    s = np.sign(values[usable][:, later] - values[usable][:, earlier]).sum(axis=1)
    ties = np.array([_tie_term(row) for row in values[usable]])
    variance = (n * (n - 1) * (2 * n + 5) - ties) / 18
    z = (s - np.sign(s)) / np.sqrt(variance)
    tau[usable] = s / (n * (n - 1) / 2)
    p[usable] = 2 * stats.norm.sf(np.abs(z))
    return tau, p


def _tie_term(row: np.ndarray) -> float:
    """Sum over groups of tied values of t(t-1)(2t+5)."""
    _, t = np.unique(row, return_counts=True)
    return float((t * (t - 1) * (2 * t + 5)).sum())


def _pattern(states: np.ndarray, sign: int, tau: float, trend_p: float) -> str | None:
    """The Esri pattern name for hot (``sign=HOT``) or cold (``sign=COLD``) spots, or None."""
    mine, other = states == sign, states == -sign
    final = bool(mine[-1])
    if mine.mean() >= SHARE_FOR_PERSISTENT:
        if not final:
            return "Historical"
        if trend_p < TREND_ALPHA and tau * sign > 0:
            return "Intensifying"
        if trend_p < TREND_ALPHA and tau * sign < 0:
            return "Diminishing"
        return "Persistent"
    if not final:
        return None
    if other[:-1].any():
        return "Oscillating"
    if mine.sum() == 1:
        return "New"
    final_run = len(mine) - np.flatnonzero(~mine)[-1] - 1 if (~mine).any() else len(mine)
    if final_run >= 2 and mine.sum() == final_run:
        return "Consecutive"
    return "Sporadic"


def classify(states: np.ndarray, tau: float, trend_p: float) -> str:
    """The emerging hot spot class of one location from its per-bin states (oldest first; HOT, COLD or
    NEITHER) and the Mann-Kendall tau and p of its Gi* z-scores. Intensifying for a cold spot means
    z-scores falling (getting colder)."""
    states = np.asarray(states, dtype=int)
    for sign, kind in ((HOT, "hot spot"), (COLD, "cold spot")):
        pattern = _pattern(states, sign, tau, trend_p)
        if pattern:
            return f"{pattern} {kind}"
    return NO_PATTERN


def emerging_hotspots(table: pd.DataFrame, weights: libpysal.weights.W) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Classes for every LSOA from an LSOA x bin count table (rows in ``weights``' order).

    Returns (per-LSOA frame: ``lsoa21_code``, ``emerging_class``, ``trend_tau``, ``trend_p``,
    ``bins_hot``, ``bins_cold``; long frame: ``lsoa21_code``, ``bin``, ``count``, ``z``, ``state``)."""
    z, state = gi_star_bins(table, weights)
    tau, p = mann_kendall(z.to_numpy())
    states = state.to_numpy()
    islands = island_mask(weights)
    names = [NOT_TESTED if island else classify(row, t, q) for row, t, q, island in zip(states, tau, p, islands, strict=True)]
    classes = pd.DataFrame(
        {
            "lsoa21_code": table.index.to_numpy(),
            "emerging_class": names,
            "trend_tau": tau,
            "trend_p": p,
            "bins_hot": (states == HOT).sum(axis=1),
            "bins_cold": (states == COLD).sum(axis=1),
        }
    )
    long = pd.DataFrame(
        {
            "lsoa21_code": np.repeat(table.index.to_numpy(), table.shape[1]),
            "bin": np.tile(table.columns.to_numpy(), len(table)),
            "count": table.to_numpy().ravel(),
            "z": z.to_numpy().ravel(),
            "state": pd.Series(states.ravel()).map({HOT: "hot spot", COLD: "cold spot", NEITHER: "neither"}).to_numpy(),
        }
    )
    return classes, long


def class_counts(classes: pd.DataFrame) -> pd.DataFrame:
    """How many LSOAs are in each class (every class listed, in display order), with its sentence."""
    counts = classes["emerging_class"].value_counts().reindex(list(CLASSES), fill_value=0)
    return pd.DataFrame({"class": counts.index, "lsoas": counts.to_numpy(), "meaning": [class_sentence(c) for c in counts.index]})


def class_lines(counts: pd.DataFrame) -> list[tuple[str, str]]:
    """(class, '3 neighbourhoods. A hot spot in ...') for each row of ``class_counts``: the count and the
    plain sentence, to be read whole."""
    return [
        (name, f"{lsoas:,} neighbourhood{'' if lsoas == 1 else 's'}. {meaning}")
        for name, lsoas, meaning in counts[["class", "lsoas", "meaning"]].itertuples(index=False)
    ]


@dataclass(frozen=True)
class EmergingResult:
    """An emerging hot spot analysis of one area and grouping: the bins used and the results."""

    kind: str
    bins: tuple[TimeBin, ...]
    classes: pd.DataFrame
    by_bin: pd.DataFrame
    mean_per_lsoa_per_bin: float

    @property
    def description(self) -> str:
        """'10 quarters, 2023 Q4 to 2026 Q1 (complete months only)'."""
        unit = "quarters" if self.kind == "quarter" else "half-years"
        return f"{len(self.bins)} {unit}, {self.bins[0].label} to {self.bins[-1].label} (complete months only)"


class TooFewBinsError(ValueError):
    """Fewer than three usable time bins: no trend can be tested."""


def emerging_analysis(
    counts: pd.DataFrame, months: list[pd.Timestamp], complete: set[pd.Timestamp], weights: libpysal.weights.W, lsoa_codes: list[str]
) -> EmergingResult:
    """Choose the bins (quarters unless counts are small), count, and classify every LSOA.

    ``counts`` are count-table rows filtered to the area and grouping; ``lsoa_codes`` are in ``weights``'
    order; ``complete`` are the area's complete months."""
    quarters = time_bins(months, complete, "quarter")
    kind = choose_bin_kind(bin_counts(counts, lsoa_codes, quarters)) if quarters else "half-year"
    bins = quarters if kind == "quarter" else time_bins(months, complete, "half-year")
    if len(bins) < 3:
        raise TooFewBinsError(f"only {len(bins)} {kind}s have enough complete months; at least 3 are needed for a trend")
    table = bin_counts(counts, lsoa_codes, bins)
    classes, by_bin = emerging_hotspots(table, weights)
    return EmergingResult(kind, tuple(bins), classes, by_bin, float(table.to_numpy().mean()))


def summary_sentence(classes: pd.DataFrame, area_phrase: str) -> str:
    """'In the West Midlands, 69 of 1,719 neighbourhoods show a hot spot pattern (38 persistent, ...); none
    shows a cold spot pattern.' (or that none of them shows either)."""
    counts = classes["emerging_class"].value_counts()
    total = len(classes)
    parts = []
    for kind in ("hot spot", "cold spot"):
        named = sorted(((p.lower(), int(counts.get(f"{p} {kind}", 0))) for p in PATTERNS), key=lambda item: -item[1])
        found = sum(n for _, n in named)
        detail = ", ".join(f"{n} {p}" for p, n in named if n)
        parts.append(f"{found:,} of {total:,} neighbourhoods show a {kind} pattern ({detail})" if found else f"none shows a {kind} pattern")
    if not any(name.endswith("spot") for name in counts.index):
        return f"In {area_phrase}, none of the {total:,} neighbourhoods shows a hot or cold spot pattern."
    return f"In {area_phrase}, " + "; ".join(parts) + "."


PATTERN_COLUMNS = ["lsoa21_name", "emerging_class", "ward_name", "bins_hot", "bins_cold", "trend_tau", "trend_p", "lsoa21_code"]
"""The list's columns: name and class first (what a narrow screen shows), then ward, periods, trend and code."""


def pattern_table(classes: pd.DataFrame, lsoa: pd.DataFrame) -> pd.DataFrame:
    """The LSOAs with a hot or cold spot pattern, by class then code, in ``PATTERN_COLUMNS`` order and then
    the MSOA name; trend tau to 2 decimals, its p to 3."""
    listed = classes[classes["emerging_class"].str.endswith("spot")].merge(
        lsoa[["lsoa21_code", "lsoa21_name", "ward_name", "msoa21_hcl_name"]], on="lsoa21_code", validate="one_to_one"
    )
    ordered = listed.sort_values(["emerging_class", "lsoa21_code"])[[*PATTERN_COLUMNS, "msoa21_hcl_name"]]
    return ordered.round({"trend_tau": 2, "trend_p": 3}).reset_index(drop=True)


def emerging_table(result: EmergingResult) -> pd.DataFrame:
    """Every LSOA's class, trend and hot / cold / neither state in each bin (one column per bin), for a CSV."""
    states = result.by_bin.pivot(index="lsoa21_code", columns="bin", values="state")[[b.label for b in result.bins]]
    return result.classes.merge(states.reset_index(), on="lsoa21_code", validate="one_to_one")
