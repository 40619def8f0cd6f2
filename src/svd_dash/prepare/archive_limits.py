"""Limits on a police.uk archive, so a damaged or hostile input is refused before it is read whole.

A West Midlands Police street file is 5-7 MB and about 30,000 rows a month; fifteen years of the
force (2010-2025) are about 1 GB and 5.5 million rows. The limits leave room for that, and for
neighbouring forces' files alongside, while refusing a zip that inflates to gigabytes (a "zip bomb")
or a device such as ``/dev/zero`` that never ends. Sizes are uncompressed bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from svd_dash.prepare.errors import PrepareError

MIB = 1024 * 1024


@dataclass(frozen=True)
class ArchiveLimits:
    """``member_bytes``: one street file; ``total_bytes``: all street files together; ``rows``: all
    rows together; ``entries``: files and folders in a zip or folder tree (including skipped ones)."""

    member_bytes: int = 256 * MIB
    total_bytes: int = 2048 * MIB
    rows: int = 10_000_000
    entries: int = 20_000


DEFAULT_LIMITS = ArchiveLimits()

FIX_SIZE = "A police.uk street file is a few MB a month; check this is the download you meant, or split it into smaller archives."


def check_member_size(name: str, size: int, limits: ArchiveLimits) -> None:
    """Refuse one street file larger than ``limits.member_bytes``."""
    if size > limits.member_bytes:
        raise PrepareError(
            name, f"the file is {size / MIB:,.0f} MiB uncompressed, over the limit of {limits.member_bytes / MIB:,.0f} MiB a file", FIX_SIZE
        )


def check_total_size(where: str, total: int, limits: ArchiveLimits) -> None:
    """Refuse street files adding up to more than ``limits.total_bytes``."""
    if total > limits.total_bytes:
        raise PrepareError(
            where,
            f"the street files add up to over {limits.total_bytes / MIB:,.0f} MiB uncompressed ({total / MIB:,.0f} MiB so far), the limit",
            FIX_SIZE,
        )


def check_entry_count(where: str, count: int, limits: ArchiveLimits) -> None:
    """Refuse a zip or folder tree with more than ``limits.entries`` entries."""
    if count > limits.entries:
        raise PrepareError(where, f"it holds over {limits.entries:,} files and folders, the limit", FIX_SIZE)


def check_row_count(where: str, rows: int, limits: ArchiveLimits) -> None:
    """Refuse street files holding more than ``limits.rows`` rows in all."""
    if rows > limits.rows:
        raise PrepareError(where, f"the street files hold over {limits.rows:,} rows, the limit", FIX_SIZE)
