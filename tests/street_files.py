"""Generated police.uk street-level files in the exact published format (for tests and benchmarks).

Columns and quoting follow the police.uk archive: ``YYYY-MM/YYYY-MM-west-midlands-street.csv``.
The rows are synthetic; the LSOA codes, categories and layout are real.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import inflate64

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


@dataclass(frozen=True)
class ZipEntry:
    """One member written byte by byte: ``data`` already compressed with ``method`` (0 stored, 8
    Deflate, 9 Deflate64); ``crc`` and ``size`` describe the uncompressed bytes; ``flags`` as in the format."""

    name: str
    data: bytes
    method: int
    crc: int
    size: int
    flags: int = 0


def raw_deflate(payload: bytes) -> bytes:
    """Deflate without a zlib header, as zip members hold it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(payload) + compressor.flush()


def deflate64_entry(name: str, payload: bytes) -> ZipEntry:
    """A member compressed with Deflate64, as Windows' "Send to compressed folder" does for large zips."""
    deflater = inflate64.Deflater()
    return ZipEntry(name, deflater.deflate(payload) + deflater.flush(), 9, zlib.crc32(payload), len(payload))


def zeros_entry(name: str, mebibytes: int) -> ZipEntry:
    """A Deflate member of ``mebibytes`` MiB of zero bytes, built from one compressed MiB repeated
    (each block is flushed whole, so the compressed blocks are identical): a "zip bomb"."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(1024 * 1024)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zeros, crc)
    return ZipEntry(name, block * mebibytes + compressor.flush(), 8, crc, mebibytes * len(zeros))


def write_zip(target: Path, entries: list[ZipEntry]) -> Path:
    """Write a zip from ready-made members (local headers, data, central directory, end record)."""
    body, directory = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode()
        fields = (20, entry.flags, entry.method, 0, 0x21, entry.crc, len(entry.data), entry.size, len(name), 0)
        directory += struct.pack("<4s2H" + "4H3L2H", b"PK\x01\x02", 20, *fields[:-1], 0) + struct.pack("<3H2L", 0, 0, 0, 0, len(body))
        directory += name
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", *fields) + name + entry.data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(body), 0)
    target.write_bytes(bytes(body + directory + end))
    return target
