"""Gi* against a direct numpy implementation, FDR classes, and hotspot persistence."""

from __future__ import annotations

import geopandas as gpd
import libpysal
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from svd_dash.analytics.hotspots import (
    NOT_SIGNIFICANT,
    benjamini_hochberg_threshold,
    contiguity_weights,
    gi_star,
    hotspot_persistence,
    successive_12_month_periods,
)
from svd_dash.analytics.periods import months_period


def lattice(side: int) -> gpd.GeoDataFrame:
    """A side x side grid of 100 m squares in British National Grid."""
    cells = [box(400_000 + 100 * c, 280_000 + 100 * r, 400_100 + 100 * c, 280_100 + 100 * r) for r in range(side) for c in range(side)]
    return gpd.GeoDataFrame({"id": range(side * side)}, geometry=cells, crs=27700)


def numpy_gi_star(y: np.ndarray, w: libpysal.weights.W) -> np.ndarray:
    """Ord and Getis (1995) Gi*: binary weights with w_ii = 1, mean and s over all n."""
    n = y.size
    dense = w.full()[0] + np.eye(n)
    mean, s = y.mean(), np.sqrt((y**2).mean() - y.mean() ** 2)
    wi = dense.sum(axis=1)
    s1 = (dense**2).sum(axis=1)
    return (dense @ y - mean * wi) / (s * np.sqrt((n * s1 - wi**2) / (n - 1)))


def test_gi_star_z_scores_equal_the_formula() -> None:
    rng = np.random.default_rng(7)
    y = rng.poisson(5, 49).astype(float)
    weights = contiguity_weights(lattice(7))
    assert weights.n == 49 and weights.cardinalities[0] == 3 and weights.cardinalities[8] == 8  # queen
    result = gi_star(y, weights, permutations=99, seed=1)
    np.testing.assert_allclose(result["z"].to_numpy(), numpy_gi_star(y, weights), rtol=1e-9)


def test_a_planted_cluster_is_hot_and_results_are_reproducible() -> None:
    y = np.ones(100)
    y[[0, 1, 10, 11, 2, 20, 12, 21, 22]] = 40  # a corner cluster
    weights = contiguity_weights(lattice(10))
    first = gi_star(y, weights, permutations=999, seed=3)
    assert first.loc[11, "hotspot_class"].startswith("Hot spot")
    assert first.loc[99, "hotspot_class"] == NOT_SIGNIFICANT
    pd.testing.assert_frame_equal(first, gi_star(y, weights, permutations=999, seed=3))


def test_constant_values_have_no_hotspots() -> None:
    result = gi_star(np.full(25, 3.0), contiguity_weights(lattice(5)), permutations=99)
    assert (result["hotspot_class"] == NOT_SIGNIFICANT).all()


def test_benjamini_hochberg_threshold_hand_computed() -> None:
    p = np.array([0.01, 0.02, 0.03, 0.5])  # k/m x 0.05 = 0.0125, 0.025, 0.0375, 0.05
    assert benjamini_hochberg_threshold(p, 0.05) == 0.03
    assert benjamini_hochberg_threshold(np.array([0.2, 0.5]), 0.05) == 0.0


def test_persistence_across_periods() -> None:
    periods = successive_12_month_periods(pd.Timestamp("2026-03-01"), pd.Timestamp("2023-05-01"))
    assert [p.slug for p in periods] == ["2023-05_2024-03", "2024-04_2025-03", "2025-04_2026-03"]
    codes = [f"L{i:02d}" for i in range(20)]  # top 5% of 20 = 1 LSOA per period
    rows = []
    for period, top in zip(periods, ["L00", "L00", "L01"], strict=True):
        rows += [{"lsoa21_code": c, "month": period.end, "count": 50 if c == top else 1} for c in codes]
    complete = {p.end for p in periods}
    table = hotspot_persistence(pd.DataFrame(rows), codes, periods, complete).set_index("lsoa21_code")
    assert table.loc["L00", "periods_in_top"] == 2 and not table.loc["L00", "persistent"]
    assert table.loc["L01", "periods_in_top"] == 1
    assert table["periods_in_top"].sum() == 3


def test_period_helper_rejects_an_empty_lattice() -> None:
    with pytest.raises(ValueError):
        months_period("2026-03", "2026-01")


def test_two_sided_p_counts_ties_on_both_sides() -> None:
    from svd_dash.analytics.hotspots import two_sided_permutation_p

    simulated = np.array([[1.0] * 99, list(range(99))], dtype=float)
    p = two_sided_permutation_p(np.array([1.0, 98.0]), simulated)
    assert p[0] == 1.0  # every simulation ties: no evidence either way
    assert p[1] == pytest.approx(2 * 2 / 100)  # one simulation >= 98, plus one


def test_hotspot_classes_agree_between_seeds_on_the_region(prepared) -> None:
    """At least 99% of the region's 1,719 LSOA classes agree between two seeds (analytic p-values: all of them),
    and the strongest class (false discovery rate 1%) is reachable."""
    from svd_dash.analytics import views
    from svd_dash.analytics.groupings import grouping_named
    from svd_dash.analytics.periods import months_period
    from svd_dash.prepared import load_boundaries
    from tests.conftest import ROOT

    shapes = load_boundaries("lsoa21", ROOT / "geo").sort_values("lsoa21_code").reset_index(drop=True)
    table = views.neighbourhoods(
        prepared, "E47000007", grouping_named("Serious violence (police.uk proxy)"), months_period("2025-04", "2026-03")
    )
    values = table.set_index("lsoa21_code").loc[shapes["lsoa21_code"], "count"].to_numpy()
    weights = contiguity_weights(shapes)
    first, second = gi_star(values, weights, seed=1), gi_star(values, weights, seed=2)
    assert (first["hotspot_class"] == second["hotspot_class"]).mean() >= 0.99
    assert (first["hotspot_class"] == "Hot spot (false discovery rate 1%)").sum() > 0


def test_permutation_method_and_bad_method() -> None:
    y = np.ones(100)
    y[[0, 1, 10, 11]] = 40
    weights = contiguity_weights(lattice(10))
    result = gi_star(y, weights, method="permutation", permutations=999, seed=3)
    assert result.loc[11, "hotspot_class"].startswith("Hot spot (false discovery rate")
    with pytest.raises(ValueError, match="unknown Gi\\* method"):
        gi_star(y, weights, method="bayes")
