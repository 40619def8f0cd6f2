"""Reading a partner's extract (CSV or Excel, long format) into a tidy frame, or refusing it whole.

Format (docs/partner_data.md): one row per geography, month and measure, with columns
``geography_code`` (LSOA 2021 ``E01…``, 2025 ward ``E05…`` or council ``E08…`` code, in the seven West
Midlands councils), ``month`` (``YYYY-MM``, or a date on the 1st), ``measure`` (a name), ``count`` (a
whole number, 0 or more) and, optionally, ``source`` (who supplied it). Pure: bytes in, frame or a list
of problems out; nothing is written anywhere.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd

from svd_dash.reference import AREAS

MAX_FILE_MB = 5
"""The largest file accepted, in MB; the same figure as ``server.maxUploadSize`` in .streamlit/config.toml."""
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 100_000
MAX_MEASURES = 20
MAX_TEXT = 80
REQUIRED = ("geography_code", "month", "measure", "count")
OPTIONAL = ("source",)
LSOA, WARD, COUNCIL = "LSOA 2021", "Ward 2025", "Council"
TEXT_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .,;:()/&'%+\-]*")
"""Measure names and source labels: letters, digits, spaces and plain punctuation, starting with a letter or
digit (so no spreadsheet formula, no markup)."""
TEXT_EXPECTED = f"up to {MAX_TEXT} characters: letters, digits, spaces and . , ; : ( ) / & ' % + - only, starting with a letter or digit"
TIDY_COLUMNS = ["geography_code", "level", "la_code", "month", "measure", "count", "source"]


@dataclass(frozen=True)
class Problem:
    """One reason a file was refused: where (file row, header = row 1; column), what was found, what was expected."""

    row: int | None
    column: str
    value: str
    expected: str

    @property
    def message(self) -> str:
        where = f"Row {self.row}, column '{self.column}'" if self.row else f"Column '{self.column}'" if self.column else "The file"
        found = f": '{self.value}'" if self.value else ""
        return f"{where}{found}. Expected {self.expected}."


class ExtractRefusedError(ValueError):
    """The file was refused whole; ``problems`` says why, one entry per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(p.message for p in problems[:3]))
        self.problems = problems


@dataclass(frozen=True)
class Extract:
    """An accepted extract: the tidy rows (``TIDY_COLUMNS``), the file name and its size in bytes."""

    rows: pd.DataFrame
    file_name: str
    size_bytes: int

    @property
    def measures(self) -> list[str]:
        return sorted(self.rows["measure"].unique())

    def source_of(self, measure: str) -> str:
        """The source label(s) the user gave a measure, or 'source not given'."""
        labels = sorted({s for s in self.rows.loc[self.rows["measure"] == measure, "source"] if s})
        return "; ".join(labels) or "source not given"


def geography_lookup(lsoa: pd.DataFrame) -> pd.DataFrame:
    """Every geography a file may use, indexed by code: ``level``, ``la_code``, ``name``, ``population``
    (Census 2021 usual residents) for the LSOAs, 2025 wards and councils of the seven areas."""
    lsoas = lsoa.assign(level=LSOA, code=lsoa["lsoa21_code"], name=lsoa["lsoa21_name"])
    wards = lsoa.groupby(["ward_code", "ward_name", "la_code"], as_index=False)["population"].sum()
    wards = wards.assign(level=WARD, code=wards["ward_code"], name=wards["ward_name"])
    councils = lsoa.groupby(["la_code", "la_name"], as_index=False)["population"].sum()
    councils = councils.assign(level=COUNCIL, code=councils["la_code"], name=councils["la_name"])
    columns = ["code", "level", "la_code", "name", "population"]
    table = pd.concat([lsoas[columns], wards[columns], councils[columns]], ignore_index=True)
    return table.set_index("code")


