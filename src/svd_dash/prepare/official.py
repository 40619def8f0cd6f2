"""Official figures: the vendored ONS, Home Office and Parliament rows, the tables a user imports with
``--official``, and Census 2021 residents per Community Safety Partnership (CSP).

Every row keeps its provenance: ``source_type`` is one of ``official statistics`` (ONS tables),
``official statement`` (a minister's written answer in Parliament) or ``derived`` (a third party's
sums of official data), with publisher, source, address, release date, licence and citation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from svd_dash.prepare import layout
from svd_dash.prepare.csv_input import read_checked_csv
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.ons_tables import TIDY_COLUMNS, read_ons_file

SOURCE_TYPES = ("official statistics", "official statement", "derived")
OGL = "Open Government Licence v3.0"
ONS_PUBLISHER = "Office for National Statistics (data: Home Office police recorded crime)"
ONS_PFA_TABLES_URL = "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/policeforceareadatatables"
RELEASE_DATE_NOT_RECORDED = ""
"""ONS release dates are not printed in the bundled tables, so none is recorded (and no lag is computed
for them) rather than one recalled from elsewhere."""

PROVENANCE_COLUMNS = ["source_type", "publisher", "source", "source_url", "released", "licence", "citation", "got_from"]
OFFICIAL_COLUMNS = [*TIDY_COLUMNS, *PROVENANCE_COLUMNS]
KEY = ["edition", "table", "period", "geography_level", "geography_code", "geography_name", "measure"]
CSP_COLUMNS = ["csp_code", "csp_name", "pfa_code", "pfa_name", "la_codes", "residents", "lsoa21_count", "imd2025_score", "source"]


def ons_provenance(tidy: pd.DataFrame, file_name: str, got_from: str) -> pd.DataFrame:
    """Add the provenance columns to rows read from an ONS police force area tables file."""
    out = tidy.copy()
    out["source_type"] = "official statistics"
    out["publisher"] = ONS_PUBLISHER
    out["source"] = "ONS, Crime in England and Wales: Police Force Area data tables, " + out["edition"] + ", Table " + out["table"]
    out["source_url"] = ONS_PFA_TABLES_URL
    out["released"] = RELEASE_DATE_NOT_RECORDED
    out["licence"] = OGL
    out["citation"] = (
        "Office for National Statistics. Crime in England and Wales: Police Force Area data tables, "
        + out["edition"]
        + ". File "
        + file_name
        + "."
    )
    out["got_from"] = got_from
    return out[OFFICIAL_COLUMNS]


def read_official(raw_dir: Path, imported: pd.DataFrame | None = None) -> pd.DataFrame:
    """All vendored official rows, plus ``imported`` rows (which replace vendored rows with the same key)."""
    frames = [_read_vendored(raw_dir / name) for name in (layout.OFFICIAL_PFA, layout.OFFICIAL_CSP, layout.OFFICIAL_OTHER)]
    table = pd.concat(frames, ignore_index=True)
    if imported is not None and len(imported):
        keys = pd.MultiIndex.from_frame(imported[KEY])
        table = pd.concat([table[~pd.MultiIndex.from_frame(table[KEY]).isin(keys)], imported[OFFICIAL_COLUMNS]], ignore_index=True)
    duplicated = table.duplicated(KEY)
    if duplicated.any():
        row = table[duplicated].iloc[0]
        raise PrepareError("official figures", f"two rows for {', '.join(str(row[k]) for k in KEY)}", "Remove the duplicate.")
    table["period_end"] = pd.to_datetime(table["period_end"]).astype("datetime64[ms]")
    table["value"] = table["value"].astype("float64")
    text = [c for c in OFFICIAL_COLUMNS if c not in ("period_end", "value")]
    table = table.astype(dict.fromkeys(text, "string"))
    return table.sort_values(KEY).reset_index(drop=True)


def _read_vendored(path: Path) -> pd.DataFrame:
    frame = read_checked_csv(path, OFFICIAL_COLUMNS, dtype={c: "string" for c in OFFICIAL_COLUMNS if c != "value"})
    frame = frame.fillna({c: "" for c in OFFICIAL_COLUMNS if c != "value"})
    unknown = ~frame["source_type"].isin(SOURCE_TYPES)
    if unknown.any():
        raise PrepareError(
            path,
            f"unknown source type '{frame['source_type'][unknown].iloc[0]}'",
            f"Use one of: {', '.join(SOURCE_TYPES)}.",
            line=int(unknown.idxmax()) + 2,
        )
    if (frame["value"].dropna() < 0).any():
        raise PrepareError(path, "a negative count or rate", "Restore the file as vendored.")
    return frame


def read_csp_residents(raw_dir: Path, official: pd.DataFrame) -> pd.DataFrame:
    """Census 2021 usual residents and IMD 2025 score per CSP; checked against the CSPs of table C2."""
    path = raw_dir / layout.CSP_RESIDENTS
    frame = read_checked_csv(
        path, CSP_COLUMNS, dtype={c: "string" for c in CSP_COLUMNS if c not in ("residents", "lsoa21_count", "imd2025_score")}
    )
    csp = set(official.loc[(official["table"] == "C2") & (official["geography_level"] == "csp"), "geography_code"])
    missing = csp - set(frame["csp_code"])
    if missing:
        raise PrepareError(
            path, f"no residents for CSPs {sorted(missing)[:5]}", "Re-vendor the CSP residents with tools/vendor_raw_data.py."
        )
    if (frame["residents"] <= 0).any():
        raise PrepareError(path, "a CSP with no residents", "Re-vendor the CSP residents.")
    frame = frame.astype({"residents": "int64", "lsoa21_count": "int64", "imd2025_score": "float64"})
    return frame.sort_values("csp_code").reset_index(drop=True)


def read_official_imports(path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The tables in a downloaded ONS file, or in every .xlsx and .csv file of a folder, with provenance;
    and one report line per table found ("file: table P1, YE Mar 2025, 440 figures")."""
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".csv")) if path.is_dir() else [path]
    if not files:
        raise PrepareError(path, "the folder holds no .xlsx or .csv files", "Give a downloaded ONS workbook, or a folder of them.")
    frames, report = [], []
    for file in files:
        tidy = read_ons_file(file)
        frames.append(ons_provenance(tidy, file.name, f"imported from {file.name}"))
        for (table, edition), rows in tidy.groupby(["table", "edition"]):
            report.append(f"{file.name}: table {table}, {edition}, {rows['value'].notna().sum():,} figures")
    imported = pd.concat(frames, ignore_index=True)
    clash = imported.duplicated(KEY)
    if clash.any():
        row = imported[clash].iloc[0]
        raise PrepareError(path, f"two files hold table {row['table']} of edition {row['edition']}", "Import one copy of each edition.")
    return imported, report
