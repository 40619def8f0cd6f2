"""Small-number suppression of published counts: primary and secondary suppression, then rounding.

The rule (defaults from NHS Digital's Hospital Episode Statistics analysis guide): a count from 1 to 7
is suppressed; every other count is rounded to the nearest 5 (0 stays 0). Secondary suppression then
hides further cells so that no suppressed count can be worked out exactly from the published totals
and the other published cells: first, any line (a row or column with its total) holding exactly one
suppressed cell gets its next-smallest cell suppressed too; then, to a fixed point, any suppressed cell
that the published values still pin down exactly (a linear-algebra check over all lines at once, which
catches chains that the one-line check misses) gets another cell of one of its lines suppressed.

A table is described as cells (one value each, totals included) and lines: each line says that some
cells add up to a total cell. Suppression decisions use the true counts; only ``shown`` values leave
this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

SHOWN, SMALL, SECONDARY = "shown", "suppressed: small number", "suppressed: protects a small number"
MARK = "*"
"""How a suppressed cell is written in tables and CSVs."""
TOTAL = "Total"


@dataclass(frozen=True)
class SuppressionRule:
    """Counts from 1 to ``threshold`` are suppressed; other counts are rounded to the nearest ``rounding``."""

    threshold: int = 7
    rounding: int = 5

    def __post_init__(self) -> None:
        if self.threshold < 0 or self.rounding < 1:
            raise ValueError("the threshold must be 0 or more and the rounding base 1 or more")

    @property
    def footer(self) -> str:
        """The rule in one sentence, for the footer of every export."""
        small = f"Counts from 1 to {self.threshold} are suppressed (shown as {MARK})" if self.threshold else "No counts are suppressed"
        rounded = f"; other counts are rounded to the nearest {self.rounding}" if self.rounding > 1 else ""
        return (
            f"{small}{rounded}; further counts are suppressed where needed so that none can be worked out from a total "
            "or from other figures (NHS Digital HES small-number rule). Totals and rates are computed from the true counts, "
            "then suppressed and rounded the same way."
        )

    @property
    def short(self) -> str:
        """The rule in a few words, for the footer of an exported image."""
        small = f"Counts from 1 to {self.threshold} suppressed ({MARK})" if self.threshold else "No counts suppressed"
        rounded = f", other counts rounded to the nearest {self.rounding}" if self.rounding > 1 else ""
        return f"{small}{rounded}, more suppressed where a total would reveal one (NHS Digital HES rule)."

    def rounded(self, values: np.ndarray) -> np.ndarray:
        """Values rounded half up to the nearest ``rounding`` (17 -> 15, 18 -> 20, 0 -> 0)."""
        return np.floor(np.asarray(values, dtype=float) / self.rounding + 0.5) * self.rounding


@dataclass(frozen=True)
class Line:
    """Cells ``members`` (positions in the cell list) that add up to the cell ``total``."""

    members: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class Protected:
    """Per cell: the value that may be shown (NaN when suppressed, else rounded) and its status."""

    shown: np.ndarray
    status: np.ndarray

    @property
    def suppressed(self) -> np.ndarray:
        return self.status != SHOWN


def _constraints(size: int, lines: Sequence[Line]) -> np.ndarray:
    """One row per line: +1 for its members, -1 for its total (each row times the true values is 0)."""
    matrix = np.zeros((len(lines), size))
    for row, line in enumerate(lines):
        matrix[row, list(line.members)] = 1.0
        matrix[row, line.total] = -1.0
    return matrix


def exactly_recoverable(constraints: np.ndarray, suppressed: np.ndarray) -> np.ndarray:
    """Which suppressed cells the published cells determine exactly (boolean per cell).

    A hidden cell k is determined when the unit vector e_k lies in the row space of the constraint
    matrix restricted to the hidden cells, i.e. every hidden combination consistent with the published
    values has the same k-th value.
    """
    hidden = np.flatnonzero(suppressed)
    determined = np.zeros(suppressed.size, dtype=bool)
    if hidden.size == 0:
        return determined
    block = constraints[:, hidden]
    block = block[np.abs(block).sum(axis=1) > 0]
    if block.size == 0:
        return determined
    _, singular, rows = np.linalg.svd(block, full_matrices=False)
    basis = rows[singular > 1e-9 * max(singular.max(), 1.0)]
    determined[hidden] = (basis**2).sum(axis=0) > 1 - 1e-8
    return determined


def _complement(candidates: np.ndarray, values: np.ndarray, is_total: np.ndarray) -> int | None:
    """The cell to suppress next: an inner cell before a total, non-zero before zero, then the smallest."""
    if candidates.size == 0:
        return None
    order = np.lexsort((candidates, values[candidates], values[candidates] == 0, is_total[candidates]))
    return int(candidates[order[0]])


def suppression_pattern(values: np.ndarray, lines: Sequence[Line], threshold: int) -> tuple[np.ndarray, np.ndarray]:
    """Primary (1..threshold) and secondary suppression masks over ``values`` (true counts)."""
    values = np.asarray(values, dtype=float)
    is_total = np.zeros(values.size, dtype=bool)
    is_total[[line.total for line in lines]] = True
    primary = (values >= 1) & (values <= threshold)
    hidden = primary.copy()
    constraints = _constraints(values.size, lines)
    members = [np.array([*line.members, line.total]) for line in lines]
    while True:
        lone = [cells for cells in members if hidden[cells].sum() == 1]
        if lone:
            for cells in lone:
                if hidden[cells].sum() == 1:
                    chosen = _complement(cells[~hidden[cells]], values, is_total)
                    if chosen is not None:
                        hidden[chosen] = True
            continue
        determined = np.flatnonzero(exactly_recoverable(constraints, hidden))
        if determined.size == 0:
            break
        cell = determined[0]
        neighbours = np.unique(np.concatenate([cells for cells in members if cell in cells]))
        chosen = _complement(neighbours[~hidden[neighbours]], values, is_total)
        if chosen is None:
            chosen = _complement(np.flatnonzero(~hidden), values, is_total)
        if chosen is None:
            break
        hidden[chosen] = True
    return primary, hidden & ~primary


def protect(values: np.ndarray, lines: Sequence[Line], rule: SuppressionRule) -> Protected:
    """Suppress and round ``values`` (true counts of every published cell, totals included).

    Raises ``ValueError`` if a line's members do not add up to its total (the caller built it wrongly).
    """
    values = np.asarray(values, dtype=float)
    for line in lines:
        if not np.isclose(values[list(line.members)].sum(), values[line.total]):
            raise ValueError(f"cells {line.members} do not add up to their total, cell {line.total}")
    primary, secondary = suppression_pattern(values, lines, rule.threshold)
    status = np.where(primary, SMALL, np.where(secondary, SECONDARY, SHOWN)).astype(object)
    return Protected(np.where(primary | secondary, np.nan, rule.rounded(values)), status)


@dataclass(frozen=True)
class ProtectedTable:
    """A table with its row and column totals (row and column ``TOTAL``), suppressed and rounded."""

    shown: pd.DataFrame
    status: pd.DataFrame

    def display(self) -> pd.DataFrame:
        """The table as text: rounded counts with thousands separators, ``MARK`` where suppressed."""
        return self.shown.map(lambda v: MARK if pd.isna(v) else f"{v:,.0f}")


def protect_table(table: pd.DataFrame, rule: SuppressionRule) -> ProtectedTable:
    """Suppress a two-way table of counts published with its row totals, column totals and grand total.

    >>> table = pd.DataFrame({"a": [3, 20], "b": [30, 40]}, index=["x", "y"])
    >>> protect_table(table, SuppressionRule()).display()
            a   b Total
    x       *   *    35
    y       *   *    60
    Total  25  70    95
    """
    full = table.copy()
    full[TOTAL] = full.sum(axis=1)
    full.loc[TOTAL] = full.sum(axis=0)
    rows, columns = full.shape
    index = np.arange(rows * columns).reshape(rows, columns)
    lines = [Line(tuple(index[r, :-1]), int(index[r, -1])) for r in range(rows)]
    lines += [Line(tuple(index[:-1, c]), int(index[-1, c])) for c in range(columns)]
    result = protect(full.to_numpy(dtype=float).ravel(), lines, rule)
    shape = full.shape
    return ProtectedTable(
        pd.DataFrame(result.shown.reshape(shape), index=full.index, columns=full.columns),
        pd.DataFrame(result.status.reshape(shape), index=full.index, columns=full.columns),
    )


def protect_margins(row_totals: pd.Series, column_totals: pd.Series, rule: SuppressionRule) -> tuple[Protected, Protected, Protected]:
    """Suppress two lists of totals of one unpublished table (e.g. counts per neighbourhood over a period
    and counts per month), which share the grand total. Returns (rows, columns, grand total)."""
    if not np.isclose(row_totals.sum(), column_totals.sum()):
        raise ValueError("the row totals and the column totals must have the same sum")
    n_rows, n_columns = len(row_totals), len(column_totals)
    grand = n_rows + n_columns
    values = np.concatenate([row_totals.to_numpy(dtype=float), column_totals.to_numpy(dtype=float), [row_totals.sum()]])
    lines = [Line(tuple(range(n_rows)), grand), Line(tuple(range(n_rows, grand)), grand)]
    result = protect(values, lines, rule)
    parts = (slice(0, n_rows), slice(n_rows, grand), slice(grand, grand + 1))
    return tuple(Protected(result.shown[part], result.status[part]) for part in parts)  # type: ignore[return-value]
