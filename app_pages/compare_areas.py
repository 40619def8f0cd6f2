"""Compare areas: the seven side by side and among every area in England and Wales, on funnel plots whose
limits allow for the normal spread between areas, so an area is only called high or low beyond that spread."""

import streamlit as st

from svd_dash.analytics.national import COMPARATOR_GROUPS, NATIONAL_MEASURES, c2_source
from svd_dash.analytics.periods import NoCompleteMonthsError
from svd_dash.analytics.reconciliation import C2_PERIOD, PAIRS, WHY_THEY_DIFFER, WINDOW_LABEL, reconciliation_sentence
from svd_dash.reference import AREAS, REGION, sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.columns import friendly_name
from svd_dash.ui.components import chart, explain, export_labels, source_line
from svd_dash.ui.keys import period_args
from svd_dash.ui.official_exports import escape_markdown, official_labels
from svd_dash.ui.sidebar import current_selection, show_link_notes

AREA_BY_NAME = {area.name: area for area in AREAS}
selection = current_selection()
data = cache.prepared()
grouping = selection.grouping
residents, per = selection.residents_column, selection.per_phrase
st.title(f"Compare areas: {grouping.name}")
show_link_notes()
try:
    table, seven, reference, months = cache.area_comparison(grouping.name, *period_args(selection), residents, selection.area.code)
except NoCompleteMonthsError as error:
    st.warning(f"Nothing to compare: {error}. Choose a period with complete months.")
    st.stop()
st.caption(
    f"{sentence_start(selection.period.label)}: the {months} months complete in all seven areas. Rates are a year {per} (Census 2021)."
)

rates_alt = "; ".join(f"{r.area_name} {r.rate:.1f} {per} ({r.comparison})" for r in table.itertuples())
chart(
    charts.area_rates_figure(
        table.assign(comparison=table["verdict"]),  # short words beside the bars; the full verdict is in the table
        reference,
        f"{sentence_start(grouping.short_name)} {per}, a year",
        f"{selection.period.label} · 95% confidence intervals",
        f"Rate {per}",
        selected=selection.area.name,
    ),
    table[["area_name", "count", residents, "rate", "rate_lower", "rate_upper", "comparison"]].round(2),
    alt=rates_alt,
    key="area_rates",
    labels=export_labels(data, selection, f"{sentence_start(grouping.short_name)} {per}, a year", "area-rates"),
    caption=source_line(data, grouping.definition),
)
funnel_title = "Funnel plot: each council against the other six"
chart(
    charts.funnel_figure(seven, funnel_title, selection.period.label, f"Rate {per}", "Residents (Census 2021)"),
    seven.units.round(3),
    alt="; ".join(f"{r.name} {r.rate:.1f} {per} ({r.comparison})" for r in seven.units.itertuples()),
    key="funnel",
    labels=export_labels(data, selection, funnel_title, "funnel", seven.method),
    caption=source_line(data, seven.method),
)
explain("funnel", "99.8% limits")

st.header("Ranking")
ranking = seven.units.sort_values("rate", ascending=False).rename(columns={"name": "area_name", "target": "other_six_rate"})
st.dataframe(
    ranking.assign(rank=range(1, len(ranking) + 1))[["rank", "area_name", "rate", "other_six_rate", "count", "comparison"]].round(1),
    hide_index=True,
    key="ranking",
    column_config={column: friendly_name(column) for column in ("rank", "area_name", "count")}
    | {"rate": f"Rate {per}", "other_six_rate": "Other six councils' rate"}
    | {"comparison": st.column_config.TextColumn(friendly_name("comparison"), width="large")},
)

st.header("National comparison: every Community Safety Partnership in England and Wales")
left, right = st.columns(2)
measure = left.selectbox("Offence group", [m.label for m in NATIONAL_MEASURES], key="national_measure")
group = right.selectbox("Compare with", COMPARATOR_GROUPS, key="national_group")
if selection.area.code == REGION.code:
    council = AREA_BY_NAME[st.selectbox("Council", list(AREA_BY_NAME), key="national_council")]
else:
    council = selection.area
national = cache.national_comparison(measure, council.code, group)
st.caption(
    f"ONS police recorded crime by Community Safety Partnership (CSP, Table C2), {national.period_words}; Census 2021 residents. "
    f"Rates are offences a year {national.measure.per_phrase}; rank 1 is the highest rate in the group."
)
cards = st.columns(4)
cards[0].metric(council.name, f"{national.row['rate']:,.1f}")
cards[1].metric("England and Wales", f"{national.england_wales_rate:,.1f}")
cards[2].metric("Rank", f"{national.rank} of {national.group_size}")
cards[3].metric("Percentile", f"{national.percentile:.0f}")
st.markdown(escape_markdown(national.sentence()))
if national.funnel.small_counts:
    st.warning(f"Small numbers: most CSPs have fewer than 10 {measure.lower()} offences a year. The verdict uses exact Poisson limits.")
national_title = f"{measure}: {council.name} among {group[0].lower()}{group[1:]}"
national_footer = f"{c2_source(cache.official().figures)} {national.funnel.method}"
chart(
    charts.funnel_figure(
        national.funnel,
        national_title,
        f"{sentence_start(national.period_words)} · {len(national.funnel.units)} CSPs",
        f"Offences a year {national.measure.per_phrase}",
        "Residents (Census 2021, log scale)",
        label_all=False,
    ),
    national.funnel.units.round(4),
    alt=national.sentence(),
    key="national_funnel",
    labels=official_labels(selection, national_title, f"national-{measure}", national_footer, national.period_words),
    caption=national_footer,
)

st.header("Which figure to quote: police.uk or ONS?")
reconciled = cache.reconciliation()
st.markdown(escape_markdown(reconciliation_sentence(reconciled, selection.area.code)))
st.markdown(WHY_THEY_DIFFER)
pair = st.selectbox("Crime group", [p.name for p in PAIRS], key="reconcile_pair")
shown = reconciled[reconciled["pair"] == pair]
recon_title = f"{pair}: police.uk street-level counts as a share of ONS recorded crime"
recon_footer = f"police.uk street-level crime (bundled) against {c2_source(cache.official().figures, C2_PERIOD)}"
chart(
    charts.coverage_figure(shown, recon_title, WINDOW_LABEL),
    shown.round(3),
    alt="; ".join(f"{r.area_name} {r.coverage_estimated:.0%}" for r in shown.itertuples()),
    key="reconciliation",
    labels=official_labels(selection, recon_title, "police-uk-vs-ons", recon_footer, WINDOW_LABEL),
    caption=recon_footer,
)

st.header("Crime-type mix")
mix = cache.crime_type_mix(*period_args(selection))
chart(
    charts.mix_figure(mix, "Share of records by police.uk category", selection.period.label),
    mix.pivot(index="area", columns="crime_type", values="share").round(3).reset_index(),
    alt="Each area's records split by crime type.",
    key="mix",
    labels=export_labels(data, selection, "Share of records by police.uk category", "crime-mix"),
    caption=source_line(data),
)
