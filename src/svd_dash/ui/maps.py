"""Web maps that draw with no internet: Leaflet served by the app itself, no tiles unless configured.

folium's default page loads Leaflet, jQuery and Bootstrap from public CDNs, and its default base map
needs web tiles. Here Leaflet 1.9.4's files come from the ``django-js-lib-leaflet`` package, are copied
into the app's ``static/`` folder and served by Streamlit's static file serving; every folium element
is pointed at them. Without a tile server (``SVD_DASH_TILE_URL``) the map shows LA and ward outlines
for orientation; with one, its tiles are drawn underneath.
"""

from __future__ import annotations

import itertools
import os
import shutil
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from svd_dash.analytics.counts import area_filter
from svd_dash.prepared import project_root
from svd_dash.ui.web_topology import TopoChoropleth, TopoOutlines, WebTopology, to_topology

STATIC_URL = "/app/static/leaflet"
TOPOJSON_CLIENT_URL = "/app/static/topojson/topojson-client.min.js"
"""topojson-client 3.1.0 (ISC licence), committed under ``static/topojson/``: it turns the map's
topologies back into polygons in the browser (see ``web_topology``)."""


@dataclass(frozen=True)
class MapAssets:
    """Where the map's JavaScript and CSS are served from, and the optional tile layer."""

    js: str
    css: str
    topojson_js: str
    tile_url: str | None
    tile_attribution: str


def install_leaflet_assets(static_dir: Path | None = None) -> MapAssets:
    """Copy Leaflet's dist files from the installed package into ``static/leaflet`` (once) and return their URLs."""
    source = files("js_lib_leaflet") / "static" / "js_lib_leaflet"
    target = (static_dir or project_root() / "static") / "leaflet"
    target.mkdir(parents=True, exist_ok=True)
    for name in ("leaflet.js", "leaflet.css"):
        payload = (source / name).read_bytes()
        if not (target / name).is_file() or (target / name).read_bytes() != payload:
            (target / name).write_bytes(payload)
    images = target / "images"
    if not images.is_dir():
        shutil.copytree(str(source / "images"), images)
    tile_url = os.environ.get("SVD_DASH_TILE_URL") or None
    return MapAssets(
        f"{STATIC_URL}/leaflet.js",
        f"{STATIC_URL}/leaflet.css",
        TOPOJSON_CLIENT_URL,
        tile_url,
        os.environ.get("SVD_DASH_TILE_ATTRIBUTION", ""),
    )


@dataclass(frozen=True)
class WebLayers:
    """TopoJSON topologies (EPSG:4326; see ``web_topology``) of an area's LSOAs and its ward and LA
    outlines, and its bounds."""

    lsoa: WebTopology
    wards: WebTopology
    las: WebTopology
    bounds: tuple[tuple[float, float], tuple[float, float]]


def web_layers(lsoa_shapes: gpd.GeoDataFrame, wards: gpd.GeoDataFrame, las: gpd.GeoDataFrame, area_code: str) -> WebLayers:
    """The web layers of an area (the region: all seven) from EPSG:27700 boundaries."""
    west, south, east, north = lsoa_shapes.to_crs(4326).total_bounds
    return WebLayers(
        to_topology(lsoa_shapes, "lsoa21_code"),
        to_topology(wards[area_filter(wards, area_code)], "ward_code"),
        to_topology(las[area_filter(las, area_code)], "la_code"),
        ((float(south), float(west)), (float(north), float(east))),
    )


def class_breaks(values: pd.Series, classes: int = 5) -> list[float]:
    """Upper bounds of the map's classes: a class for zero (when there are zeros), then quantile classes
    holding about equal numbers of the other neighbourhoods (fewer classes where many share a value; one
    class per value when there are few distinct values).

    Quantiles are used because they always finish and read simply ("each colour holds about a quarter of
    the neighbourhoods with any"): natural-breaks iterations (Jenks-Caspall) can cycle without end when
    values have many ties or zeros, as counts of rarer offences do. Breaks are observed values (the
    inverted empirical distribution), so a legend never shows a value no neighbourhood has."""
    finite = values.replace([np.inf, -np.inf], np.nan).dropna().to_numpy(dtype=float)
    distinct = np.unique(finite)
    if distinct.size <= classes:
        return [float(v) for v in distinct]
    zero_class = [0.0] if distinct[0] == 0 else []
    spread = finite[finite > 0] if zero_class else finite
    quantile_classes = classes - len(zero_class)
    upper = np.unique(np.quantile(spread, np.arange(1, quantile_classes + 1) / quantile_classes, method="inverted_cdf"))
    return zero_class + [float(b) for b in upper]


