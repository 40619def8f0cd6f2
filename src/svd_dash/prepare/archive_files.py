"""Finding the street files in a police.uk download (a folder tree or a zip) and making them readable.

A folder's files are read where they are. A zip's street files are streamed out, a chunk at a time,
into a scratch folder (never read whole into memory), with the limits of ``archive_limits`` checked
against the zip's directory first and against the bytes actually inflated. Deflate64 members (what
Windows' own "Send to compressed folder" makes for large zips) are inflated with ``inflate64``.

Entries that are not street files are skipped and reported, not refused: folders, a Mac's
``__MACOSX/`` and ``._*`` resource files, ``.DS_Store``, police.uk's ``-outcomes.csv`` and
``-stop-and-search.csv`` files, readmes. A month held twice for one force (the same file in two
folders, or two different files) is an error naming both, since counting both would double it.
"""

from __future__ import annotations

import re
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import inflate64
import pandas as pd

from svd_dash.prepare.archive_limits import ArchiveLimits, check_entry_count, check_member_size, check_total_size
from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.month_range import check_month_in_range

STREET_FILE = re.compile(r"^(\d{4}-\d{2})-([a-z0-9-]+)-street\.csv$")
MONTH_FOLDER = re.compile(r"^\d{4}-\d{2}$")
FIX_MONTH = "Put each month's file in the folder of its own month, as police.uk publishes them."
CHUNK_BYTES = 1024 * 1024
DEFLATE64 = 9
ENCRYPTED_FLAG = 0x1
LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # the zip format's local file header (30 bytes)


@dataclass(frozen=True)
class StreetFile:
    """One street file: ``name`` as in the download (for messages), ``path`` readable on disk,
    ``month`` (YYYY-MM) and ``force`` (e.g. ``west-midlands``) from its name, ``size`` in bytes."""

    name: str
    path: Path
    month: str
    force: str
    size: int


@dataclass
class ArchiveListing:
    """The street files found, and every other entry skipped (name -> why)."""

    files: list[StreetFile] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


@contextmanager
def street_files(path: Path, limits: ArchiveLimits) -> Iterator[ArchiveListing]:
    """The street files under ``path`` (a folder tree or a zip), readable while the context is open."""
    if path.is_dir():
        yield _folder_listing(path, limits)
    elif path.is_file():
        with path.open("rb") as start:
            if start.read(4) != zipfile.stringFileHeader:
                raise PrepareError(path, "the file is not a zip", "Give the zip or the unzipped folder you downloaded from police.uk.")
        with tempfile.TemporaryDirectory(prefix="svd-dash-archive-") as scratch:
            yield _unzip_street_files(path, Path(scratch), limits)
    elif path.exists():
        raise PrepareError(path, "not a regular file, folder or zip (a device, pipe or socket)", "Give the police.uk zip or its folder.")
    else:
        raise PrepareError(path, "no such file or folder", "Give the folder or zip you downloaded from police.uk.")


def _folder_listing(folder: Path, limits: ArchiveLimits) -> ArchiveListing:
    listing = ArchiveListing()
    total = 0
    for count, entry in enumerate(sorted(folder.rglob("*")), start=1):
        check_entry_count(str(folder), count, limits)
        name = entry.relative_to(folder).as_posix()
        if entry.is_dir():
            continue
        reason = _skip_reason(name)
        if reason is None and not entry.is_file():
            reason = "not a regular file"
        if reason:
            listing.skipped[name] = reason
            continue
        size = entry.stat().st_size
        check_member_size(name, size, limits)
        total += size
        check_total_size(str(folder), total, limits)
        listing.files.append(_street_file(name, entry, size))
    return _checked(listing, folder)


def _unzip_street_files(zip_path: Path, scratch: Path, limits: ArchiveLimits) -> ArchiveListing:
    listing = ArchiveListing()
    try:
        with zipfile.ZipFile(zip_path) as archive:
            members = archive.infolist()
            check_entry_count(str(zip_path), len(members), limits)
            wanted = []
            for info in members:
                reason = "a folder" if info.is_dir() else _skip_reason(info.filename)
                if reason:
                    if not info.is_dir():
                        listing.skipped[info.filename] = reason
                    continue
                check_member_size(info.filename, info.file_size, limits)
                wanted.append(info)
            check_total_size(str(zip_path), sum(i.file_size for i in wanted), limits)
            for index, info in enumerate(sorted(wanted, key=lambda i: i.filename)):
                target = scratch / f"{index:05d}.csv"
                _extract(archive, zip_path, info, target, limits)
                listing.files.append(_street_file(info.filename, target, info.file_size))
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PrepareError(zip_path, f"the zip is corrupt ({error})", "Download it again.") from error
    return _checked(listing, zip_path)


