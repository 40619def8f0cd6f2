"""Published figures carried as they were published: the 2019 baseline, the three national SVD
measures, and the harm weights."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from svd_dash.prepare import layout
from svd_dash.prepare.csv_input import read_checked_csv
from svd_dash.prepare.errors import PrepareError
from svd_dash.reference import AREA_NAME_BY_CODE, AREAS, CRIME_TYPES

BASELINE_2019_TOTAL = 295_541
"""All street-level records in calendar 2019 for the seven areas, per the source's LSOA file."""

SVD_MEASURE_OF_INDICATOR = {
    "knife_offences": "Police-recorded knife crime",
    "knife_offences_rate": "Police-recorded knife crime",
    "knife_robbery": "Police-recorded knife crime",
    "knife_assault_injury_intent": "Police-recorded knife crime",
    "knife_offences_share": "Police-recorded knife crime",
    "homicides": "Homicide",
    "homicides_rate_3yr": "Homicide",
    "knife_homicides": "Homicide",
    "sharp_object_admissions": "Hospital admissions for assault with a sharp object",
    "sharp_object_fce": "Hospital admissions for assault with a sharp object",
}
"""Each published indicator -> the national Serious Violence Duty measure it informs."""

SVD_COLUMNS = [
    "measure",
    "indicator",
    "geography",
    "geography_level",
    "period",
    "period_type",
    "period_end",
    "value",
    "unit",
    "detail",
    "source",
    "source_url",
    "notes",
]
HES_SOURCE_URL = "https://digital.nhs.uk/data-and-information/publications/statistical/hospital-admitted-patient-care-activity"
HES_COPIED_FROM = "copied from the GitHub repository katehayes/CLmodR, which compiles the NHS Digital tables"
PRC_SOURCE_URL = "https://www.gov.uk/government/statistics/police-recorded-crime-open-data-tables"


def read_baseline_2019(raw_dir: Path) -> pd.DataFrame:
    """Calendar-2019 street-level counts by LA x police.uk category: ``la_code, la_name, crime_type, year, count``.

    Checked: 7 areas x 14 categories, and the total equals the source's LSOA 2011 file (295,541).
    """
    path = raw_dir / layout.BASELINE_2019_LA
    frame = read_checked_csv(path, ["year", "la_code", "crime_type", "count"], dtype={"la_code": "string", "crime_type": "string"})
    if set(frame["la_code"]) != {a.code for a in AREAS} or set(frame["crime_type"]) != set(CRIME_TYPES) or len(frame) != 98:
        raise PrepareError(path, "expected one row for each of the 7 areas x 14 crime types", "Restore the file as published.")
    lsoa_total = read_checked_csv(raw_dir / layout.BASELINE_2019_LSOA11_ALL, ["Count of Crime type"])["Count of Crime type"].sum()
    if frame["count"].sum() != lsoa_total or lsoa_total != BASELINE_2019_TOTAL:
        raise PrepareError(
            path, f"total {frame['count'].sum():,} does not reconcile with the LSOA file ({lsoa_total:,})", "Restore both files."
        )
    frame["la_name"] = frame["la_code"].map(AREA_NAME_BY_CODE).astype("string")
    frame = frame.astype({"year": "int64", "count": "int64"})
    return frame[["la_code", "la_name", "crime_type", "year", "count"]].sort_values(["la_code", "crime_type"]).reset_index(drop=True)


def period_end(period: str) -> pd.Timestamp:
    """The last day of a published period: '2019/20' -> 2020-03-31; '2019-10 to 2020-09' -> 2020-09-30;
    '2023' -> 2023-12-31; for a span of years ('2020/21-2022/23') the end of the last."""
    months = re.findall(r"(\d{4})-(\d{2})", period)
    if months:
        year, month = months[-1]
        return pd.Timestamp(year=int(year), month=int(month), day=1) + pd.offsets.MonthEnd(0)
    financial = re.findall(r"(\d{4})/(\d{2})", period)
    if financial:
        return pd.Timestamp(year=int(financial[-1][0]) + 1, month=3, day=31)
    if re.fullmatch(r"\d{4}", period):
        return pd.Timestamp(year=int(period), month=12, day=31)
    raise ValueError(f"unrecognised period '{period}'")


def read_svd_measures(raw_dir: Path) -> pd.DataFrame:
    """The published figures for the three national measures, one row per figure, each with its source."""
    quoted = _quoted_figures(raw_dir)
    hes = _hes_sharp_object_admissions(raw_dir)
    prc = _prc_homicide_2017_18(raw_dir)
    table = pd.concat([quoted, hes, prc], ignore_index=True)[SVD_COLUMNS]
    table["period_end"] = table["period_end"].astype("datetime64[ms]")
    table["value"] = table["value"].astype("float64")
    text = [c for c in SVD_COLUMNS if c not in ("period_end", "value")]
    table = table.astype(dict.fromkeys(text, "string"))
    return table.sort_values(["measure", "indicator", "geography", "period_end", "detail"]).reset_index(drop=True)


