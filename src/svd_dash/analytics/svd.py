"""The three national Serious Violence Duty measures, from the published figures bundled in the data.

A series is one indicator for one geography and one kind of period, in date order. Its baseline is the
latest figure for a period ending on or before 31 March 2020 (the last year before the pandemic and
the Duty), so every series is compared with a like, pre-pandemic year where the publications allow.
Changes in counts get the exact rate-ratio interval, as police.uk changes do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.poisson import RateRatio, rate_ratio

BASELINE_END = pd.Timestamp("2020-03-31")
COUNT_UNITS = {"offences", "homicides", "victims", "admissions"}


@dataclass(frozen=True)
class SeriesSpec:
    """Which published rows make up one chart."""

    title: str
    indicator: str
    geography: str
    period_type: str
    detail_contains: str = ""


SERIES: dict[str, tuple[SeriesSpec, ...]] = {
    "Hospital admissions for assault with a sharp object": (
        SeriesSpec(
            "Admissions for assault by a sharp object, aged 10-19, Birmingham residents' hospitals, years to March",
            "sharp_object_admissions_under_20",
            "Birmingham",
            "year_ending_march",
            "aged 10-19",
        ),
        SeriesSpec(
            "Admissions for assault by a sharp object, aged 10-19, West Midlands police area, years to March",
            "sharp_object_admissions_under_20",
            "West Midlands (police)",
            "year_ending_march",
            "aged 10-19",
        ),
    ),
}
"""The published (not official-table) series the SVD measures page draws: NHS Digital HES admissions. Knife crime and
homicide come from ``OFFICIAL_SERIES`` (official figures only)."""


def published_series(measures: pd.DataFrame, spec: SeriesSpec) -> pd.DataFrame:
    """The rows of one published series, oldest first."""
    rows = measures[
        (measures["indicator"] == spec.indicator)
        & (measures["geography"] == spec.geography)
        & (measures["period_type"] == spec.period_type)
    ]
    if spec.detail_contains:
        rows = rows[rows["detail"].str.contains(spec.detail_contains, regex=False)]
    return rows.sort_values("period_end").reset_index(drop=True)


@dataclass(frozen=True)
class PublishedChange:
    """The latest published figure against the baseline figure."""

    baseline: pd.Series
    latest: pd.Series
    ratio: RateRatio | None

    def sentence(self, what: str) -> str:
        """E.g. 'Admissions ...: 60 in 2022/23 against 75 in 2019/20 (baseline), 20% fewer.' No chance-only verdict: a
        year's published figure is one number, and the spread of such figures from year to year is not known here."""
        latest, baseline = self.latest, self.baseline
        text = f"{what}: {latest['value']:,.0f} in {latest['period']} against {baseline['value']:,.0f} in {baseline['period']} (baseline)"
        if self.ratio is None or baseline["value"] == 0:
            return text + "."
        change = (latest["value"] / baseline["value"] - 1) * 100
        return f"{text}, {abs(change):.0f}% {'more' if change > 0 else 'fewer'}."


def change_from_baseline(series: pd.DataFrame) -> PublishedChange | None:
    """Latest against baseline (None if the series has no pre-2020 figure or nothing after it)."""
    before = series[series["period_end"] <= BASELINE_END]
    if before.empty or series["period_end"].max() <= BASELINE_END:
        return None
    baseline, latest = before.iloc[-1], series.iloc[-1]
    counts = baseline["unit"] in COUNT_UNITS and latest["unit"] in COUNT_UNITS
    ratio = rate_ratio(int(latest["value"]), 1, int(baseline["value"]), 1) if counts else None
    return PublishedChange(baseline, latest, ratio)


# Official figures (official.parquet): official statistics, official statements and derived sums, never news.

STYLE_ORDER = ("official statistics", "official statement", "derived")


@dataclass(frozen=True)
class OfficialSeriesSpec:
    """One chart of official figures: which measure, for which area, and which periods."""

    measure: str
    title: str
    indicator: str
    geography_code: str
    unit_phrase: str
    period_months: tuple[int, ...] = (3,)
    """Months in which the 12-month periods end (3 = financial years); statements keep their own periods."""


OFFICIAL_SERIES: tuple[OfficialSeriesSpec, ...] = (
    OfficialSeriesSpec(
        "Police-recorded knife crime",
        "Knife or sharp instrument offences, West Midlands Police force area",
        "knife_offences_selected",
        "E23000014",
        "offences",
    ),
    OfficialSeriesSpec(
        "Homicide",
        "Police-recorded homicide, West Midlands Police force area",
        "homicide",
        "E23000014",
        "offences",
    ),
    OfficialSeriesSpec(
        "Homicide",
        "Homicides with a knife or sharp instrument (Homicide Index), West Midlands Police force area",
        "knife_homicide_index",
        "E23000014",
        "homicides",
        (9,),
    ),
)


