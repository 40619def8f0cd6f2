"""A generated partner extract for tests: realistic in shape (several measures, thousands of rows, many
small cells), drawn from the bundled police counts with extra-Poisson noise. Synthetic, and labelled so."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from svd_dash.analytics.groupings import grouping_named
from svd_dash.prepared import PreparedData

MONTHS = pd.date_range("2025-04-01", "2026-03-01", freq="MS")
SOURCE = "Synthetic test extract (generated)"
MEASURES = (
    # name, geography column, area (None = all seven), grouping the mean follows, share of the police count
    ("ED assault attendances", "ward_code", None, "Violence and sexual offences", 0.06),
    ("Ambulance call-outs for assault", "ward_code", None, "Violence and sexual offences", 0.03),
    ("Knife injuries (A&E)", "lsoa21_code", "E08000026", "Weapons", 0.4),
)


def generated_extract(data: PreparedData, seed: int = 14) -> pd.DataFrame:
    """The long-format extract (geography_code, month, measure, count, source), zeros included."""
    rng = np.random.default_rng(seed)
    frames = []
    for name, column, area, grouping, share in MEASURES:
        lsoa = data.lsoa if area is None else data.lsoa[data.lsoa["la_code"] == area]
        crime_types = grouping_named(grouping).crime_types
        police = data.counts[data.counts["crime_type"].isin(crime_types) & data.counts["month"].isin(MONTHS)]
        police = police.merge(lsoa[list(dict.fromkeys(["lsoa21_code", column]))], on="lsoa21_code")
        mean = police.groupby([column, "month"])["count"].sum()
        grid = pd.MultiIndex.from_product([sorted(lsoa[column].unique()), MONTHS], names=[column, "month"])
        mean = mean.reindex(grid, fill_value=0).to_numpy() * share + 0.2
        counts = rng.poisson(rng.gamma(4.0, mean / 4.0))  # negative binomial: variance above the mean
        frame = grid.to_frame(index=False).rename(columns={column: "geography_code"})
        frames.append(frame.assign(measure=name, count=counts, source=SOURCE))
    extract = pd.concat(frames, ignore_index=True)
    extract["month"] = extract["month"].dt.strftime("%Y-%m")
    return extract[["geography_code", "month", "measure", "count", "source"]]


def extract_csv(extract: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    extract.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")
