"""The neighbourhood profile section: one ward's, MSOA's or LSOA's figures with its exports."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from svd_dash.analytics import views
from svd_dash.analytics.emerging_hotspots import class_sentence
from svd_dash.analytics.profile import Profile, hotspot_history, months_note, profile_csv_table, profile_spc
from svd_dash.analytics.spc import BaselineTooShortError
from svd_dash.ui import cache, charts
from svd_dash.ui.components import chart, data_period_note, export_labels, friendly_dataframe, source_line
from svd_dash.ui.exports import chart_png, table_csv
from svd_dash.ui.keys import selection_args
from svd_dash.ui.profile_export import profile_docx
from svd_dash.ui.state import Selection
from svd_dash.ui.word_document import DOCX_MIME


def _word_file(profile: Profile, selection: Selection, figure, labels, history: pd.DataFrame, source: str) -> bytes:
    return profile_docx(profile, selection.subtitle, chart_png(figure, labels), history, source)


def emerging_summary(profile: Profile, classes: pd.DataFrame) -> str:
    """The unit's emerging hot spot class (an LSOA), or how many of its LSOAs are in each class."""
    own = classes[classes["lsoa21_code"].isin(profile.lsoas)]["emerging_class"]
    if len(profile.lsoas) == 1:
        return f"Emerging hot spot class: **{own.iloc[0]}**. {class_sentence(own.iloc[0])}"
    counts = own.value_counts()
    return "Emerging hot spot classes of its LSOAs: " + "; ".join(f"{name}: {n}" for name, n in counts.items()) + "."


def render_profile(selection: Selection, level: str, code: str) -> None:
    """Draw the profile of unit ``code`` at ``level`` for the selection's grouping and period."""
    data = cache.prepared()
    _, grouping, start, end = selection_args(selection)
    profile = cache.profile(level, code, grouping, start, end)
    st.header(f"Profile: {profile.title}")
    data_period_note(data, profile.la_code)
    first, second, third, fourth = st.columns(4)
    first.metric("Records in the period", f"{profile.count:,}", help=f"{profile.months_used} complete months")
    second.metric("A year per 1,000 residents", f"{profile.rate:,.1f}")
    third.metric(f"Rank in {profile.la_name}", f"{profile.rank} of {profile.units_in_area}", help="1 = most records")
    fourth.metric("Residents (Census 2021)", f"{profile.population:,}", help=f"{profile.population_16_24:,} aged 16-24")
    page_months = len(views.months_used(data, selection.area.code, selection.period))
    if note := months_note(profile, page_months, selection.area_phrase):
        st.caption(note)
    if profile.count < 10:
        st.warning(f"Small numbers: {profile.count} records. Differences this small are mostly chance.")
    emerging = cache.emerging(selection.area.code, grouping)
    st.markdown(emerging_summary(profile, emerging.classes))
    labels = export_labels(data, selection, f"Monthly {selection.grouping.short_name}: {profile.name}", f"profile-{code}-monthly")
    try:
        spc = profile_spc(profile, selection.baseline)
        title = f"{profile.name}: SPC chart (XmR)"
        subtitle = charts.spc_subtitle(profile.name, selection.grouping.name, selection.baseline)
        figure = charts.spc_figure(spc, selection.baseline, title, subtitle, "Records")
        numbers, alt = spc.table, f"SPC chart of monthly {selection.grouping.short_name} in {profile.name}: {spc.variation}."
    except BaselineTooShortError:
        figure = charts.monthly_bars_figure(profile.monthly, f"{profile.name}: per month", selection.grouping.name, "Records")
        numbers, alt = profile.monthly, f"Monthly {selection.grouping.short_name} in {profile.name}."
    chart(figure, numbers, alt=alt, key="profile_monthly", caption=source_line(data), labels=labels)  # full width: its legend
    type_labels = export_labels(data, selection, f"Records by category: {profile.name}", f"profile-{code}-types")
    chart(
        charts.crime_type_figure(profile.by_type, f"{profile.name}: by category", selection.period.label),
        profile.by_type,
        alt=f"Records by category in {profile.name}; most: {profile.by_type.iloc[0]['crime_type']}.",
        key="profile_types",
        caption=source_line(data, "all 14 police.uk categories, complete months of the period"),
        labels=type_labels,
    )
    history = hotspot_history(emerging.by_bin, profile.lsoas)
    st.subheader(f"Hotspot history ({emerging.description})")
    friendly_dataframe(history, key="profile_history")
    st.subheader("Deprivation (IMD 2025 national decile, 1 = most deprived)")
    friendly_dataframe(profile.deprivation, key="profile_deprivation")
    csv_labels = export_labels(data, selection, f"Profile: {profile.title}", f"profile-{code}")
    source = source_line(data, "IMD 2025 (MHCLG), Census 2021 (ONS)")
    csv_column, word_column = st.columns([1, 1], width=420)
    csv_column.download_button(
        "Download profile (CSV)",
        partial(table_csv, profile_csv_table(profile), csv_labels),
        file_name=f"{csv_labels.stem}.csv",
        mime="text/csv",
        key="profile_csv",
        on_click="ignore",
    )
    word_column.download_button(
        "Download profile (Word)",
        partial(_word_file, profile, selection, figure, labels, history, source),
        file_name=f"{csv_labels.stem}.docx",
        mime=DOCX_MIME,
        key="profile_docx",
        on_click="ignore",
    )
