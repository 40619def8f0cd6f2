"""Partner data: upload a partner's counts, suppress small numbers, see them beside the police data."""

import streamlit as st

from svd_dash.analytics.partner_compare import (
    LEVEL_WORDS,
    NoPartnerFiguresError,
    comparison_table,
    coverage_note,
    lsoa_rows,
    partner_police_correlation,
    partner_spc,
    partner_views,
    police_by_place,
    suppression_summary,
)
from svd_dash.analytics.partner_data import geography_lookup
from svd_dash.analytics.spc import BaselineTooShortError
from svd_dash.analytics.suppression import MARK, SHOWN
from svd_dash.analytics.views import months_used
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts, lsoa_map, partner
from svd_dash.ui.components import chart, export_labels, nothing_to_show, source_line
from svd_dash.ui.keys import baseline_args, selection_args
from svd_dash.ui.partner_pack import PackContent, pack_download
from svd_dash.ui.sidebar import current_selection

selection = current_selection()
data = cache.prepared()
area, grouping = selection.area.code, selection.grouping
st.title("Partner data beside police data")
st.info(partner.PRIVACY_NOTE)
st.caption("One row per place, month and measure. Data and methods explains the format, the privacy promise and the small-number rule.")
partner.upload_panel(data)
extract = partner.stored_extract()
if extract is None:
    st.stop()

measure = st.selectbox("Partner measure", extract.measures, key=partner.MEASURE_KEY)
st.text(f"Source: {extract.source_of(measure)} (supplied by the user, not published)")
rule = partner.rule_settings()
lookup = geography_lookup(data.lsoa)
try:
    views = partner_views(extract.rows, measure, lookup, area, selection.period, rule)
except NoPartnerFiguresError as error:
    nothing_to_show(f"Nothing to show for {selection.area_phrase} in {selection.period.label}: {error}. Choose another area or period.")
    st.stop()
police_months = months_used(data, area, selection.period)
police = police_by_place(data.counts, data.lsoa, area, grouping.crime_types, police_months, views.level)
total_text = MARK if views.total_status != SHOWN else f"{views.total:,.0f}"
left, right = st.columns(2)
left.metric(
    f"Partner measure, {len(views.months)} months", total_text, help="The period's total, suppressed and rounded like every figure."
)
right.metric(
    f"Police records, {len(police_months)} months", f"{int(police.sum()):,}", help=f"{grouping.name}, complete months of the period."
)
st.caption(f"{coverage_note(views, area)} {suppression_summary(views)} {rule.footer}".strip())
data_span = (data.months["month"].min(), data.months["month"].max())
footer_note = "Partner data supplied by the user, not published (source as labelled above). " + rule.footer

st.header("Month by month, beside police")
title = "Partner measure each month"
chart(
    partner.trend_figure(views, title, f"{selection.area.name} · {measure}", data_span),
    views.monthly[["month", "shown", "status", "in_period"]].rename(columns={"shown": "count"}),
    alt=f"Monthly counts of the partner measure in {selection.area_phrase}, small numbers suppressed.",
    key="partner_trend",
    labels=partner.partner_labels(selection, extract, measure, rule, title, "trend"),
    caption=footer_note,
)
trend = cache.trend(area, grouping.name, *baseline_args(selection))
police_title = f"{sentence_start(grouping.short_name)} each month (police)"
chart(
    charts.trend_figure(
        trend, selection.baseline, selection.period, police_title, f"{selection.area.name} · {grouping.name}", "Records per month"
    ),
    trend,
    alt=f"Monthly {grouping.short_name} recorded by police in {selection.area_phrase}.",
    key="partner_police_trend",
    labels=export_labels(data, selection, police_title, "partner-police-trend"),
    caption=source_line(data, grouping.definition),
)
try:
    spc, limits_from = partner_spc(views, selection.baseline)
    spc_title = "Partner measure: SPC chart (XmR)"
    chart(
        charts.spc_figure(spc, selection.baseline, spc_title, f"{selection.area.name} · {measure}<br>{limits_from}", "Count per month"),
        spc.table,
        alt=f"SPC chart of the partner measure in {selection.area_phrase}: {spc.variation}.",
        key="partner_spc",
        labels=partner.partner_labels(selection, extract, measure, rule, spc_title, "spc"),
        caption=f"{footer_note} Suppressed months are gaps and are not used for the limits or the rules.",
    )
except BaselineTooShortError as error:
    st.text(f"No SPC chart of the partner series: {error}.")

st.header("By place, beside police")
if views.level == "Council":
    st.text("This measure is by council, so there is no neighbourhood map; the table below gives each council.")
else:
    rows = lsoa_rows(views, data.lsoa, area)
    st.subheader("Partner measure, rate per 1,000 residents")
    if views.level != "LSOA 2021":
        st.caption("Ward figures: every neighbourhood in a ward shows its ward's count and rate.")
    map_title = "Partner measure: rate per 1,000 residents"
    lsoa_map.render(
        rows,
        partner.map_colouring(rows),
        area,
        key=f"partner_map_{area}",
        labels=partner.partner_labels(selection, extract, measure, rule, map_title, "map"),
    )
    st.subheader(f"{sentence_start(grouping.short_name)} (police), rate per 1,000 residents")
    table = cache.neighbourhoods(*selection_args(selection))
    lsoa_map.render(
        table,
        lsoa_map.by_measure(table, "rate", "Rate per 1,000 residents"),
        area,
        key=f"partner_police_map_{area}",
        labels=export_labels(data, selection, f"{sentence_start(grouping.short_name)}: rate per 1,000", "partner-police-map"),
    )

st.header("Do the two line up?")
correlation = partner_police_correlation(extract.rows, measure, lookup, views, police, len(police_months), area)
st.text(correlation.sentence(measure, grouping.short_name, selection.area_phrase))
st.caption(f"{correlation.method}. Computed from the true counts; one coefficient over many places reveals no single count.")
compared = comparison_table(views, police, len(police_months))
columns = ["code", "name", "population", "shown", "status", "rate", "police_count", "police_rate"]
chart(
    partner.rates_figure(compared, "Partner rate against police rate", f"{selection.area.name} · {LEVEL_WORDS[views.level]}"),
    compared[columns].rename(columns={"shown": "count"}).round(2),
    alt=correlation.sentence(measure, grouping.short_name, selection.area_phrase),
    key="partner_places",
    labels=partner.partner_labels(selection, extract, measure, rule, "Partner rate against police rate", "by-place"),
    caption=footer_note,
)
pack = PackContent(views, compared[columns], correlation.sentence(measure, grouping.short_name, selection.area_phrase), trend)
pack_download(data, selection, extract, measure, rule, pack)
