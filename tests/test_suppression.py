"""Small-number suppression on hand-made tables: primary, secondary (including leaks a naive rule misses), rounding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from svd_dash.analytics.suppression import (
    MARK,
    SECONDARY,
    SHOWN,
    SMALL,
    TOTAL,
    Line,
    SuppressionRule,
    exactly_recoverable,
    protect,
    protect_margins,
    protect_table,
    suppression_pattern,
)

EXACT = SuppressionRule(threshold=7, rounding=1)


def table_lines(rows: int, columns: int) -> tuple[list[Line], np.ndarray]:
    """Lines of a (rows + 1) x (columns + 1) table laid out row by row, totals last."""
    index = np.arange((rows + 1) * (columns + 1)).reshape(rows + 1, columns + 1)
    lines = [Line(tuple(index[r, :-1]), int(index[r, -1])) for r in range(rows + 1)]
    lines += [Line(tuple(index[:-1, c]), int(index[-1, c])) for c in range(columns + 1)]
    return lines, index


def with_totals(inner: np.ndarray) -> np.ndarray:
    full = np.zeros((inner.shape[0] + 1, inner.shape[1] + 1))
    full[:-1, :-1] = inner
    full[:-1, -1] = inner.sum(axis=1)
    full[-1, :] = full[:-1, :].sum(axis=0)
    return full


def test_the_default_rule_is_nhs_digitals_and_rounds_half_up_to_5() -> None:
    rule = SuppressionRule()
    assert (rule.threshold, rule.rounding) == (7, 5)
    assert rule.rounded(np.array([0, 8, 12, 13, 17, 18, 102])).tolist() == [0, 10, 10, 15, 15, 20, 100]
    assert "1 to 7" in rule.footer and "nearest 5" in rule.footer and "HES" in rule.footer
    assert rule.short.startswith("Counts from 1 to 7 suppressed (*), other counts rounded to the nearest 5, more suppressed")
    with pytest.raises(ValueError):
        SuppressionRule(threshold=-1)


def test_counts_from_1_to_7_are_suppressed_and_0_and_8_are_not() -> None:
    values = np.array([0, 1, 7, 8, 30, 46])
    result = protect(values, [], SuppressionRule())
    assert result.status.tolist() == [SHOWN, SMALL, SMALL, SHOWN, SHOWN, SHOWN]
    assert np.isnan(result.shown[1]) and np.isnan(result.shown[2])
    assert result.shown[[0, 3, 4, 5]].tolist() == [0, 10, 30, 45]


def test_a_naive_rule_leaks_a_cell_through_its_total_and_secondary_suppression_stops_it() -> None:
    # Three neighbourhoods and their total: 3, 20, 45 -> 68. Hiding only the 3 leaves 68 - 20 - 45 = 3.
    values = np.array([3, 20, 45, 68])
    lines = [Line((0, 1, 2), 3)]
    naive = (values >= 1) & (values <= 7)
    assert exactly_recoverable(np.array([[1.0, 1, 1, -1]]), naive)[0]
    result = protect(values, lines, EXACT)
    assert result.status.tolist() == [SMALL, SECONDARY, SHOWN, SHOWN]  # the next-smallest cell, 20, goes too
    assert not exactly_recoverable(np.array([[1.0, 1, 1, -1]]), result.suppressed).any()
    assert result.shown[3] == 68 and result.shown[2] == 45


def test_a_zero_is_not_used_to_protect_a_cell_when_a_non_zero_cell_can_be() -> None:
    result = protect(np.array([2, 0, 30, 40, 72]), [Line((0, 1, 2, 3), 4)], EXACT)
    assert result.status.tolist() == [SMALL, SHOWN, SECONDARY, SHOWN, SHOWN]


def test_a_two_way_table_hides_a_rectangle_so_no_row_or_column_gives_a_cell_away() -> None:
    table = pd.DataFrame({"Jan": [3, 20], "Feb": [30, 40]}, index=["Ward A", "Ward B"])
    protected = protect_table(table, EXACT)
    assert protected.display().loc["Ward A", TOTAL] == "33"
    assert protected.display().loc[TOTAL].tolist() == ["23", "70", "93"]
    assert protected.status.loc["Ward A", "Jan"] == SMALL
    assert (protected.status.loc[["Ward A", "Ward B"], ["Jan", "Feb"]] != SHOWN).all().all()
    assert protected.display().loc["Ward B", "Feb"] == MARK


def test_a_chain_that_satisfies_the_one_line_rule_still_leaks_and_is_caught() -> None:
    # Two 2x2 blocks of small cells joined by one small cell at (1, 2): every row and column holds 0 or at
    # least 2 suppressed cells, so "each line has two" is satisfied, yet (1, 2) equals
    # total(row 0) + total(row 1) - total(col 0) - total(col 1) - the shown cells of rows 0-1 in cols 2-3
    # + the shown cells of rows 2-3 in cols 0-1.
    inner = np.full((4, 4), 50.0)
    for r, c in [(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)]:
        inner[r, c] = 4
    full = with_totals(inner)
    lines, index = table_lines(4, 4)
    constraints = np.zeros((len(lines), full.size))
    for row, line in enumerate(lines):
        constraints[row, list(line.members)], constraints[row, line.total] = 1, -1
    primary = (full.ravel() >= 1) & (full.ravel() <= 7)
    assert all(primary[[*line.members, line.total]].sum() != 1 for line in lines)  # the one-line rule is content
    leaked = exactly_recoverable(constraints, primary)
    assert np.flatnonzero(leaked).tolist() == [index[1, 2]]
    recovered = full[0, 4] + full[1, 4] - full[4, 0] - full[4, 1] - (full[0, 2] + full[0, 3] + full[1, 3]) + full[2:4, 0:2].sum()
    assert recovered == full[1, 2] == 4
    _, secondary = suppression_pattern(full.ravel(), lines, threshold=7)
    assert secondary.any()
    assert not exactly_recoverable(constraints, primary | secondary).any()


@pytest.mark.parametrize("seed", range(12))
def test_random_tables_never_leave_a_suppressed_cell_recoverable(seed: int) -> None:
    rng = np.random.default_rng(seed)
    inner = rng.choice(
        [0, 1, 2, 5, 9, 14, 30, 60], size=(rng.integers(2, 6), rng.integers(2, 7)), p=[0.1, 0.15, 0.15, 0.1, 0.1, 0.1, 0.15, 0.15]
    )
    full = with_totals(inner.astype(float))
    lines, _ = table_lines(*inner.shape)
    constraints = np.zeros((len(lines), full.size))
    for row, line in enumerate(lines):
        constraints[row, list(line.members)], constraints[row, line.total] = 1, -1
    primary, secondary = suppression_pattern(full.ravel(), lines, threshold=7)
    hidden = primary | secondary
    assert (primary == ((full.ravel() >= 1) & (full.ravel() <= 7))).all()
    assert all(hidden[[*line.members, line.total]].sum() != 1 for line in lines)
    assert not exactly_recoverable(constraints, hidden).any()


def test_neighbourhood_and_monthly_totals_are_protected_together_through_their_shared_total() -> None:
    # Per ward over the period: 3, 50, 60; per month: 40, 73; both add up to 113.
    wards, months, grand = protect_margins(pd.Series([3, 50, 60]), pd.Series([40, 73]), EXACT)
    assert wards.status.tolist() == [SMALL, SECONDARY, SHOWN]
    assert months.status.tolist() == [SHOWN, SHOWN] and grand.shown.tolist() == [113]
    with pytest.raises(ValueError, match="same sum"):
        protect_margins(pd.Series([3, 50]), pd.Series([40]), EXACT)


def test_cells_that_do_not_add_up_are_a_bug_not_a_table() -> None:
    with pytest.raises(ValueError, match="do not add up"):
        protect(np.array([1, 2, 4]), [Line((0, 1), 2)], EXACT)


def test_rounding_applies_to_shown_cells_and_totals() -> None:
    protected = protect_table(pd.DataFrame({"a": [12, 33], "b": [18, 0]}), SuppressionRule())
    assert protected.display().to_numpy().tolist() == [["10", "20", "30"], ["35", "0", "35"], ["45", "20", "65"]]
