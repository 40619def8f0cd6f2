"""Static map images drawn on the server with geopandas and matplotlib: no web tiles, no browser.

Each image has the title and subtitle, a legend with the class breaks, council and ward outlines, a
scale bar, and the boundary attribution. Geometry stays in British National Grid, so the scale bar
is true.
"""

from __future__ import annotations

import io

import geopandas as gpd
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar

from svd_dash.ui.exports import ExportLabels

MAP_WIDTH_IN, MAP_HEIGHT_IN, MAP_DPI = 10.0, 8.0, 200
"""2000 x 1600 pixels."""
BOUNDARY_ATTRIBUTION = "Contains OS data © Crown copyright and database right 2025. Source: Office for National Statistics, OGL v3.0."


def map_png(
    shapes: gpd.GeoDataFrame,
    colours: pd.Series,
    legend: list[tuple[str, str]],
    legend_title: str,
    wards: gpd.GeoDataFrame,
    councils: gpd.GeoDataFrame,
    labels: ExportLabels,
) -> bytes:
    """A PNG of the LSOAs in ``shapes`` (EPSG:27700, column ``lsoa21_code``) filled by ``colours``."""
    figure = Figure(figsize=(MAP_WIDTH_IN, MAP_HEIGHT_IN), dpi=MAP_DPI)
    axes = figure.add_axes((0.02, 0.1, 0.7, 0.76))
    fills = shapes["lsoa21_code"].map(colours).fillna("#cccccc")
    shapes.plot(ax=axes, color=fills.to_numpy(), edgecolor="#666666", linewidth=0.1)
    wards.boundary.plot(ax=axes, color="#333333", linewidth=0.4, linestyle=(0, (3, 2)))
    councils.boundary.plot(ax=axes, color="#000000", linewidth=1.2)
    axes.set_axis_off()
    axes.set_aspect("equal")
    axes.add_artist(ScaleBar(1, "m", location="lower left", box_alpha=0.8, font_properties={"size": 9}))
    handles = [Patch(facecolor=colour, edgecolor="#555555", label=name) for name, colour in legend]
    handles += [
        Patch(facecolor="none", edgecolor="#000000", linewidth=1.2, label="Council boundary"),
        Patch(facecolor="none", edgecolor="#333333", linestyle="--", linewidth=0.6, label="Ward boundary"),
    ]
    figure.legend(
        handles=handles, title=legend_title, loc="upper left", bbox_to_anchor=(0.73, 0.86), fontsize=9, title_fontsize=10, frameon=False
    )
    figure.text(0.02, 0.955, labels.title, fontsize=16, weight="bold", va="top")
    figure.text(0.02, 0.91, labels.subtitle, fontsize=10, va="top", color="#222222")
    figure.text(0.02, 0.05, f"{labels.footer} {BOUNDARY_ATTRIBUTION}", fontsize=7.5, va="top", color="#333333", wrap=True)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=MAP_DPI, facecolor="white")
    return buffer.getvalue()
