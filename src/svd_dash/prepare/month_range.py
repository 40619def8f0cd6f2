"""The months a police.uk count can belong to: from December 2010 (police.uk's first street-level
data) to the current month. Anything outside is a typo or a damaged file, not data."""

from __future__ import annotations

from datetime import date

import pandas as pd

from svd_dash.prepare.errors import PrepareError

MONTH_FLOOR = pd.Timestamp("2010-12-01")
"""The first month police.uk publishes street-level crime for."""


def check_month_in_range(month: pd.Timestamp, where: str, today: date | None = None) -> None:
    """Raise ``PrepareError`` if ``month`` (a month start) is before ``MONTH_FLOOR`` or after the
    current month. ``where`` names the file (and line) the month came from; ``today`` defaults to
    the local date and is a parameter so tests can fix it."""
    today = today or date.today()
    latest = pd.Timestamp(year=today.year, month=today.month, day=1)
    if month < MONTH_FLOOR:
        raise PrepareError(
            where,
            f"month {month:%Y-%m} is before {MONTH_FLOOR:%B %Y}, the first month police.uk publishes",
            "Check the month in the file name and the rows.",
        )
    if month > latest:
        raise PrepareError(
            where,
            f"month {month:%Y-%m} is in the future (today is {today:%Y-%m-%d})",
            "Check the month in the file name and the rows; police.uk publishes only past months.",
        )
