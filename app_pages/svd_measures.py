"""SVD measures: the Duty's three national measures from official sources only (ONS tables, written answers in
Parliament, NHS Digital), each with publisher, edition, period and lag; the police.uk proxies per area."""

import streamlit as st

from svd_dash.analytics.periods import NoCompleteMonthsError
from svd_dash.analytics.svd import (
    OFFICIAL_SERIES,
    SERIES,
    STYLE_ORDER,
    change_from_baseline,
    homicide_rate_sentence,
    latest_like_for_like,
    measure_sources,
    official_series,
    published_series,
    series_alt_text,
    source_footer,
)
from svd_dash.reference import REGION, sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.columns import friendly_name
from svd_dash.ui.components import chart, friendly_dataframe, lazy_expander, source_line
from svd_dash.ui.keys import baseline_args, period_args
from svd_dash.ui.official_exports import escape_markdown, official_labels
from svd_dash.ui.sidebar import current_selection, show_link_notes

selection = current_selection()
data, official = cache.prepared(), cache.official()
council = selection.area.code != REGION.code
st.title("Serious Violence Duty measures" + (f": force-level figures, not {selection.area.name} alone" if council else ""))
show_link_notes()
if council:
    st.info(
        f"Knife crime and homicide are published for the West Midlands Police force area (all seven councils together), "
        f"not for {selection.area.name}. The figures below are force-level."
    )
st.markdown(
    "The Duty's three national measures are **homicide**, **hospital admissions for assault with a knife or sharp object** and "
    "**police-recorded knife crime**. Only official figures are shown: **official statistics** (ONS tables; solid markers) and "
    "**official statements** (a minister's written answer in Parliament; hollow markers, dashed lines). News reports are not used."
)
show_derived = st.toggle("Add the knife crime years before 2017/18 (derived: a third party's sums of Home Office data)", key="svd_derived")
sources_config = {"source_url": st.column_config.LinkColumn(friendly_name("source_url"), display_text="open source")}

for measure in dict.fromkeys(spec.measure for spec in OFFICIAL_SERIES):
    st.header(measure)
    for number, spec in enumerate(s for s in OFFICIAL_SERIES if s.measure == measure):
        series = official_series(official.figures, spec, include_derived=show_derived)
        if series.empty:
            st.warning(f"No official figures bundled for: {spec.title}.")
            continue
        for source_type in STYLE_ORDER[:2]:
            change = latest_like_for_like(series, source_type)
            if change is not None:
                small = " Small numbers (under 100 a year): treat a change of this size with care." if change.later["value"] < 100 else ""
                st.markdown(f"**{escape_markdown(change.headline(measure))}**{small}")
        footer = source_footer(series)
        periods = f"{series['label'].iloc[0]} to {series['label'].iloc[-1]}"
        sources = measure_sources(series)
        chart(
            charts.official_series_figure(series, spec.title, f"12-month periods, {periods} · by kind of source", spec.unit_phrase),
            sources,
            alt=series_alt_text(spec.title, series),
            key=f"official_{measure}_{number}",
            labels=official_labels(selection, spec.title, f"{spec.indicator}-west-midlands", footer, periods),
            caption=footer,
        )
        with lazy_expander("Publisher, edition, period and lag of each figure", f"sources_{measure}_{number}") as is_open:
            if is_open:
                friendly_dataframe(sources, column_config=sources_config, key=f"sources_{measure}_{number}")
    if measure == "Homicide" and (rate := homicide_rate_sentence(official.figures)):
        st.markdown(escape_markdown(rate))

st.header("Hospital admissions for assault with a sharp object")
for number, spec in enumerate(SERIES["Hospital admissions for assault with a sharp object"]):
    rows = published_series(data.svd_measures, spec)
    if rows.empty:
        st.warning(f"No published figures for: {spec.title}.")
        continue
    change = change_from_baseline(rows)
    if change is not None:
        st.markdown(f"**{escape_markdown(change.sentence(spec.title.split(',')[0]))}**")
    footer = (
        f"Official statistics: {rows['source'].iloc[0]} ({rows['period'].iloc[0]} to {rows['period'].iloc[-1]}), "
        f"{rows['notes'].iloc[0]}. Open Government Licence v3.0."
    )
    chart(
        charts.published_figure(
            rows,
            None if change is None else float(change.baseline["value"]),
            spec.title,
            f"Official statistics · {rows['unit'].iloc[0]}",
            rows["unit"].iloc[0],
        ),
        rows[["period", "period_end", "value", "unit", "detail", "source", "source_url", "notes"]],
        alt=change.sentence(spec.title) if change else spec.title,
        key=f"svd_hes_{number}",
        labels=official_labels(selection, spec.title, f"{spec.indicator}-{spec.geography}", footer, f"{rows['period'].iloc[0]} onwards"),
        caption=footer,
    )
    with lazy_expander("Source of each figure", f"svd_hes_{number}_sources") as is_open:
        if is_open:
            friendly_dataframe(rows[["period", "value", "source", "source_url", "notes"]], column_config=sources_config)

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
    friendly_dataframe(proxies.drop(columns="statement").round(1), key="proxies")
    with lazy_expander("Each in a sentence", "proxy_sentences") as is_open:
        if is_open:
            st.markdown("\n".join(f"- {sentence}" for sentence in proxies["statement"]))
st.caption(source_line(data))

st.header("What is not published per area, and why")
st.markdown(
    "- **Knife crime by council area** is not published: the Home Office publishes knife-flagged offences by police force area only "
    "(written question 129149, 2022). The bundled official tables end in 2019 (ONS) and 2021 (written answer); later years are "
    "in ONS's newer editions, which `svd-dash prepare --official` can add.\n"
    "- **Homicide by council area** is published in ONS Table C2 (police recorded homicide by Community Safety Partnership): "
    "see Compare areas, national comparison. The Homicide Index is published by force area and nationally.\n"
    "- **Hospital admissions for assault with a sharp object by council of residence** were not available; the figures above are "
    "under-20s only, Birmingham and the police force area, rounded to 5 with small numbers suppressed.\n"
    "Where a figure is unavailable the dashboard says so rather than estimating it."
)
