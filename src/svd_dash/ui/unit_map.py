"""Ward and MSOA maps: the LSOA map's drawing, legend, downloads and click, on larger polygons."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from svd_dash.analytics.counts import area_filter
from svd_dash.analytics.neighbourhoods import LEVELS
from svd_dash.ui import cache, maps, static_maps
from svd_dash.ui.components import downloads, show_the_numbers
from svd_dash.ui.exports import ExportLabels
from svd_dash.ui.lsoa_map import MAP_HEIGHT, Colouring, by_measure
from svd_dash.ui.web_map import web_map

UNIT_FIELDS = {
    "code": "Code",
    "name": "Name",
    "la_name": "Council",
    "lsoas": "Neighbourhoods (LSOAs)",
    "count": "Records",
    "rate_shown": "Rate per 1,000",
}


def unit_colouring(table: pd.DataFrame, column: str, title: str) -> Colouring:
    """Natural-breaks classes of ``column`` over a ``by_level`` table, keyed by unit code."""
    return by_measure(table.rename(columns={"code": "lsoa21_code"}), column, title)


def render(table: pd.DataFrame, colouring: Colouring, area_code: str, level: str, key: str, labels: ExportLabels) -> str | None:
    """Draw the ward or MSOA map with its legend, downloads and numbers; return the clicked unit's code."""
    values = table.set_index("code", drop=False).assign(rate_shown=table["rate"].round(1).to_numpy())[list(UNIT_FIELDS)]
    assets = cache.map_assets()
    figure = maps.choropleth(cache.unit_web_layers(area_code, level), values, colouring.colours, UNIT_FIELDS, assets)
    map_column, legend_column = st.columns([4, 1])
    with map_column:
        clicked = web_map(figure, assets, key, MAP_HEIGHT, f"Map of {colouring.legend_title.lower()} by {LEVELS[level].label.lower()}")
    with legend_column:
        st.html(maps.legend_html(colouring.legend_title, [c for _, c in colouring.legend], [n for n, _ in colouring.legend]))
        st.caption("Outlines: councils (thick) and wards (dashed). Contains OS data © Crown copyright and database right 2025.")
    shapes = cache.boundaries(LEVELS[level].boundary_layer)
    chosen = shapes[area_filter(shapes, area_code)].rename(columns={LEVELS[level].code: "lsoa21_code"})  # map_png keys fills by this column
    wards, councils = cache.area_outlines(area_code)
    image = partial(static_maps.map_png, chosen, colouring.colours, colouring.legend, colouring.legend_title, wards, councils, labels)
    numbers = values.rename(columns=UNIT_FIELDS)
    downloads(image, numbers, labels, key)
    show_the_numbers(numbers, key)
    return clicked.get("code")
