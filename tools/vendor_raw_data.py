"""Copy the seven-area subsets of the shared data quarry into ``data/raw/``.

A maintainer's tool, run by hand when the vendored inputs change; the app, the prepare pipeline and
the tests never run it and never read the quarry. It records exactly how each vendored file was cut
from its published original, so the subsets can be checked and rebuilt.

Usage: ``python tools/vendor_raw_data.py /path/to/shared/data/raw``
"""

from __future__ import annotations

import gzip
import io
import shutil
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from svd_dash.prepare.official import OFFICIAL_COLUMNS, OGL, ons_provenance
from svd_dash.prepare.ons_tables import read_ons_file

SEVEN_LA_CODES = [f"E0800002{i}" for i in range(5, 10)] + ["E08000030", "E08000031"]
TARGET = Path(__file__).resolve().parents[1] / "data" / "raw"


def write_gzip(path: Path, payload: bytes) -> None:
    """Write ``payload`` gzip-compressed with a zero timestamp, so reruns are byte-identical."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(payload)


def write_csv_gz(frame: pd.DataFrame, path: Path) -> None:
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    write_gzip(path, buffer.getvalue().encode("utf-8"))


def copy_file(source: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, path)


def vendor(quarry: Path) -> None:
    police = quarry / "police_uk"
    for month_file in sorted((police / "UK-Crime-Explorer" / "birmingham").glob("*.csv")):
        write_gzip(TARGET / "police_uk" / "crime_counts" / f"{month_file.name}.gz", month_file.read_bytes())
    baseline = police / "Group4_Project1_repo"
    copy_file(
        baseline / "derived_wm_2019_la_crime_type_counts_from_notebook_outputs.csv",
        TARGET / "police_uk" / "baseline_2019" / "la_crime_type_2019.csv",
    )
    for source_name, name in [
        ("All_crime.csv", "all_crime.csv"),
        ("anti-social behavior.csv", "anti_social_behaviour.csv"),
        ("vehicle_crime.csv", "vehicle_crime.csv"),
        ("bike_theft.csv", "bicycle_theft.csv"),
    ]:
        copy_file(baseline / source_name, TARGET / "police_uk" / "baseline_2019" / "lsoa11" / name)

    lookup_11_21 = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa11_lsoa21_ltla22.csv")
    # The whole England and Wales lookup is kept: it is how an archive's LSOA codes are told apart
    # as "outside the seven areas" (dropped, reported) or "not an LSOA code at all" (an error).
    write_csv_gz(lookup_11_21, TARGET / "lookups" / "lookup_lsoa11_lsoa21_ltla22_england_wales.csv.gz")

    ward = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa21_ward24_ltla24.csv")
    write_csv_gz(ward[ward.ltla24_code.isin(SEVEN_LA_CODES)], TARGET / "lookups" / "lookup_lsoa21_ward24_ltla24_wm7.csv.gz")

    bcc = pd.read_csv(quarry / "imd2025/geoManipulatoR/imd_lookups.csv", encoding="utf-8-sig")
    bcc = bcc[bcc.LA24CD.isin(SEVEN_LA_CODES)][["LSOA21CD", "MSOA21CD", "WD25CD", "LA24CD", "LA24NM"]]
    write_csv_gz(bcc, TARGET / "lookups" / "lookup_lsoa21_msoa21_wm7.csv.gz")

    msoa = pd.read_csv(quarry / "lookups/geo-lookups/msoa_la.csv")
    msoa = msoa[msoa.LADCD_ACTIVE.isin(SEVEN_LA_CODES) & msoa.MSOA21CD.notna()]
    write_csv_gz(
        msoa[["MSOA21CD", "MSOANM", "MSOAHCLNM", "LADCD_ACTIVE", "LADNM_ACTIVE"]], TARGET / "lookups" / "msoa21_hcl_names_wm7.csv.gz"
    )

    imd25 = pd.read_csv(quarry / "imd2025/humaniverse-IMD/imd2025_england_lsoa21.csv")
    wm_lsoa21 = set(ward.loc[ward.ltla24_code.isin(SEVEN_LA_CODES), "lsoa21_code"])
    write_csv_gz(imd25[imd25.lsoa21_code.isin(wm_lsoa21)], TARGET / "imd" / "imd2025_lsoa21_wm7.csv.gz")
    copy_to = TARGET / "imd" / "imd2019_lsoa11_wm7_joined.csv.gz"
    write_gzip(copy_to, (quarry / "imd2019/_derived/imd2019_lsoa11_wmca7_joined.csv").read_bytes())

    population = pd.read_csv(quarry / "population/hack25usefuldata/census21_pop.csv")
    write_csv_gz(population[population.lsoa21_code.isin(wm_lsoa21)], TARGET / "population" / "census21_lsoa21_age_wm7.csv.gz")

    geo = quarry / "boundaries"
    for source, name in [
        (geo / "geo-lookups/lsoa/E47000007.geojson", "lsoa21_wm7.geojson.gz"),
        (geo / "geo-lookups/msoa/E47000007.geojson", "msoa21_wm7.geojson.gz"),
        (geo / "geo-lookups/ward/E47000007.geojson", "ward25_wm7.geojson.gz"),
        (geo / "_derived/wmca7_lad_outline_from_lsoa21_dissolve.geojson", "la_outline_wm7.geojson.gz"),
    ]:
        write_gzip(TARGET / "boundaries" / name, source.read_bytes())

    svd = quarry / "svd_metrics"
    for source, name in [
        (svd / "quoted_figures/svd_quoted_figures_west_midlands.csv", "svd_quoted_figures_west_midlands.csv"),
        (svd / "clmodr_knife_injury_hes/knife_injury_hes_13to22_age.csv", "knife_injury_hes_13to22_age.csv"),
        (svd / "homeoffice_prc_pfa_2017_18/west_midlands_pfa_2017_18_offence_totals.csv", "prc_wmp_2017_18_offence_totals.csv"),
        (svd / "cambridge_cchi_derived/cchi_weights_by_policeuk_category_west_midlands.csv", "cchi_weights_policeuk_west_midlands.csv"),
        (svd / "cambridge_cchi_derived/cchi_weights_by_policeuk_category_national.csv", "cchi_weights_policeuk_national.csv"),
    ]:
        copy_file(source, TARGET / "svd_metrics" / name)
    vendor_official(quarry)


OFFICIAL_QUARRY = "published_official"
WEST_MIDLANDS_PFA, ENGLAND_AND_WALES = "E23000014", "K04000001"
WRITTEN_ANSWER_URL = "https://questions-statements.parliament.uk/written-questions/detail/2022-02-24/129149/"


def vendor_official(quarry: Path) -> None:
    """Cut the official rows the app uses from ``published_official/`` (figures unchanged):

    - every P1 and P4 figure for West Midlands Police and England and Wales from the eight ONS police
      force area workbooks, read by the project's own importer (``svd_dash.prepare.ons_tables``);
    - every row of ONS Table C2 (all CSPs, unassigned rows and force totals, year ending June 2025);
    - the written answer UIN 129149 (official statement), ONS's subnational homicide rate (official
      statistics) and the West Midlands financial-year sums of ``knifecrime2.csv`` (derived);
    - Census 2021 usual residents per CSP (LSOA21 -> LTLA24 -> CSP24) and the population-weighted mean
      IMD 2025 score of each English CSP's LSOAs.
    """
    folder = quarry / OFFICIAL_QUARRY
    target = TARGET / "official"
    got_from = "GitHub RG-1427/Data-Analytics @ ec5f0b1144a197e18b4418dae4a7a26961128f3d (ONS file unchanged)"
    frames = [ons_provenance(read_ons_file(f), f.name, got_from) for f in sorted(folder.glob("*.xlsx"))]
    pfa = pd.concat(frames, ignore_index=True)
    pfa = pfa[pfa["geography_code"].isin([WEST_MIDLANDS_PFA, ENGLAND_AND_WALES])]
    target.mkdir(parents=True, exist_ok=True)
    pfa.sort_values(["period_end", "table", "geography_code", "measure"]).to_csv(target / "ons_pfa_tables_west_midlands.csv", index=False)

    c2_file = folder / "policeforceareatablesyejune25final.csv"
    c2_from = "GitHub tom-draper/uk-data-atlas @ 8718b54879704b938b8dfa6782d40d9067c51205 (CSV save of ONS Table C2; values as published)"
    c2 = ons_provenance(read_ons_file(c2_file), "policeforceareatablesyejune25final.xlsx, Table C2", c2_from)
    write_csv_gz(c2, target / "ons_table_c2_csp_ye_jun2025.csv.gz")

    other = pd.concat([_written_answer_rows(), _subnational_homicide_rows(folder), _knifecrime2_rows(folder)], ignore_index=True)
    other[OFFICIAL_COLUMNS].to_csv(target / "statements_and_derived_west_midlands.csv", index=False)
    _csp_residents(quarry, c2).to_csv(target / "census21_residents_csp.csv", index=False)


def _row(**fields: object) -> dict[str, object]:
    base = {"geography_level": "police_force_area", "geography_code": WEST_MIDLANDS_PFA, "geography_name": "West Midlands"}
    return {"parent_code": "", "la_code": "", "licence": OGL} | base | fields


def _written_answer_rows() -> pd.DataFrame:
    """UIN 129149 (answered 1 March 2022): knife offences YE Sep 2020-21 and knife homicides YE Sep 2017-21."""
    common = {
        "edition": "Written answer UIN 129149",
        "table": "UIN 129149",
        "source_type": "official statement",
        "publisher": "Home Office (minister's written answer, UK Parliament)",
        "source": "UK Parliament written question UIN 129149, answered 1 March 2022",
        "source_url": WRITTEN_ANSWER_URL,
        "released": "2022-03-01",
        "licence": "Open Parliament Licence v3.0",
        "citation": "UK Parliament (2022). Written question UIN 129149: Knife crime: West Midlands, answered 1 March 2022.",
        "got_from": "transcribed from the answer (published_official/extracted/wm_official_statements_and_secondary.csv)",
    }
    rows = [
        _row(**common, period=f"YE Sep {year}", period_end=f"{year}-09-30", measure="knife_offences_selected", value=value, unit="offences")
        for year, value in ((2020, 4745), (2021, 4483))
    ]
    rows += [
        _row(**common, period=f"YE Sep {year}", period_end=f"{year}-09-30", measure="knife_homicide_index", value=value, unit="homicides")
        for year, value in ((2017, 23), (2018, 21), (2019, 22), (2020, 25), (2021, 23))
    ]
    return pd.DataFrame(rows)


def _subnational_homicide_rows(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "machine_readable.csv", skiprows=2, encoding="cp1252")
    frame = frame[(frame.Indicator == "Homicide") & frame.AREACD.isin([WEST_MIDLANDS_PFA, "E92000001", ENGLAND_AND_WALES])]
    level = {WEST_MIDLANDS_PFA: "police_force_area", "E92000001": "country", ENGLAND_AND_WALES: "country"}
    return pd.DataFrame(
        [
            _row(
                edition="Subnational indicators explorer (March 2024)",
                table="Subnational indicators: Homicide",
                period="2018/19 to 2020/21",
                period_end="2021-03-31",
                geography_level=level[r.AREACD],
                geography_code=r.AREACD,
                geography_name=r.AREANM,
                measure="homicide_rate_per_million_3yr",
                value=r.Value,
                unit="per million residents a year",
                source_type="official statistics",
                publisher="Office for National Statistics",
                source="ONS Subnational indicators explorer: Homicide, rate per million population, 3 years to March 2021",
                source_url="https://www.ons.gov.uk/explore-local-statistics/",
                released="",
                citation="Office for National Statistics. Subnational indicators explorer, machine-readable data.",
                got_from="GitHub ONSvisual/subnational-indicators @ b1923378171386355a71a4e763e61dc88c4330dd, R/machine_readable.csv",
            )
            for r in frame.itertuples()
        ]
    )


def _knifecrime2_rows(folder: Path) -> pd.DataFrame:
    """West Midlands financial-year sums of a third party's quarterly knife crime series (complete years only)."""
    frame = pd.read_csv(folder / "knifecrime2.csv")
    frame = frame[frame["Force Name"] == "West Midlands"]
    years = frame.groupby("Financial Year").agg(quarters=("Knife Crime", "size"), value=("Knife Crime", "sum")).reset_index()
    years = years[years.quarters == 4]
    return pd.DataFrame(
        [
            _row(
                edition="knifecrime2.csv (April 2020)",
                table="knifecrime2",
                period=fy,
                period_end=f"{int(fy[:4]) + 1}-03-31",
                measure="knife_offences_selected",
                value=value,
                unit="offences",
                source_type="derived",
                publisher="Third party (liam-t/knifecrime-data), from Home Office knife crime open data",
                source="Sum of four quarters of 'Knife Crime', knifecrime2.csv; equals ONS Table P4 for 2017/18 and 2018/19",
                source_url="https://github.com/liam-t/knifecrime-data",
                released="2020-04",
                citation="liam-t (2020). knifecrime-data, data/source/knifecrime2.csv.",
                got_from="GitHub liam-t/knifecrime-data @ 96d475284aa6f151245c257c6c9e441d719fec9b",
            )
            for fy, value in zip(years["Financial Year"], years["value"], strict=True)
        ]
    )


