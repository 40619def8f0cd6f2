"""The neighbourhood table: one row per LSOA 2021 with its places, population and deprivation.

IMD 2019 was published on LSOA 2011. It is carried onto LSOA 2021 through the ONS best-fit lookup:
an unchanged LSOA keeps its own values; each part of a split LSOA 2011 inherits the parent's values;
an LSOA 2021 formed by merging LSOA 2011s takes the values of the parent with the larger mid-2015
population (the IoD2019 denominator). ``imd2019_link`` records which rule applied.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from svd_dash.prepare import layout
from svd_dash.prepare.csv_input import read_checked_csv
from svd_dash.prepare.errors import PrepareError
from svd_dash.reference import AREA_NAME_BY_CODE, AREAS, LSOA21_COUNT

IMD2025_DOMAINS = {
    "Income": "income",
    "Employment": "employment",
    "Education": "education",
    "Health": "health",
    "Crime": "crime",
    "Housing_and_Services": "housing",
    "Environment": "environment",
}
"""IoD2025 domain column stems -> our short names (housing = Barriers to Housing and Services;
environment = Living Environment)."""

IMD2019_COLUMNS = {
    "LSOA code (2011)": "lsoa11_code",
    "LSOA name (2011)": "lsoa11_name",
    "Local Authority District code (2019)": "la_code",
    "Index of Multiple Deprivation (IMD) Score [mySociety UK_IMD_E overall_local_score]": "imd2019_score",
    "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)": "imd2019_rank",
    "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)": "imd2019_decile",
    "Total population: mid 2015 (excluding prisoners)": "population_mid2015",
}
LINK_NAMES = {"U": "unchanged", "S": "split", "M": "merged"}
SEVEN = [area.code for area in AREAS]


def read_lsoa11_lookup(raw_dir: Path) -> pd.DataFrame:
    """The England and Wales LSOA 2011 -> 2021 lookup: ``lsoa11_code, lsoa21_code, change_code``."""
    return read_checked_csv(
        raw_dir / layout.LOOKUP_LSOA11_LSOA21,
        ["lsoa11_code", "lsoa21_code", "change_code", "ltla22_code"],
        dtype={"lsoa11_code": "string", "lsoa21_code": "string", "change_code": "string", "ltla22_code": "string"},
    )


def read_imd2019_lsoa11(raw_dir: Path) -> pd.DataFrame:
    """IMD 2019 for the 1,680 LSOA 2011 of the seven areas: score, national rank and decile."""
    path = raw_dir / layout.IMD2019
    frame = read_checked_csv(path, list(IMD2019_COLUMNS)).rename(columns=IMD2019_COLUMNS)
    frame = frame[frame["la_code"].isin(SEVEN)]
    _expect(len(frame) == 1680, path, f"expected the 1,680 LSOA 2011 of the seven areas, found {len(frame)}")
    frame["la_name"] = frame["la_code"].map(AREA_NAME_BY_CODE)
    frame = frame.astype({"lsoa11_code": "string", "lsoa11_name": "string", "la_code": "string", "la_name": "string"})
    return frame.sort_values("lsoa11_code").reset_index(drop=True)


def build_lsoa_table(raw_dir: Path, boundary_codes: pd.DataFrame, lookup: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per LSOA 2021 in ``boundary_codes`` (``lsoa21_code, lsoa21_name, la_code``).

    Columns: names and codes of LA, ward (ONS best-fit LSOA->ward 2024, = May 2025 codes) and MSOA
    2021 with its House of Commons Library name; Census 2021 usual residents (total and aged 16-24);
    IMD 2025 score, national rank (1 = most deprived of 33,755) and decile (1 = most deprived 10%),
    with the seven domain deciles and scores; IMD 2019 score, rank and decile carried onto LSOA 2021.
    """
    table = boundary_codes.copy()
    table["la_name"] = table["la_code"].map(AREA_NAME_BY_CODE)
    table = table.merge(_wards(raw_dir), on="lsoa21_code", how="left", validate="one_to_one")
    table = table.merge(_msoas(raw_dir), on="lsoa21_code", how="left", validate="one_to_one")
    table = table.merge(_population(raw_dir), on="lsoa21_code", how="left", validate="one_to_one")
    table = table.merge(_imd2025(raw_dir), on="lsoa21_code", how="left", validate="one_to_one")
    lookup = read_lsoa11_lookup(raw_dir) if lookup is None else lookup
    table = table.merge(_imd2019_on_lsoa21(raw_dir, lookup), on="lsoa21_code", how="left", validate="one_to_one")
    incomplete = table.columns[table.isna().any()].tolist()
    _expect(not incomplete, raw_dir, f"LSOA 2021 table has gaps in {incomplete}")
    _expect(len(table) == LSOA21_COUNT, raw_dir, f"expected {LSOA21_COUNT} LSOA 2021, found {len(table)}")
    text_columns = [c for c in table.columns if table[c].dtype == object or str(table[c].dtype) == "str"]
    table = table.astype(dict.fromkeys(text_columns, "string"))
    return table.sort_values("lsoa21_code").reset_index(drop=True)


