"""Web maps that draw with no internet: Leaflet served by the app itself, no tiles unless configured.

folium's default page loads Leaflet, jQuery and Bootstrap from public CDNs, and its default base map
needs web tiles. Here Leaflet 1.9.4's files come from the ``django-js-lib-leaflet`` package, are copied
into the app's ``static/`` folder and served by Streamlit's static file serving, where the map component
(``web_map``) loads them. Without a tile server (``SVD_DASH_TILE_URL``) the map shows LA and ward outlines
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
from jinja2 import Template

from svd_dash.analytics.counts import area_filter
from svd_dash.prepared import project_root
from svd_dash.ui.web_topology import ScriptElement, TopoChoropleth, TopoOutlines, WebTopology, to_topology

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
class PlaceLabel:
    """A place name for the map: ``kind`` 'council' (always shown) or 'ward' (shown at closer zoom)."""

    name: str
    latitude: float
    longitude: float
    kind: str


@dataclass(frozen=True)
class WebLayers:
    """TopoJSON topologies (EPSG:4326; see ``web_topology``) of an area's LSOAs and its ward and LA
    outlines, its bounds, and its place labels."""

    lsoa: WebTopology
    wards: WebTopology
    las: WebTopology
    bounds: tuple[tuple[float, float], tuple[float, float]]
    places: tuple[PlaceLabel, ...] = ()


LABEL_DECIMALS = 4
"""Decimal places of a place label's longitude and latitude (1e-4 degrees is 7-11 m here)."""
WARD_LABEL_ZOOM = 12
"""Ward names appear from this Leaflet zoom level (a council filling the map); council names always."""


def place_labels(wards: gpd.GeoDataFrame, las: gpd.GeoDataFrame) -> tuple[PlaceLabel, ...]:
    """Council and ward names at a point inside each (``representative_point``, computed in EPSG:27700)."""
    labels = []
    for frame, column, kind in ((las, "la_name", "council"), (wards, "ward_name", "ward")):
        points = gpd.GeoSeries(frame.geometry.representative_point(), crs=frame.crs).to_crs(4326)
        labels += [
            PlaceLabel(str(name), round(point.y, LABEL_DECIMALS), round(point.x, LABEL_DECIMALS), kind)
            for name, point in zip(frame[column], points, strict=True)
        ]
    return tuple(labels)


def web_layers(lsoa_shapes: gpd.GeoDataFrame, wards: gpd.GeoDataFrame, las: gpd.GeoDataFrame, area_code: str) -> WebLayers:
    """The web layers of an area (the region: all seven) from EPSG:27700 boundaries."""
    chosen_wards, chosen_las = wards[area_filter(wards, area_code)], las[area_filter(las, area_code)]
    west, south, east, north = lsoa_shapes.to_crs(4326).total_bounds
    return WebLayers(
        to_topology(lsoa_shapes, "lsoa21_code"),
        to_topology(chosen_wards, "ward_code"),
        to_topology(chosen_las, "la_code"),
        ((float(south), float(west)), (float(north), float(east))),
        place_labels(chosen_wards, chosen_las),
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


MAP_CSS = """
.leaflet-container { font-size: 1rem; }
.place-label { background: none; border: none; }
.place-label span { display: inline-block; transform: translate(-50%, -50%); white-space: nowrap; font: 600 12px Arial, sans-serif;
  color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.place-label.council span { font-size: 15px; font-weight: 700; }
.place-label.ward { display: none; }
.show-wards .place-label.ward { display: block; }
.leaflet-tooltip { font-size: 12px; padding: 4px 6px; line-height: 1.25; max-width: 16rem; }
"""
"""The maps' style in the page: place names with a white halo, ward names hidden until ``show-wards`` is set on
the map, tooltips kept small."""


class PlaceLabels(ScriptElement):
    """Place names as non-interactive text markers (white-haloed, see ``MAP_CSS``), in one script:
    a folium ``Marker`` and ``DivIcon`` per name cost three Jinja compilations each on every page view. Ward
    names are shown only from ``WARD_LABEL_ZOOM``. Names are set as text, never as HTML."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }}, places = {{ this.places|tojson }};
  places.forEach(function (place) {
    var span = document.createElement("span");
    span.textContent = place[0];
    var icon = L.divIcon({html: span, className: "place-label " + place[3], iconSize: [0, 0]});
    L.marker([place[1], place[2]], {icon: icon, interactive: false, keyboard: false}).addTo(map);
  });
  var toggle = function () { map.getContainer().classList.toggle("show-wards", map.getZoom() >= {{ this.ward_zoom }}); };
  map.on("zoomend", toggle);
  toggle();
})();
{% endmacro %}
"""
    )

    def __init__(self, places: tuple[PlaceLabel, ...]) -> None:
        super().__init__()
        self._name = "PlaceLabels"
        self.places = [[place.name, place.latitude, place.longitude, place.kind] for place in places]
        self.ward_zoom = WARD_LABEL_ZOOM


