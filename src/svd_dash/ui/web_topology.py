"""Compact web-map layers: TopoJSON topologies and the Leaflet elements that draw them in the browser.

A TopoJSON topology stores each border once (neighbouring LSOAs share it), as integers on a grid of
``QUANTIZATION`` steps across the layer's extent, each point as the step from the one before. The
browser turns it back into polygons with topojson-client (ISC licence, served by the app from
``static/topojson/``; nothing loads from a CDN). For all seven areas the map document is about a third
of the size of rounded GeoJSON, with the same boundaries (see ``benchmarks/dashboard.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import topojson
from branca.element import Element, MacroElement
from jinja2 import Template

QUANTIZATION = 10_000
"""Grid steps across a layer's extent: for all seven areas one step is 5.3 m east-west and 3.5 m
north-south (finer for a single council), within the 15 m the boundaries were simplified to."""

OBJECT_NAME = "shapes"


@dataclass(frozen=True)
class WebTopology:
    """A topology as compact JSON text (made once per area and cached, not on every page view) and its
    geometries' ids in order."""

    json: str
    ids: tuple[str, ...]


def to_topology(frame: gpd.GeoDataFrame, id_column: str) -> WebTopology:
    """A TopoJSON topology (EPSG:4326) of ``frame``'s polygons, each geometry's ``id`` its ``id_column`` value."""
    web = frame[[id_column, "geometry"]].to_crs(4326).reset_index(drop=True)
    topology = topojson.Topology(web, prequantize=QUANTIZATION, topology=True, object_name=OBJECT_NAME).to_dict()
    topology.pop("bbox", None)
    for geometry in topology["objects"][OBJECT_NAME]["geometries"]:
        geometry["id"] = str(geometry.pop("properties")[id_column])
    ids = tuple(geometry["id"] for geometry in topology["objects"][OBJECT_NAME]["geometries"])
    return WebTopology(json.dumps(topology, separators=(",", ":")), ids)


def encoded_column(column: pd.Series) -> dict[str, list]:
    """A column for the browser: ``{"v": values}``, or ``{"d": distinct values, "i": index per row}`` when
    values repeat (ward and neighbourhood names, map classes), which is smaller. Missing values are null."""
    plain = column.astype(object).where(column.notna(), None)
    if column.nunique() * 2 >= len(column):
        return {"v": plain.tolist()}
    index, distinct = pd.factorize(plain, use_na_sentinel=False)
    return {"d": list(distinct), "i": index.tolist()}


class RenderedText(Element):
    """Text already rendered, put on the page as it is (never compiled as a Jinja template)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ScriptElement(MacroElement):
    """A map element made only of its template's ``script`` macro, handed to the page as rendered text.

    branca's ``MacroElement.render`` wraps each element's script in a new ``Element``, which compiles it as a
    Jinja template: for the all-areas map that was 0.7 MB of JSON lexed on every page view (py-spy: most of
    a warm Hotspots run for the region)."""

    def render(self, **kwargs) -> None:
        self.get_root().script.add_child(RenderedText(self._template.module.script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class TopoChoropleth(ScriptElement):
    """Filled polygons from a topology, coloured by ``colours`` and with a tooltip of ``values``' columns
    ``fields`` (property key -> label), both indexed by the topology's geometry ids. Sent to the browser
    column by column in geometry order (repeated names once, see ``encoded_column``) with a colour index
    per geometry. Clicking a polygon reports its properties (``web_map`` returns them).
    Tooltip text is escaped."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var topology = {{ this.topology.json }}, columns = {{ this.columns|tojson }}, fields = {{ this.fields|tojson }};
  var fills = {{ this.fills|tojson }}, palette = {{ this.palette|tojson }}, fillOf = {};
  var value = function (column, i) { return column.d ? column.d[column.i[i]] : column.v[i]; };
  var escape = function (value) {
    var text = typeof value === "number" ? value.toLocaleString() : String(value === null || value === undefined ? "" : value);
    return text.replace(/[&<>"']/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]; });
  };
  var style = document.createElement("style");
  style.textContent = ".svd-tip{font:12px/1.25 sans-serif;border-collapse:collapse}" +
    ".svd-tip th{text-align:left;font-weight:600;padding:0 .6em 0 0}";
  document.head.appendChild(style);
  var shapes = topojson.feature(topology, topology.objects.{{ this.object_name }});
  shapes.features.forEach(function (feature, i) {
    fillOf[feature.id] = fills[i];
    feature.properties = {};
    fields.forEach(function (field, j) { feature.properties[field[0]] = value(columns[j], i); });
  });
  var layer = L.geoJson(shapes, {
    style: function (feature) {
      return {fillColor: palette[fillOf[feature.id]] || "#cccccc", fillOpacity: 0.85, color: "#555555", weight: 0.3};
    },
    onEachFeature: function (feature, shape) {
      shape.bindTooltip(function () {
        return '<table class="svd-tip">' + fields.map(function (field) {
          return "<tr><th>" + escape(field[1]) + "</th><td>" + escape(feature.properties[field[0]]) + "</td></tr>";
        }).join("") + "</table>";
      }, {sticky: true});
      shape.on("mouseover", function () { shape.setStyle({weight: 2.5, color: "#000000"}); shape.bringToFront(); });
      shape.on("mouseout", function () { layer.resetStyle(shape); });
    }
  }).addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, topology: WebTopology, values: pd.DataFrame, colours: pd.Series, fields: dict[str, str]) -> None:
        super().__init__()
        self._name = "TopoChoropleth"
        self.object_name = OBJECT_NAME
        self.topology = topology
        self.fields = [[key, label] for key, label in fields.items()]
        ids = list(topology.ids)
        self.columns = [encoded_column(values[key].reindex(ids)) for key in fields]
        fill_index, self.palette = pd.factorize(colours.reindex(ids).fillna("#cccccc"), sort=True)
        self.fills = fill_index.tolist()
        self.palette = self.palette.tolist()


class TopoOutlines(ScriptElement):
    """Unfilled, non-interactive outlines (wards, councils) from a topology, in one Leaflet path style."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  var topology = {{ this.topology.json }};
  L.geoJson(topojson.feature(topology, topology.objects.{{ this.object_name }}), {
    style: function () { return {{ this.style|tojson }}; }, interactive: false
  }).addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""
    )

    def __init__(self, topology: WebTopology, style: dict[str, object]) -> None:
        super().__init__()
        self._name = "TopoOutlines"
        self.object_name = OBJECT_NAME
        self.topology = topology
        self.style = {"fill": False, **style}
