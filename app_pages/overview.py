"""Overview: the key findings in plain English, then one card per area."""

import streamlit as st

from svd_dash.analytics.periods import NoCompleteMonthsError
from svd_dash.reference import sentence_start
from svd_dash.ui import cache
from svd_dash.ui.briefing import briefing_download
from svd_dash.ui.components import card_rows, data_period_note, nothing_to_show, recent_completeness, show_the_numbers
from svd_dash.ui.keys import baseline_args, period_args
from svd_dash.ui.meeting import findings_one_at_a_time
from svd_dash.ui.sidebar import current_selection, show_link_notes
from svd_dash.ui.sparkline import sparkline_html

selection = current_selection()
data = cache.prepared()
try:
    findings = cache.findings(selection.area.code, selection.grouping.name, *period_args(selection), *baseline_args(selection))
    cards = cache.area_cards(selection.grouping.name, *period_args(selection), *baseline_args(selection))
except NoCompleteMonthsError as error:
    nothing_to_show(f"Nothing to compare: {error}. Choose a period and a baseline that include complete months.")
    st.stop()

if selection.meeting_mode:
    findings_one_at_a_time(findings, selection)
    st.stop()

st.title(f"{selection.grouping.name}: {selection.area.name}")
st.caption(f"{sentence_start(selection.period.label)}, against {selection.baseline.label}. {selection.grouping.definition}.")
show_link_notes()
data_period_note(data, selection.area.code)

st.header("Key findings")
for number, finding in enumerate(findings, start=1):
    verdict = f"**{finding.badge}.**" if finding.badge else ""
    st.markdown(f"{number}. **{finding.title}.** {finding.sentence} {verdict}".rstrip())

st.header("Each area at a glance")
st.caption(
    f"Rate = {selection.grouping.short_name} a year per 1,000 residents over the complete months of {selection.period.label}. "
    "Change against the baseline, judged against the normal month-to-month ups and downs; the symbol is the SPC reading of the "
    "latest month (≈ common cause, ↓ special cause improving, ↑ special cause concerning); the line shows the last 24 months, "
    "hollow circles marking partial months."
)
columns = card_rows(len(cards))
for index, card in enumerate(cards.itertuples()):
    with columns[index], st.container(border=True):
        st.metric(
            label=card.area_name,
            value=f"{card.rate:.1f}",
            delta=f"{card.percent_change:+.0f}%",
            delta_color="inverse" if card.short_verdict.startswith("bigger") else "off",
            help=f"{card.count:,} {selection.grouping.short_name} in {card.months_used} complete months; likely range of the change "
            f"{card.interval_lower_percent:+.0f}% to {card.interval_upper_percent:+.0f}%, allowing for the normal ups and downs.",
        )
        st.caption(f"A year per 1,000 residents. Change: {card.short_verdict}.")
        st.caption(f"SPC: {card.spc_icon}")
        st.html(
            sparkline_html(
                card.sparkline,
                recent_completeness(data, card.area_code, len(card.sparkline)),
                f"{card.area_name}, last 24 months: {card.sparkline[0]:,} then {card.sparkline[-1]:,} a month.",
            )
        )
show_the_numbers(cards.drop(columns=["sparkline", "area_code"]).round(2), key="area_cards")

st.header("Briefing pack")
briefing_download(data, selection)