SPLIT_DISTRICT_CSP = {"Daventry": "Daventry and South Northamptonshire", "South Northamptonshire": "Daventry and South Northamptonshire"}
SPLIT_DISTRICT_CSP |= {"Christchurch": "Dorset"}
"""Former districts whose CSP has another name (the rest of the split unitaries' CSPs are named after their former district)."""


def _lsoa_csp(quarry: Path, la_csp: pd.DataFrame) -> pd.DataFrame:
    """LSOA21 -> CSP. Where a 2024 unitary council is still several CSPs (Buckinghamshire, the Northamptonshires,
    Cumberland, Westmorland and Furness, BCP, East Suffolk), an LSOA goes to the CSP of its former district: the district
    named in its LSOA 2011 name, or its 2022 district for Cumbria."""
    lsoa_la = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa21_ward24_ltla24.csv")[["lsoa21_code", "ltla24_code"]]
    history = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa11_lsoa21_ltla22.csv").drop_duplicates("lsoa21_code")
    history["district"] = history["lsoa11_name"].str.replace(r" \d{3}[A-Z]$", "", regex=True)
    cumbria = history["ltla22_code"].str.startswith("E07000") & history["ltla22_name"].isin(la_csp["csp24_name"])
    history.loc[cumbria, "district"] = history.loc[cumbria, "ltla22_name"]
    split = la_csp[la_csp["ltla24_code"].duplicated(keep=False)]
    out = lsoa_la.merge(la_csp.drop_duplicates("ltla24_code", keep=False)[["ltla24_code", "csp24_code", "csp24_name"]], how="left")
    in_split = out["ltla24_code"].isin(split["ltla24_code"])
    district = out.loc[in_split, "lsoa21_code"].map(history.set_index("lsoa21_code")["district"]).replace(SPLIT_DISTRICT_CSP)
    named = split.drop_duplicates("csp24_name").set_index("csp24_name")
    out.loc[in_split, "csp24_code"] = district.map(named["csp24_code"]).to_numpy()
    out.loc[in_split, "csp24_name"] = district.to_numpy()
    assert out["csp24_code"].notna().all(), f"LSOAs with no CSP: {out.loc[out['csp24_code'].isna(), 'lsoa21_code'].head().tolist()}"
    return out[["lsoa21_code", "csp24_code", "csp24_name"]]


