"""police.uk street-level counts against ONS police recorded crime for the same 12 months (July 2024 to June 2025).

Why they differ: street-level data leave out crimes the force could not give a location (and any whose
location falls outside a neighbourhood), are a snapshot taken when first published and not revised as
ONS's figures are, and British Transport Police crimes on the railway are not in the force's street files
but are not in ONS's force figures either. So street-level counts cover only part of recorded crime: quote
ONS for how much crime there is, and police.uk for where and when within the area.

Some bundled months are partial (the download failed for part of the area). Coverage is therefore given two
ways: the plain 12-month sum, and the complete months' monthly average times 12 (an estimate of a full year).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.national import c2_rows
from svd_dash.reference import AREA_NAME_BY_CODE, AREAS, REGION, area_phrase

WINDOW = pd.date_range("2024-07-01", "2025-06-01", freq="MS")
WINDOW_LABEL = "July 2024 to June 2025"
C2_PERIOD = "YE Jun 2025"
"""The 12 months of ONS Table C2 (year ending June 2025) that police.uk is reconciled with."""
WEST_MIDLANDS_PFA = "E23000014"


@dataclass(frozen=True)
class CrimeGroupPair:
    """A police.uk category set and the ONS offence groups it is compared with."""

    name: str
    police_uk: tuple[str, ...]
    ons: tuple[str, ...]


PAIRS = (
    CrimeGroupPair(
        "Violence and sexual offences",
        ("Violence and sexual offences",),
        ("violence_against_the_person", "sexual_offences"),
    ),
    CrimeGroupPair("Robbery", ("Robbery",), ("robbery",)),
    CrimeGroupPair("Possession of weapons", ("Possession of weapons",), ("possession_of_weapons_offences",)),
    CrimeGroupPair("All crime (excluding fraud)", ("*",), ("total_recorded_crime_excl_fraud",)),
)
"""'*' is every police.uk category except anti-social behaviour (an incident type, not a crime); ONS excludes fraud,
which police.uk does not publish either."""


def ons_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """ONS Table C2 counts for the seven councils and the force area (including unassigned offences): ``area_code, pair, ons``."""
    c2 = c2_rows(figures, C2_PERIOD)
    councils = c2[(c2["geography_level"] == "csp") & c2["la_code"].isin([a.code for a in AREAS])].assign(area_code=lambda f: f["la_code"])
    force = c2[(c2["geography_level"] == "police_force_area") & (c2["geography_code"] == WEST_MIDLANDS_PFA)].assign(area_code=REGION.code)
    rows = pd.concat([councils, force])
    out = []
    for pair in PAIRS:
        part = rows[rows["measure"].isin(pair.ons)].groupby("area_code")["value"].sum()
        out.extend({"area_code": code, "pair": pair.name, "ons": int(value)} for code, value in part.items())
    return pd.DataFrame(out)


def street_counts(counts: pd.DataFrame, months: pd.DataFrame) -> pd.DataFrame:
    """police.uk counts in the window per area and pair: the 12-month sum, the complete months' sum and how many."""
    window = counts[counts["month"].isin(WINDOW)]
    complete = months[months["month"].isin(WINDOW) & months["complete"]]
    out = []
    for pair in PAIRS:
        types = window["crime_type"] != "Anti-social behaviour" if pair.police_uk == ("*",) else window["crime_type"].isin(pair.police_uk)
        chosen = window[types]
        for code in [a.code for a in AREAS] + [REGION.code]:
            rows = chosen if code == REGION.code else chosen[chosen["la_code"] == code]
            good = set(complete.loc[complete["area_code"] == code, "month"])
            out.append(
                {
                    "area_code": code,
                    "pair": pair.name,
                    "months_in_data": rows["month"].nunique(),
                    "complete_months": len(good),
                    "police_uk_12_months": int(rows["count"].sum()),
                    "police_uk_complete_months": int(rows.loc[rows["month"].isin(good), "count"].sum()),
                }
            )
    return pd.DataFrame(out)


def reconcile(counts: pd.DataFrame, months: pd.DataFrame, figures: pd.DataFrame) -> pd.DataFrame:
    """One row per area and crime group: police.uk and ONS counts for July 2024 to June 2025 and the coverage.

    ``coverage_12_months`` = police.uk 12-month sum / ONS (low where months are partial);
    ``police_uk_full_year_estimate`` = complete months' sum x 12 / number of complete months;
    ``coverage_estimated`` = that estimate / ONS (the figure to read)."""
    table = street_counts(counts, months).merge(ons_counts(figures), on=["area_code", "pair"], how="left", validate="1:1")
    table.insert(1, "area_name", table["area_code"].map(AREA_NAME_BY_CODE))
    table["coverage_12_months"] = table["police_uk_12_months"] / table["ons"]
    table["police_uk_full_year_estimate"] = (table["police_uk_complete_months"] * 12 / table["complete_months"]).round(0)
    table["coverage_estimated"] = table["police_uk_full_year_estimate"] / table["ons"]
    return table


WHY_THEY_DIFFER = (
    "**Why the two differ.** police.uk street-level data leave out crimes the police could not put on the map (no location), "
    "are a snapshot taken when each month is first published and are not revised, while ONS's figures include later "
    "reclassifications and cancelled records; and some bundled months are partial downloads. Crimes on the railway are recorded "
    "by British Transport Police and are in neither figure for a council. "
    "**Which to quote:** ONS police recorded crime for how much crime there is and for comparisons with other areas; "
    "police.uk street-level data for where and when within the area."
)
"""The plain-words explanation shown with the reconciliation."""


def reconciliation_sentence(table: pd.DataFrame, area_code: str) -> str:
    """A plain summary for one area, e.g. 'police.uk street-level data hold about 88% of the crimes ONS counts ...'."""
    rows = table[table["area_code"] == area_code].set_index("pair")
    total = rows.loc[PAIRS[-1].name]
    partial = 12 - int(total["complete_months"])
    text = (
        f"For {WINDOW_LABEL}, police.uk street-level counts come to about {total['coverage_estimated']:.0%} of the "
        f"{total['ons']:,} crimes ONS counts for {area_phrase(area_code)} (violence and sexual offences "
        f"{rows.loc[PAIRS[0].name, 'coverage_estimated']:.0%}, robbery {rows.loc[PAIRS[1].name, 'coverage_estimated']:.0%}, "
        f"possession of weapons {rows.loc[PAIRS[2].name, 'coverage_estimated']:.0%})."
    )
    if partial:
        text += (
            f" {partial} of the 12 months are partial in the bundled data, so these use the complete months' average for a "
            f"full year; the plain 12-month sum covers {total['coverage_12_months']:.0%}."
        )
    return text