def _outside_reason(code: str) -> str:
    if re.fullmatch(r"E01\d{6}", code):
        return "an LSOA 2021 code in the seven West Midlands councils (this LSOA is outside them, or not a 2021 code)"
    if re.fullmatch(r"E05\d{6}", code):
        return "a 2025 ward code in the seven West Midlands councils (this ward is outside them, or not a 2025 code)"
    if re.fullmatch(r"E0[6-9]\d{6}", code):
        return "one of the seven West Midlands council codes, " + ", ".join(a.code for a in AREAS)
    return "an LSOA 2021 (E01…), 2025 ward (E05…) or council (E08…) code"


def _read_table(payload: bytes, file_name: str) -> pd.DataFrame:
    suffix = PurePath(file_name).suffix.lower()
    if suffix == ".csv":
        try:
            text = payload.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = payload[: error.start].count(b"\n") + 1
            found = f"byte 0x{payload[error.start]:02x}"
            raise ExtractRefusedError([Problem(line, "", found, "UTF-8 text (in Excel: Save As 'CSV UTF-8 (comma delimited)')")]) from None
        try:
            return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise ExtractRefusedError([Problem(None, "", str(error).strip()[:120], "a comma-separated file with one header row")]) from None
    if suffix == ".xlsx":
        try:
            return pd.read_excel(io.BytesIO(payload), dtype=object, engine="openpyxl").fillna("")
        except (zipfile.BadZipFile, ValueError, KeyError, OSError):
            raise ExtractRefusedError(
                [Problem(None, "", file_name, "a readable Excel workbook (.xlsx) with the data on its first sheet")]
            ) from None
    raise ExtractRefusedError([Problem(None, "", suffix or file_name, "a .csv or .xlsx file")])


def _texts(column: pd.Series) -> pd.Series:
    """Cells as stripped strings (a blank cell is '')."""
    return column.fillna("").astype(str).str.strip()


def _months(column: pd.Series) -> pd.Series:
    """First-of-month timestamps from 'YYYY-MM', 'YYYY-MM-01' or a spreadsheet date on the 1st; NaT otherwise."""
    text = _texts(column)
    valid = text.str.fullmatch(r"\d{4}-\d{2}(-01( 00:00:00)?)?")
    return pd.to_datetime(text.str[:7].where(valid) + "-01", format="%Y-%m-%d", errors="coerce")


def _valid_text(column: pd.Series, optional: bool) -> np.ndarray:
    """Which cells are acceptable measure names or source labels (checked once per distinct value)."""
    verdict = {t: (optional and not t) or (len(t) <= MAX_TEXT and bool(TEXT_PATTERN.fullmatch(t))) for t in column.unique()}
    return column.map(verdict).to_numpy(dtype=bool)


def _check_columns(frame: pd.DataFrame) -> pd.DataFrame:
    renamed = frame.rename(columns=lambda c: re.sub(r"\s+", "_", str(c).strip().lower()))
    problems = [Problem(None, c, "", f"a column named '{c}' (columns: {', '.join(REQUIRED)}, optional source)") for c in REQUIRED]
    problems = [p for p in problems if p.column not in renamed.columns]
    problems += [
        Problem(None, c, "", f"only the columns {', '.join(REQUIRED + OPTIONAL)}: remove this column (no personal data)")
        for c in renamed.columns
        if c not in REQUIRED + OPTIONAL
    ]
    if problems:
        raise ExtractRefusedError(problems)
    return renamed if "source" in renamed.columns else renamed.assign(source="")


