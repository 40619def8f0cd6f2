"""The national comparison: a council among every Community Safety Partnership (CSP) of England and Wales,
from ONS Table C2 (police recorded crime by CSP, year ending June 2025) and Census 2021 residents.

Rates are offences a year per 1,000 residents (homicide per million). The England and Wales rate counts
every offence in the table, including those a force could not assign to a CSP ("Unassigned" rows), over
all residents; the funnel's comparator is the CSPs compared, without the selected one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from svd_dash.analytics.funnel import Funnel, funnel

C2 = "C2"


@dataclass(frozen=True)
class NationalMeasure:
    """An offence group of Table C2: key, label, and the rate's denominator (per 1,000 or per million residents)."""

    key: str
    label: str
    per: int = 1000

    @property
    def per_phrase(self) -> str:
        """'per 1,000 residents' or 'per million residents'."""
        return "per million residents" if self.per == 1_000_000 else f"per {self.per:,} residents"


NATIONAL_MEASURES = (
    NationalMeasure("violence_against_the_person", "Violence against the person"),
    NationalMeasure("homicide", "Homicide", 1_000_000),
    NationalMeasure("robbery", "Robbery"),
    NationalMeasure("possession_of_weapons_offences", "Possession of weapons offences"),
    NationalMeasure("sexual_offences", "Sexual offences"),
    NationalMeasure("total_recorded_crime_excl_fraud", "Total recorded crime (excluding fraud)"),
)
NATIONAL_MEASURE_BY_LABEL = {m.label: m for m in NATIONAL_MEASURES}

COMPARATOR_GROUPS = (
    "All CSPs in England and Wales",
    "Metropolitan borough CSPs",
    "CSPs with similar deprivation (same fifth of England's CSPs, IMD 2025)",
)
"""The groups a council can be compared with. Metropolitan boroughs: CSPs whose councils are metropolitan districts
(codes E08). Similar deprivation: English CSPs in the same fifth by the population-weighted mean IMD 2025 score of
their neighbourhoods (Wales has its own index, so Welsh CSPs are left out of this group)."""


def c2_rows(figures: pd.DataFrame, period: str | None = None) -> pd.DataFrame:
    """The Table C2 rows of one period (default: the latest; an import can add other editions)."""
    c2 = figures[figures["table"] == C2]
    if period is None:
        period = c2.loc[c2["period_end"].idxmax(), "period"] if len(c2) else ""
    return c2[c2["period"] == period]