def _csp_residents(quarry: Path, c2: pd.DataFrame) -> pd.DataFrame:
    population = pd.read_csv(quarry / "population/hack25usefuldata/census21_pop.csv")
    per_lsoa = population.groupby("lsoa21_code", as_index=False)["usual_residents"].sum()
    lsoa_la = pd.read_csv(quarry / "lookups/geographr/lookup_lsoa21_ward24_ltla24.csv")[["lsoa21_code", "ltla24_code"]]
    la_csp = pd.read_csv(quarry / "lookups/geographr/lookup_ltla24_csp24_pfa24.csv")
    imd = pd.read_csv(quarry / "imd2025/humaniverse-IMD/imd2025_england_lsoa21.csv")[["lsoa21_code", "IMD_score"]]
    lsoa = per_lsoa.merge(lsoa_la, on="lsoa21_code", how="left", validate="1:1")
    lsoa = lsoa.merge(_lsoa_csp(quarry, la_csp), on="lsoa21_code", how="left", validate="1:1")
    lsoa = lsoa.merge(la_csp.drop_duplicates("csp24_code")[["csp24_code", "pfa24_code", "pfa24_name"]], on="csp24_code", how="left")
    lsoa = lsoa.merge(imd, on="lsoa21_code", how="left")
    assert lsoa["csp24_code"].notna().all(), "every LSOA21 must fall in a CSP"
    lsoa["weighted_score"] = lsoa["IMD_score"] * lsoa["usual_residents"]
    out = lsoa.groupby(["csp24_code", "csp24_name", "pfa24_code", "pfa24_name"], as_index=False).agg(
        la_codes=("ltla24_code", lambda s: ";".join(sorted(set(s)))),
        residents=("usual_residents", "sum"),
        lsoa21_count=("lsoa21_code", "size"),
        weighted=("weighted_score", "sum"),
        scored=("IMD_score", "count"),
    )
    out["imd2025_score"] = (out["weighted"] / out["residents"]).where(out["scored"] == out["lsoa21_count"]).round(3)
    out["source"] = (
        "Census 2021 usual residents (ONS, via cwthom/hack25usefuldata @ ac00fc5) summed LSOA21 -> LTLA24 -> CSP24 "
        "(humaniverse/geographr lookups @ c026be5; split unitaries by former district via LSOA 2011 names); "
        "IMD 2025 score (MHCLG, via humaniverse/IMD) population-weighted over LSOA21"
    )
    out = out.rename(columns={"csp24_code": "csp_code", "csp24_name": "csp_name", "pfa24_code": "pfa_code", "pfa24_name": "pfa_name"})
    assert set(out["csp_code"]) == set(c2.loc[c2.geography_level == "csp", "geography_code"]), "CSPs must match ONS Table C2"
    return out[["csp_code", "csp_name", "pfa_code", "pfa_name", "la_codes", "residents", "lsoa21_count", "imd2025_score", "source"]]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    vendor(Path(sys.argv[1]))
