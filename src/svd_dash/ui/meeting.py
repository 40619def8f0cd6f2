"""Meeting mode: for a projector in a committee room, for a whole meeting.

No sidebar, controls or downloads; large high-contrast text, charts included; a bar on every page with
Previous and Next page and a clear way out; on the Overview, the key findings one per screen, each with
its chart, and the slide number in the link (``slide=2``), so a reload or a shared link returns to it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from svd_dash.analytics.findings import Finding
from svd_dash.reference import sentence_start
from svd_dash.ui import cache, charts
from svd_dash.ui.keys import baseline_args, period_args, selection_args
from svd_dash.ui.plotly_chart import plotly_chart
from svd_dash.ui.state import Selection

MEETING_KEY = "w_meeting"
FINDING_KEY = "meeting_finding"
MEETING_BODY_PX = 22
"""Body text in meeting mode (the root font size); chart text is never smaller."""
PROJECTOR_ROW_PX = 48
"""Height of a row (an area, a category) in a projector chart with named rows: room for a 22 px label."""

MEETING_STYLE = """
<style>
  html { font-size: 22px; }
  .block-container h1 { font-size: 1.5rem !important; padding: 0 0 0.3rem 0 !important; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] { display: none !important; }
  [data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li, .stApp h1, .stApp h2, .stApp h3,
  [data-testid="stCaptionContainer"] { color: #000000 !important; }
  button[kind="primary"] p { color: #ffffff !important; }
  .stApp { background: #ffffff !important; }
  .block-container { padding: 1rem 1.5rem 2rem 1.5rem !important; max-width: 100% !important; }
  [data-testid="stDownloadButton"], [data-testid="stExpander"], [data-testid="stFileUploader"],
  .stMainBlockContainer :is([data-testid="stSelectbox"], [data-testid="stRadio"], [data-testid="stTextInput"],
    [data-testid="stNumberInput"], [data-testid="stCheckbox"], [data-testid="stMultiSelect"], [data-testid="stSlider"]),
  .stMainBlockContainer [data-testid="stButton"]:not(.st-key-meeting_bar *, .st-key-meeting_slide_nav *) { display: none !important; }
  .meeting-finding { font-size: 1.25rem; line-height: 1.3; font-weight: 600; color: #000000; margin: 0; }
  .meeting-verdict { font-size: 1.1rem; font-weight: 700; color: #000000; border-left: 0.4rem solid #000000; padding-left: 0.6rem; }
  .meeting-where { font-size: 0.85rem; font-weight: 700; color: #000000; margin: 0; }
  .st-key-meeting_bar p, .st-key-meeting_bar span { font-size: 0.8rem !important; white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; }
  .st-key-meeting_bar { border-bottom: 2px solid #000000; padding-bottom: 0.3rem; }
  /* Side-by-side columns stack, so nothing is squeezed; the navigation rows stay in a row. */
  .stMainBlockContainer [data-testid="stHorizontalBlock"]:not(.st-key-meeting_bar *, .st-key-meeting_slide_nav *) {
    flex-wrap: wrap !important;
  }
  .stMainBlockContainer [data-testid="stColumn"]:not(.st-key-meeting_bar *, .st-key-meeting_slide_nav *) { min-width: 100% !important; }
</style>
"""


def apply_meeting_style() -> None:
    """Hide the sidebar, header, controls and downloads, and enlarge everything (the whole app, while
    meeting mode is on)."""
    st.html(MEETING_STYLE)


def for_the_projector(figure: go.Figure, height: int = 480, titled: bool = True) -> go.Figure:
    """A copy of ``figure`` with every text at least the meeting body size (22 px), in black, the legend
    in its own band at the foot and margins that grow to fit (so nothing overlaps); without its title
    when the slide's heading already says it (``titled`` False)."""
    projected = go.Figure(figure)
    size, black = MEETING_BODY_PX, "#000000"
    rows = {value for trace in projected.data for value in (trace.y if trace.y is not None else ()) if isinstance(value, str)}
    if titled and rows:  # one row per area or category: tall enough that every name and label fits at projector size
        height = max(height, PROJECTOR_ROW_PX * len(rows) + 260)
    projected.update_layout(
        font={"size": size, "color": black},
        legend={"font": {"size": size}, "orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0},
        height=height,
        margin={"t": 16, "b": 8, "l": 8, "r": 72, "autoexpand": True},  # room for the last date label
        uniformtext={"minsize": size, "mode": "show"},  # plotly would shrink labels inside bars to fit
    )
    if titled:
        projected.update_layout(
            title={
                "font": {"size": size + 2, "color": black},
                "automargin": True,
                "yref": "paper",
                "y": 1,
                "yanchor": "bottom",
                "pad": {"b": size},  # clear of the top tick label
            }
        )
    else:
        projected.update_layout(title={"text": ""}, showlegend=False)
    axis = {"tickfont": {"size": size, "color": black}, "title_font": {"size": size, "color": black}, "automargin": True}
    # a label that would be cut is left out; log axes lose the small "2" and "5" labels plotly draws at 3/4 size
    projected.update_xaxes(**axis, nticks=6, tickangle=0, ticklabeloverflow="hide past div", minorloglabels="none")
    projected.update_yaxes(**axis)
    projected.for_each_yaxis(lambda axis: axis.update(title_text=two_lines(axis.title.text)) if axis.title.text else None)
    if projected.layout.barmode == "stack":  # shares in thin stacked segments cannot be projector-sized without overlapping
        projected.update_traces(text=None, texttemplate=None, selector={"type": "bar"})
    projected.update_annotations(font={"size": size, "color": black})
    projected.for_each_trace(lambda trace: trace.update(textfont={"size": size}), selector=lambda trace: "textfont" in trace)
    projected.for_each_trace(lambda trace: trace.update(cliponaxis=False), selector=lambda trace: "cliponaxis" in trace)
    return projected


def two_lines(title: str, longest: int = 18) -> str:
    """A long axis title broken at the space nearest its middle, so at projector size a y-axis title is no
    taller than the plot (it would run up into the chart's title)."""
    if len(title) <= longest or "<br>" in title or " " not in title:
        return title
    middle = len(title) // 2
    split = min((i for i, c in enumerate(title) if c == " "), key=lambda i: abs(i - middle))
    return f"{title[:split]}<br>{title[split + 1 :]}"


def _leave() -> None:
    st.session_state[MEETING_KEY] = False


def meeting_bar(pages: Sequence[st.Page], current: st.Page) -> None:
    """Previous page, where we are, Next page and the way out: at the top of every page in meeting mode."""
    index = next((i for i, page in enumerate(pages) if page.url_path == current.url_path), 0)
    with st.container(key="meeting_bar"):
        previous, where, following, leave = st.columns([3, 4, 3, 3], vertical_alignment="center")
        if index > 0:
            previous.page_link(pages[index - 1], label=f"◀ {pages[index - 1].title}", help="Previous page")
        where.html(f'<p class="meeting-where">Page {index + 1} of {len(pages)}: {current.title}</p>')
        if index < len(pages) - 1:
            following.page_link(pages[index + 1], label=f"{pages[index + 1].title} ▶", help="Next page")
        leave.button("Leave meeting mode", on_click=_leave, key="meeting_leave")


def _step(delta: int, count: int) -> None:
    st.session_state[FINDING_KEY] = (st.session_state.get(FINDING_KEY, 0) + delta) % count


def findings_one_at_a_time(findings: list[Finding], selection: Selection) -> None:
    """One finding per screen, numbered, with its verdict in plain words, its chart, and Previous / Next."""
    index = st.session_state.get(FINDING_KEY, 0) % len(findings)
    st.session_state[FINDING_KEY] = index
    finding = findings[index]
    with st.container(key="meeting_slide_nav"):
        heading, previous, following = st.columns([6, 2, 2], vertical_alignment="center")
        heading.markdown(f"**{selection.subtitle}** · finding {index + 1} of {len(findings)}")
        previous.button("◀ Previous", on_click=_step, args=(-1, len(findings)), key="meeting_previous", use_container_width=True)
        following.button("Next ▶", on_click=_step, args=(1, len(findings)), key="meeting_next", use_container_width=True, type="primary")
    st.title(finding.title)
    st.html(f'<p class="meeting-finding">{html.escape(finding.sentence)}</p>')
    if finding.verdict:
        st.html(f'<p class="meeting-verdict">{html.escape(finding.verdict)}.</p>')
    figure = slide_figure(finding, selection)
    plotly_chart(for_the_projector(figure, height=300, titled=False), f"slide_chart_{index}", finding.sentence, {"displayModeBar": False})


def slide_figure(finding: Finding, selection: Selection) -> go.Figure:
    """The chart that goes with a finding: the area against the others, the concentration curve, the
    rate by deprivation, or (for a change) the monthly trend."""
    grouping, title = selection.grouping, finding.title.lower()
    if "other councils" in title:
        table, _, reference, _ = cache.area_comparison(
            grouping.name, *period_args(selection), selection.residents_column, selection.area.code
        )
        return charts.area_rates_figure(
            table, reference, f"{sentence_start(grouping.short_name)}: each area", "", selection.per_phrase, selected=selection.area.name
        )
    if "concentrat" in title:
        _, points = cache.concentration_of(*selection_args(selection), selection.measure.key)
        return charts.lorenz_figure(points, f"Concentration of {grouping.short_name}", "")
    if "depriv" in title:
        by_decile, _, _ = cache.deprivation(*selection_args(selection), selection.residents_column)
        return charts.decile_figure(by_decile, "Rate by national deprivation decile", "", f"Rate {selection.per_phrase}")
    trend = cache.trend(selection.area.code, grouping.name, *baseline_args(selection))
    return charts.trend_figure(
        trend, selection.baseline, selection.period, f"{sentence_start(grouping.short_name)} each month", "", "Records"
    )
