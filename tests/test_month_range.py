"""Months before police.uk's first data or after today are refused with a sentence."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from svd_dash.prepare.errors import PrepareError
from svd_dash.prepare.month_range import MONTH_FLOOR, check_month_in_range

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize("month", ["2010-12-01", "2019-06-01", "2026-11-01"])
def test_months_from_the_floor_to_this_month_pass(month: str) -> None:
    check_month_in_range(pd.Timestamp(month), "a.csv", TODAY)


@pytest.mark.parametrize(
    "month,words",
    [
        ("1900-01-01", "1900-01 is before December 2010"),
        ((MONTH_FLOOR - pd.DateOffset(months=1)).isoformat()[:10], "2010-11 is before December 2010"),
        ("2026-12-01", "2026-12 is in the future (today is 2026-11-23)"),
        ("2031-07-01", "2031-07 is in the future"),
        ("2999-12-01", "2999-12 is in the future"),
    ],
)
def test_months_outside_the_range_are_refused(month: str, words: str) -> None:
    with pytest.raises(PrepareError, match=re.escape(words)) as caught:
        check_month_in_range(pd.Timestamp(month), "2031-07.csv.gz", TODAY)
    assert str(caught.value).startswith("2031-07.csv.gz: month")
