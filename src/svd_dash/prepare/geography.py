"""Boundaries for maps and spatial statistics, in British National Grid (EPSG:27700).

Each layer is a polygon coverage (neighbours share edges exactly). It is simplified as a whole with
GEOS coverage simplification, which moves a shared edge once for both neighbours, so no gaps or
slivers open between them. The web map converts to EPSG:4326 itself, at draw time.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import shapely

from svd_dash.prepare.csv_input import read_csv_bytes
from svd_dash.prepare.errors import PrepareError

BRITISH_NATIONAL_GRID = "EPSG:27700"
SIMPLIFY_TOLERANCE_M = {"lsoa21": 15.0, "msoa21": 20.0, "ward": 20.0, "la": 25.0}
"""Coverage simplification tolerance per layer, in metres (larger areas draw at lower zoom)."""


def read_boundaries(path: Path, columns: dict[str, str], expected_count: int) -> gpd.GeoDataFrame:
    """Read a gzipped GeoJSON layer, keep and rename ``columns``, check the feature count, project to BNG."""
    try:
        frame = gpd.read_file(io.BytesIO(read_csv_bytes(path)))
    except PrepareError:
        raise
    except Exception as error:  # pyogrio raises its own error types for unreadable GeoJSON
        raise PrepareError(path, f"not readable as GeoJSON ({error})", "Restore it from the repository.") from error
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise PrepareError(path, f"missing properties {missing}", "Restore it from the repository.")
    if len(frame) != expected_count or frame[next(iter(columns))].duplicated().any():
        raise PrepareError(path, f"expected {expected_count} distinct features, found {len(frame)}", "Restore it from the repository.")
    frame = frame[[*columns, "geometry"]].rename(columns=columns).to_crs(BRITISH_NATIONAL_GRID)
    return frame.astype(dict.fromkeys(columns.values(), "string"))


def simplify_coverage(frame: gpd.GeoDataFrame, tolerance_m: float, path: Path) -> gpd.GeoDataFrame:
    """Simplify a polygon coverage keeping shared edges shared; the result must still be a valid coverage."""
    geometries = shapely.make_valid(frame.geometry.to_numpy())
    if not shapely.coverage_is_valid(geometries):
        raise PrepareError(path, "the polygons overlap or leave slivers (not a valid coverage)", "Restore it from the repository.")
    simplified = shapely.coverage_simplify(geometries, tolerance_m, simplify_boundary=True)
    if not shapely.coverage_is_valid(simplified) or shapely.is_empty(simplified).any():
        raise PrepareError(path, f"simplifying at {tolerance_m} m broke the coverage", "Use a smaller tolerance.")
    result = frame.copy()
    result.geometry = gpd.GeoSeries(simplified, index=frame.index, crs=frame.crs)
    return result.sort_values(result.columns[0]).reset_index(drop=True)