def _quoted_figures(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / layout.SVD_QUOTED_FIGURES
    columns = [
        "svd_measure",
        "geography",
        "geography_level",
        "period",
        "period_type",
        "value",
        "unit",
        "detail",
        "original_source_cited",
        "quoted_in_url",
        "notes",
    ]
    frame = read_checked_csv(path, columns, dtype={c: "string" for c in columns if c != "value"})
    unknown = ~frame["svd_measure"].isin(list(SVD_MEASURE_OF_INDICATOR))
    if unknown.any():
        raise PrepareError(
            path,
            f"unknown indicator '{frame['svd_measure'][unknown].iloc[0]}'",
            "Add it to SVD_MEASURE_OF_INDICATOR.",
            line=int(unknown.idxmax()) + 2,
        )
    ends = []
    for index, period in frame["period"].items():
        try:
            ends.append(period_end(period))
        except ValueError as error:
            raise PrepareError(
                path, str(error), "Write the period as 2019/20, 2023 or 2019-10 to 2020-09.", line=int(index) + 2, column="period"
            ) from error
    return pd.DataFrame(
        {
            "measure": frame["svd_measure"].map(SVD_MEASURE_OF_INDICATOR),
            "indicator": frame["svd_measure"],
            "geography": frame["geography"],
            "geography_level": frame["geography_level"],
            "period": frame["period"],
            "period_type": frame["period_type"],
            "period_end": ends,
            "value": frame["value"],
            "unit": frame["unit"],
            "detail": frame["detail"].fillna(""),
            "source": frame["original_source_cited"],
            "source_url": frame["quoted_in_url"],
            "notes": frame["notes"].fillna(""),
        }
    )


def _hes_sharp_object_admissions(raw_dir: Path) -> pd.DataFrame:
    """Finished admission episodes for assault by a sharp object (X99), under-20s, by age band."""
    path = raw_dir / layout.SVD_HES_KNIFE_INJURY
    columns = ["end_period_year", "age", "end_period_month", "level", "count", "measure", "period_length"]
    frame = read_checked_csv(
        path,
        columns,
        dtype={"age": "string", "end_period_month": "string", "level": "string", "measure": "string", "period_length": "string"},
    )
    frame = frame[frame["measure"] == "FAEs"]
    ends = pd.to_datetime(
        frame["end_period_month"].str[:3] + " " + frame["end_period_year"].astype(str), format="%b %Y"
    ) + pd.offsets.MonthEnd(0)
    yearly = frame["period_length"] == "Year"
    period = ends.dt.strftime("%Y-%m").where(~yearly, (ends.dt.year - 1).astype(str) + "/" + (ends.dt.year % 100).astype(str).str.zfill(2))
    return pd.DataFrame(
        {
            "measure": "Hospital admissions for assault with a sharp object",
            "indicator": "sharp_object_admissions_under_20",
            "geography": frame["level"],
            "geography_level": frame["level"].map(
                {
                    "England": "country",
                    "West Midlands (region)": "region",
                    "Birmingham": "local_authority",
                    "West Midlands (police)": "police_force_area",
                }
            ),
            "period": period,
            "period_type": frame["period_length"].map({"Year": "year_ending_march", "Month": "month"}),
            "period_end": ends,
            "value": frame["count"],
            "unit": "admissions",
            "detail": "Finished admission episodes, assault by sharp object (ICD-10 X99), aged " + frame["age"],
            "source": "NHS Digital Hospital Episode Statistics",
            "source_url": HES_SOURCE_URL,
            "notes": f"Rounded to 5; a count shown as 4 stands for a suppressed small number (1 to 7); {HES_COPIED_FROM}",
        }
    )


def _prc_homicide_2017_18(raw_dir: Path) -> pd.DataFrame:
    path = raw_dir / layout.SVD_PRC_2017_18
    frame = read_checked_csv(path, ["offence_subgroup", "offences"], dtype={"offence_subgroup": "string"})
    homicides = int(frame.loc[frame["offence_subgroup"] == "Homicide", "offences"].sum())
    return pd.DataFrame(
        [
            {
                "measure": "Homicide",
                "indicator": "homicides",
                "geography": "West Midlands Police",
                "geography_level": "police_force_area",
                "period": "2017/18",
                "period_type": "year_ending_march",
                "period_end": pd.Timestamp("2018-03-31"),
                "value": homicides,
                "unit": "offences",
                "detail": "Police recorded homicide (offence codes 1, 4.1, 4.2, 4.10)",
                "source": "Home Office police recorded crime open data tables (PFA)",
                "source_url": PRC_SOURCE_URL,
                "notes": "",
            }
        ]
    )


def read_harm_weights(raw_dir: Path) -> pd.DataFrame:
    """Harm weight per police.uk category: median Cambridge Crime Harm Index days (derived), West Midlands
    mix and national mix. Anti-social behaviour is not a crime and has no weight (missing)."""
    wm = read_checked_csv(raw_dir / layout.HARM_WEIGHTS_WM, ["crime_type", "cchi_days"], dtype={"crime_type": "string"})
    national = read_checked_csv(raw_dir / layout.HARM_WEIGHTS_NATIONAL, ["crime_type", "cchi_days"], dtype={"crime_type": "string"})
    table = pd.DataFrame({"crime_type": pd.Series(CRIME_TYPES, dtype="string")})
    table = table.merge(wm.rename(columns={"cchi_days": "cchi_days_west_midlands"}), on="crime_type", how="left")
    table = table.merge(national.rename(columns={"cchi_days": "cchi_days_national"}), on="crime_type", how="left")
    table["source"] = pd.Series(
        ["Derived from the Cambridge Crime Harm Index 2026 (median days per offence, volume-weighted to police.uk categories)"]
        * len(table),
        dtype="string",
    )
    return table
