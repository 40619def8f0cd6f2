"""The counting helpers that replaced group-bys on text in prepare give the group-bys' answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from svd_dash.prepare.crime_counts import monthly_totals
from svd_dash.prepare.pipeline import has_duplicate_keys
from svd_dash.prepare.police_archive import CountGrid

MONTHS = list(pd.date_range("2025-01-01", periods=4, freq="MS"))


def counts_frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    n = 500
    return pd.DataFrame(
        {
            "lsoa21_code": pd.array(rng.choice([f"E0100{i:04d}" for i in range(40)], n), dtype="string"),
            "la_code": pd.array(rng.choice(["E08000025", "E08000026", "E08000030"], n), dtype="string"),
            "month": pd.to_datetime(rng.choice(np.array([*MONTHS, pd.Timestamp("2024-12-01")]), n)).astype("datetime64[ms]"),
            "crime_type": pd.array(rng.choice(["Burglary", "Drugs", "Robbery"], n), dtype="string"),
            "count": rng.integers(1, 9, n),
        }
    )


def test_monthly_totals_match_a_group_by() -> None:
    counts = counts_frame()
    lsoas, totals = monthly_totals(counts, ["la_code", "lsoa21_code"], MONTHS)
    expected = counts.groupby(["la_code", "lsoa21_code", "month"])["count"].sum().unstack("month").reindex(columns=MONTHS).fillna(0)
    assert list(lsoas) == list(expected.index)  # every pair present, in sorted order (December's rows too)
    np.testing.assert_array_equal(totals, expected.to_numpy(dtype=np.int64))
    areas, by_area = monthly_totals(counts, "la_code", MONTHS)
    assert list(areas) == ["E08000025", "E08000026", "E08000030"]
    assert by_area.sum() == counts.loc[counts["month"].isin(MONTHS), "count"].sum()


def test_duplicate_keys_are_found_whatever_the_key_space() -> None:
    counts = counts_frame().drop_duplicates(["lsoa21_code", "month", "crime_type"])
    keys = ["lsoa21_code", "month", "crime_type"]
    assert not has_duplicate_keys(counts, keys)
    assert has_duplicate_keys(pd.concat([counts, counts.iloc[[7]]]), keys)
    assert not has_duplicate_keys(counts.iloc[0:0], keys)
    wide = pd.DataFrame({"a": np.arange(3000), "b": np.arange(3000), "c": np.arange(3000)})  # 2.7e10 combinations: hashed
    assert not has_duplicate_keys(wide, ["a", "b", "c"]) and has_duplicate_keys(pd.concat([wide, wide.tail(1)]), ["a", "b", "c"])


def test_count_grid_cells_sort_in_count_table_order() -> None:
    grid = CountGrid(months=3, lsoas=5, types=4)
    rows = pd.DataFrame({"month": [2, 0, 0, 1, 0], "lsoa": [1, 4, 4, 0, 4], "type": [3, 2, 2, 1, 0]})
    cells = grid.cells(rows["month"].to_numpy(), rows["lsoa"].to_numpy(), rows["type"].to_numpy())
    counts = grid.count(cells[:3], cells[3:], cells[2:3])  # the third row's cell added, then taken away again
    nonzero = np.flatnonzero(counts)
    assert [tuple(np.unravel_index(cell, (3, 5, 4))) for cell in nonzero] == [(0, 4, 0), (0, 4, 2), (1, 0, 1), (2, 1, 3)]
    assert counts[nonzero].tolist() == [1, 1, 1, 1]
