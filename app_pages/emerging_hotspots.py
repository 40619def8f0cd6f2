"""Emerging hot spots: how each neighbourhood's hot spot status changed over the whole series, and how
well one year's hotspots predict the next year's."""

import streamlit as st

from svd_dash.analytics.emerging_hotspots import (
    CLASSES,
    QUARTER_MIN_MEAN,
    TooFewBinsError,
    class_counts,
    class_lines,
    emerging_table,
    pattern_table,
    summary_sentence,
)
from svd_dash.analytics.hotspot_prediction import prediction_sentence
from svd_dash.ui import cache, lsoa_map
from svd_dash.ui.components import data_period_note, explain, export_labels, friendly_dataframe, labelled_list, nothing_to_show
from svd_dash.ui.exports import table_csv
from svd_dash.ui.keys import selection_args
from svd_dash.ui.page_links import profile_link
from svd_dash.ui.palettes import EMERGING_COLOURS
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
st.title(f"Emerging hot spots: {selection.grouping.name}, {selection.area.name}")
show_link_notes()
data_period_note(data, selection.area.code)
area, grouping, start, end = selection_args(selection)
try:
    result = cache.emerging(area, grouping)
except TooFewBinsError as error:
    nothing_to_show(f"No emerging hot spot analysis for {selection.area_phrase}: {error}.")
    st.stop()

st.markdown(f"**{summary_sentence(result.classes, selection.area_phrase)}**")
st.caption(
    "A hot spot is a neighbourhood that, with its neighbours, has more records than chance would give. "
    f"Uses every complete month of the data, not the period chosen in the sidebar: {result.description}; "
    f"on average {result.mean_per_lsoa_per_bin:,.1f} records per neighbourhood per {result.kind}. "
    "Getis-Ord Gi* in each period (queen contiguity, analytic p-values, Benjamini-Hochberg false discovery rate 5% within each period), "
    "then the Mann-Kendall trend test on each neighbourhood's Gi* z-scores (5%); classes follow Esri's "
    "'How Emerging Hot Spot Analysis works'."
)
explain("Gi*", "queen contiguity", "Benjamini-Hochberg", "FDR", "Mann-Kendall")
if result.mean_per_lsoa_per_bin < QUARTER_MIN_MEAN:
    st.warning(
        f"Small numbers: {result.mean_per_lsoa_per_bin:,.1f} records per neighbourhood per {result.kind} on average, so periods are "
        "half-years and patterns rest on few records; read them with care."
    )

table = cache.neighbourhoods(area, grouping, start, end)
classes = result.classes.set_index("lsoa21_code")["emerging_class"].reindex(table["lsoa21_code"]).reset_index(drop=True)
colouring = lsoa_map.by_category(table["lsoa21_code"], classes, EMERGING_COLOURS, "Emerging hot spot class")
labels = export_labels(data, selection, f"Emerging hot spots: {selection.grouping.short_name}", "emerging-hotspots-map", result.description)
lsoa_map.render(table, colouring, area, key=f"emerging_map_{area}", labels=labels)

st.header("What each class means, and how many")
counts = class_counts(result.classes)
st.markdown(labelled_list(class_lines(counts[counts["lsoas"] > 0])))
with st.expander("Every class (Esri's definitions, in plain words)"):
    st.markdown(labelled_list(class_lines(counts[counts["class"].isin(CLASSES)])))

st.header("Neighbourhoods with a pattern")
listed = pattern_table(result.classes, data.lsoa)
listed.insert(2, "profile", [profile_link(selection, "lsoa", code) for code in listed["lsoa21_code"]])
friendly_dataframe(
    listed,
    key="emerging_lsoas",
    column_config={"profile": st.column_config.LinkColumn("Profile", display_text="Open profile")},
)
list_labels = export_labels(
    data, selection, f"Emerging hot spot classes: {selection.grouping.short_name}", "emerging-hotspots", result.description
)
st.download_button(
    "Download every neighbourhood's class (CSV)",
    lambda: table_csv(emerging_table(result), list_labels),
    file_name=f"{list_labels.stem}.csv",
    mime="text/csv",
    key="emerging_csv",
    on_click="ignore",
)

st.header("How well this year's hotspots predict next year's")
prediction = cache.hotspot_prediction(grouping)
own = prediction[prediction["area"] == selection.area.name].iloc[-1]
st.markdown(f"**{prediction_sentence(own, selection.grouping.short_name, selection.area_phrase)}**")
st.caption(
    "Hit rate: the share of next year's records in this year's top 5% of neighbourhoods by count. PAI (predictive accuracy index, "
    "Chainey and others 2008): hit rate divided by the share of the land those neighbourhoods cover. Complete months only."
)
shown = prediction.assign(
    hit_rate=(prediction["hit_rate"] * 100).round(1),
    area_share=(prediction["area_share"] * 100).round(1),
    still_top=(prediction["still_top"] * 100).round(0),
).round({"pai": 2})
friendly_dataframe(
    shown.rename(columns={"hit_rate": "hit_rate_%", "area_share": "land_share_%", "still_top": "still_top_5%_%"}),
    key="prediction",
)
