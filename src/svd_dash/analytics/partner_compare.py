"""A partner measure beside the police data: its monthly series and its neighbourhood figures, small
numbers suppressed, rates per 1,000 residents, and the rank correlation with police-recorded crime.

Everything a page shows comes out of ``partner_views`` already suppressed and rounded (see
``analytics.suppression``). Every figure any area's view can show (per place over the period, per
council and for the region over the period and per month) is protected in one pattern, so the views of
a council and of the region cannot be played off against each other. Rates are computed from the
rounded counts, so a rate cannot give away a suppressed or unrounded count. Only the correlation, one
coefficient over many neighbourhoods, uses the true counts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from svd_dash.analytics.counts import area_filter, lsoa_totals
from svd_dash.analytics.partner_data import COUNCIL, LSOA, WARD
from svd_dash.analytics.periods import Period
from svd_dash.analytics.rates import annual_rate_per_1000
from svd_dash.analytics.spc import SpcResult, xmr
from svd_dash.analytics.suppression import MARK, SHOWN, Line, SuppressionRule, protect
from svd_dash.reference import AREA_NAME_BY_CODE, AREAS, REGION, area_phrase

MIN_PLACES_FOR_CORRELATION = 10
LEVEL_WORDS = {LSOA: "neighbourhoods (LSOAs)", WARD: "wards", COUNCIL: "councils"}
POLICE_COLUMN = {LSOA: "lsoa21_code", WARD: "ward_code", COUNCIL: "la_code"}


class NoPartnerFiguresError(ValueError):
    """The measure has no rows in the area, or no months in the period."""


@dataclass(frozen=True)
class PartnerViews:
    """What may be shown of one measure for an area and period.

    ``monthly``: month, ``count`` (shown: rounded, NaN if suppressed), ``status``, ``in_period``, ``shown``
    (text, ``MARK`` when suppressed). ``places``: one row per geography of the measure's level in the
    area: code, name, la_code, population, ``count``, ``status``, ``shown``, ``rate`` (annual per 1,000
    residents from the rounded count). ``total``/``total_status``: the period total. ``months``: the
    period's months the extract covers.
    """

    monthly: pd.DataFrame
    places: pd.DataFrame
    total: float
    total_status: str
    months: list[pd.Timestamp]
    level: str


def _shown_text(values: np.ndarray) -> list[str]:
    return [MARK if np.isnan(v) else f"{v:,.0f}" for v in values]


def measure_months(rows: pd.DataFrame, measure: str) -> list[pd.Timestamp]:
    """Every month from the measure's first to its last month in the file (a month in between with no
    rows counts as zero everywhere; months outside are not supplied)."""
    months = rows.loc[rows["measure"] == measure, "month"]
    return list(pd.date_range(months.min(), months.max(), freq="MS"))


def _measure_rows(rows: pd.DataFrame, measure: str, area_code: str) -> pd.DataFrame:
    chosen = rows[(rows["measure"] == measure) & area_filter(rows, area_code)]
    if chosen.empty:
        raise NoPartnerFiguresError("the file has no rows for this measure in the chosen area")
    return chosen


def place_counts(rows: pd.DataFrame, places: pd.DataFrame, months: list[pd.Timestamp]) -> pd.Series:
    """True count per geography (indexed like ``places``) over ``months``; zero where there are no rows."""
    in_months = rows[rows["month"].isin(months)]
    return in_months.groupby("geography_code")["count"].sum().reindex(places.index, fill_value=0).astype("int64")


class _Cells:
    """Published figures (keyed) and the lines that tie them together, built up before protection."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.index: dict[tuple, int] = {}
        self.lines: list[Line] = []

    def add(self, key: tuple, value: float) -> None:
        self.index[key] = len(self.values)
        self.values.append(float(value))

    def line(self, members: list[tuple], total: tuple) -> None:
        self.lines.append(Line(tuple(self.index[m] for m in members), self.index[total]))

    def protect(self, rule: SuppressionRule) -> dict[tuple, tuple[float, str]]:
        result = protect(np.array(self.values), self.lines, rule)
        return {key: (result.shown[i], str(result.status[i])) for key, i in self.index.items()}


