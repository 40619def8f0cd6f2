"""Trends: the monthly series against the baseline with the user's events marked, the change and whether it
is bigger than the normal ups and downs, the SPC chart, seasonality, and each crime type on its own."""

import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.findings import change_for, change_since_2019
from svd_dash.analytics.markers import with_events
from svd_dash.analytics.periods import NoCompleteMonthsError, complete_months
from svd_dash.analytics.seasonality import seasonal_profile, seasonal_sentence
from svd_dash.analytics.spc import BaselineTooShortError
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.components import SEASONALITY_CAVEAT, chart, data_period_note, export_labels, nothing_to_show, source_line
from svd_dash.ui.events_box import events_box
from svd_dash.ui.keys import baseline_args
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
area, grouping = selection.area.code, selection.grouping
st.title(f"Trends: {grouping.name}, {selection.area.name}")
show_link_notes()
data_period_note(data, area)
st.page_link("app_pages/partner_data.py", label="Put a partner's own extract beside these figures (Partner data)")

events_box(selection, cache.data_months())
trend = cache.trend(area, grouping.name, *baseline_args(selection))
try:
    change, problem = change_for(data, area, grouping, selection.period, selection.baseline), ""
except NoCompleteMonthsError as error:
    change, problem = None, str(error)
trend_alt = change.sentence if change else f"Monthly {grouping.short_name} in {selection.area_phrase}; no comparison: {problem}."
chart(
    charts.with_event_markers(
        charts.trend_figure(
            trend,
            selection.baseline,
            selection.period,
            f"{sentence_start(grouping.short_name)} each month",
            selection.comparison_subtitle,
            "Records per month",
        ),
        selection.events,
    ),
    with_events(trend, selection.events),
    alt=trend_alt,
    key="trend",
    labels=export_labels(data, selection, f"{sentence_start(grouping.short_name)} each month", "trend", with_baseline=True),
    caption=source_line(data, grouping.definition),
)

st.header("Bigger than the normal ups and downs?")
if change is None:
    nothing_to_show(f"No comparison: {problem}. Choose periods that include complete months.")
else:
    st.markdown(f"### {change.sentence}")
    st.caption(
        f"Compared {change.months.description}. Likely range: 95% interval from a quasi-Poisson model of the monthly counts; "
        f"here the months vary {change.interval.dispersion:.1f} times as much as chance alone would make them "
        "(dispersion, never taken below 1). See Data and methods."
    )
    columns = st.columns(3)
    columns[0].metric(f"{sentence_start(selection.period.label)}", f"{change.current_count:,}")
    columns[1].metric(f"Baseline: {selection.baseline.label}", f"{change.baseline_count:,}")
    columns[2].metric("Change in the monthly average", f"{change.percent_change:+.1f}%", help=change.verdict)

st.header("Is it changing? Statistical process control")
target = st.number_input("Target: % fewer a month than the baseline (0 = no target)", min_value=0, max_value=90, step=5, key="spc_target")
try:
    spc = cache.spc(area, grouping.name, *baseline_args(selection), float(target))
    spc_title = f"{sentence_start(grouping.short_name)}: SPC chart (XmR)"
    st.markdown(f"**{spc.sentence(grouping.short_name, selection.area_phrase)}**")
    chart(
        charts.with_event_markers(
            charts.spc_figure(
                spc,
                selection.baseline,
                spc_title,
                charts.spc_subtitle(selection.area.name, grouping.name, selection.baseline),
                "Records per month",
            ),
            selection.events,
        ),
        with_events(spc.table, selection.events),
        alt=spc.sentence(grouping.short_name, selection.area_phrase),
        key="spc",
        labels=export_labels(data, selection, spc_title, "spc"),
        caption=source_line(data, "XmR chart, NHS England Making Data Count rules; partial months drawn hollow, never tested"),
    )
except BaselineTooShortError as error:
    nothing_to_show(f"No SPC chart: {error}. Choose a baseline with more complete months.")

st.header("Against 2019 (indicative only)")
try:
    since = change_since_2019(data, area, grouping, selection.period)
    st.markdown(since.sentence)
except NoCompleteMonthsError as error:
    nothing_to_show(f"No comparison with 2019: {error}.")

st.header("Seasonality")
profile = seasonal_profile(trend.set_index("month")["count"], complete_months(data.months, area))
chart(
    charts.seasonal_figure(profile, "Month-of-year profile", f"{selection.area.name} · {grouping.name} · complete months only"),
    profile.round(1),
    alt=seasonal_sentence(profile),
    key="seasonal",
    labels=export_labels(data, selection, "Month-of-year profile", "seasonality"),
    caption=source_line(data),
)

st.caption(SEASONALITY_CAVEAT)

st.header("By crime type")
by_type = views.monthly_by_type(data, area, grouping.crime_types)
chart(
    charts.small_multiples_figure(by_type, "Each crime type in the grouping", f"{selection.area.name} · complete months only"),
    by_type,
    alt="One small chart per crime type.",
    key="multiples",
    labels=export_labels(data, selection, "Each crime type in the grouping", "crime-types"),
    caption=source_line(data),
)
