"""Map class breaks always finish: every area x grouping x measure of the Hotspots page, on the real data.

Before the fix, ``mapclassify.JenksCaspall`` cycled without end on values with many ties or zeros
(e.g. robbery counts in Dudley): 389 of 2,176 Hotspots views never returned.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest

from svd_dash.analytics import views
from svd_dash.analytics.groupings import GROUPINGS
from svd_dash.analytics.measures import MEASURES
from svd_dash.analytics.periods import latest_12_months
from svd_dash.prepared import PreparedData
from svd_dash.reference import AREAS, REGION
from svd_dash.ui import maps

BOUND_S = 2.0
"""Each view's class breaks must finish within this many seconds (they take about a millisecond)."""


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise ``TimeoutError`` inside the block after ``seconds`` (an interval timer: it interrupts Python loops)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"{what} did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_every_hotspots_view_gets_class_breaks_quickly(prepared: PreparedData) -> None:
    period = latest_12_months(sorted(prepared.months["month"].unique()))
    slowest, views_walked = 0.0, 0
    for area in (REGION, *AREAS):
        for grouping in GROUPINGS.values():
            table = views.neighbourhoods(prepared, area.code, grouping, period)
            for measure in MEASURES:
                values = table[measure.column].fillna(0)
                started = time.perf_counter()
                with time_limit(BOUND_S, f"{area.name} / {grouping.name} / {measure.key}"):
                    breaks = maps.class_breaks(values)
                slowest = max(slowest, time.perf_counter() - started)
                views_walked += 1
                assert breaks == sorted(set(breaks)) and breaks[-1] == pytest.approx(values.max())
                index = maps.class_index(values, breaks)
                assert index.min() >= 0 and index.max() < len(breaks)
    assert views_walked == 8 * len(GROUPINGS) * len(MEASURES)
    assert slowest < BOUND_S


def test_class_breaks_with_ties_and_zeros() -> None:
    """Many zeros and ties (the case that made Jenks-Caspall cycle): a zero class, then quantiles of the rest."""
    values = pd.Series([0.0] * 150 + [1.0] * 30 + [2.0] * 10 + [3.0, 4.0, 9.0])
    breaks = maps.class_breaks(values)
    assert breaks == [0.0, 1.0, 2.0, 9.0]  # quartiles of the 43 non-zero values: 1, 1, 2, 9
    counts = np.bincount(maps.class_index(values, breaks))
    assert counts.tolist() == [150, 30, 10, 3]


def test_class_breaks_split_positive_values_into_equal_shares() -> None:
    values = pd.Series([0.0] * 5 + list(range(1, 41)), dtype=float)
    breaks = maps.class_breaks(values)
    assert breaks == [0.0, 10.0, 20.0, 30.0, 40.0]
    assert np.bincount(maps.class_index(values, breaks)).tolist() == [5, 10, 10, 10, 10]
