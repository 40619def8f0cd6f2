"""Wards and neighbourhoods: maps, rankings and change by ward, MSOA or LSOA, and any one's profile."""

import streamlit as st

from svd_dash.analytics.neighbourhoods import LEVELS
from svd_dash.ui import cache, lsoa_map, unit_map
from svd_dash.ui.components import data_period_note, export_labels, friendly_dataframe, lazy_expander, nothing_to_show
from svd_dash.ui.keys import baseline_args, selection_args
from svd_dash.ui.page_links import follow_pick, mirror_to_link, start_from_link
from svd_dash.ui.profile_view import render_profile
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
st.title(f"Wards and neighbourhoods: {selection.grouping.name}, {selection.area.name}")
show_link_notes()
data_period_note(data, selection.area.code)
args = selection_args(selection)
area = selection.area.code
start_from_link("nb_level", "level", list(LEVELS))
level = st.radio("Show by", list(LEVELS), key="nb_level", format_func=lambda k: LEVELS[k].label, horizontal=True)
mirror_to_link("level", level)
table = cache.units(*args, level)
if table["count"].sum() == 0:
    nothing_to_show(
        f"There were no {selection.grouping.short_name} in {selection.area_phrase} in the complete months of {selection.period.label}. "
        "Choose another period or grouping."
    )
    st.stop()
st.caption(
    "A ward's figures are the sums over its LSOAs, placed by the ONS best-fit lookup LSOA 2021 to ward (2024 codes, equal to the May 2025 "
    "wards): each LSOA goes wholly to the ward holding its population-weighted centre. MSOAs are named by the House of Commons Library."
)

measure = selection.measure
labels = export_labels(data, selection, f"{selection.grouping.short_name.capitalize()} by {LEVELS[level].label.lower()}", f"{level}-map")
if level == "lsoa":
    per_lsoa = cache.neighbourhoods(*args)
    colouring = lsoa_map.by_measure(per_lsoa, measure.column, measure.label)
    clicked = lsoa_map.render(per_lsoa, colouring, area, key=f"nb_map_lsoa_{area}", labels=labels)
else:
    colouring = unit_map.unit_colouring(table, measure.column, measure.label)
    clicked = unit_map.render(table, colouring, area, level, key=f"nb_map_{level}_{area}", labels=labels)

st.header(f"Ranking by {LEVELS[level].label.lower()}")
st.caption(
    "Select a row (tick box on the left) to open its profile below. Rank 1 = most records. Counts below 10 are flagged as small numbers."
)
columns = ["rank", "name", "count", "rate", "rate_16_24", "population", "small_numbers", "lsoas", "la_name", "code"]
picked_row = friendly_dataframe(
    table[columns].round({"rate": 1, "rate_16_24": 1}),
    key=f"nb_ranking_{level}",
    on_select="rerun",
    selection_mode="single-row",
)

st.header("Change against the baseline")
st.caption(
    f"Rate a year per 1,000 residents in {selection.period.label} against {selection.baseline.label} (complete months, annualised). "
    "Changes in small places swing a lot by chance: read the small-numbers flag, and use a trend or SPC chart before calling a change real."
)
with lazy_expander(f"Each {LEVELS[level].label.lower()}'s rate, then and now", f"nb_changes_{level}") as is_open:
    if is_open:
        changes = cache.unit_changes(*args, *baseline_args(selection), level)
        friendly_dataframe(
            changes.sort_values(["count", "code"], ascending=[False, True]).round({"rate": 1, "rate_baseline": 1, "percent_change": 0}),
            key=f"nb_changes_{level}",
        )

st.header("Profile")
options = table["code"].tolist()
names = dict(zip(table["code"], table["name"], strict=True))
rows = picked_row.selection.rows if picked_row else []
follow_pick("nb_unit", "nb_last_click", clicked, options)
follow_pick("nb_unit", "nb_last_row", table["code"].iloc[rows[0]] if rows else None, options)
start_from_link("nb_unit", "unit", options)
unit = st.selectbox(
    f"{LEVELS[level].label} (type to search, click the map, or tick a row)",
    options,
    key="nb_unit",
    format_func=lambda c: f"{names[c]} · {c}",
)
mirror_to_link("unit", unit)
render_profile(selection, level, unit)
