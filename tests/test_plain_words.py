"""Plain words and compact maps: the map tooltip is a small box of a few labelled fields, a clicked
neighbourhood is found from what the map sends back, no table on any page shows a raw snake_case column, every technical
term is explained where it appears, every page choice is in the link, and charts keep labels clear of lines and each other."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from svd_dash.analytics import views
from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.periods import months_period
from svd_dash.prepared import PreparedData
from svd_dash.reference import AREAS
from svd_dash.ui import lsoa_map
from svd_dash.ui.columns import friendly_name
from svd_dash.ui.components import JARGON
from svd_dash.ui.frame import PAGES
from svd_dash.ui.palettes import OKABE_ITO
from svd_dash.ui.state import page_choices_from_query, page_choices_to_query
from tests.conftest import open_every_expander
from tests.test_pages import open_app

PERIOD = months_period("2025-04", "2026-03")
AREA_NAMES = [area.name for area in AREAS]


@pytest.fixture(scope="module")
def walsall(prepared: PreparedData) -> pd.DataFrame:
    return views.neighbourhoods(prepared, "E08000030", grouping_named("Weapons"), PERIOD)


def test_the_map_tooltip_shows_a_few_key_fields(walsall: pd.DataFrame) -> None:
    colouring = lsoa_map.by_measure(walsall, "rate", "Rate per 1,000 residents")
    properties = lsoa_map.tooltip_properties(walsall, colouring)
    labels = [label for _, label in lsoa_map.TOOLTIP_FIELDS.values()]
    assert labels == ["Neighbourhood", "Ward", "Records", "Rate per 1,000", "Colour"]
    assert max(len(label) for label in labels) <= 15  # one short line each: the box stays beside the pointer
    row = properties.loc["E01010368"]
    assert row["name"] == "Walsall 030A" and row["n"] == walsall.set_index("lsoa21_code").loc["E01010368", "count"]
    assert lsoa_map.clicked_code(walsall, row["name"]) == "E01010368"  # a click is traced back to its neighbourhood
    assert lsoa_map.clicked_code(walsall, None) is None and walsall["lsoa21_name"].is_unique


def test_the_map_numbers_are_labelled(walsall: pd.DataFrame) -> None:
    colouring = lsoa_map.by_measure(walsall, "rate", "Rate per 1,000 residents")
    numbers = lsoa_map.map_values(walsall, colouring)[list(lsoa_map.NUMBER_COLUMNS)]
    headers = [friendly_name(column) for column in numbers.columns]
    assert all("_" not in header for header in headers), headers
    assert "Rate per 1,000 residents a year" in headers and "Deprivation decile (IMD 2025, 1 = most deprived)" in headers


def test_a_friendly_label_stays_as_it_is() -> None:
    assert friendly_name("IMD 2025 decile") == "IMD 2025 decile"
    assert friendly_name("source_url") == "Source address" and friendly_name("some_new_column") == "Some new column"


COMPARE_LINK = {
    "area": "west-midlands",
    "grouping": "Weapons",
    "offences": "Robbery",
    "compare_with": "Metropolitan borough CSPs",
    "council": "Walsall",
    "pair": "Possession of weapons",
}


def test_page_choices_go_into_the_link_and_come_back() -> None:
    state = {
        "spc_target": 10,
        "national_measure": "Robbery",
        "national_group": "Metropolitan borough CSPs",
        "national_council": "Walsall",
        "reconcile_pair": "Possession of weapons",
        "svd_derived": True,
    }
    query = page_choices_to_query(state, meeting_mode=False)
    assert query == {
        "target": "10",
        "offences": "Robbery",
        "compare_with": "Metropolitan borough CSPs",
        "council": "Walsall",
        "pair": "Possession of weapons",
        "derived": "True",
    }
    assert page_choices_from_query(query) == state
    assert page_choices_from_query({"target": "95", "council": "Paris", "derived": "yes", "offences": "<b>"}) == {}  # nonsense is ignored


def test_a_pasted_link_restores_the_compare_trends_and_svd_choices() -> None:
    app = open_app("app_pages/compare_areas.py", **COMPARE_LINK)
    assert app.selectbox(key="national_measure").value == "Robbery"
    assert app.selectbox(key="national_group").value == "Metropolitan borough CSPs"
    assert app.selectbox(key="national_council").value == "Walsall"
    assert app.selectbox(key="reconcile_pair").value == "Possession of weapons"
    assert any("Walsall" in metric.label for metric in app.metric)  # the national comparison is Walsall's
    trends = open_app("app_pages/trends.py", area="walsall", grouping="Weapons", target="10")
    assert trends.number_input(key="spc_target").value == 10
    svd = open_app("app_pages/svd_measures.py", area="walsall", grouping="Weapons", derived="True")
    assert svd.toggle(key="svd_derived").value is True


def test_a_numbers_table_is_drawn_only_once_opened() -> None:
    app = open_app(area="coventry")
    assert not any("months_used" in d.value.columns for d in app.dataframe)  # the Overview's cards table, closed
    cards = next(d.value for d in open_every_expander(app).dataframe if "months_used" in d.value.columns)
    assert len(cards) == 8 and cards["area_name"].iloc[-1] == "West Midlands"  # seven councils and the region


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_no_table_on_a_page_shows_a_raw_column_name(page: str) -> None:
    app = open_every_expander(open_app(page, area="walsall", grouping="Weapons"))
    for table in app.dataframe:
        labels = {name: config.get("label") for name, config in json.loads(table.proto.columns or "{}").items()}
        shown = [labels.get(str(column)) or str(column) for column in table.value.columns]
        assert all("_" not in name and name[:1] == name[:1].upper() for name in shown), (page, shown)


JARGON_SPELLINGS = {
    "Gi*": ("Gi*",),
    "queen contiguity": ("queen contiguity",),
    "Benjamini-Hochberg": ("Benjamini-Hochberg",),
    "FDR": ("FDR", "false discovery rate"),
    "Gini": ("Gini",),
    "funnel": ("funnel",),
    "99.8% limits": ("99.8%",),
    "CCHI": ("CCHI", "Cambridge Crime Harm"),
    "Mann-Kendall": ("Mann-Kendall",),
}
"""Technical terms as they are written on the pages, keyed by their entry in ``components.JARGON``."""


def page_words(app) -> tuple[str, str]:
    """What a page says (markdown, captions, headings, notes, metric labels) and its help tooltips."""
    kinds = ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "text")
    said = "\n".join(str(element.value) for kind in kinds for element in app.get(kind))
    said += "\n".join(str(metric.label) for metric in app.metric)
    helps = "\n".join(
        str(element.proto.help)
        for kind in ("radio", "selectbox", "toggle", "number_input", "text_input", "metric")
        for element in app.get(kind)
    )
    return said, helps


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_every_technical_term_is_explained_where_it_appears(page: str) -> None:
    app = open_app(page, area="walsall", grouping="Weapons")
    said, helps = page_words(app)
    for term, spellings in JARGON_SPELLINGS.items():
        if any(spelling.lower() in said.lower() for spelling in spellings):
            explanation = JARGON[term]
            assert explanation in said or explanation in helps, (page, term)


def test_the_top_20_shows_twenty_rows_with_the_ranking_figure_in_view() -> None:
    app = open_app("app_pages/hotspots.py", area="walsall", grouping="Weapons", measure="rate16_24")
    top = next(d for d in app.dataframe if "rank" in d.value.columns)
    assert len(top.value) == 20  # all shown without scrolling: see 1024_hotspots_normal_full.png
    assert list(top.value.columns)[:3] == ["rank", "msoa21_hcl_name", "rate_16_24"]  # the figure it is ranked by, next to the name


def test_seasonality_carries_its_caveat() -> None:
    app = open_app("app_pages/trends.py", area="walsall", grouping="Weapons")
    assert any("each month of the year rests on only 2 or 3 values" in caption.value for caption in app.caption)


def test_charts_highlight_the_chosen_area_and_keep_labels_off_lines(prepared: PreparedData) -> None:
    from tests.test_exports import chart_exports, selection_for

    made = {export.name: export for export in chart_exports(prepared, selection_for(prepared, "walsall"))}
    exports = {name: export.figure for name, export in made.items()}
    funnel_numbers = made["funnel"].numbers  # the funnel's CSV holds each council's own point, not only the limits
    assert sorted(funnel_numbers["name"]) == sorted(AREA_NAMES) and {"rate", "residents", "count"} <= set(funnel_numbers.columns)
    names = [annotation.text for annotation in exports["funnel"].layout.annotations]
    assert len(names) == 7 and "<b>Walsall</b>" in names  # every council named once, the chosen one in bold
    bars = exports["area-rates"].data[0]
    assert list(bars.marker.color).count(OKABE_ITO[1]) == 1 and sum(label.startswith("<b>Walsall") for label in bars.y) == 1
    assert exports["area-rates"].data[1].name.startswith("Dotted line: West Midlands") and not exports["area-rates"].layout.annotations
    deciles = exports["deciles"]
    assert deciles.data[0].text is None and all("<b>" in tick for tick in deciles.layout.xaxis.ticktext)  # rates under the bars
    published = exports["sharp-object-admissions-under-20-birmingham"]
    baseline = published.data[1].y[0]
    for value, position in zip(published.data[0].y, published.data[0].textposition, strict=True):
        assert position == "top center" if value >= baseline else position in ("top center", "bottom center")
        assert position != "bottom center" or value < baseline  # a label is never drawn across the baseline line


def test_a_sparkline_shows_a_partial_month_as_a_hollow_marker_not_a_crash() -> None:
    from svd_dash.ui.sparkline import sparkline_html, sparkline_svg

    svg = sparkline_svg([40, 41, 3, 44, 42], [True, True, False, True, True])
    assert svg.count("<polyline") == 2  # the line breaks at the partial month: 40-41, then 44-42
    assert svg.count("<circle") == 1 and 'fill="none" stroke="#666666"' in svg  # the partial month, hollow
    # 5 months over 230 units from x=5: 57.5 apart; 46 units of height from y=51 up, the highest month (44) at the top.
    assert '<circle cx="120.0" cy="47.9"' in svg and "177.5,5.0" in svg and "5.0,9.2" in svg
    lone = sparkline_svg([5, 0, 6], [False, True, False])
    assert "<polyline" not in lone and lone.count("<circle") == 3  # a complete month alone is a filled dot
    with pytest.raises(ValueError, match="3 values but 2"):
        sparkline_svg([1, 2, 3], [True, True])
    picture = sparkline_html([1, 2], [True, True], 'Coventry "<b>"')
    assert picture.startswith('<img class="sparkline" alt="Coventry &quot;&lt;b&gt;&quot;" src="data:image/svg+xml;base64,')