def official_series(figures: pd.DataFrame, spec: OfficialSeriesSpec, include_derived: bool = False) -> pd.DataFrame:
    """The figures of one chart, oldest first: official statistics for 12 months ending in ``spec.period_months``;
    official statements for whatever periods they give; derived figures (if asked) only for periods no
    official statistic covers. Adds ``label`` (e.g. '2018/19' or 'YE Sep 2021') and ``lag_months`` (period end to release)."""
    rows = figures[(figures["measure"] == spec.indicator) & (figures["geography_code"] == spec.geography_code)].copy()
    ends = rows["period_end"].dt.month.isin(spec.period_months)
    statistics = rows[(rows["source_type"] == "official statistics") & ends]
    statements = rows[rows["source_type"] == "official statement"]
    parts = [statistics, statements]
    if include_derived:
        derived = rows[(rows["source_type"] == "derived") & ends]
        parts.append(derived[~derived["period_end"].isin(statistics["period_end"])])
    out = pd.concat(parts).sort_values(["period_end", "source_type"]).reset_index(drop=True)
    out["label"] = [_period_label(p, e) for p, e in zip(out["period"], out["period_end"], strict=True)]
    released = pd.to_datetime(out["released"].where(out["released"].str.len() == 10))
    out["lag_months"] = ((released - out["period_end"]).dt.days / 30.44).round(0).astype("Int64")
    return out


def _period_label(period: str, end: pd.Timestamp) -> str:
    """Financial years as '2018/19'; other periods as published ('YE Sep 2021')."""
    if period.startswith("YE Mar "):
        return f"{end.year - 1}/{end.year % 100:02d}"
    return period


@dataclass(frozen=True)
class OfficialChange:
    """Two like-for-like figures (same measure, area, source, kind of source and 12-month period end), the later one last."""

    earlier: pd.Series
    later: pd.Series

    @property
    def percent(self) -> float:
        """Percentage change from the earlier to the later figure."""
        return (self.later["value"] / self.earlier["value"] - 1) * 100

    def headline(self, measure: str) -> str:
        """E.g. 'Police-recorded knife crime: +20% (3,428 offences in 2018/19 against 2,850 in 2017/18)'."""
        return (
            f"{measure}: {self.percent:+.0f}% ({self.later['value']:,.0f} {self.later['unit']} in {self.later['label']} against "
            f"{self.earlier['value']:,.0f} in {self.earlier['label']}; {self.later['source_type']}, {self.later['source']})"
        )


def latest_like_for_like(series: pd.DataFrame, source_type: str) -> OfficialChange | None:
    """The latest pair of figures of one ``source_type`` that can be compared: the same source table (or
    statement), 12-month periods ending in the same month one year apart. None if there is no such pair."""
    rows = series[series["source_type"] == source_type].sort_values("period_end")
    for i in range(len(rows) - 1, 0, -1):
        later = rows.iloc[i]
        earlier = rows[(rows["period_end"] == later["period_end"] - pd.DateOffset(years=1)) & (rows["table"] == later["table"])]
        if len(earlier):
            return OfficialChange(earlier.iloc[0], later)
    return None


def source_footer(series: pd.DataFrame) -> str:
    """One sentence per kind of source in the series, naming exactly its sources, periods and licence."""
    parts = []
    for source_type in STYLE_ORDER:
        rows = series[series["source_type"] == source_type]
        if rows.empty:
            continue
        sources = "; ".join(dict.fromkeys(rows["source"]))
        periods = ", ".join(dict.fromkeys(rows["label"]))
        licences = ", ".join(dict.fromkeys(rows["licence"]))
        parts.append(f"{sentence_case(source_type)}: {sources} ({periods}). {licences}.")
    return " ".join(parts)


def sentence_case(text: str) -> str:
    """'official statistics' -> 'Official statistics'."""
    return text[:1].upper() + text[1:]


def measure_sources(series: pd.DataFrame) -> pd.DataFrame:
    """Publisher, edition, period and lag of every figure in a series (what the page lists under a chart)."""
    columns = ["label", "value", "unit", "source_type", "publisher", "edition", "released", "lag_months", "source", "source_url", "licence"]
    return series[columns].rename(columns={"label": "period"})


def homicide_rate_sentence(figures: pd.DataFrame) -> str | None:
    """ONS's subnational homicide rate for the force area against England and Wales, as a sentence (None if absent)."""
    rows = figures[figures["measure"] == "homicide_rate_per_million_3yr"].set_index("geography_code")
    if not {"E23000014", "K04000001"} <= set(rows.index):
        return None
    force, country = rows.loc["E23000014"], rows.loc["K04000001"]
    return (
        f"Homicide rate, {force['period']}: {force['value']:.1f} a year per million residents in the West Midlands force area, "
        f"against {country['value']:.1f} for England and Wales ({force['source_type']}: {force['source']})."
    )


def series_alt_text(title: str, series: pd.DataFrame) -> str:
    """Alt text stating every figure of a series and its kind of source."""
    figures = (f"{p} {v:,.0f} ({t})" for p, v, t in zip(series["label"], series["value"], series["source_type"], strict=True))
    return f"{title}: " + "; ".join(figures)
