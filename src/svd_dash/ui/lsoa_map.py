"""Drawing an LSOA map on a page: colouring by a measure, a class or a decile; legend; click to select."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

from svd_dash.analytics.hotspots import HOTSPOT_CLASSES
from svd_dash.ui import cache, maps, static_maps
from svd_dash.ui.components import downloads, show_the_numbers
from svd_dash.ui.exports import ExportLabels
from svd_dash.ui.palettes import BIVARIATE, DECILE_COLOURS, HOTSPOT_COLOURS, SEQUENTIAL_5
from svd_dash.ui.web_map import web_map

TOOLTIP_FIELDS = {
    "lsoa21_name": ("name", "Neighbourhood"),
    "ward_name": ("ward", "Ward"),
    "count": ("n", "Records"),
    "rate_shown": ("rate", "Rate per 1,000"),
    "map_class": ("class", "Colour"),
}
"""Table column -> (short property key sent to the browser, tooltip label): the few fields a tooltip
shows, so it stays a small box beside the pointer rather than covering the map (the rest is in "Show
the numbers"). The LSOA name ('Walsall 030A') identifies a clicked neighbourhood. Short keys keep the
all-areas map small."""

MAP_HEIGHT = 620
"""Height of a web map on the page, px."""
NUMBER_COLUMNS = ("lsoa21_code", "lsoa21_name", "msoa21_hcl_name", "ward_name", "count", "rate_shown", "imd2025_decile", "map_class")
"""The columns of a map's "Show the numbers" table and CSV (labelled by ``columns.friendly_name``)."""


@dataclass(frozen=True)
class Colouring:
    """Fill colour and class label per LSOA (indexed by LSOA code), and the legend's entries."""

    colours: pd.Series
    labels: pd.Series
    legend_title: str
    legend: list[tuple[str, str]]


def by_measure(table: pd.DataFrame, column: str, title: str) -> Colouring:
    """Classes of a measure (up to 5: none, then about equal numbers of neighbourhoods each; see
    ``maps.class_breaks``), sequential colour-blind-safe palette."""
    values = table.set_index("lsoa21_code")[column].fillna(0)
    breaks = maps.class_breaks(values)
    decimals = 0 if column in ("count", "harm_days") else 1
    names = maps.legend_labels(breaks, decimals)
    palette = SEQUENTIAL_5[-len(breaks) :] if len(breaks) < len(SEQUENTIAL_5) else SEQUENTIAL_5
    index = maps.class_index(values, breaks)
    return Colouring(
        pd.Series([palette[i] for i in index], index=values.index),
        pd.Series([names[i] for i in index], index=values.index),
        f"{title} (about equal numbers in each colour)",
        list(zip(names, palette, strict=True)),
    )


def by_category(codes: pd.Series, categories: pd.Series, palette: dict[str, str], title: str) -> Colouring:
    """Colour by a named class (Gi* class, bivariate class), in the palette's order."""
    labels = pd.Series(categories.to_numpy(), index=codes.to_numpy())
    present = [name for name in palette if name in set(labels)]
    return Colouring(labels.map(palette), labels, title, [(name, palette[name]) for name in present])


def hotspot_colouring(result: pd.DataFrame) -> Colouring:
    """Colour by Gi* class (hot red, cold blue, not significant near white)."""
    palette = {name: HOTSPOT_COLOURS[name] for name in HOTSPOT_CLASSES}
    return by_category(result["lsoa21_code"], result["hotspot_class"], palette, "Getis-Ord Gi* hotspots (FDR-corrected)")


def decile_colouring(table: pd.DataFrame, column: str, title: str) -> Colouring:
    """Colour by national decile, 1 (most deprived) to 10."""
    palette = {f"Decile {d}": DECILE_COLOURS[d - 1] for d in range(1, 11)}
    return by_category(table["lsoa21_code"], "Decile " + table[column].astype(int).astype(str), palette, title)


def bivariate_colouring(table: pd.DataFrame, classes: pd.Series) -> Colouring:
    """Colour by the 3x3 rate x deprivation class."""
    return by_category(table["lsoa21_code"], classes, BIVARIATE, "Rate and deprivation (each split into thirds within the area)")


def render(
    table: pd.DataFrame,
    colouring: Colouring,
    area_code: str,
    key: str,
    labels: ExportLabels,
    rate_column: str = "rate",
    legend_below: bool = False,
) -> str | None:
    """Draw the map, its legend (beside it, or below it for maps drawn side by side), its downloads (a
    static PNG drawn on the server, and the CSV) and its numbers; return the LSOA code the user clicked, if any."""
    assets = cache.map_assets()
    properties = tooltip_properties(table, colouring, rate_column)
    figure = maps.choropleth(cache.web_layers(area_code), properties, colouring.colours, dict(TOOLTIP_FIELDS.values()), assets)
    map_column, legend_column = (st.container(), st.container()) if legend_below else st.columns([4, 1])
    with map_column:
        clicked = web_map(figure, assets, key, MAP_HEIGHT, f"Map of {colouring.legend_title.lower()} by neighbourhood")
    with legend_column:
        if set(colouring.labels) <= set(BIVARIATE):
            st.html(maps.bivariate_legend_html(colouring.legend_title, BIVARIATE))
        else:
            st.html(maps.legend_html(colouring.legend_title, [c for _, c in colouring.legend], [n for n, _ in colouring.legend]))
        st.caption(
            "Outlines: councils (thick) and wards (dashed); ward names appear when you zoom in. "
            "Contains OS data © Crown copyright and database right 2025."
        )
    numbers = map_values(table, colouring, rate_column)[list(NUMBER_COLUMNS)]
    downloads(partial(map_image, colouring, area_code, labels), numbers, labels, key)
    show_the_numbers(numbers, key)
    return clicked_code(table, clicked.get(TOOLTIP_FIELDS["lsoa21_name"][0]))


def map_image(colouring: Colouring, area_code: str, labels: ExportLabels) -> bytes:
    """The static map (PNG, drawn on the server) of ``colouring`` over the area's LSOAs, wards and councils outlined."""
    wards, councils = cache.area_outlines(area_code)
    return static_maps.map_png(
        cache.area_shapes(area_code), colouring.colours, colouring.legend, colouring.legend_title, wards, councils, labels
    )


def map_values(table: pd.DataFrame, colouring: Colouring, rate_column: str = "rate") -> pd.DataFrame:
    """``table`` indexed by LSOA code with the rate as shown (1 decimal) and the map class added."""
    values = table.set_index("lsoa21_code", drop=False)
    return values.assign(rate_shown=values[rate_column].round(1), map_class=colouring.labels)


def tooltip_properties(table: pd.DataFrame, colouring: Colouring, rate_column: str = "rate") -> pd.DataFrame:
    """The per-LSOA properties the map carries (``TOOLTIP_FIELDS``), under their short keys, indexed by LSOA code."""
    values = map_values(table, colouring, rate_column)
    return values[list(TOOLTIP_FIELDS)].rename(columns={column: key for column, (key, _) in TOOLTIP_FIELDS.items()})


def clicked_code(table: pd.DataFrame, name: str | None) -> str | None:
    """The LSOA code of the neighbourhood named ``name`` (LSOA names are unique), or None."""
    codes = table.loc[table["lsoa21_name"] == name, "lsoa21_code"]
    return str(codes.iloc[0]) if len(codes) else None
