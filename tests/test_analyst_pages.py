"""The analysts' pages render for every area and the region, show the engine's numbers, and keep their
own controls in the link."""

from __future__ import annotations

import pandas as pd
import pytest

from svd_dash.analytics import views
from svd_dash.analytics.counts import area_filter
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.risk_factors import CAUSATION_CAVEAT, FACTOR_BY_KEY, SUBSTANCE_CAVEAT
from svd_dash.prepared import PreparedData
from svd_dash.ui import cache
from svd_dash.ui.state import AREA_BY_SLUG
from tests.conftest import open_every_expander
from tests.test_pages import open_app

EMERGING, NEIGHBOURHOODS, RISK = "app_pages/emerging_hotspots.py", "app_pages/neighbourhoods.py", "app_pages/risk_factors.py"
AREA_SLUGS = ("birmingham", "coventry", "dudley", "sandwell", "solihull", "walsall", "wolverhampton", "west-midlands")


@pytest.mark.parametrize("area", AREA_SLUGS)
def test_emerging_hotspots_work_for_every_area(area: str) -> None:
    app = open_app(EMERGING, area=area)
    assert not app.error
    sentences = [m.value for m in app.markdown if m.value.startswith("**In ")]
    assert len(sentences) == 2 and "neighbourhoods" in sentences[0] and "PAI" in sentences[1]


def test_emerging_hotspots_show_the_region_class_counts() -> None:
    app = open_app(EMERGING)
    present, every = [m.value for m in app.markdown if m.value.startswith("- **")]  # each class's sentence whole, not in a table
    assert "- **Persistent hot spot**: 37 neighbourhoods. A hot spot" in present
    assert "- **No pattern detected**: 1,650 neighbourhoods." in present
    assert every.count("\n- **") == 17 and "- **Oscillating cold spot**: " in every  # all 18 classes, with their counts
    prediction = next(d.value for d in app.dataframe if "pai" in d.value.columns)
    assert len(prediction) == 8 and prediction["area"].tolist()[-1] == "West Midlands"
    assert list(prediction.columns[:4]) == ["area", "hit_rate_%", "land_share_%", "pai"]  # what a narrow screen shows
    assert prediction.iloc[-1][["hit_rate_%", "land_share_%", "pai"]].tolist() == [19.6, 7.0, 2.8]


def test_weapons_in_coventry_use_half_years_with_a_small_numbers_warning() -> None:
    app = open_app(EMERGING, area="coventry", grouping="Weapons")
    assert any("half-years" in c.value for c in app.caption)
    assert any("Small numbers" in w.value for w in app.warning)


@pytest.mark.parametrize("level", ["ward", "msoa", "lsoa"])
def test_neighbourhood_views_rank_units_and_open_the_top_ones_profile(prepared: PreparedData, level: str) -> None:
    app = open_app(NEIGHBOURHOODS, area="coventry", grouping="Weapons", level=level, measure="count")
    ranking = next(d.value for d in app.dataframe if "rank" in d.value.columns and "lsoas" in d.value.columns)
    table = views.neighbourhoods(prepared, "E08000026", grouping_named("Weapons"), months_period("2025-04", "2026-03"))
    assert ranking["count"].sum() == table["count"].sum()
    assert app.query_params["level"] == level and app.query_params["unit"] == ranking["code"].iloc[0]
    assert any(h.value.startswith(f"Profile: {ranking['name'].iloc[0]}") for h in app.header)


def test_the_change_table_is_drawn_once_opened_with_every_ward() -> None:
    app = open_app(NEIGHBOURHOODS, area="coventry", level="ward")
    assert not [d for d in app.dataframe if "rate_baseline" in d.value.columns]  # closed: not sent to the browser
    changes = next(d.value for d in open_every_expander(app).dataframe if "rate_baseline" in d.value.columns)
    expected = cache.unit_changes("E08000026", "Serious violence (police.uk proxy)", "2025-04", "2026-03", "2024-04", "2025-03", "ward")
    assert len(changes) == 18 and set(changes["code"]) == set(expected["code"])  # Coventry's 18 wards
    assert changes["count"].sum() == expected["count"].sum()