def _protect_measure(
    chosen: pd.DataFrame,
    places: pd.DataFrame,
    councils: list[str],
    used: list[pd.Timestamp],
    outside: list[pd.Timestamp],
    rule: SuppressionRule,
) -> dict[tuple, tuple[float, str]]:
    """Protect every figure any area's view of the measure can show, in one pattern, so that views of
    different areas (a council, the region) cannot be played off against each other: per place over the
    period, per council and region over the period, per council and region per month."""
    by_place = place_counts(chosen, places, used)
    grid = (
        chosen.groupby(["la_code", "month"])["count"]
        .sum()
        .unstack(fill_value=0)
        .reindex(index=councils, columns=used + outside, fill_value=0)
    )
    cells = _Cells()
    with_places = (places["level"] != COUNCIL).all()
    if with_places:
        for code, value in by_place.items():
            cells.add(("place", code), value)
    for council in councils:
        cells.add(("council", council), grid.loc[council, used].sum())
    cells.add(("region",), grid[used].to_numpy().sum())
    for month in used + outside:
        for council in councils:
            cells.add(("cell", council, month), grid.loc[council, month])
        cells.add(("month", month), grid[month].sum())
        cells.line([("cell", council, month) for council in councils], ("month", month))
    if with_places:
        for council in councils:
            cells.line([("place", code) for code in places.index[places["la_code"] == council]], ("council", council))
    cells.line([("council", council) for council in councils], ("region",))
    cells.line([("month", month) for month in used], ("region",))
    for council in councils:
        cells.line([("cell", council, month) for month in used], ("council", council))
    return cells.protect(rule)


def partner_views(
    rows: pd.DataFrame, measure: str, lookup: pd.DataFrame, area_code: str, period: Period, rule: SuppressionRule
) -> PartnerViews:
    """The protected monthly series and place table of ``measure`` in the area (see the class)."""
    _measure_rows(rows, measure, area_code)
    chosen = rows[rows["measure"] == measure]
    level = chosen["level"].iloc[0]
    covered = measure_months(rows, measure)
    used = [m for m in period.months if m in set(covered)]
    if not used:
        raise NoPartnerFiguresError(f"the file has no months of this measure in {period.label}")
    outside = [m for m in covered if m not in set(used)]
    councils = sorted(chosen["la_code"].unique())  # a file for one council is not zeros elsewhere
    places = lookup[(lookup["level"] == level) & lookup["la_code"].isin(councils)].sort_index()
    shown = _protect_measure(chosen, places, councils, used, outside, rule)
    region = area_code not in councils
    monthly = pd.DataFrame({"month": used + outside, "in_period": [True] * len(used) + [False] * len(outside)})
    keys = [("month", m) if region else ("cell", area_code, m) for m in monthly["month"]]
    monthly["count"], monthly["status"] = [shown[k][0] for k in keys], [shown[k][1] for k in keys]
    monthly = monthly.sort_values("month", ignore_index=True)
    monthly["shown"] = _shown_text(monthly["count"].to_numpy())
    in_area = places[area_filter(places, area_code)]
    table = in_area[["name", "la_code", "population"]].rename_axis("code").reset_index()
    place_keys = [("council", code) if level == COUNCIL else ("place", code) for code in table["code"]]
    table["count"], table["status"] = [shown[k][0] for k in place_keys], [shown[k][1] for k in place_keys]
    table["shown"] = _shown_text(table["count"].to_numpy(dtype=float))
    table["rate"] = annual_rate_per_1000(table["count"].to_numpy(dtype=float), table["population"].to_numpy(), len(used))
    total, total_status = shown[("region",) if region else ("council", area_code)]
    return PartnerViews(monthly, table, float(total), total_status, used, level)


