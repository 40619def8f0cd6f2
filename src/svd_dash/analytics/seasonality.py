"""Month-of-year profile: how each calendar month compares with the average month.

Index for calendar month m = (mean count in complete months that are m) / (mean of the 12 monthly
means) x 100, so 100 is an average month. Partial months are never used.
"""

from __future__ import annotations

import pandas as pd


def seasonal_profile(monthly: pd.Series, complete: set[pd.Timestamp]) -> pd.DataFrame:
    """One row per calendar month: ``month_name``, ``months_used``, ``mean_count``, ``index``.

    A calendar month with no complete observation has NaN mean and index (and is left out of the
    average that defines 100)."""
    used = monthly[[m in complete for m in monthly.index]]
    by_month = used.groupby(used.index.month).agg(["mean", "size"]).reindex(range(1, 13))
    average = by_month["mean"].mean()
    return pd.DataFrame(
        {
            "month_of_year": range(1, 13),
            "month_name": [pd.Timestamp(2000, m, 1).strftime("%b") for m in range(1, 13)],
            "months_used": by_month["size"].fillna(0).astype(int).to_numpy(),
            "mean_count": by_month["mean"].to_numpy(),
            "index": (by_month["mean"] / average * 100).to_numpy(),
        }
    )


def seasonal_sentence(profile: pd.DataFrame) -> str:
    """'The busiest month is July (index 112) and the quietest February (88), from complete months only.'"""
    known = profile.dropna(subset=["index"])
    if known.empty:
        return "There are no complete months to show a seasonal pattern."
    high, low = known.loc[known["index"].idxmax()], known.loc[known["index"].idxmin()]
    name = {m: pd.Timestamp(2000, m, 1).strftime("%B") for m in range(1, 13)}
    return (
        f"The busiest month is {name[int(high['month_of_year'])]} (index {high['index']:.0f}) and the quietest "
        f"{name[int(low['month_of_year'])]} ({low['index']:.0f}), where 100 is an average month; complete months only."
    )
