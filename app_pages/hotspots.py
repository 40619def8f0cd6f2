"""Hotspots: where offences concentrate, on an LSOA map, with the top 20 and the Lorenz curve."""

import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.hotspots import hotspot_sentence
from svd_dash.analytics.measures import MEASURE_BY_KEY
from svd_dash.analytics.small_numbers import ranking_warning
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts, lsoa_map
from svd_dash.ui.components import (
    JARGON,
    NEIGHBOURHOOD_KEY,
    chart,
    choose_neighbourhood,
    data_period_note,
    explain,
    export_labels,
    friendly_dataframe,
    source_line,
    table_height,
)
from svd_dash.ui.keys import selection_args
from svd_dash.ui.sidebar import current_selection, show_link_notes
from svd_dash.ui.state import HOTSPOT_VIEWS

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
view_names = {"measure": measure.label, "hotspots": "Hotspot test (Gi*)"}
colour_by = st.radio(
    "Colour the map by", HOTSPOT_VIEWS, format_func=view_names.get, horizontal=True, key="hotspot_view", help=JARGON["Gi*"]
)
if colour_by == "measure" and measure.key == "rate":
    colouring = lsoa_map.by_measure(table, "rate_smoothed", "Rate per 1,000 residents (smoothed)")
    st.caption(
        "Rates are empirical Bayes smoothed: a neighbourhood with few residents is pulled towards the area's rate, so a handful of "
        "records cannot make it look extreme. City-centre rates stay very high because their records include visitors, "
        "who are not residents."
    )
elif colour_by == "measure":
    colouring = lsoa_map.by_measure(table, measure.column, measure.label)
else:
    hotspots = cache.hotspots(*args, measure.key)
    colouring = lsoa_map.hotspot_colouring(hotspots)
    st.markdown(f"**{hotspot_sentence(hotspots, selection.grouping.short_name, selection.area_phrase)}**")
    st.caption(
        "Getis-Ord Gi* on the selected measure, queen contiguity, analytic p-values (normal approximation; permutations could not "
        "reach the strictest class over this many neighbourhoods), Benjamini-Hochberg false discovery rate at 1%, 5% and 10%."
    )
    explain("Gi*", "queen contiguity", "Benjamini-Hochberg", "FDR")
map_labels = export_labels(
    data, selection, f"{sentence_start(selection.grouping.short_name)}: {colouring.legend_title.lower()}", "hotspot-map"
)
clicked = lsoa_map.render(table, colouring, selection.area.code, key=f"hotspot_map_{selection.area.code}", labels=map_labels)

st.header("Top 20 neighbourhoods")
if warning := ranking_warning(table["count"]):
    st.warning(warning)
top = views.top_neighbourhoods(table, measure.column)
numbers = list(dict.fromkeys([measure.column, "count", "rate", "harm_days"]))  # the ranking figure first, in view at 1024 px
columns = ["rank", "msoa21_hcl_name", *numbers, "ward_name", "imd2025_decile", "lsoa21_name", "lsoa21_code"]
friendly_dataframe(top[columns].round(1), key="top20", height=table_height(len(top)))

st.header("How concentrated it is")
summary, points = cache.concentration_of(*args, measure.key)
st.markdown(f"**{summary.sentence(selection.grouping.short_name, selection.area_phrase)}** Gini coefficient {summary.gini:.2f}.")
explain("Gini")
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
choose_neighbourhood(options, clicked)
code = st.selectbox("Neighbourhood (click the map, or choose)", options, format_func=lambda c: f"{names[c]} ({c})", key=NEIGHBOURHOOD_KEY)
monthly = views.lsoa_monthly(data, code, selection.grouping)
domains = views.lsoa_domains(data, code)
chart(
    charts.monthly_bars_figure(monthly, f"{names[code]} ({code})", selection.grouping.name, "Records per month"),
    monthly,
    alt=f"Monthly {selection.grouping.short_name} in {code}.",
    key="lsoa_monthly",
    labels=export_labels(data, selection, f"{names[code]} ({code})", f"lsoa-{code}"),
    caption=source_line(data),
)
st.subheader("Deprivation (IMD 2025 national decile, 1 = most deprived)")
friendly_dataframe(domains, key="domains")