def police_by_place(
    counts: pd.DataFrame, lsoa: pd.DataFrame, area_code: str, crime_types, months: list[pd.Timestamp], level: str
) -> pd.Series:
    """Police-recorded count per geography of ``level`` in the area over ``months`` (zeros included)."""
    per_lsoa = lsoa_totals(counts, lsoa, area_code, crime_types, months)
    return per_lsoa.groupby(POLICE_COLUMN[level])["count"].sum()


@dataclass(frozen=True)
class RankCorrelation:
    """Spearman rank correlation across places with a 95% interval (Fisher z, Bonett-Wright standard error)."""

    places: int
    rho: float
    lower: float
    upper: float
    level_words: str
    method: str = "Spearman rank correlation; 95% interval by Fisher's z with the Bonett-Wright (2000) standard error"

    def sentence(self, partner: str, police: str, where: str) -> str:
        """The correlation in plain words, with its interval and what it does not mean."""
        if np.isnan(self.rho):
            return f"Too few {self.level_words} with figures in {where} ({self.places}) to say whether the two line up."
        figures = f"rank correlation {self.rho:.2f}, 95% interval {self.lower:.2f} to {self.upper:.2f}"
        if self.lower > 0 or self.upper < 0:
            strength = "weak" if abs(self.rho) < 0.3 else "moderate" if abs(self.rho) < 0.5 else "strong"
            direction = "higher" if self.rho > 0 else "lower"
            verdict = (
                f"Across {self.places:,} {self.level_words} in {where}, places with more {police} per resident tend to have "
                f"{direction} rates of {partner}: a {strength} link ({figures})."
            )
        else:
            verdict = (
                f"Across {self.places:,} {self.level_words} in {where}, there is no clear link between {police} and {partner} ({figures})."
            )
        return (
            f"{verdict} A correlation says the places line up, not that one causes the other; neighbouring places "
            "are alike, so the interval may be narrower than it should be."
        )


def rank_correlation(partner_rate: np.ndarray, police_rate: np.ndarray, level: str, confidence: float = 0.95) -> RankCorrelation:
    """Spearman's rho between two rates across places (NaNs dropped) and its Fisher-z interval.

    The standard error of atanh(rho) is sqrt((1 + rho^2 / 2) / (n - 3)) (Bonett and Wright 2000).
    """
    keep = ~(np.isnan(partner_rate) | np.isnan(police_rate))
    n = int(keep.sum())
    words = LEVEL_WORDS[level]
    if n < MIN_PLACES_FOR_CORRELATION or np.ptp(partner_rate[keep]) == 0 or np.ptp(police_rate[keep]) == 0:
        return RankCorrelation(n, np.nan, np.nan, np.nan, words)
    rho = float(stats.spearmanr(partner_rate[keep], police_rate[keep]).statistic)
    se = np.sqrt((1 + rho**2 / 2) / (n - 3))
    z, half = np.arctanh(np.clip(rho, -0.999999, 0.999999)), stats.norm.ppf(0.5 + confidence / 2) * se
    lower, upper = float(np.tanh(z - half)), float(np.tanh(z + half))
    if not lower <= rho <= upper:
        raise ValueError(f"the interval {lower:.3f} to {upper:.3f} excludes its estimate {rho:.3f}")
    return RankCorrelation(n, rho, lower, upper, words)


def partner_police_correlation(
    rows: pd.DataFrame, measure: str, lookup: pd.DataFrame, views: PartnerViews, police: pd.Series, police_months: int, area_code: str
) -> RankCorrelation:
    """Rank correlation across the places of ``views`` between the partner rate (true counts) and the police rate."""
    places = lookup.loc[views.places["code"]]
    partner_true = place_counts(_measure_rows(rows, measure, area_code), places, views.months).to_numpy()
    population = places["population"].to_numpy()
    partner_rate = annual_rate_per_1000(partner_true, population, len(views.months))
    police_rate = annual_rate_per_1000(police.reindex(places.index, fill_value=0).to_numpy(), population, max(police_months, 1))
    return rank_correlation(partner_rate, police_rate, views.level)


