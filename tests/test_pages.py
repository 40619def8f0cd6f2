"""Every page renders without exceptions and shows the analytics engine's numbers for the selection."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from svd_dash.analytics import views
from svd_dash.analytics.concentration import concentration
from svd_dash.analytics.findings import change_for, key_findings
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.national import COMPARATOR_GROUPS
from svd_dash.analytics.periods import months_period
from svd_dash.prepared import PreparedData
from svd_dash.ui.frame import PAGES
from tests.conftest import ROOT, open_every_expander
from tests.test_plotly_chart import bundle_trace_types, chart_figures

CURRENT, BASELINE = months_period("2025-04", "2026-03"), months_period("2024-04", "2025-03")


def open_app(page: str | None = None, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.parametrize(
    "query", [{}, {"area": "coventry", "grouping": "Weapons"}, {"area": "solihull", "grouping": "Robbery", "measure": "rate16_24"}]
)
@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_every_page_renders_without_errors(page: str, query: dict[str, str]) -> None:
    app = open_app(page, **query)
    assert not app.error
    drawn = {trace["type"] for figure in chart_figures(app) for trace in figure["data"]}
    assert drawn <= bundle_trace_types(), f"{page} draws {drawn - bundle_trace_types()}, which static/plotly's bundle lacks"


def test_overview_shows_the_engines_findings_and_cards(prepared: PreparedData) -> None:
    app = open_app(area="coventry", grouping="Weapons")
    findings = key_findings(prepared, "E08000026", grouping_named("Weapons"), CURRENT, BASELINE)
    shown = [m.value for m in app.markdown]
    for finding in findings:
        assert any(finding.sentence in line for line in shown), finding.sentence
    cards, _ = views.area_cards(prepared, grouping_named("Weapons"), CURRENT, BASELINE)
    metrics = {m.label: (m.value, m.delta) for m in app.metric}
    for card in cards.itertuples():
        assert metrics[card.area_name] == (f"{card.rate:.1f}", f"{card.percent_change:+.0f}%")
        assert f"A year per 1,000 residents. Change: {card.short_verdict}." in [c.value for c in app.caption]
    assert "Coventry rose 8%" in shown[0] and shown[0].endswith("this is within the normal ups and downs.")  # against the previous year
    assert not any("significant" in line.lower() for line in shown)
    assert any("Indicative only" in line for line in shown)  # change since 2019


def test_trends_show_the_change_and_its_verdict(prepared: PreparedData) -> None:
    app = open_app("app_pages/trends.py", area="wolverhampton", grouping="Weapons")
    change = change_for(prepared, "E08000031", grouping_named("Weapons"), CURRENT, BASELINE)
    assert any(m.value == f"### {change.sentence}" for m in app.markdown)
    assert "fell 17%" in change.sentence and change.verdict == "within the normal ups and downs"  # a small count that swings a lot
    values = [m.value for m in app.metric]
    assert f"{change.current_count:,}" in values and f"{change.baseline_count:,}" in values


def test_hotspots_show_the_top_20_and_concentration(prepared: PreparedData) -> None:
    app = open_app("app_pages/hotspots.py", area="coventry", grouping="Weapons", measure="count")
    table = views.neighbourhoods(prepared, "E08000026", grouping_named("Weapons"), CURRENT)
    expected = views.top_neighbourhoods(table, "count")
    top = next(d.value for d in app.dataframe if "rank" in d.value.columns)
    assert top["lsoa21_code"].tolist() == expected["lsoa21_code"].tolist()
    assert top["count"].tolist() == expected["count"].tolist()
    summary = concentration(table["count"])
    assert any(summary.sentence("weapons offences", "Coventry") in m.value for m in app.markdown)
    app.radio(key="hotspot_view").set_value("hotspots").run()
    assert not app.exception


def test_compare_ranking_uses_the_overdispersed_funnel_verdicts(prepared: PreparedData) -> None:
    app = open_app("app_pages/compare_areas.py", area="birmingham", grouping="Serious violence (police.uk proxy)")
    ranking = next(d.value for d in app.dataframe if "rank" in d.value.columns and "comparison" in d.value.columns)
    assert ranking["area_name"].iloc[0] == "Birmingham"
    assert ranking.set_index("area_name").loc["Birmingham", "rate"] == pytest.approx(60.0, abs=0.05)  # Nov 2025 partial (Walsall)
    verdicts = ranking.set_index("area_name")["comparison"]
    assert verdicts["Birmingham"] == "possibly higher than the other six councils (at the edge of the normal spread)"
    assert verdicts["Sandwell"] == "within the normal spread of the other six councils"
    assert not any("significant" in v for v in verdicts)
    assert any("Spiegelhalter (2005) additive random effects" in c.value and "words use the overdispersed" in c.value for c in app.caption)


def test_compare_areas_shows_the_national_comparison_and_reconciliation(prepared: PreparedData) -> None:
    app = open_app("app_pages/compare_areas.py", area="birmingham")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Birmingham"] == "47.7" and metrics["England and Wales"] == "32.4"
    assert metrics["Rank"] == "19 of 314" and metrics["Percentile"] == "94"
    assert any("Table C2" in c.value and "Official statistics" in c.value for c in app.caption)
    text = " ".join(m.value.replace("\\", "") for m in app.markdown)
    assert "135,101 crimes ONS counts for Birmingham" in text and "2 of the 12 months are partial" in text
    assert "British Transport Police" in text
    app.selectbox(key="national_measure").set_value("Homicide").run()
    assert any("Small numbers" in w.value for w in app.warning)
    assert {m.label: m.value for m in app.metric}["Birmingham"] == "11.4"
    assert any("per million residents" in c.value for c in app.caption)
    app.selectbox(key="national_group").set_value(COMPARATOR_GROUPS[1]).run()
    assert {m.label: m.value for m in app.metric}["Rank"] == "14 of 36"


def test_svd_measures_show_official_figures_only_with_their_sources(prepared: PreparedData) -> None:
    app = open_app("app_pages/svd_measures.py", area="coventry")
    assert "force-level figures, not Coventry alone" in app.title[0].value
    text = " ".join(m.value.replace("\\", "") for m in app.markdown)
    assert "Police-recorded knife crime: +20% (3,428 offences in 2018/19 against 2,850 in 2017/18; official statistics" in text
    assert "4,483 offences in YE Sep 2021 against 4,745 in YE Sep 2020; official statement" in text
    assert "5,268" not in text and "3,437" not in text  # news figures are never shown
    captions = [c.value for c in app.caption]
    assert any(c.startswith("Official statistics: ONS, Crime in England and Wales: Police Force Area data tables") for c in captions)
    assert any("Official statement: UK Parliament written question UIN 129149" in c for c in captions)
    assert not any("police.uk" in c for c in captions[:3])  # the official charts' footers name only their sources
    assert not app.dataframe[1:]  # only the proxies table: the sources tables are drawn when opened
    sources = next(d.value for d in open_every_expander(app).dataframe if "lag_months" in d.value.columns)
    assert sources["source_url"].str.startswith(("https://www.ons.gov.uk/", "https://questions-statements.parliament.uk/")).all()
    hes = next(d.value for d in app.dataframe if "source" in d.value.columns and "NHS Digital" in " ".join(d.value["source"]))
    assert hes["source_url"].str.startswith("https://digital.nhs.uk/").all()
    assert any("not published" in m.value for m in app.markdown)


def test_a_period_of_partial_months_is_explained_not_crashed() -> None:
    app = open_app(**{"from": "2024-09", "to": "2024-09"})
    assert any("no complete months" in w.value for w in app.warning)
    app = open_app("app_pages/compare_areas.py", **{"from": "2024-09", "to": "2024-09"})
    assert any("no complete months" in w.value for w in app.warning)


def test_a_bad_link_falls_back_to_defaults_and_says_so() -> None:
    app = open_app(area="atlantis", grouping="Everything", **{"from": "1999-01"})
    notes = " ".join(w.value for w in app.warning)
    assert "area in the link is not one of the seven councils" in notes and "crime grouping in the link is not one" in notes
    assert "not within the data" in notes and "atlantis" not in notes  # a link's text is never repeated on the page
    assert app.query_params["area"] == "west-midlands"


def test_a_link_sets_every_control() -> None:
    # Changing a control and checking the URL is done in the browser test: AppTest drops widgets the
    # main script draws when it reruns under st.navigation.
    app = open_app(area="dudley", grouping="Robbery", measure="harm", **{"from": "2024-11", "to": "2025-10"})
    assert app.selectbox(key="w_area").value == "dudley" and app.selectbox(key="w_grouping").value == "Robbery"
    assert (app.selectbox(key="w_from").value, app.selectbox(key="w_to").value) == ("2024-11", "2025-10")
    assert (app.selectbox(key="w_base_from").value, app.selectbox(key="w_base_to").value) == ("2023-11", "2024-10")  # the year before
    assert app.radio(key="w_measure").value == "harm"
    assert app.query_params["from"] == "2024-11" and app.query_params["base_to"] == "2024-10"


def test_missing_data_gives_a_sentence_not_a_traceback(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVD_DASH_ROOT", str(tmp_path))
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not app.exception
        assert "could not be loaded" in app.error[0].value and "svd-dash prepare" in app.error[0].value
    finally:
        monkeypatch.delenv("SVD_DASH_ROOT")
        st.cache_resource.clear()
        st.cache_data.clear()


def test_region_months_table_matches_the_prepared_flags(prepared: PreparedData) -> None:
    app = open_app("app_pages/data_and_methods.py")
    reasons = next(d.value for d in app.dataframe if "reason" in d.value.columns)
    assert len(reasons) == int((~prepared.months["complete"]).sum())
    assert isinstance(reasons, pd.DataFrame)


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_every_page_survives_a_period_with_no_complete_months(page: str) -> None:
    app = open_app(page, area="dudley", **{"from": "2023-06", "to": "2023-06"})  # Dudley had no records in June 2023
    assert not app.exception and not app.error


def test_overview_cards_carry_an_spc_icon(prepared: PreparedData) -> None:
    app = open_app(grouping="Serious violence (police.uk proxy)")
    cards, _ = views.area_cards(prepared, grouping_named("Serious violence (police.uk proxy)"), CURRENT, BASELINE)
    captions = [c.value for c in app.caption]
    assert len(cards) == 8
    for card in cards.itertuples():
        assert f"SPC: {card.spc_icon}" in captions
    assert "SPC: (↓) Special cause, improving" in captions


def test_trends_show_the_spc_chart_icons_and_escaped_markers(prepared: PreparedData) -> None:
    hostile = "<b>Knife</b> amnesty"
    app = open_app("app_pages/trends.py", area="wolverhampton", events=f"2025-06:{hostile}")
    result = views.spc_for(prepared, "E08000031", grouping_named("Serious violence (police.uk proxy)"), BASELINE)
    assert any(m.value == f"**{result.sentence('serious violence offences', 'Wolverhampton')}**" for m in app.markdown)
    assert result.variation_icon.symbol == "(↓)"
    assert [t.value for t in app.text] == [f"June 2025: {hostile}"]  # plain text, never HTML
    charts = [c.proto.json for c in app.get("bidi_component")]
    spc_chart = next(spec for spec in charts if "SPC chart (XmR)" in spec)
    assert "&lt;b&gt;Knife&lt;" in spc_chart and "<b>Knife" not in spc_chart
    assert "Special cause, improving" in spc_chart
    assert app.query_params["events"] == f"2025-06:{hostile}"
    app.text_input(key="events_input").set_value(f"2025-06:{hostile};2025-09:" + "x" * 70).run()
    assert any(w.value == "Event 2 was left out: its name is longer than 60 characters." for w in app.warning)
    assert [t.value for t in app.text] == [f"June 2025: {hostile}"]
    app.number_input(key="spc_target").set_value(20).run()
    assert not app.exception
    assert any("Target hit and miss" in m.value or "Target consistently" in m.value for m in app.markdown)


def test_meeting_mode_says_the_verdict_in_plain_words(prepared: PreparedData) -> None:
    app = open_app(area="birmingham", meeting="1")
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert "Within the normal ups and downs." in shown and "significant" not in shown.lower()
    app.button(key="meeting_next").click().run()
    shown = " ".join(h.proto.body for h in app.get("html"))
    assert "Indicative only" in shown  # change since 2019
