"""Generated police.uk street-level files in the exact published format (for tests and benchmarks).

Columns and quoting follow the police.uk archive: ``YYYY-MM/YYYY-MM-west-midlands-street.csv``.
The rows are synthetic; the LSOA codes, categories and layout are real.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

HEADER = [
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
]
FORCE = "West Midlands Police"
STAFFORDSHIRE = "Staffordshire Police"
BTP = "British Transport Police"
FORCE_FILE_NAMES = {FORCE: "west-midlands", STAFFORDSHIRE: "staffordshire", BTP: "btp"}


@dataclass(frozen=True)
class StreetRow:
    """One street-level record; an empty ``crime_id`` is how police.uk writes anti-social behaviour."""

    crime_id: str
    month: str
    lsoa_code: str
    crime_type: str
    longitude: float | None = -1.8904
    latitude: float | None = 52.4862
    force: str = FORCE

    def cells(self) -> list[str]:
        return [
            self.crime_id,
            self.month,
            self.force,
            self.force,
            "" if self.longitude is None else f"{self.longitude:.6f}",
            "" if self.latitude is None else f"{self.latitude:.6f}",
            "On or near Parking Area" if self.lsoa_code else "No Location",
            self.lsoa_code,
            f"{self.lsoa_code} name" if self.lsoa_code else "",
            self.crime_type,
            "" if not self.crime_id else "Investigation complete; no suspect identified",
            "",
        ]


def street_csv(rows: list[StreetRow]) -> bytes:
    """A street file's bytes: header, then one line per row, UTF-8 with CRLF-free newlines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue().encode("utf-8")


def write_archive(folder: Path, months: dict[str, list[StreetRow]], force: str = FORCE) -> Path:
    """Write ``YYYY-MM/YYYY-MM-<force>-street.csv`` (West Midlands Police unless ``force`` says) for each month."""
    for month, rows in months.items():
        (folder / month).mkdir(parents=True, exist_ok=True)
        (folder / month / f"{month}-{FORCE_FILE_NAMES[force]}-street.csv").write_bytes(street_csv(rows))
    return folder


def zip_archive(folder: Path, target: Path) -> Path:
    """Zip an archive folder the way police.uk serves it (month folders at the top)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*.csv")):
            archive.write(path, path.relative_to(folder).as_posix())
    return target
