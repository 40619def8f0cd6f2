"""Reading ONS police recorded crime tables as published: the "Police force area data tables" workbooks
(any edition) and their Community Safety Partnership table C2 (workbook sheet or a CSV save of it).

Tables are found by their titles and header rows, never by sheet position or column number: a sheet is
table P1 (offences by offence group), P4 (knife or sharp instrument offences) or C2 (headline offences by
Community Safety Partnership) when its title says so; columns are found by their header text after the
footnote markers ONS glues to words ("Homicide5,6", "fraud3", "[note 1]") are removed. Cells shown as
"[x]", "-" or ".." are unavailable and stay missing; "2,557 " is 2557.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

import openpyxl
import pandas as pd
from openpyxl.utils.exceptions import InvalidFileException

from svd_dash.prepare.errors import PrepareError

AREA_CODE = re.compile(r"^[EKW]\d{8}$")
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
UNAVAILABLE = {"[x]", "[z]", "[c]", "-", "..", ":", ""}

OFFENCE_GROUPS = {
    "total recorded crime (excluding fraud)": "total_recorded_crime_excl_fraud",
    "violence against the person": "violence_against_the_person",
    "homicide": "homicide",
    "violence with injury": "violence_with_injury",
    "violence without injury": "violence_without_injury",
    "sexual offences": "sexual_offences",
    "robbery": "robbery",
    "possession of weapons offences": "possession_of_weapons_offences",
}
"""Offence-group column headers (tables P1 and C2) -> measure key."""

KNIFE_OFFENCES = {
    "total of selected serious offences": "knife_offences_selected",
    "homicide": "knife_homicide",
    "robbery": "knife_robbery",
    "assault with injury and assault with intent to cause serious harm": "knife_assault_injury_intent",
}
"""Knife table P4 offence headers -> measure key (the "number of offences involving a knife" column of each)."""


@dataclass(frozen=True)
class TableKind:
    """How to recognise one ONS table: its name, a title pattern, and the columns it must have."""

    name: str
    title: re.Pattern[str]
    measures: dict[str, str]
    required: tuple[str, ...]


TABLE_KINDS = (
    TableKind(
        "P1",
        re.compile(r"police recorded crime by offence group and police force area.*number of offences", re.I),
        OFFENCE_GROUPS,
        ("total_recorded_crime_excl_fraud", "violence_against_the_person", "homicide", "robbery"),
    ),
    TableKind(
        "P4",
        re.compile(r"knife (and|or) sharp instrument offences recorded by the police for selected offences, by police force area", re.I),
        KNIFE_OFFENCES,
        ("knife_offences_selected",),
    ),
    TableKind(
        "C2",
        re.compile(r"number of police recorded crimes for headline offences by community safety partnership", re.I),
        OFFENCE_GROUPS,
        ("total_recorded_crime_excl_fraud", "violence_against_the_person", "homicide", "robbery"),
    ),
)
REJECTED_TITLES = re.compile(r"percentage change|rate of offences|rates recorded|year ending \w+ \d+ to year ending", re.I)
"""Titles of the derived tables (changes, rates, long series) that share P4's wording; they are not read."""

SERIES_HEADING = re.compile(r"^[A-Z][a-z]{2} '?\d{2} to [A-Z][a-z]{2} '?\d{2}$")

TIDY_COLUMNS = [
    "edition",
    "table",
    "period",
    "period_end",
    "geography_level",
    "geography_code",
    "geography_name",
    "parent_code",
    "la_code",
    "measure",
    "value",
    "unit",
]


def clean_header(text: object) -> str:
    """'Homicide5,6' -> 'homicide'; 'Total recorded crime\\n (excluding fraud3)' -> 'total recorded crime (excluding fraud)'."""
    words = re.sub(r"\[note \d+\]", "", str(text or ""), flags=re.I)
    words = re.sub(r"(?<=[A-Za-z)])\d+(,\d+)*", "", words)
    return re.sub(r"\s+", " ", words).strip().lower()


def period_of(title: str) -> tuple[str, pd.Timestamp]:
    """'..., year ending December 20191,2' -> ('YE Dec 2019', 2019-12-31); 'June 181,2' (two-digit year) -> 'YE Jun 2018'."""
    match = re.search(r"year ending (\w+) (\d+)", title, re.I)
    if not match or match.group(1)[:3].lower() not in MONTHS:
        raise ValueError("no 'year ending <month> <year>' in the title")
    digits = match.group(2)
    year = int(digits[:4]) if digits.startswith("20") and len(digits) >= 4 else 2000 + int(digits[:2])
    month = MONTHS[match.group(1)[:3].lower()]
    return f"YE {match.group(1)[:3].title()} {year}", pd.Timestamp(year=year, month=month, day=1) + pd.offsets.MonthEnd(0)


def number(cell: object) -> float | None:
    """A published cell as a number: '2,557 ' -> 2557.0; '[x]', '-', '..' or blank -> None (unavailable)."""
    if cell is None:
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).replace(",", "").strip()
    if text.lower() in UNAVAILABLE:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def kind_of(title: str) -> TableKind | None:
    """The table kind a sheet title names, or None for any other table (notes, rates, changes)."""
    if REJECTED_TITLES.search(title):
        return None
    return next((kind for kind in TABLE_KINDS if kind.title.search(title)), None)


