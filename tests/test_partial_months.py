"""Partial months per neighbourhood: busy LSOAs reporting nothing flag the month, with the reason in the data notes."""

from __future__ import annotations

import pandas as pd

from svd_dash.prepare.crime_counts import busy_lsoas_silent


def test_many_busy_lsoas_at_zero_flag_the_month() -> None:
    months = list(pd.date_range("2024-01-01", periods=6, freq="MS"))
    rows = [
        {"lsoa21_code": f"L{i:03d}", "la_code": "E08000030", "month": m, "count": 0 if (i < 6 and m == months[4]) else 8}
        for i in range(100)
        for m in months
    ]
    flagged = busy_lsoas_silent(pd.DataFrame(rows).query("count > 0"), months)
    assert list(flagged) == ["E08000030"] and list(flagged["E08000030"]) == [months[4]]
    assert flagged["E08000030"][months[4]].startswith("6 of 100 busy neighbourhoods")


def test_the_known_gaps_are_partial_with_reasons(prepared) -> None:
    months = prepared.months.assign(key=lambda t: t["area_name"] + " " + t["month"].dt.strftime("%Y-%m")).set_index("key")
    for key in ("Walsall 2025-11", "Birmingham 2023-05", "Walsall 2023-05", "Wolverhampton 2023-05"):
        assert not months.loc[key, "complete"], key
        assert "busy neighbourhoods" in months.loc[key, "reason"] and "reported none" in months.loc[key, "reason"]
    assert "partial in Walsall" in months.loc["West Midlands 2025-11", "reason"]
    assert months.loc["Coventry 2025-11", "complete"]
