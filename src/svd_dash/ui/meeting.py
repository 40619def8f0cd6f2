"""Meeting mode: for a projector in a committee room. No sidebar or controls, large high-contrast
text, and the key findings one per screen with Previous and Next."""

from __future__ import annotations

import html

import streamlit as st

from svd_dash.analytics.findings import Finding
from svd_dash.ui.state import Selection

MEETING_KEY = "w_meeting"
FINDING_KEY = "meeting_finding"

MEETING_STYLE = """
<style>
  html { font-size: 22px; }
  .block-container h1 { font-size: 2rem !important; padding-top: 0 !important; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] { display: none !important; }
  [data-testid="stMarkdown"] p, [data-testid="stMarkdown"] li, .stApp h1, .stApp h2, .stApp h3,
  [data-testid="stCaptionContainer"] { color: #000000 !important; }
  button[kind="primary"] p { color: #ffffff !important; }
  .stApp { background: #ffffff !important; }
  .block-container { padding-top: 1.5rem !important; max-width: 100% !important; }
  .meeting-finding { font-size: 1.75rem; line-height: 1.35; font-weight: 600; color: #000000; }
  .meeting-verdict { font-size: 1.4rem; font-weight: 700; color: #000000; border-left: 0.4rem solid #000000; padding-left: 0.6rem; }
</style>
"""


def apply_meeting_style() -> None:
    """Hide the sidebar and header and enlarge everything (the whole app, while meeting mode is on)."""
    st.html(MEETING_STYLE)


def _leave() -> None:
    st.session_state[MEETING_KEY] = False


def _step(delta: int, count: int) -> None:
    st.session_state[FINDING_KEY] = (st.session_state.get(FINDING_KEY, 0) + delta) % count


def findings_one_at_a_time(findings: list[Finding], selection: Selection) -> None:
    """One finding per screen, numbered, with its verdict in plain words, and Previous / Next."""
    index = st.session_state.get(FINDING_KEY, 0) % len(findings)
    finding = findings[index]
    st.markdown(f"**{selection.subtitle}** · finding {index + 1} of {len(findings)}")
    st.title(finding.title)
    st.html(f'<p class="meeting-finding">{html.escape(finding.sentence)}</p>')
    if finding.verdict:
        st.html(f'<p class="meeting-verdict">{html.escape(finding.verdict)}.</p>')
    previous, following, leave = st.columns([1, 1, 2])
    previous.button("◀ Previous", on_click=_step, args=(-1, len(findings)), key="meeting_previous", use_container_width=True)
    following.button("Next ▶", on_click=_step, args=(1, len(findings)), key="meeting_next", use_container_width=True, type="primary")
    leave.button("Leave meeting mode", on_click=_leave, key="meeting_leave")
