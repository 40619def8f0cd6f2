"""Small numbers: counts below 10 flagged; rankings of sparse counts carry a warning."""

from __future__ import annotations

import pandas as pd

from svd_dash.analytics.small_numbers import ranking_warning, small_number_flags


def test_flags_and_ranking_warning() -> None:
    assert small_number_flags(pd.Series([0, 9, 10, 25])).tolist() == [True, True, False, False]
    assert ranking_warning(pd.Series([10, 12, 30])) == ""
    assert ranking_warning(pd.Series([0, 1, 2, 3, 30])).startswith("Small numbers: the typical neighbourhood has 2 records")


def test_weapons_at_lsoa_level_always_carry_the_warning(prepared) -> None:
    from svd_dash.analytics import views
    from svd_dash.analytics.groupings import grouping_named
    from svd_dash.analytics.periods import months_period

    table = views.neighbourhoods(prepared, "E47000007", grouping_named("Weapons"), months_period("2025-04", "2026-03"))
    assert table["count"].median() == 2 and ranking_warning(table["count"]).startswith("Small numbers")
