"""Web maps drawn by Leaflet in the page itself, not in streamlit-folium's iframe.

streamlit-folium puts each map in an iframe that loads its own 225 kB React bundle (fetched anew in every
tab: the component's files carry no cache headers) and is created twice on a page's first run; Streamlit
shows a grey placeholder over the page's content until that iframe reports ready. Measured in headless
chromium on a new tab of Hotspots for Coventry (issue 11): content shown at 2.04 s without the map
against 3.0 s with it.

Here each map is a Streamlit component (``st.components.v2``, drawn in the page): Leaflet and
topojson-client load once per tab from ``static/``; the folium figure's own script (map, layers, place
names, bounds) runs once the browser is idle after the page's content, and again only when it changes;
clicking a neighbourhood reports its properties (``web_map`` returns them).
"""

from __future__ import annotations

import json
import re

import folium
import streamlit as st

from svd_dash.ui.component_js import HELPERS
from svd_dash.ui.maps import MAP_CSS, MapAssets

COMPONENT_NAME = "svd_dash.web_map"
MAP_CLASS = "svd-map"
"""The class of the element each map draws in (browser tests and the benchmark look for it)."""

SCRIPT = """
function leafletLoaded(assets) {
  if (!window.__svdLeaflet) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = assets.css;
    const styled = new Promise((resolve) => { link.onload = resolve; link.onerror = resolve; });
    const style = document.createElement('style');
    style.textContent = assets.style;
    document.head.append(link, style);
    const scripts = loadScript(assets.js).then(() => loadScript(assets.topojson));
    window.__svdLeaflet = Promise.all([scripts, styled]).catch((error) => {
      window.__svdLeaflet = undefined;
      throw error;
    });
  }
  return window.__svdLeaflet;
}

export default function ({ data, parentElement, setStateValue }) {
  const host = ownElement(parentElement, 'MAP_CLASS', 'region');
  host.setAttribute('aria-label', data.label);
  host.style.height = `${data.height}px`;
  if (host.svdScript === data.script) return undefined;
  host.svdScript = data.script;
  leafletLoaded(data.assets).then(() => whenIdle(400, () => {
    if (host.svdScript !== data.script || !host.isConnected) return;
    if (host.svdMap) host.svdMap.remove();
    host.replaceChildren(Object.assign(document.createElement('div'), { id: data.id, style: 'height: 100%' }));
    const map = new Function(`${data.script}\\nreturn ${data.id};`)();
    map.eachLayer((layer) => {
      if (layer.feature && layer.options.interactive !== false) {
        layer.on('click', () => setStateValue('clicked', layer.feature.properties));
      }
    });
    host.svdMap = map;
    onWidthChange(host, () => host.svdMap.invalidateSize());
  })).catch(() => { host.textContent = NOT_LOADED; });
  return undefined;
}
"""

NOT_LOADED = "This map could not be drawn: its code did not load. Reload the page; its figures are under 'Show the numbers'."

COMPONENT_SCRIPT = HELPERS + SCRIPT.replace("MAP_CLASS", MAP_CLASS).replace("NOT_LOADED", json.dumps(NOT_LOADED))


def map_script(figure: folium.Map, map_id: str) -> str:
    """The JavaScript that draws ``figure`` (the map, its layers and its bounds) into the element ``map_id``,
    leaving the map in a variable of that name: folium's own script, its random name made ``map_id`` so the
    same map gives the same script on every run."""
    root = figure.get_root()
    root.render()
    return root.script.render().replace(figure.get_name(), map_id)


def web_map(figure: folium.Map, assets: MapAssets, key: str, height: int, label: str) -> dict[str, object]:
    """Draw ``figure`` across its column, ``height`` px high (``label`` names it for screen readers); return
    the properties of the shape last clicked (empty until one is)."""
    draw = st.components.v2.component(COMPONENT_NAME, js=COMPONENT_SCRIPT, isolate_styles=False)
    map_id = "svd_map_" + re.sub(r"\W", "_", key)
    data = {
        "script": map_script(figure, map_id),
        "id": map_id,
        "height": height,
        "label": label,
        "assets": {"js": assets.js, "topojson": assets.topojson_js, "css": assets.css, "style": MAP_CSS},
    }
    result = draw(data=data, key=key, height=height, on_clicked_change=lambda: None)
    return dict(result.get("clicked") or {})