def comparison_table(views: PartnerViews, police: pd.Series, police_months: int) -> pd.DataFrame:
    """Per place: the partner's shown count and rate beside the police count and rate (annual per 1,000)."""
    table = views.places.copy()
    police_count = police.reindex(table["code"], fill_value=0).to_numpy()
    table["police_count"] = police_count
    table["police_rate"] = annual_rate_per_1000(police_count, table["population"].to_numpy(), max(police_months, 1))
    return table


def coverage_note(views: PartnerViews, area_code: str) -> str:
    """'' when the measure covers the whole area, else 'This measure covers Coventry only; ...'."""
    covered = [AREA_NAME_BY_CODE[code] for code in sorted(views.places["la_code"].unique())]
    expected = [area.name for area in AREAS] if area_code == REGION.code else [AREA_NAME_BY_CODE[area_code]]
    if covered == expected:
        return ""
    where = ", ".join(covered)
    return f"This measure covers {where} only; police figures are for {area_phrase(area_code)}, the rates and map for the places covered."


def suppression_summary(views: PartnerViews) -> str:
    """'12 of 192 wards and 3 of 12 months suppressed.' for the note under the figures."""
    places = int((views.places["status"] != SHOWN).sum())
    months = int((views.monthly["status"] != SHOWN).sum())
    return (
        f"{places:,} of {len(views.places):,} {LEVEL_WORDS[views.level]} and {months} of {len(views.monthly)} months "
        "are suppressed (small numbers, or to protect one)."
    )


NOT_SUPPLIED = "not in the file"


def lsoa_rows(views: PartnerViews, lsoa: pd.DataFrame, area_code: str) -> pd.DataFrame:
    """One row per LSOA of the area for the map: the figures of the place it lies in (itself, its ward or
    its council): ``count`` (text as shown), ``rate``, ``status``; ``NOT_SUPPLIED`` outside the file's councils."""
    column = POLICE_COLUMN[views.level]
    wanted = ["lsoa21_code", "lsoa21_name", "msoa21_hcl_name", "ward_name", "imd2025_decile"]
    table = lsoa[area_filter(lsoa, area_code)][list(dict.fromkeys([*wanted, column]))]
    places = views.places.set_index("code")[["shown", "rate", "status"]]
    table = table.join(places, on=column)[[*wanted, *places.columns]]
    table = table.rename(columns={"shown": "count"}).fillna({"count": NOT_SUPPLIED, "status": NOT_SUPPLIED})
    return table.sort_values("lsoa21_code").reset_index(drop=True)


PARTNER_BASELINE_MONTHS = 12
"""When the extract does not cover the police baseline, the SPC limits come from its first 12 shown months."""


def partner_spc(views: PartnerViews, baseline: Period) -> tuple[SpcResult, str]:
    """The XmR chart of the partner series as shown (rounded; suppressed months are treated like partial months:
    drawn as gaps, never used for limits or rules), and a phrase naming the months the limits come from: the
    police baseline's months where the extract has at least two of them shown, else its first 12 shown months.
    Raises ``BaselineTooShortError`` when fewer than two consecutive months are shown."""
    series = views.monthly.set_index("month")["count"].astype(float)
    shown = [month for month, value in series.items() if pd.notna(value)]
    in_baseline = [month for month in baseline.months if month in shown]
    if len(in_baseline) >= 2:
        return xmr(series, set(shown), in_baseline), f"limits from the baseline, {baseline.label}"
    first = shown[:PARTNER_BASELINE_MONTHS]
    label = f"limits from the extract's first {len(first)} shown months ({first[0]:%b %Y} to {first[-1]:%b %Y})" if first else ""
    return xmr(series, set(shown), first), label