compact_json(TopoChoropleth, TopoOutlines, PlaceLabels)  # once, at import: a template's policy outlives every map


def choropleth(
    layers: WebLayers,
    values: pd.DataFrame,
    colours: pd.Series,
    tooltip_fields: dict[str, str],
    assets: MapAssets,
) -> folium.Map:
    """An LSOA choropleth: ``values`` (indexed by LSOA code, columns = property keys) become each feature's
    properties and tooltip (``tooltip_fields``: key -> label); ``colours`` (by LSOA code) the fill.
    Place names from ``layers.places`` on top."""
    figure = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25)
    if assets.tile_url:
        folium.TileLayer(assets.tile_url, attr=assets.tile_attribution or "Map tiles", name="Base map").add_to(figure)
    TopoChoropleth(layers.lsoa, values, colours, tooltip_fields).add_to(figure)
    TopoOutlines(layers.wards, {"color": "#333333", "weight": 0.8, "dashArray": "3"}).add_to(figure)
    TopoOutlines(layers.las, {"color": "#000000", "weight": 2.2}).add_to(figure)
    PlaceLabels(layers.places).add_to(figure)
    figure.fit_bounds(layers.bounds)
    return figure


def legend_html(title: str, colours: list[str], labels: list[str]) -> str:
    """A legend as HTML: a swatch and a text label per class (so colour is never the only cue)."""
    row = '<div role="listitem" style="display:flex;align-items:center;gap:.5em;margin:.15em 0">{swatch}<span>{label}</span></div>'
    swatch = '<span style="display:inline-block;width:1.6em;height:1em;background:{colour};border:1px solid #555"></span>'
    rows = "".join(row.format(swatch=swatch.format(colour=c), label=label) for c, label in zip(colours, labels, strict=True))
    return f'<div><strong>{title}</strong><div role="list" aria-label="{title}">{rows}</div></div>'


def bivariate_legend_html(title: str, palette: dict[str, str], levels: tuple[str, ...] = ("low", "medium", "high")) -> str:
    """The 3x3 bivariate legend as a grid: rate rising upwards, deprivation rising to the right, each cell
    titled with its class (so colour is never the only cue)."""
    cell = (
        '<div role="cell" title="{name}" aria-label="{name}" '
        'style="width:2.2em;height:2.2em;background:{colour};border:1px solid #fff"></div>'
    )
    rows = "".join(
        '<div role="row" style="display:flex;align-items:center">'
        + f'<span role="rowheader" style="width:4.2em;font-size:.8em;text-align:right;padding-right:.3em">{rate}</span>'
        + "".join(cell.format(name=f"{rate} rate, {imd} deprivation", colour=palette[f"{rate} rate, {imd} deprivation"]) for imd in levels)
        + "</div>"
        for rate in reversed(levels)
    )
    axis = (
        '<div style="display:flex;margin-left:4.2em;font-size:.8em">'
        + "".join(f'<span style="width:2.75em;text-align:center">{imd[:3]}</span>' for imd in levels)
        + "</div>"
    )
    return (
        f'<div><strong>{title}</strong><div style="font-size:.8em;margin:.2em 0">Rate ↑ (rows) · deprivation → (columns)</div>'
        f'<div role="table" aria-label="{title}">{rows}</div>{axis}</div>'
    )