def _extract(archive: zipfile.ZipFile, zip_path: Path, info: zipfile.ZipInfo, target: Path, limits: ArchiveLimits) -> None:
    """Stream one member to ``target``, never holding more than a chunk, stopping at the size limit."""
    if info.flag_bits & ENCRYPTED_FLAG:
        raise PrepareError(
            info.filename,
            "the file is encrypted (the zip has a password)",
            "police.uk zips have no password: unzip this one with its password and give the folder instead.",
        )
    written = 0
    with target.open("wb") as out:
        for chunk in _member_chunks(archive, zip_path, info):
            written += len(chunk)
            check_member_size(info.filename, written, limits)
            out.write(chunk)
    if written != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename} inflated to {written:,} bytes, the zip says {info.file_size:,}")


def _member_chunks(archive: zipfile.ZipFile, zip_path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    if info.compress_type == DEFLATE64:
        yield from _deflate64_chunks(zip_path, info)
        return
    try:
        stream = archive.open(info)
    except NotImplementedError as error:
        method = zipfile.compressor_names.get(info.compress_type, f"method {info.compress_type}")
        raise PrepareError(
            info.filename,
            f"the file is compressed with {method}, which this tool cannot read ({error})",
            "Unzip it with your usual tool and give the folder, or zip it again with ordinary (Deflate) compression.",
        ) from error
    with stream:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk


def _deflate64_chunks(zip_path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Inflate a Deflate64 member from its raw bytes, a small compressed chunk at a time (so one call
    cannot inflate more than about 64 MB), checking its CRC-32 at the end."""
    inflater, crc = inflate64.Inflater(), 0
    with zip_path.open("rb") as raw:
        raw.seek(info.header_offset)
        header = LOCAL_HEADER.unpack(raw.read(LOCAL_HEADER.size))
        if header[0] != zipfile.stringFileHeader:
            raise zipfile.BadZipFile(f"bad local header for {info.filename}")
        raw.seek(header[10] + header[11], 1)  # the name and extra field
        for compressed in _read_exactly(raw, info.compress_size, 64 * 1024):
            chunk = inflater.inflate(compressed)
            crc = zlib.crc32(chunk, crc)
            yield chunk
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"bad CRC-32 for {info.filename}")


def _read_exactly(raw: BinaryIO, size: int, chunk_bytes: int) -> Iterator[bytes]:
    left = size
    while left > 0:
        chunk = raw.read(min(chunk_bytes, left))
        if not chunk:
            raise EOFError(f"the zip ends {left:,} bytes early")
        left -= len(chunk)
        yield chunk


def _skip_reason(name: str) -> str | None:
    """Why an entry is not a street file to count, or None when it is one."""
    parts = name.split("/")
    base = parts[-1]
    if "__MACOSX" in parts or base.startswith("._") or base == ".DS_Store":
        return "Mac metadata, not data"
    if base.endswith(("-outcomes.csv", "-stop-and-search.csv")):
        return "police.uk outcomes or stop-and-search file, not street crime"
    if not base.endswith("-street.csv"):
        return "not a police.uk street file (*-street.csv)"
    return None


def _street_file(name: str, path: Path, size: int) -> StreetFile:
    base = name.rsplit("/", 1)[-1]
    match = STREET_FILE.match(base)
    if match is None:
        raise PrepareError(name, "the file name is not YYYY-MM-<force>-street.csv", FIX_MONTH)
    month, force = match.groups()
    year, month_number = int(month[:4]), int(month[5:])  # the pattern makes them digits
    if not 1 <= month_number <= 12:
        raise PrepareError(name, f"'{month}' in the file name is not a month (YYYY-MM)", FIX_MONTH)
    check_month_in_range(pd.Timestamp(year=year, month=month_number, day=1), name)
    folder = name.rsplit("/", 2)[-2] if "/" in name else None
    if folder is not None and MONTH_FOLDER.fullmatch(folder) and folder != month:
        raise PrepareError(name, f"the folder {folder} holds a file named for {month}", FIX_MONTH)
    if size == 0:
        raise PrepareError(name, "the file is empty", "Download it again; a police.uk month file has a header and rows.")
    return StreetFile(name, path, month, force, size)


def _checked(listing: ArchiveListing, where: Path) -> ArchiveListing:
    """Refuse a listing with no street files, or with one force's month twice."""
    if not listing.files:
        raise PrepareError(
            where, "no *-street.csv files found", "Point at the police.uk download (folders like 2024-07/ holding *-street.csv files)."
        )
    seen: dict[tuple[str, str], str] = {}
    for file in listing.files:
        key = (file.month, file.force)
        if key in seen:
            raise PrepareError(
                where,
                f"{file.month} for {file.force} is there twice: {seen[key]} and {file.name}",
                "Keep one copy of each month's file (counting both would double the month).",
            )
        seen[key] = file.name
    return listing
