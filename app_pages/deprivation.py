"""Deprivation: the IMD 2025 overlay, violence by deprivation, the gradient, and 2019 against 2025."""

import streamlit as st

from svd_dash.analytics.deprivation import bivariate_classes
from svd_dash.analytics.views import DOMAIN_LABELS
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts, lsoa_map
from svd_dash.ui.components import JARGON, chart, export_labels, source_line
from svd_dash.ui.keys import selection_args
from svd_dash.ui.sidebar import current_selection, show_link_notes
from svd_dash.ui.state import BIVARIATE_VIEW, DEPRIVATION_VIEWS

selection = current_selection()
data = cache.prepared()
grouping = selection.grouping
residents, per = selection.residents_column, selection.per_phrase
st.title(f"Deprivation and {grouping.short_name}: {selection.area.name}")
show_link_notes()
table = cache.neighbourhoods(*selection_args(selection))

view = st.selectbox("Map", DEPRIVATION_VIEWS, key="deprivation_view", help=JARGON["IMD"])
if view == BIVARIATE_VIEW:
    rate_column = "rate_16_24" if residents == "population_16_24" else "rate"
    colouring = lsoa_map.bivariate_colouring(table, bivariate_classes(table[rate_column].fillna(0), table["imd2025_score"]))
    st.caption("Each neighbourhood's third (low, medium, high) of the rate and of the IMD 2025 score, within the area.")
else:
    column = next(c for c, label in DOMAIN_LABELS.items() if label == view)
    colouring = lsoa_map.decile_colouring(table, column, f"{view}: IMD 2025 national decile (1 = most deprived)")
map_labels = export_labels(data, selection, colouring.legend_title, "deprivation-map")
lsoa_map.render(table, colouring, selection.area.code, key=f"deprivation_map_{selection.area.code}", labels=map_labels)

st.header(f"{sentence_start(grouping.short_name)} by deprivation")
by_decile, gradient, correlation = cache.deprivation(*selection_args(selection), residents)
if gradient is not None:
    st.markdown(f"**{gradient.sentence(grouping.short_name, selection.area_phrase)}**")
st.markdown(correlation.sentence())
chart(
    charts.decile_figure(by_decile, f"Rate {per} by national deprivation decile", selection.subtitle, f"Rate {per}, a year"),
    by_decile.round(2),
    alt=gradient.sentence(grouping.short_name, selection.area_phrase) if gradient else "Rate by deprivation decile.",
    key="deciles",
    labels=export_labels(data, selection, f"Rate {per} by national deprivation decile", "deprivation-deciles"),
    caption=source_line(data, "deprivation: English Indices of Deprivation 2025 (MHCLG)"),
)

st.header("Neighbourhoods in England's most deprived 10%: 2019 and 2025")
shares = cache.most_deprived_table()
st.dataframe(
    shares.assign(**{"2019": (shares["share_2019"] * 100).round(1), "2025": (shares["share_2025"] * 100).round(1)})[
        ["area", "most_deprived_10pc_2019", "lsoas_2019", "2019", "most_deprived_10pc_2025", "lsoas_2025", "2025"]
    ],
    hide_index=True,
    key="deprived_shares",
    column_config={
        "area": "Area",
        "most_deprived_10pc_2019": st.column_config.NumberColumn("Most deprived 10%, 2019 (neighbourhoods)"),
        "lsoas_2019": st.column_config.NumberColumn("All neighbourhoods, 2019"),
        "most_deprived_10pc_2025": st.column_config.NumberColumn("Most deprived 10%, 2025 (neighbourhoods)"),
        "lsoas_2025": st.column_config.NumberColumn("All neighbourhoods, 2025"),
        "2019": st.column_config.NumberColumn("% in 2019 (LSOA 2011)", format="%.1f%%"),
        "2025": st.column_config.NumberColumn("% in 2025 (LSOA 2021)", format="%.1f%%"),
    },
)
st.caption("IMD 2019 counted on its own 2011 neighbourhoods (1,680), IMD 2025 on 2021 neighbourhoods (1,719). Source: MHCLG, OGL v3.0.")