@pytest.mark.parametrize("area", AREA_SLUGS)
def test_ward_views_work_for_every_area(prepared: PreparedData, area: str) -> None:
    app = open_app(NEIGHBOURHOODS, area=area, level="ward")
    code = AREA_BY_SLUG[area].code
    ranking = next(d.value for d in app.dataframe if "rank" in d.value.columns and "lsoas" in d.value.columns)
    lsoas = prepared.lsoa[area_filter(prepared.lsoa, code)]
    table = views.neighbourhoods(prepared, code, grouping_named("Serious violence (police.uk proxy)"), months_period("2025-04", "2026-03"))
    assert not app.error and ranking["count"].sum() == table["count"].sum() and ranking["lsoas"].sum() == len(lsoas)
    assert set(ranking["code"]) == set(lsoas["ward_code"])
    assert any(h.value.startswith(f"Profile: {ranking['name'].iloc[0]}") for h in app.header)


def test_a_link_to_a_ward_opens_its_profile(prepared: PreparedData) -> None:
    app = open_app(NEIGHBOURHOODS, area="birmingham", level="ward", unit="E05011168")  # Soho & Jewellery Quarter
    assert app.selectbox(key="nb_unit").value == "E05011168"
    assert any(h.value.startswith("Profile: Soho & Jewellery Quarter (ward E05011168, Birmingham)") for h in app.header)
    assert {m.label: m.value for m in app.metric}["Rank in Birmingham"] == "3 of 69"


def test_a_stale_or_hostile_unit_in_the_link_falls_back_to_the_top_unit() -> None:
    app = open_app(NEIGHBOURHOODS, area="solihull", level="ward", unit="<script>alert(1)</script>")
    assert not app.error and app.query_params["unit"] != "<script>alert(1)</script>"
    assert all("<script>" not in m.value for m in app.markdown)


def test_choosing_another_unit_updates_the_link_and_profile() -> None:
    app = open_app(NEIGHBOURHOODS, area="walsall", level="msoa")
    options = app.selectbox(key="nb_unit").options
    app.selectbox(key="nb_unit").select_index(3).run()
    assert not app.exception
    assert app.query_params["unit"] == app.selectbox(key="nb_unit").value
    assert len(options) == 39


@pytest.mark.parametrize("area", AREA_SLUGS)
def test_risk_factors_work_for_every_area(area: str) -> None:
    app = open_app(RISK, area=area)
    assert not app.error
    assert any(CAUSATION_CAVEAT in i.value for i in app.info)


@pytest.mark.parametrize("factor", [f.key for f in FACTOR_BY_KEY.values()])
def test_each_risk_factor_shows_its_sentence_from_the_engine(factor: str) -> None:
    app = open_app(RISK, area="sandwell", factor=factor)
    result = cache.factor_rates("E08000028", "Serious violence (police.uk proxy)", "2025-04", "2026-03", factor)
    expected = result.sentence(FACTOR_BY_KEY[factor], "serious violence offences")
    assert any(m.value == f"**{expected}**" for m in app.markdown)
    assert app.query_params["factor"] == factor
    assert (factor == "drugs") == any(SUBSTANCE_CAVEAT in w.value for w in app.warning)


def test_risk_overview_lists_the_four_factors() -> None:
    app = open_app(RISK)
    overview = next(d.value for d in app.dataframe if "rate ratio" in d.value.columns)
    assert isinstance(overview, pd.DataFrame) and len(overview) == 9
    assert {"Education", "Substance misuse", "Demography", "Deprivation"} == set(overview["risk_factor"])


@pytest.mark.parametrize("page", [EMERGING, NEIGHBOURHOODS, RISK])
def test_a_period_with_no_complete_months_is_explained(page: str) -> None:
    app = open_app(page, area="dudley", **{"from": "2023-06", "to": "2023-06"})
    assert not app.exception and not app.error


def test_the_emerging_list_links_each_neighbourhood_to_its_profile() -> None:
    app = open_app(EMERGING, area="coventry")
    listed = next(d.value for d in app.dataframe if "profile" in d.value.columns)
    first = listed.iloc[0]
    assert first["profile"].startswith("neighbourhoods?area=coventry&")
    assert first["profile"].endswith(f"&level=lsoa&unit={first['lsoa21_code']}")
