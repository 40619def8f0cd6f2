"""Risk factors: the four factors of the needs assessment beside violence, by fifth of each factor."""

import streamlit as st

from svd_dash.analytics.risk_factors import CAUSATION_CAVEAT, CRIME_DOMAIN_CAVEAT, FACTOR_BY_KEY, FACTORS, SUBSTANCE_CAVEAT
from svd_dash.ui import cache, charts, lsoa_map
from svd_dash.ui.components import chart, data_period_note, export_labels, friendly_dataframe, nothing_to_show, side_by_side, source_line
from svd_dash.ui.keys import selection_args
from svd_dash.ui.page_links import mirror_to_link, start_from_link
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
st.title(f"Risk factors and {selection.grouping.short_name}: {selection.area.name}")
show_link_notes()
data_period_note(data, selection.area.code)
st.info(CAUSATION_CAVEAT)
args = selection_args(selection)
table, months = cache.risk(*args)
if months == 0 or table["count"].sum() == 0:
    nothing_to_show(
        f"There were no {selection.grouping.short_name} in {selection.area_phrase} in the complete months of {selection.period.label}. "
        "Choose another period or grouping."
    )
    st.stop()

keys = [f.key for f in FACTORS]
start_from_link("rf_factor", "factor", keys)
factor_key = st.selectbox(
    "Risk factor",
    keys,
    key="rf_factor",
    format_func=lambda k: f"{FACTOR_BY_KEY[k].risk_factor}: {FACTOR_BY_KEY[k].label} ({FACTOR_BY_KEY[k].source})",
)
mirror_to_link("factor", factor_key)
factor = FACTOR_BY_KEY[factor_key]
if factor.key == "drugs":
    st.warning(SUBSTANCE_CAVEAT)
if factor.key == "drugs" and "Drugs" in selection.grouping.crime_types:
    st.warning("The crime grouping includes drugs offences, so this compares drugs offences with themselves.")
if factor.key == "crime":
    st.warning(CRIME_DOMAIN_CAVEAT)

result = cache.factor_rates(*args, factor.key)
sentence = result.sentence(factor, selection.grouping.short_name)
st.markdown(f"**{sentence}**")
st.caption(
    "Quintiles: the area's neighbourhoods (LSOAs) in five equal groups by the factor. Intervals allow for neighbourhoods varying "
    f"more than chance alone: {result.method}. City-centre rates count visitors as well as residents."
)

left, right = side_by_side("factor_maps")
with left:
    st.subheader(factor.label)
    factor_labels = export_labels(data, selection, f"{factor.label}", f"risk-{factor.key}-map", factor.source)
    lsoa_map.render(
        table,
        lsoa_map.by_measure(table, factor.column, factor.label),
        selection.area.code,
        key=f"rf_map_{factor.key}",
        labels=factor_labels,
        legend_below=True,
    )
with right:
    st.subheader(selection.measure.label)
    violence_labels = export_labels(
        data, selection, f"{selection.grouping.short_name.capitalize()}: {selection.measure.label.lower()}", "risk-violence-map"
    )
    colouring = lsoa_map.by_measure(table, selection.measure.column, selection.measure.label)
    lsoa_map.render(table, colouring, selection.area.code, key="rf_map_violence", labels=violence_labels, legend_below=True)

chart(
    charts.quintile_figure(
        result.table,
        f"{selection.grouping.name} rate by fifth of {factor.label.lower()}",
        f"{selection.area.name} · {selection.period.label}",
        "Fifth of neighbourhoods by the factor (Q1 lowest, Q5 highest)",
        "Per 1,000 residents a year",
    ),
    result.table.round(3),
    alt=sentence,
    key="rf_quintiles",
    caption=source_line(data, f"{factor.source}; {result.method}"),
    labels=export_labels(data, selection, f"Rate by fifth of {factor.label.lower()}", f"risk-{factor.key}-quintiles", result.method),
)

st.header("All the factors at a glance")
st.caption("Rate ratio: the highest fifth's rate divided by the lowest fifth's, with its 95% interval (quasi-Poisson). 1 = no difference.")
friendly_dataframe(cache.factors_at_a_glance(*args), key="rf_overview")
