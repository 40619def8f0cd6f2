"""Small numbers: counts below 10 are too few to compare or rank reliably, and are flagged wherever they are."""

from __future__ import annotations

import pandas as pd

SMALL_NUMBER = 10
"""Counts below this carry a small-numbers warning (the convention of UK public health statistics)."""


def small_numbers_note() -> str:
    """The warning sentence shown beside a comparison that rests on fewer than ``SMALL_NUMBER`` records."""
    return f"Small numbers (fewer than {SMALL_NUMBER} records): treat with caution."


def small_number_flags(counts: pd.Series) -> pd.Series:
    """True where a count is below ``SMALL_NUMBER``."""
    return counts < SMALL_NUMBER


def ranking_warning(counts: pd.Series) -> str:
    """A warning for a ranked table when its median count is small (e.g. weapons possession at LSOA level), else ''.

    >>> ranking_warning(pd.Series([0, 1, 2, 3, 30]))
    'Small numbers: the typical neighbourhood has 2 records here, so a ranking mostly reflects chance; treat with caution.'
    """
    median = float(counts.median()) if len(counts) else 0.0
    if median >= SMALL_NUMBER:
        return ""
    return (
        f"Small numbers: the typical neighbourhood has {median:.0f} records here, so a ranking mostly reflects chance; treat with caution."
    )
