"""Intervention markers: parsing, refusals with messages that never repeat the text, escaping, the link round trip."""

from __future__ import annotations

import pandas as pd

from svd_dash.analytics.markers import MAX_EVENTS, events_to_text, parse_events, with_events

AVAILABLE = tuple(pd.date_range("2023-05-01", "2026-03-01", freq="MS"))


def test_events_parse_sort_and_round_trip() -> None:
    markers, problems = parse_events(" 2025-09 : Youth programme starts ;2025-06:Knife amnesty", AVAILABLE)
    assert problems == []
    assert [(f"{m.month:%Y-%m}", m.name) for m in markers] == [("2025-06", "Knife amnesty"), ("2025-09", "Youth programme starts")]
    assert events_to_text(markers) == "2025-06:Knife amnesty;2025-09:Youth programme starts"
    assert parse_events(events_to_text(markers), AVAILABLE)[0] == markers


def test_hostile_text_is_escaped_for_charts_and_never_echoed_in_messages() -> None:
    markers, _ = parse_events('2025-06:<img src=x onerror=alert(1)> & "**bold**"', AVAILABLE)
    assert markers[0].name == '<img src=x onerror=alert(1)> & "**bold**"'  # kept as typed, shown with st.text
    assert markers[0].chart_label == "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;**bold**&quot;"
    _, problems = parse_events("2025-06:=HYPERLINK(evil);2025-07:" + "x" * 61 + ";2019-01:Old;2025-08:", AVAILABLE)
    assert problems == [
        "Event 1 was left out: its name starts with = + - or @.",
        "Event 2 was left out: its name is longer than 60 characters.",
        "Event 3 was left out: its month is outside the data.",
        "Event 4 was left out: it has no name.",
    ]


def test_at_most_five_events() -> None:
    text = ";".join(f"2025-{m:02d}:Event {m}" for m in range(1, 8))
    markers, problems = parse_events(text, AVAILABLE)
    assert len(markers) == MAX_EVENTS and problems == ["Only 5 events can be marked; event 6 and any after it were left out."]


def test_events_join_the_exported_table() -> None:
    markers, _ = parse_events("2025-06:Knife amnesty;2025-06:Summer patrols", AVAILABLE)
    table = with_events(pd.DataFrame({"month": [pd.Timestamp("2025-05-01"), pd.Timestamp("2025-06-01")]}), markers)
    assert table["event"].tolist() == ["", "Knife amnesty; Summer patrols"]