def class_index(values: pd.Series, breaks: list[float]) -> np.ndarray:
    """The class (0-based) of each value: the first break it does not exceed; -1 for missing."""
    array = values.to_numpy(dtype=float)
    index = np.searchsorted(np.asarray(breaks), array, side="left")
    return np.where(np.isnan(array), -1, np.minimum(index, len(breaks) - 1))


def legend_labels(breaks: list[float], decimals: int) -> list[str]:
    """'None', 'over 0.0 to 1.0', 'over 1.0 to 2.1', ... for the classes ending at ``breaks`` (a first
    class ending at 0 holds only zeros)."""
    first = "None" if breaks[0] == 0 else f"up to {breaks[0]:,.{decimals}f}"
    rest = [f"over {low:,.{decimals}f} to {high:,.{decimals}f}" for low, high in itertools.pairwise(breaks)]
    return [first, *rest]


def compact_json(*element_classes: type[folium.Element]) -> None:
    """Have the elements' templates write JSON without spaces after separators (jinja's ``tojson`` policy):
    the same data, about 10% fewer bytes for the browser."""
    for element_class in element_classes:
        element_class._template.environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}


def _use_local_assets(element: folium.Element, assets: MapAssets) -> None:
    """Point every element's scripts and styles at the app's own Leaflet and topojson-client (nothing from a CDN)."""
    for child in [element, *element._children.values()]:
        if hasattr(child, "default_js"):
            is_map = isinstance(child, folium.Map)
            child.default_js = [("leaflet", assets.js), ("topojson", assets.topojson_js)] if is_map else []
            child.default_css = [("leaflet_css", assets.css)] if is_map else []
        if child is not element:
            _use_local_assets(child, assets)


def choropleth(
    layers: WebLayers,
    values: pd.DataFrame,
    colours: pd.Series,
    tooltip_fields: dict[str, str],
    assets: MapAssets,
) -> folium.Map:
    """An LSOA choropleth: ``values`` (indexed by LSOA code, columns = property keys) become each feature's
    properties and tooltip (``tooltip_fields``: key -> label); ``colours`` (by LSOA code) the fill."""
    compact_json(TopoChoropleth, TopoOutlines)
    figure = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25)
    if assets.tile_url:
        folium.TileLayer(assets.tile_url, attr=assets.tile_attribution or "Map tiles", name="Base map").add_to(figure)
    TopoChoropleth(layers.lsoa, values, colours, tooltip_fields).add_to(figure)
    TopoOutlines(layers.wards, {"color": "#333333", "weight": 0.8, "dashArray": "3"}).add_to(figure)
    TopoOutlines(layers.las, {"color": "#000000", "weight": 2.2}).add_to(figure)
    figure.fit_bounds(layers.bounds)
    _use_local_assets(figure, assets)
    return figure


def legend_html(title: str, colours: list[str], labels: list[str]) -> str:
    """A legend as HTML: a swatch and a text label per class (so colour is never the only cue)."""
    row = '<div role="listitem" style="display:flex;align-items:center;gap:.5em;margin:.15em 0">{swatch}<span>{label}</span></div>'
    swatch = '<span style="display:inline-block;width:1.6em;height:1em;background:{colour};border:1px solid #555"></span>'
    rows = "".join(row.format(swatch=swatch.format(colour=c), label=label) for c, label in zip(colours, labels, strict=True))
    return f'<div><strong>{title}</strong><div role="list" aria-label="{title}">{rows}</div></div>'