def _wards(raw_dir: Path) -> pd.DataFrame:
    frame = read_checked_csv(raw_dir / layout.LOOKUP_LSOA21_WARD, ["lsoa21_code", "ward24_code", "ward24_name"], dtype="string")
    return frame.rename(columns={"ward24_code": "ward_code", "ward24_name": "ward_name"})


def _msoas(raw_dir: Path) -> pd.DataFrame:
    lookup = read_checked_csv(raw_dir / layout.LOOKUP_LSOA21_MSOA21, ["LSOA21CD", "MSOA21CD"], dtype="string")
    names = read_checked_csv(raw_dir / layout.MSOA21_NAMES, ["MSOA21CD", "MSOANM", "MSOAHCLNM"], dtype="string")
    frame = lookup.merge(names, on="MSOA21CD", how="left", validate="many_to_one")
    return frame.rename(
        columns={"LSOA21CD": "lsoa21_code", "MSOA21CD": "msoa21_code", "MSOANM": "msoa21_name", "MSOAHCLNM": "msoa21_hcl_name"}
    )


def _population(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / layout.POPULATION
    frame = read_checked_csv(path, ["lsoa21_code", "age_group", "usual_residents"], dtype={"lsoa21_code": "string", "age_group": "string"})
    bands = frame["age_group"].unique().tolist()
    _expect("Aged 16 to 24 years" in bands and len(bands) == 6, path, f"expected six Census age bands incl. 16-24, found {bands}")
    wide = frame.pivot(index="lsoa21_code", columns="age_group", values="usual_residents")
    return pd.DataFrame(
        {
            "lsoa21_code": wide.index.astype("string"),
            "population": wide.sum(axis=1).astype("int64").to_numpy(),
            "population_16_24": wide["Aged 16 to 24 years"].astype("int64").to_numpy(),
        }
    )


def _imd2025(raw_dir: Path) -> pd.DataFrame:
    columns = ["lsoa21_code", "IMD_score", "IMD_rank", "IMD_decile"]
    for stem in IMD2025_DOMAINS:
        columns += [f"{stem}_score", f"{stem}_decile"]
    frame = read_checked_csv(raw_dir / layout.IMD2025, columns, dtype={"lsoa21_code": "string"})
    renames = {"IMD_score": "imd2025_score", "IMD_rank": "imd2025_rank", "IMD_decile": "imd2025_decile"}
    for stem, short in IMD2025_DOMAINS.items():
        renames[f"{stem}_score"] = f"imd2025_{short}_score"
        renames[f"{stem}_decile"] = f"imd2025_{short}_decile"
    return frame.rename(columns=renames)


def _imd2019_on_lsoa21(raw_dir: Path, lookup: pd.DataFrame) -> pd.DataFrame:
    imd = read_imd2019_lsoa11(raw_dir)
    lookup = lookup[lookup["ltla22_code"].isin(SEVEN)]
    linked = lookup.merge(imd, on="lsoa11_code", how="inner", validate="many_to_one")
    # A merged LSOA 2021 has several parents: keep the most populous (ties: the lower code).
    linked = linked.sort_values(["lsoa21_code", "population_mid2015", "lsoa11_code"], ascending=[True, False, True])
    carried = linked.drop_duplicates("lsoa21_code")
    return pd.DataFrame(
        {
            "lsoa21_code": carried["lsoa21_code"].to_numpy(),
            "imd2019_score": carried["imd2019_score"].to_numpy(),
            "imd2019_rank": carried["imd2019_rank"].to_numpy(),
            "imd2019_decile": carried["imd2019_decile"].to_numpy(),
            "imd2019_link": carried["change_code"].map(LINK_NAMES).to_numpy(),
            "lsoa11_code": carried["lsoa11_code"].to_numpy(),
        }
    )


def _expect(condition: bool, path: Path | str, problem: str) -> None:
    if not condition:
        raise PrepareError(path, problem, "The vendored inputs disagree; rebuild data/raw with tools/vendor_raw_data.py.")
