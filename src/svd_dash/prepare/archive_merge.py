"""Putting an archive's months into the count table, and refusing a merge that would lose crimes.

Bundled months and archive months count the same thing: West Midlands Police street-level crimes
with a location in the seven areas, by LSOA 2021 x month x crime type. A complete download of a
month therefore differs from the bundled figure by police.uk's later revisions, a few per cent; an
archive that lacks the force's file for a month (or holds another force's) counts 0-10% of it.
Such a month is refused unless the user says ``--allow-fewer``; what would change is reported first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pandas as pd

from svd_dash.prepare.crime_counts import ARCHIVE_SOURCE
from svd_dash.prepare.errors import PrepareError

FEWER_SHARE = 0.9
"""An archive month counting fewer than this share of the bundled month's crimes is refused (or any
month counting none), unless ``allow_fewer``."""

MONTHS_LISTED = 12
"""How many refused months an error message names."""

ArchiveMode = Literal["merge", "replace"]


def month_changes(
    bundled: pd.DataFrame, archive_counts: pd.DataFrame, archive_months: list[pd.Timestamp], mode: ArchiveMode
) -> pd.DataFrame:
    """What a build with the archive changes, one row per month it touches.

    Columns: ``month``; ``bundled_crimes`` and ``archive_crimes`` (crimes in the seven areas, <NA>
    where that side has no such month); ``change``: ``replaced`` (both have it: the archive wins),
    ``added`` (archive only) or ``dropped`` (bundled only, in ``replace`` mode); ``far_fewer``: the
    archive month counts none, or fewer than ``FEWER_SHARE`` of the bundled month.
    """
    bundled_totals = bundled.groupby("month")["count"].sum()
    archive_totals = archive_counts.groupby("month")["count"].sum().reindex(archive_months, fill_value=0)
    touched = sorted(set(archive_months) | (set(bundled_totals.index) if mode == "replace" else set()))
    table = pd.DataFrame(
        {
            "month": touched,
            "bundled_crimes": bundled_totals.reindex(touched).astype("Int64").array,
            "archive_crimes": archive_totals.reindex(touched).astype("Int64").array,
        }
    )
    table["change"] = "replaced"
    table.loc[table["bundled_crimes"].isna(), "change"] = "added"
    table.loc[table["archive_crimes"].isna(), "change"] = "dropped"
    in_archive = table["archive_crimes"].notna()
    table["far_fewer"] = in_archive & (
        (table["archive_crimes"].fillna(0) == 0)
        | (table["archive_crimes"].fillna(0) < FEWER_SHARE * table["bundled_crimes"].fillna(0).astype("float64"))
    )
    return table


def describe_change(change: dict[str, object]) -> str:
    """One month's change (a record of ``month_changes``) in words: ``2025-06: bundled 28,779 -> archive 0 (0%)``."""
    month, bundled, archive = f"{change['month']:%Y-%m}", change["bundled_crimes"], change["archive_crimes"]
    if change["change"] == "added":
        return f"{month}: not bundled -> archive {archive:,}"
    if change["change"] == "dropped":
        return f"{month}: bundled {bundled:,} -> dropped (replace mode)"
    return f"{month}: bundled {bundled:,} -> archive {archive:,} ({archive / bundled:.0%})"


def describe_changes(changes: pd.DataFrame) -> list[str]:
    """Every month's change in words, in month order."""
    return [describe_change(change) for change in changes.to_dict("records")]


def check_no_far_fewer(changes: pd.DataFrame, archive_path: Path, allow_fewer: bool) -> None:
    """Refuse (``PrepareError``) when an archive month would count far fewer crimes than before."""
    fewer = changes[changes["far_fewer"]]
    if fewer.empty or allow_fewer:
        return
    listed = "; ".join(describe_changes(fewer.head(MONTHS_LISTED)))
    more = f"; and {len(fewer) - MONTHS_LISTED} more" if len(fewer) > MONTHS_LISTED else ""
    raise PrepareError(
        archive_path,
        f"{len(fewer)} archive month(s) would count far fewer crimes in the seven areas than the build has now "
        f"(none, or below {FEWER_SHARE:.0%} of the bundled month): {listed}{more}",
        "This usually means the download lacks West Midlands Police's file for the month, or holds another force's. "
        "Download the month again, or pass --allow-fewer to use the archive's figures anyway.",
    )


def merge_archive(
    bundled: pd.DataFrame,
    bundled_sources: dict[pd.Timestamp, str],
    archive_counts: pd.DataFrame,
    archive_months: list[pd.Timestamp],
    mode: ArchiveMode,
) -> tuple[pd.DataFrame, dict[pd.Timestamp, str]]:
    """The count table and month sources with the archive put in: with ``merge`` the archive's months
    replace the bundled ones and the other bundled months stay; with ``replace`` only the archive's stay."""
    if mode == "replace":
        bundled, bundled_sources = bundled.iloc[0:0], {}
    kept = bundled[~bundled["month"].isin(archive_months)]
    sources = {m: s for m, s in bundled_sources.items() if m not in archive_months} | dict.fromkeys(archive_months, ARCHIVE_SOURCE)
    # Both tables are sorted by month, area, LSOA and crime type, and each month comes from one of
    # them, so a stable sort by month alone gives the full order (and none is needed when the months
    # already follow on, as when the archive holds every bundled month).
    if kept.empty:
        return archive_counts.reset_index(drop=True), dict(sorted(sources.items()))
    counts = pd.concat([kept, archive_counts], ignore_index=True)
    if not counts["month"].is_monotonic_increasing:
        counts = counts.sort_values("month", kind="stable").reset_index(drop=True)
    return counts, dict(sorted(sources.items()))
