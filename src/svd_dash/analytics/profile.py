"""A neighbourhood profile: one LSOA's or one ward's figures, gathered for a page, a CSV and a Word page.

Counts are over the period's complete months for the unit's council; ranks are among the council's
units of the same kind (1 = most records).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from svd_dash.analytics.counts import monthly_totals
from svd_dash.analytics.neighbourhoods import Level, unit_lsoas
from svd_dash.analytics.periods import Period, complete_months
from svd_dash.analytics.spc import SpcResult, xmr
from svd_dash.analytics.views import DOMAIN_LABELS
from svd_dash.prepared import PreparedData
from svd_dash.reference import CRIME_TYPES


@dataclass(frozen=True)
class Profile:
    """Everything a profile shows about one unit."""

    level: Level
    code: str
    name: str
    la_code: str
    la_name: str
    lsoas: tuple[str, ...]
    population: int
    population_16_24: int
    by_type: pd.DataFrame
    monthly: pd.DataFrame
    deprivation: pd.DataFrame
    rank: int
    units_in_area: int
    count: int
    rate: float
    months_used: int

    @property
    def title(self) -> str:
        """'Ladywood (ward, Birmingham)'."""
        kind = {"lsoa": "LSOA", "ward": "ward", "msoa": "MSOA"}[self.level.key]
        return f"{self.name} ({kind} {self.code}, {self.la_name})"


def counts_by_type(counts: pd.DataFrame, lsoas: list[str], months: list[pd.Timestamp]) -> pd.DataFrame:
    """Records per police.uk category over ``months`` in the LSOAs, every category listed, most first."""
    rows = counts[counts["lsoa21_code"].isin(lsoas) & counts["month"].isin(months)]
    table = rows.groupby("crime_type")["count"].sum().reindex(list(CRIME_TYPES), fill_value=0).astype(int)
    frame = table.rename("count").rename_axis("crime_type").reset_index()
    return frame.sort_values(["count", "crime_type"], ascending=[False, True]).reset_index(drop=True)


def deprivation_of(lsoa: pd.DataFrame, lsoas: list[str]) -> pd.DataFrame:
    """IMD 2025 national deciles (1 = most deprived 10% in England) for each domain: the LSOA's decile,
    or for a ward or MSOA the population-weighted mean decile of its LSOAs and the range."""
    rows = lsoa[lsoa["lsoa21_code"].isin(lsoas)]
    weights = rows["population"] / rows["population"].sum()
    return pd.DataFrame(
        {
            "domain": list(DOMAIN_LABELS.values()),
            "decile": [round(float((rows[c] * weights).sum()), 1) for c in DOMAIN_LABELS],
            "lowest_decile": [int(rows[c].min()) for c in DOMAIN_LABELS],
            "highest_decile": [int(rows[c].max()) for c in DOMAIN_LABELS],
        }
    )


def build_profile(
    data: PreparedData, level: Level, code: str, crime_types: tuple[str, ...], period_months: list[pd.Timestamp], ranking: pd.DataFrame
) -> Profile:
    """The profile of unit ``code`` at ``level``; ``ranking`` is the council's ``neighbourhoods.by_level``
    table for the same grouping and period."""
    lsoas = unit_lsoas(data.lsoa, level, code)
    if not lsoas:
        raise KeyError(f"no {level.label} with code '{code}'")
    rows = data.lsoa[data.lsoa["lsoa21_code"].isin(lsoas)]
    la_code, la_name = str(rows["la_code"].iloc[0]), str(rows["la_name"].iloc[0])
    complete = complete_months(data.months, la_code)
    used = [m for m in period_months if m in complete]
    months = sorted(data.months["month"].unique())
    selected = data.counts[data.counts["lsoa21_code"].isin(lsoas)]
    monthly = monthly_totals(selected, la_code, crime_types, months).rename("count").reset_index()
    monthly["complete"] = monthly["month"].isin(complete)
    own = ranking.set_index("code").loc[code]
    return Profile(
        level=level,
        code=code,
        name=str(rows[level.name].iloc[0]),
        la_code=la_code,
        la_name=la_name,
        lsoas=tuple(lsoas),
        population=int(rows["population"].sum()),
        population_16_24=int(rows["population_16_24"].sum()),
        by_type=counts_by_type(data.counts, lsoas, used),
        monthly=monthly,
        deprivation=deprivation_of(data.lsoa, lsoas),
        rank=int(own["rank"]),
        units_in_area=len(ranking),
        count=int(own["count"]),
        rate=float(own["rate"]),
        months_used=len(used),
    )


def profile_csv_table(profile: Profile) -> pd.DataFrame:
    """The profile's figures as one long table (section, item, value) for a CSV download."""
    facts = [
        ("summary", "name", profile.name),
        ("summary", "code", profile.code),
        ("summary", "council", profile.la_name),
        ("summary", "lsoas", len(profile.lsoas)),
        ("summary", "residents (Census 2021)", profile.population),
        ("summary", "residents aged 16-24 (Census 2021)", profile.population_16_24),
        ("summary", "records in the period (grouping)", profile.count),
        ("summary", "rate per 1,000 residents a year", round(profile.rate, 2)),
        ("summary", "complete months used", profile.months_used),
        ("summary", f"rank in {profile.la_name} (1 = most records)", f"{profile.rank} of {profile.units_in_area}"),
    ]
    facts += [("records by police.uk category", r.crime_type, r.count) for r in profile.by_type.itertuples()]
    facts += [("IMD 2025 decile (1 = most deprived)", r.domain, r.decile) for r in profile.deprivation.itertuples()]
    facts += [
        ("monthly records (grouping)", f"{r.month:%Y-%m}", r.count if r.complete else f"{r.count} (partial month)")
        for r in profile.monthly.itertuples()
    ]
    return pd.DataFrame(facts, columns=["section", "item", "value"]).astype({"value": str})


def hotspot_history(by_bin: pd.DataFrame, lsoas: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """A unit's Gi* history from an emerging analysis' long table: one row per measure (records, LSOAs
    that were hot spots, LSOAs that were cold spots), one column per time bin, oldest first."""
    rows = by_bin[by_bin["lsoa21_code"].isin(list(lsoas))]
    order = list(dict.fromkeys(by_bin["bin"]))
    wide = pd.DataFrame(
        {
            "records": rows.groupby("bin")["count"].sum(),
            "LSOAs hot spot": rows.assign(flag=rows["state"] == "hot spot").groupby("bin")["flag"].sum(),
            "LSOAs cold spot": rows.assign(flag=rows["state"] == "cold spot").groupby("bin")["flag"].sum(),
        }
    ).reindex(order)
    return wide.T.astype(int).rename_axis("measure").reset_index()


def profile_spc(profile: Profile, baseline: Period) -> SpcResult:
    """The XmR chart of the unit's monthly counts, limits from the baseline's complete months (partial months
    drawn but not used). Raises ``BaselineTooShortError`` when the baseline has too few complete months."""
    monthly = profile.monthly.set_index("month")
    return xmr(monthly["count"], set(monthly.index[monthly["complete"]]), baseline.months)


def months_note(profile: Profile, page_months: int, area_phrase: str) -> str | None:
    """Why a profile's figures can be higher than the same unit's row in the region's tables: the profile counts
    its own council's complete months, the region's tables only the months complete in all seven councils (never
    more). None when both use the same months."""
    if profile.months_used == page_months:
        return None
    return (
        f"This profile counts the {profile.months_used} months of the period that are complete in {profile.la_name}; "
        f"the tables above count only the {page_months} complete in every council of {area_phrase}, so they show fewer records."
    )
