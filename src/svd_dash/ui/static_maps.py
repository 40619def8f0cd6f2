"""Static map images drawn on the server with geopandas and matplotlib: no web tiles, no browser.

Each image has the title and subtitle, a legend with the class breaks, council and ward outlines, place
names, a north arrow, a scale bar, and the boundary attribution. Geometry stays in British National Grid, so the scale bar
is true.
"""

from __future__ import annotations

import io
import textwrap

import geopandas as gpd
import pandas as pd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from matplotlib_scalebar.scalebar import ScaleBar

from svd_dash.ui.exports import ExportLabels
from svd_dash.ui.palettes import BIVARIATE

MAP_WIDTH_IN, MAP_HEIGHT_IN, MAP_DPI = 10.0, 8.0, 200
"""2000 x 1600 pixels."""
BOUNDARY_ATTRIBUTION = "Contains OS data © Crown copyright and database right 2025. Source: Office for National Statistics, OGL v3.0."


def map_figure(
    shapes: gpd.GeoDataFrame,
    colours: pd.Series,
    legend: list[tuple[str, str]],
    legend_title: str,
    wards: gpd.GeoDataFrame,
    councils: gpd.GeoDataFrame,
    labels: ExportLabels,
) -> Figure:
    """The map of the LSOAs in ``shapes`` (EPSG:27700, column ``lsoa21_code``) filled by ``colours``, with
    place names (ward names for one council, council names for the region), a north arrow, a scale bar,
    a legend that fits beside it, and the title, subtitle and source footer."""
    figure = Figure(figsize=(MAP_WIDTH_IN, MAP_HEIGHT_IN), dpi=MAP_DPI)
    axes = figure.add_axes((0.02, 0.12, 0.68, 0.74))
    fills = shapes["lsoa21_code"].map(colours).fillna("#cccccc")
    shapes.plot(ax=axes, color=fills.to_numpy(), edgecolor="#666666", linewidth=0.1)
    wards.boundary.plot(ax=axes, color="#333333", linewidth=0.4, linestyle=(0, (3, 2)))
    councils.boundary.plot(ax=axes, color="#000000", linewidth=1.2)
    axes.set_axis_off()
    axes.set_aspect("equal")
    place_labels(axes, wards, councils)
    north_arrow(axes)
    axes.add_artist(ScaleBar(1, "m", location="lower left", box_alpha=0.8, font_properties={"size": 9}))
    outlines = [
        Patch(facecolor="none", edgecolor="#000000", linewidth=1.2, label="Council boundary"),
        Patch(facecolor="none", edgecolor="#333333", linestyle="--", linewidth=0.6, label="Ward boundary"),
    ]
    if legend and {name for name, _ in legend} <= set(BIVARIATE):
        bivariate_key(figure, legend_title)
        figure.legend(handles=outlines, loc="upper left", bbox_to_anchor=(0.72, 0.46), fontsize=9, frameon=False, alignment="left")
    else:
        handles = [Patch(facecolor=colour, edgecolor="#555555", label=_wrapped(name, 30)) for name, colour in legend]
        figure.legend(
            handles=handles + outlines,
            title=_wrapped(legend_title, 30),
            loc="upper left",
            bbox_to_anchor=(0.72, 0.86),
            fontsize=9,
            title_fontsize=10,
            frameon=False,
            alignment="left",
        )
    figure.text(0.02, 0.965, _wrapped(labels.title, 90), fontsize=15, weight="bold", va="top")
    figure.text(0.02, 0.905, _wrapped(labels.subtitle, 140), fontsize=10, va="top", color="#222222")
    footer = _wrapped(f"{labels.footer} {BOUNDARY_ATTRIBUTION}", 170)
    figure.text(0.02, 0.085, footer, fontsize=7.5, va="top", color="#333333")
    return figure


def map_png(
    shapes: gpd.GeoDataFrame,
    colours: pd.Series,
    legend: list[tuple[str, str]],
    legend_title: str,
    wards: gpd.GeoDataFrame,
    councils: gpd.GeoDataFrame,
    labels: ExportLabels,
) -> bytes:
    """The map (see ``map_figure``) as a 2000 x 1600 PNG."""
    figure = map_figure(shapes, colours, legend, legend_title, wards, councils, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=MAP_DPI, facecolor="white")
    return buffer.getvalue()


BIVARIATE_LEVELS = ("low", "medium", "high")


def bivariate_key(figure: Figure, title: str) -> Axes:
    """The 3x3 rate x deprivation key beside the map, as on the web map: rate rising upwards (rows),
    deprivation rising to the right (columns), each axis labelled low, medium, high."""
    figure.text(0.73, 0.86, _wrapped(title, 34), fontsize=10, va="top")
    key = figure.add_axes((0.80, 0.56, 0.15, 0.1875))
    for row, rate in enumerate(BIVARIATE_LEVELS):
        for column, deprivation in enumerate(BIVARIATE_LEVELS):
            colour = BIVARIATE[f"{rate} rate, {deprivation} deprivation"]
            key.add_patch(Rectangle((column, row), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5))
    key.set_xlim(0, 3)
    key.set_ylim(0, 3)
    key.set_aspect("equal")
    ticks = [0.5, 1.5, 2.5]
    names = [level.capitalize() for level in BIVARIATE_LEVELS]
    key.set_xticks(ticks, names, fontsize=8)
    key.set_yticks(ticks, names, fontsize=8)
    key.tick_params(length=0, pad=2)
    key.set_xlabel("Deprivation →", fontsize=9)
    key.set_ylabel("Rate →", fontsize=9)
    for side in key.spines.values():
        side.set_visible(False)
    return key


def place_labels(axes: Axes, wards: gpd.GeoDataFrame, councils: gpd.GeoDataFrame) -> None:
    """Name the places: each ward at a point inside it when the map is one council, else each council."""
    places = wards.assign(name=wards["ward_name"]) if councils.shape[0] == 1 else councils.assign(name=councils["la_name"])
    size = 5.5 if councils.shape[0] == 1 else 10
    halo = [patheffects.withStroke(linewidth=2, foreground="white")]
    for name, point in zip(places["name"], places.geometry.representative_point(), strict=True):
        axes.text(point.x, point.y, name, fontsize=size, ha="center", va="center", color="#111111", path_effects=halo, clip_on=True)


def north_arrow(axes: Axes) -> None:
    """An arrow marked N in the top right of the map (British National Grid: north is straight up)."""
    axes.annotate(
        "N",
        xy=(0.96, 0.97),
        xytext=(0.96, 0.86),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=13,
        weight="bold",
        arrowprops={"facecolor": "black", "width": 4, "headwidth": 12, "headlength": 12},
    )


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text