def read_extract(payload: bytes, file_name: str, lsoa: pd.DataFrame, months: Sequence[pd.Timestamp]) -> Extract:
    """Validate a partner extract against the seven areas' geographies and the data's ``months``.

    Raises ``ExtractRefusedError`` listing every problem (nothing is half-loaded).
    """
    if len(payload) > MAX_FILE_BYTES:
        raise ExtractRefusedError([Problem(None, "", f"{len(payload) / 1024 / 1024:.1f} MB", f"a file of at most {MAX_FILE_MB} MB")])
    raw = _check_columns(_read_table(payload, file_name))
    if len(raw) > MAX_ROWS:
        raise ExtractRefusedError([Problem(None, "", f"{len(raw):,} rows", f"at most {MAX_ROWS:,} rows")])
    if raw.empty:
        raise ExtractRefusedError([Problem(None, "", "no rows", "at least one row of data under the header")])
    lookup = geography_lookup(lsoa)
    first, last = min(months), max(months)
    rows = pd.DataFrame({"file_row": np.arange(len(raw)) + 2})
    rows["geography_code"] = _texts(raw["geography_code"]).str.upper().to_numpy()
    rows["month"] = _months(raw["month"]).to_numpy()
    rows["measure"] = _texts(raw["measure"]).to_numpy()
    rows["source"] = _texts(raw["source"]).to_numpy()
    numbers = pd.to_numeric(_texts(raw["count"]).replace("", None), errors="coerce").to_numpy(dtype=float)
    problems: list[tuple[int, Problem]] = []

    def flag(mask: np.ndarray, column: str, expected: str | Callable[[str], str]) -> None:
        for position in np.flatnonzero(mask):
            found = str(raw[column].iloc[position]).strip()[:60]
            problems.append(
                (position, Problem(int(position) + 2, column, found, expected if isinstance(expected, str) else expected(found)))
            )

    known = rows["geography_code"].isin(lookup.index).to_numpy()
    flag(~known, "geography_code", lambda code: _outside_reason(code.upper()))
    bad_month = rows["month"].isna().to_numpy()
    flag(bad_month, "month", "a month written YYYY-MM (e.g. 2025-04) or a date on the 1st of the month")
    span = f"a month from {first:%B %Y} to {last:%B %Y} (the months of the police data)"
    outside = ~bad_month & ~rows["month"].isin(list(months)).to_numpy()
    flag(outside, "month", span)
    flag(~_valid_text(rows["measure"], optional=False), "measure", TEXT_EXPECTED)
    flag(~_valid_text(rows["source"], optional=True), "source", TEXT_EXPECTED)
    with np.errstate(invalid="ignore"):
        bad_count = ~(np.isfinite(numbers) & (numbers >= 0) & (numbers == np.floor(numbers)) & (numbers < 1e9))
    flag(bad_count, "count", "a whole number, 0 or more (no commas, no blanks)")
    key = ["geography_code", "month", "measure"]
    duplicate = rows.duplicated(key, keep="first").to_numpy() & ~bad_month
    first_row = rows.drop_duplicates(key).set_index(key)["file_row"]
    for position in np.flatnonzero(duplicate):
        original = first_row.loc[tuple(rows.loc[position, key])]
        problems.append(
            (
                position,
                Problem(
                    int(position) + 2,
                    "geography_code, month, measure",
                    "",
                    f"one row per code, month and measure: this repeats row {original}",
                ),
            )
        )
    problems.sort(key=lambda item: item[0])
    found = [p for _, p in problems]
    if not found:
        rows["level"] = rows["geography_code"].map(lookup["level"])
        levels = rows.groupby("measure")["level"].unique()
        found += [
            Problem(None, "geography_code", name, f"one geography level per measure; this measure mixes {' and '.join(sorted(used))}")
            for name, used in levels.items()
            if len(used) > 1
        ]
        if len(levels) > MAX_MEASURES:
            found.append(Problem(None, "measure", f"{len(levels)} measures", f"at most {MAX_MEASURES} measures in one file"))
    if found:
        raise ExtractRefusedError(found)
    rows["la_code"] = rows["geography_code"].map(lookup["la_code"])
    rows["month"] = pd.to_datetime(rows["month"])
    rows["count"] = numbers.astype("int64")
    return Extract(rows[TIDY_COLUMNS].reset_index(drop=True), file_name, len(payload))
