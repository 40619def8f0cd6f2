"""SVD measures: the three national measures as published, the police.uk proxies per area, and what is
not published per area."""

import streamlit as st

from svd_dash.analytics.periods import NoCompleteMonthsError
from svd_dash.analytics.svd import SERIES, change_from_baseline, published_series
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.components import chart, export_labels, source_line
from svd_dash.ui.keys import baseline_args, period_args
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data = cache.prepared()
st.title("Serious Violence Duty measures")
show_link_notes()
st.markdown(
    "The Duty's three national measures are **homicides**, **hospital admissions for assault with a knife or sharp object** and "
    "**police-recorded knife crime**. Below are the figures published for the West Midlands, each against its last pre-pandemic year "
    "(the latest period ending by March 2020), with its source."
)

for measure, specs in SERIES.items():
    st.header(measure)
    for number, spec in enumerate(specs):
        rows = published_series(data.svd_measures, spec)
        if rows.empty:
            st.warning(f"No published figures for: {spec.title}.")
            continue
        change = change_from_baseline(rows)
        if change is not None:
            st.markdown(f"**{change.sentence(spec.title.split(',')[0])}**")
        sources = "; ".join(sorted({f"{s} ({u})" for s, u in zip(rows["source"], rows["source_url"], strict=True)}))
        chart(
            charts.published_figure(
                rows,
                None if change is None else float(change.baseline["value"]),
                spec.title,
                f"Published figures · {rows['unit'].iloc[0]}",
                rows["unit"].iloc[0],
            ),
            rows[["period", "period_end", "value", "unit", "detail", "source", "source_url", "notes"]],
            alt=change.sentence(spec.title) if change else spec.title,
            key=f"svd_{measure}_{number}",
            labels=export_labels(data, selection, spec.title, f"{spec.indicator}-{spec.geography}"),
            caption=f"Source: {sources}. Notes: {'; '.join(sorted(set(rows['notes']) - {''})) or 'none'}.",
        )
    with st.expander(f"All published {measure.lower()} figures bundled"):
        st.dataframe(data.svd_measures[data.svd_measures["measure"] == measure], hide_index=True)

st.header("police.uk proxies by area")
st.caption(
    f"{sentence_start(selection.period.label)} against {selection.baseline.label}, complete months only. police.uk has no knife flag: "
    "Possession of weapons, Robbery and Violence and sexual offences stand in for the Duty's measures."
)
try:
    proxies = cache.svd_proxies(*period_args(selection), *baseline_args(selection))
except NoCompleteMonthsError as error:
    st.warning(f"No comparison: {error}. Choose a period and a baseline that include complete months.")
else:
    st.dataframe(proxies.drop(columns="statement").round(1), hide_index=True, key="proxies")
    with st.expander("Each in a sentence"):
        for sentence in proxies["statement"]:
            st.markdown(f"- {sentence}")
st.caption(source_line(data))

st.header("What is not published per area, and why")
st.markdown(
    "- **Knife crime by council area** is not published: the Home Office publishes knife-flagged offences by police force area only "
    "(written question 129149, 2022). The force-level series above also has a methodology break around 2021.\n"
    "- **Homicide by council area** is not published in the bundled sources; the Homicide Index is published by force area "
    "and nationally.\n"
    "- **Hospital admissions for assault with a sharp object by council of residence** were not available; the figures above are "
    "under-20s only, Birmingham and the police force area, rounded to 5 with small numbers suppressed.\n"
    "Where a figure is unavailable the dashboard says so rather than estimating it."
)
