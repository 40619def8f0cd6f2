"""Web-map building: class breaks, rounded GeoJSON, local assets only, payload within budget."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from benchmarks.dashboard import map_payload_bytes
from svd_dash.prepared import load_boundaries
from svd_dash.ui import maps, web_map
from svd_dash.ui.web_topology import to_topology
from tests.conftest import ROOT


def test_class_breaks_and_indices() -> None:
    values = pd.Series([0, 0, 1, 2, 3, 10, 20, 40, 80, 160], dtype=float)
    breaks = maps.class_breaks(values)
    assert len(breaks) == 5 and breaks[-1] == 160 and breaks == sorted(breaks)
    index = maps.class_index(values, breaks)
    assert index.min() == 0 and index.max() == 4 and (pd.Series(index).diff().dropna() >= 0).all()
    assert maps.class_breaks(pd.Series([1.0, 1.0, 2.0])) == [1.0, 2.0]  # few distinct values: one class each
    assert maps.legend_labels([3.0, 7.5], 1) == ["up to 3.0", "over 3.0 to 7.5"]
    assert maps.legend_labels([0.0, 2.0], 0) == ["None", "over 0 to 2"]


def test_web_topology_is_complete_and_decodes_to_the_boundaries() -> None:
    """Every LSOA is in the topology under its code, and decoding it gives back the boundary within the
    grid step and simplification (the decoding mirrors topojson-client: delta-decode, scale, translate)."""
    shapes = load_boundaries("lsoa21", ROOT / "geo")
    coventry = shapes[shapes["la_code"] == "E08000026"].sort_values("lsoa21_code")
    web = to_topology(coventry, "lsoa21_code")
    topology = json.loads(web.json)
    assert list(web.ids) == coventry["lsoa21_code"].tolist()
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]
    first = topology["objects"]["shapes"]["geometries"][0]
    ring = np.concatenate([arcs[i] if i >= 0 else arcs[~i][::-1] for i in first["arcs"][0]])
    decoded = shapely.Polygon(ring)
    original = coventry.to_crs(4326).geometry.iloc[0]
    assert decoded.is_valid and abs(decoded.area - original.area) / original.area < 0.01
    assert decoded.hausdorff_distance(original) < 1.5e-4  # degrees: about 10 m


def test_maps_load_nothing_from_the_internet(tmp_path) -> None:
    assets = maps.install_leaflet_assets(tmp_path)
    assert (tmp_path / "leaflet" / "leaflet.js").stat().st_size > 100_000 and (tmp_path / "leaflet" / "images").is_dir()
    shapes = load_boundaries("lsoa21", ROOT / "geo")
    layers = maps.web_layers(
        shapes[shapes["la_code"] == "E08000029"], load_boundaries("ward", ROOT / "geo"), load_boundaries("la", ROOT / "geo"), "E08000029"
    )
    codes = list(layers.lsoa.ids)
    values = pd.DataFrame({"code": codes}, index=codes)
    figure = maps.choropleth(layers, values, pd.Series("#ffffff", index=codes), {"code": "LSOA"}, assets)
    script = web_map.map_script(figure, "svd_map_solihull")
    assert "http" not in script and "cdn" not in script.lower()  # no tiles, no script from elsewhere
    assert assets.js == "/app/static/leaflet/leaflet.js" and assets.css == "/app/static/leaflet/leaflet.css"
    assert (
        assets.topojson_js == "/app/static/topojson/topojson-client.min.js"
        and (ROOT / "static" / "topojson" / "topojson-client.min.js").is_file()
    )


def test_a_map_script_is_the_same_on_every_run() -> None:
    """The page redraws a map only when its script changes: folium's random map name is replaced by the key's."""
    layers, _ = solihull_map()
    codes = list(layers.lsoa.ids)
    values = pd.DataFrame({"code": codes}, index=codes)
    assets = maps.MapAssets("a.js", "a.css", "t.js", None, "")
    first, second = (
        web_map.map_script(maps.choropleth(layers, values, pd.Series("#ffffff", index=codes), {"code": "LSOA"}, assets), "svd_map_k")
        for _ in range(2)
    )
    assert (
        first == second and 'var svd_map_k = L.map(\n                "svd_map_k"' in first and "map_" not in first.replace("svd_map_k", "")
    )


def test_the_all_areas_map_is_under_0_8_mb() -> None:
    assert map_payload_bytes("E47000007") < 800_000
    assert map_payload_bytes("E08000026") < 150_000


def solihull_map() -> tuple[maps.WebLayers, str]:
    shapes = load_boundaries("lsoa21", ROOT / "geo")
    wards, las = load_boundaries("ward", ROOT / "geo"), load_boundaries("la", ROOT / "geo")
    layers = maps.web_layers(shapes[shapes["la_code"] == "E08000029"], wards, las, "E08000029")
    codes = list(layers.lsoa.ids)
    values = pd.DataFrame({"code": codes}, index=codes)
    assets = maps.MapAssets("a.js", "a.css", "t.js", None, "")
    figure = maps.choropleth(layers, values, pd.Series("#ffffff", index=codes), {"code": "LSOA"}, assets)
    return layers, figure.get_root().render()


def test_place_names_label_the_map_offline() -> None:
    layers, html = solihull_map()
    wards = load_boundaries("ward", ROOT / "geo")
    solihull_wards = set(wards.loc[wards["la_code"] == "E08000029", "ward_name"])
    assert {p.name for p in layers.places if p.kind == "ward"} == solihull_wards
    assert [p.name for p in layers.places if p.kind == "council"] == ["Solihull"]
    solihull = load_boundaries("la", ROOT / "geo").query("la_code == 'E08000029'").to_crs(4326).geometry.iloc[0]
    assert all(solihull.buffer(1e-3).contains(shapely.Point(p.longitude, p.latitude)) for p in layers.places)  # each label inside its place
    assert html.count(',"ward"]') == len(solihull_wards) and html.count(',"council"]') == 1  # one label each, by kind
    assert '"place-label " + place[3]' in html and "span.textContent = place[0]" in html  # names set as text, never as HTML
    assert f">= {maps.WARD_LABEL_ZOOM}" in html and "show-wards" in html  # ward names only at closer zoom


def test_the_tooltip_is_a_small_box() -> None:
    assert "font-size: 12px" in maps.MAP_CSS and "max-width: 16rem" in maps.MAP_CSS


def test_the_bivariate_legend_is_a_3_by_3_grid() -> None:
    from svd_dash.ui.palettes import BIVARIATE

    legend = maps.bivariate_legend_html("Rate and deprivation", BIVARIATE)
    assert legend.count('role="row"') == 3 and legend.count('role="cell"') == 9
    assert legend.index("high rate, low deprivation") < legend.index("low rate, low deprivation")  # rate rises upwards