def csp_table(figures: pd.DataFrame, residents: pd.DataFrame, measure: str) -> pd.DataFrame:
    """One row per CSP: ``unit, name, pfa_code, la_codes, count, residents, imd2025_score, metropolitan, deprivation_fifth``."""
    c2 = c2_rows(figures)
    rows = c2[(c2["geography_level"] == "csp") & (c2["measure"] == measure)]
    table = rows[["geography_code", "geography_name", "parent_code", "value"]].rename(
        columns={"geography_code": "unit", "geography_name": "name", "parent_code": "pfa_code", "value": "count"}
    )
    table = table.merge(residents[["csp_code", "la_codes", "residents", "imd2025_score"]], left_on="unit", right_on="csp_code", how="left")
    if table["residents"].isna().any():
        raise ValueError(f"CSPs without residents: {table.loc[table['residents'].isna(), 'unit'].head().tolist()}")
    table["metropolitan"] = table["la_codes"].str.split(";").map(lambda codes: all(c.startswith("E08") for c in codes))
    scored = table["imd2025_score"].notna()
    table["deprivation_fifth"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table.loc[scored, "deprivation_fifth"] = pd.qcut(table.loc[scored, "imd2025_score"], 5, labels=False) + 1
    return table.drop(columns="csp_code").dropna(subset=["count"]).sort_values("unit").reset_index(drop=True)


def csp_of_council(residents: pd.DataFrame, la_code: str) -> str:
    """The CSP code of a council whose CSP is the council itself (as each of the seven is)."""
    match = residents.loc[residents["la_codes"] == la_code, "csp_code"]
    if len(match) != 1:
        raise ValueError(f"no single CSP for council {la_code}")
    return str(match.iloc[0])


def comparator_group(table: pd.DataFrame, group: str, selected: str) -> pd.DataFrame:
    """The CSPs of a comparator group (always including the selected CSP)."""
    chosen = table["unit"] == selected
    if group == COMPARATOR_GROUPS[1]:
        return table[table["metropolitan"] | chosen].reset_index(drop=True)
    if group == COMPARATOR_GROUPS[2]:
        fifth = table.loc[chosen, "deprivation_fifth"].iloc[0]
        return table[(table["deprivation_fifth"] == fifth) | chosen].reset_index(drop=True)
    return table


def england_and_wales_rate(figures: pd.DataFrame, residents: pd.DataFrame, measure: NationalMeasure) -> tuple[float, int]:
    """The England and Wales rate and count: every CSP and unassigned row of Table C2 (the City of London has no separate
    force row) over all residents."""
    c2 = c2_rows(figures)
    rows = c2[c2["geography_level"].isin(["csp", "unassigned"]) & (c2["measure"] == measure.key)]
    total = int(rows["value"].sum())
    return total / residents["residents"].sum() * measure.per, total


@dataclass(frozen=True)
class NationalComparison:
    """The selected council among a comparator group: the funnel, rank (1 = highest rate) and percentile."""

    measure: NationalMeasure
    group: str
    funnel: Funnel
    row: pd.Series
    rank: int
    group_size: int
    percentile: float
    england_wales_rate: float
    england_wales_count: int
    period: str
    """Table C2's period, e.g. 'YE Jun 2025'."""

    @property
    def period_words(self) -> str:
        """'the 12 months to June 2025'."""
        end = self.funnel_period_end
        return f"the 12 months to {end:%B %Y}"

    @property
    def funnel_period_end(self) -> pd.Timestamp:
        """The last day of Table C2's period."""
        month, year = self.period.split()[1:3]
        return pd.Timestamp(f"1 {month} {year}") + pd.offsets.MonthEnd(0)

    def sentence(self) -> str:
        """E.g. 'Birmingham: robbery, 3.1 a year per 1,000 residents (3,553 offences), the 19th highest of 314 ...'."""
        row, measure = self.row, self.measure
        place = "the highest" if self.rank == 1 else f"the {ordinal(self.rank)} highest"
        text = (
            f"{row['name']}: {measure.label.lower()}, {row['rate']:,.1f} a year {measure.per_phrase} "
            f"({row['count']:,.0f} offences), {place} of {self.group_size} "
            f"({self.percentile:.0f}% of the group have a lower rate). England and Wales: {self.england_wales_rate:,.1f}. "
            f"Against the rest of the group ({self.funnel.target:,.1f}) it is {row['comparison']}."
        )
        if self.funnel.small_counts:
            text += (
                " Small numbers: most areas have fewer than 10 of these offences a year, so one or two more or fewer move a rate a lot;"
                " the verdict uses exact Poisson limits."
            )
        return text


def ordinal(number: int) -> str:
    """1 -> '1st', 22 -> '22nd', 13 -> '13th'."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def compare_nationally(
    figures: pd.DataFrame, residents: pd.DataFrame, measure: NationalMeasure, la_code: str, group: str
) -> NationalComparison:
    """The council's CSP against the chosen group of CSPs for one measure (12 months of Table C2)."""
    table = csp_table(figures, residents, measure.key)
    selected = csp_of_council(residents, la_code)
    members = comparator_group(table, group, selected)
    result = funnel(members, 12, f"the other {len(members) - 1} CSPs", selected=selected, per=measure.per)
    units = result.units
    row = units.loc[units["unit"] == selected].iloc[0]
    rank = int((units["rate"] > row["rate"]).sum()) + 1
    percentile = float((units["rate"] < row["rate"]).sum() / (len(units) - 1) * 100) if len(units) > 1 else np.nan
    ew_rate, ew_count = england_and_wales_rate(figures, residents, measure)
    period = str(c2_rows(figures)["period"].iloc[0])
    return NationalComparison(measure, group, result, row, rank, len(units), percentile, ew_rate, ew_count, period)


def c2_source(figures: pd.DataFrame, period: str | None = None) -> str:
    """The footer naming Table C2 as the rows themselves give it, and the residents: e.g. 'Official statistics: ONS, ...'."""
    rows = c2_rows(figures, period)
    sources = "; ".join(dict.fromkeys(rows["source"]))
    released = ", ".join(sorted(set(rows["released"]) - {""})) or "release date not known"
    licences = ", ".join(dict.fromkeys(rows["licence"]))
    return (
        f"Official statistics: {sources} (released {released}). Derived: Census 2021 usual residents per CSP, summed from "
        f"LSOAs (ONS); deprivation from IMD 2025 (MHCLG). {licences}."
    )
