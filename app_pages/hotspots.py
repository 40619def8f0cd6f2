"""Hotspots: where offences concentrate, on an LSOA map, with the top 20 and the Lorenz curve."""

import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.measures import MEASURE_BY_KEY
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts, lsoa_map
from svd_dash.ui.components import chart, data_period_note, export_labels, source_line
from svd_dash.ui.keys import selection_args
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
st.title(f"Hotspots: {selection.grouping.name}, {selection.area.name}")
show_link_notes()
data_period_note(data, selection.area.code)
st.page_link("app_pages/partner_data.py", label="Put a partner's own extract beside these figures (Partner data)")
args = selection_args(selection)
table = cache.neighbourhoods(*args)
if table["count"].sum() == 0:
    st.warning(
        f"There were no {selection.grouping.short_name} in {selection.area_phrase} in {selection.period.label}. "
        "Choose another period or grouping."
    )
    st.stop()

measure = selection.measure
colour_by = st.radio("Colour the map by", [measure.label, "Hotspot test (Gi*)"], horizontal=True, key="hotspot_colour_by")
if colour_by == measure.label:
    colouring = lsoa_map.by_measure(table, measure.column, measure.label)
else:
    colouring = lsoa_map.hotspot_colouring(cache.hotspots(*args, measure.key))
    st.caption(
        "Getis-Ord Gi* on the selected measure, queen contiguity, 9,999 permutations, Benjamini-Hochberg false discovery rate. "
        "A hot spot is a neighbourhood that, with its neighbours, has more than chance would give."
    )
map_labels = export_labels(
    data, selection, f"{sentence_start(selection.grouping.short_name)}: {colouring.legend_title.lower()}", "hotspot-map"
)
clicked = lsoa_map.render(table, colouring, selection.area.code, key=f"hotspot_map_{selection.area.code}", labels=map_labels)

st.header("Top 20 neighbourhoods")
top = views.top_neighbourhoods(table, measure.column)
st.dataframe(
    top[["rank", "lsoa21_code", "lsoa21_name", "msoa21_hcl_name", "ward_name", "count", "rate", "harm_days", "imd2025_decile"]].round(1),
    hide_index=True,
    key="top20",
)

st.header("How concentrated it is")
summary, points = cache.concentration_of(*args, measure.key)
st.markdown(f"**{summary.sentence(selection.grouping.short_name, selection.area_phrase)}** Gini coefficient {summary.gini:.2f}.")
chart(
    charts.lorenz_figure(points, f"Concentration of {selection.grouping.short_name}", selection.subtitle),
    points.round(4),
    alt=summary.sentence(selection.grouping.short_name, selection.area_phrase),
    key="lorenz",
    labels=export_labels(data, selection, f"Concentration of {selection.grouping.short_name}", "lorenz"),
    caption=source_line(data, f"measure: {MEASURE_BY_KEY[measure.key].definition}"),
)

st.header("Neighbourhood details")
options = table.sort_values(measure.column, ascending=False)["lsoa21_code"].tolist()
names = dict(zip(table["lsoa21_code"], table["lsoa21_name"] + " · " + table["msoa21_hcl_name"], strict=True))
default = options.index(clicked) if clicked in options else 0
code = st.selectbox(
    "Neighbourhood (click the map, or choose)",
    options,
    index=default,
    format_func=lambda c: f"{c} · {names[c]}",
)
monthly = views.lsoa_monthly(data, code, selection.grouping)
domains = views.lsoa_domains(data, code)
left, right = st.columns(2)
with left:
    chart(
        charts.monthly_bars_figure(monthly, f"{code} {names[code]}", selection.grouping.name, "Records per month"),
        monthly,
        alt=f"Monthly {selection.grouping.short_name} in {code}.",
        key="lsoa_monthly",
        labels=export_labels(data, selection, f"{code} {names[code]}", f"lsoa-{code}"),
        caption=source_line(data),
    )
with right:
    st.subheader("Deprivation (IMD 2025 national decile, 1 = most deprived)")
    st.dataframe(domains, hide_index=True, key="domains")
