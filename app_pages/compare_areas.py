"""Compare areas: the seven side by side, with confidence intervals and a funnel plot, so an area is
only called high or low when the difference is unlikely to be chance."""

import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.periods import NoCompleteMonthsError
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.components import chart, explain, export_labels, friendly_table, source_line
from svd_dash.ui.keys import period_args
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
grouping = selection.grouping
residents, per = selection.residents_column, selection.per_phrase
st.title(f"Compare areas: {grouping.name}")
show_link_notes()
try:
    table, curve, reference, months = cache.area_comparison(grouping.name, *period_args(selection), residents)
except NoCompleteMonthsError as error:
    st.warning(f"Nothing to compare: {error}. Choose a period with complete months.")
    st.stop()
st.caption(
    f"{sentence_start(selection.period.label)}: the {months} months complete in all seven areas. Rates are a year {per} (Census 2021)."
)

rates_alt = "; ".join(f"{r.area_name} {r.rate:.1f} {per} ({r.comparison})" for r in table.itertuples())
chart(
    charts.area_rates_figure(
        table,
        reference,
        f"{sentence_start(grouping.short_name)} {per}, a year",
        f"{selection.period.label} · 95% confidence intervals",
        f"Rate {per}",
    ),
    table[["area_name", "count", residents, "rate", "rate_lower", "rate_upper", "comparison"]].round(2),
    alt=rates_alt,
    key="area_rates",
    labels=export_labels(data, selection, f"{sentence_start(grouping.short_name)} {per}, a year", "area-rates"),
    caption=source_line(data, grouping.definition),
)
chart(
    charts.funnel_figure(
        table, curve, reference, "Funnel plot against the West Midlands rate", selection.period.label, f"Rate {per}", residents
    ),
    curve.round(3),
    alt=rates_alt,
    key="funnel",
    labels=export_labels(data, selection, "Funnel plot against the West Midlands rate", "funnel"),
    caption=source_line(data),
)
explain("funnel", "99.8% limits")

st.header("Ranking")
friendly_table(
    table.assign(rank=range(1, len(table) + 1))[["rank", "area_name", "rate", "rate_lower", "rate_upper", "count", "comparison"]].round(1),
    key="ranking",
)

st.header("Crime-type mix")
mix = views.crime_type_mix(data, selection.period)
chart(
    charts.mix_figure(mix, "Share of records by police.uk category", selection.period.label),
    mix.pivot(index="area", columns="crime_type", values="share").round(3).reset_index(),
    alt="Each area's records split by crime type.",
    key="mix",
    labels=export_labels(data, selection, "Share of records by police.uk category", "crime-mix"),
    caption=source_line(data),
)
