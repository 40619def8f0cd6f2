"""Checking one police.uk street file closely, to say exactly what is wrong with it and where.

The archive ingest reads every file at once with DuckDB and only learns *that* a file has a problem
(a flag on its rows, or DuckDB's own error). This module then reads that one file with Arrow and
names the line, the column and the value, in the words the person who supplied it needs.
"""

from __future__ import annotations

import csv
import io
import re

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from svd_dash.prepare.archive_files import FIX_MONTH, StreetFile
from svd_dash.prepare.csv_input import check_columns, check_text
from svd_dash.prepare.errors import PrepareError
from svd_dash.reference import CRIME_TYPES

ARCHIVE_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
MONTH_VALUE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
LONG_TEXT_COLUMNS = ("Reported by", "Location", "LSOA name", "Last outcome category", "Context")
HEADER_BYTES = 64 * 1024
FIX_DOWNLOAD = "Download the file again."
FIX_UTF8 = "Save the file as UTF-8 (police.uk files are UTF-8; a spreadsheet program may have re-saved it)."


def read_header(file: StreetFile) -> tuple[str, ...]:
    """The file's column names (from its first line only), checked for the published columns."""
    with file.path.open("rb") as stream:
        start = stream.read(HEADER_BYTES)
    end = re.search(rb"\r\n|\r|\n", start)
    if end is None:
        raise PrepareError(file.name, "no line ending in the first 64 KB", "Use the file as police.uk published it.", line=1)
    line = start[: end.start()].removeprefix(b"\xef\xbb\xbf")
    try:
        header = tuple(next(csv.reader([line.decode("utf-8")])))
    except UnicodeDecodeError as error:
        raise PrepareError(file.name, f"byte 0x{line[error.start]:02x} is not valid UTF-8", FIX_UTF8, line=1) from error
    check_columns(file.name, header, ARCHIVE_COLUMNS)
    if len(set(header)) != len(header):
        raise PrepareError(file.name, "a column name appears twice in the header", "Use the file as police.uk published it.", line=1)
    return header


def diagnose(file: StreetFile) -> PrepareError:
    """What is wrong with a file the fast read flagged, as a ``PrepareError`` naming line and column."""
    text = check_text(file.name, file.path.read_bytes())
    header = next(csv.reader(io.StringIO(text.splitlines()[0])))
    try:
        table = pacsv.read_csv(
            pa.py_buffer(text.encode("utf-8")),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=list(ARCHIVE_COLUMNS),
                strings_can_be_null=True,
            ),
        )
    except pa.ArrowInvalid as error:
        return PrepareError(file.name, f"a row could not be read ({str(error).splitlines()[0]})", FIX_DOWNLOAD)
    if table.num_rows == 0:
        return PrepareError(file.name, "the file has a header but no rows", FIX_DOWNLOAD)
    months = table["Month"]
    bad_format = pc.invert(pc.fill_null(pc.match_substring_regex(months, MONTH_VALUE.pattern), False))
    if pc.any(bad_format).as_py():
        index = pc.index(bad_format, True).as_py()
        return PrepareError(
            file.name, f"month '{months[index].as_py()}' is not a month (YYYY-MM)", FIX_DOWNLOAD, line=index + 2, column="Month"
        )
    other_month = pc.not_equal(months, file.month)
    if pc.any(other_month).as_py():
        index = pc.index(other_month, True).as_py()
        return PrepareError(
            file.name, f"row for {months[index].as_py()} in a file for {file.month}", FIX_MONTH, line=index + 2, column="Month"
        )
    for column in ("Longitude", "Latitude"):
        values = table[column]
        not_number = pc.and_(pc.is_valid(values), pc.invert(pc.fill_null(pc.match_substring_regex(values, NUMBER.pattern), False)))
        if pc.any(not_number).as_py():
            index = pc.index(not_number, True).as_py()
            return PrepareError(
                file.name,
                f"{column.lower()} '{values[index].as_py()}' is not a number",
                "police.uk gives decimal degrees (e.g. -1.890400) or leaves it empty; download the file again.",
                line=index + 2,
                column=column,
            )
    types = table["Crime type"]
    unknown = pc.invert(pc.fill_null(pc.is_in(types, pa.array(CRIME_TYPES)), False))
    if pc.any(unknown).as_py():
        index = pc.index(unknown, True).as_py()
        return PrepareError(
            file.name,
            f"unknown crime type '{types[index].as_py()}'",
            "Use police.uk's 14 crime types.",
            line=index + 2,
            column="Crime type",
        )
    lengths = pc.add_checked(*[pc.fill_null(pc.binary_length(table[c]), 0) for c in LONG_TEXT_COLUMNS[:2]])
    for column in LONG_TEXT_COLUMNS[2:]:
        lengths = pc.add_checked(lengths, pc.fill_null(pc.binary_length(table[column]), 0))
    longest = pc.index(lengths, pc.max(lengths)).as_py()
    return PrepareError(
        file.name,
        f"the row runs to {lengths[longest].as_py():,} bytes of text (a police.uk row is about 200): a stray quote may have joined lines",
        FIX_DOWNLOAD,
        line=longest + 2,
    )


def line_of(file: StreetFile, column: str, value: str) -> int:
    """The line (header = 1) of the first row whose ``column`` equals ``value``."""
    table = pacsv.read_csv(file.path, convert_options=pacsv.ConvertOptions(include_columns=[column], column_types={column: pa.string()}))
    return pc.index(table[column], value).as_py() + 2