def read_ons_file(path: Path) -> pd.DataFrame:
    """Every P1, P4 and C2 table in one downloaded file (xlsx workbook or CSV save of a sheet), tidy.

    Raises ``PrepareError`` naming the file (and the table) when the file cannot be read, holds none of
    these tables, or a table lacks the columns it should have.
    """
    sheets = _sheets(path)
    frames = []
    for sheet, rows in sheets.items():
        title = next((str(r[0]) for r in rows if r and r[0]), "")
        kind = kind_of(title)
        if kind is not None and not _is_time_series(rows):
            frames.append(_read_table(path, sheet, kind, title, rows))
    if not frames:
        raise PrepareError(
            path,
            f"no ONS police recorded crime table P1, P4 or C2 found (sheets: {', '.join(sheets) or 'none'})",
            "Download the 'Police force area data tables' workbook from ONS, or a CSV save of its Table C2.",
        )
    return pd.concat(frames, ignore_index=True)[TIDY_COLUMNS]


def _is_time_series(rows: list[tuple[object, ...]]) -> bool:
    """True for the long-series tables (P5 in some editions) whose column groups are years ("Apr '10 to Mar '11")."""
    return any(isinstance(c, str) and SERIES_HEADING.match(c.strip()) for r in rows[:10] for c in r)


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    if not path.is_file():
        raise PrepareError(path, "no such file", "Give the path of a downloaded ONS workbook (.xlsx) or CSV.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                return {path.stem: [tuple(row) for row in csv.reader(handle)]}
        except (UnicodeDecodeError, csv.Error) as error:
            raise PrepareError(path, f"not a readable CSV ({error})", "Save the ONS sheet as CSV (UTF-8).") from error
    if suffix not in (".xlsx", ".xlsm"):
        raise PrepareError(path, f"unknown file type '{suffix}'", "Give an ONS .xlsx workbook or a .csv save of Table C2.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as error:
        raise PrepareError(
            path, f"not a readable xlsx workbook ({type(error).__name__})", "Download the workbook again from ONS."
        ) from error
    try:
        return {name.strip(): list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}
    finally:
        workbook.close()


def _read_table(path: Path, sheet: str, kind: TableKind, title: str, rows: list[tuple[object, ...]]) -> pd.DataFrame:
    where = f"{path}, table {kind.name} (sheet '{sheet}')"
    try:
        period, end = period_of(title)
    except ValueError as error:
        raise PrepareError(where, str(error), "Check this is an ONS table as published.") from error
    header_at = next((i for i, r in enumerate(rows) if r and clean_header(r[0]) in ("area code", "police force area code")), None)
    if header_at is None:
        raise PrepareError(
            where, "no header row starting 'Area Code' or 'Police Force Area code'", "Check this is an ONS table as published."
        )
    columns = _column_labels(rows, header_at, kind)
    missing = [m for m in kind.required if m not in columns.values()]
    if missing:
        raise PrepareError(where, f"columns not found: {', '.join(missing)}", "Check this is an ONS table as published.")
    records = []
    for row in rows[header_at + 1 :]:
        geography = _geography(row, kind)
        if geography is None:
            continue
        for index, measure in columns.items():
            value = number(row[index]) if index < len(row) else None
            records.append({**geography, "measure": measure, "value": value})
    if not records:
        raise PrepareError(where, "no rows with an area code under the header", "Check this is an ONS table as published.")
    frame = pd.DataFrame.from_records(records)
    frame = frame.assign(edition=period, table=kind.name, period=period, period_end=end, unit="offences")
    return frame


def _column_labels(rows: list[tuple[object, ...]], header_at: int, kind: TableKind) -> dict[int, str]:
    """Column index -> measure key. A header cell names its column; an empty one (or P4's repeated
    'Number of offences involving a knife') takes the offence-group heading above it, merged cells filled rightwards."""
    header = [clean_header(c) for c in rows[header_at]]
    above = next((rows[i] for i in range(header_at - 1, max(header_at - 3, -1), -1) if any(rows[i])), ())
    groups, current = [], ""
    for i in range(len(header)):
        cell = clean_header(above[i]) if i < len(above) else ""
        current = cell or current
        groups.append(current)
    labels: dict[int, str] = {}
    for i, name in enumerate(header):
        label = groups[i] if kind.name == "P4" and name.startswith("number of") else (name or groups[i])
        if kind.name == "P4" and not name.startswith("number of"):
            continue
        if label in kind.measures and kind.measures[label] not in labels.values():
            labels[i] = kind.measures[label]
    return labels


def _geography(row: tuple[object, ...], kind: TableKind) -> dict[str, str] | None:
    """The area a data row is about, or None for blank, note and footnote rows."""
    code = str(row[0] or "").strip() if row else ""
    if not AREA_CODE.match(code):
        return None
    if kind.name != "C2":
        name = re.sub(r"[\d,]+$", "", str(row[1] or "")).strip()
        level = (
            "country" if code[0] == "K" or code in ("E92000001", "W92000004") else "region" if code[1:3] == "12" else "police_force_area"
        )
        return {"geography_level": level, "geography_code": code, "geography_name": name, "parent_code": "", "la_code": ""}
    csp_code, csp_name, la_code = (str(c or "").strip() for c in row[2:5])
    force = str(row[1] or "").strip()
    if csp_code:
        return {"geography_level": "csp", "geography_code": csp_code, "geography_name": csp_name, "parent_code": code, "la_code": la_code}
    if csp_name:
        return {"geography_level": "unassigned", "geography_code": "", "geography_name": csp_name, "parent_code": code, "la_code": ""}
    return {"geography_level": "police_force_area", "geography_code": code, "geography_name": force, "parent_code": "", "la_code": ""}
