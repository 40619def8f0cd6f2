"""The Partner data page: private to its session, forgettable, and showing only suppressed figures, with
uploaded text never rendered as Markdown."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document
from streamlit.testing.v1 import AppTest

from svd_dash.analytics.groupings import grouping_named
from svd_dash.analytics.partner_compare import comparison_table, partner_police_correlation, partner_views, police_by_place
from svd_dash.analytics.partner_data import Extract, geography_lookup, read_extract
from svd_dash.analytics.periods import months_period
from svd_dash.analytics.suppression import SuppressionRule
from svd_dash.analytics.views import months_used, trend_table
from svd_dash.prepared import PreparedData
from svd_dash.ui.partner import PRIVACY_NOTE, STORE_KEY
from svd_dash.ui.partner_pack import PackContent, partner_pack
from svd_dash.ui.state import DataMonths, selection_from_query
from tests.browser import ARTIFACTS, require_chromium
from tests.conftest import ROOT, open_every_expander
from tests.partner_extract import extract_csv, generated_extract

PAGE = "app_pages/partner_data.py"
PERIOD = months_period("2025-04", "2026-03")
HOSTILE_BUT_VALID = "A&E (under-25s): 'knife' 50% + more"


@pytest.fixture(scope="module")
def extract(prepared: PreparedData) -> Extract:
    months = sorted(pd.to_datetime(prepared.months["month"].unique()))
    frame = generated_extract(prepared)
    frame.loc[frame["measure"] == "Knife injuries (A&E)", "measure"] = HOSTILE_BUT_VALID
    return read_extract(extract_csv(frame), "extract.csv", prepared.lsoa, months)


def open_page(extract: Extract | None = None, **query: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in query.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(PAGE)
    if extract is not None:
        app.session_state[STORE_KEY] = extract  # AppTest cannot drive a file uploader; the browser test uploads for real
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def all_markup(app: AppTest) -> list[str]:
    """Everything the page rendered as Markdown (titles, headers, captions, markdown, alerts)."""
    groups = (app.title, app.header, app.subheader, app.markdown, app.caption, app.info, app.success, app.warning, app.error)
    return [str(element.value) for group in groups for element in group]


def test_without_a_file_the_page_says_what_it_keeps_and_for_how_long() -> None:
    app = open_page()
    assert [i.value for i in app.info] == [PRIVACY_NOTE]
    assert "not saved on the server, not logged" in PRIVACY_NOTE and "Forget this data" in PRIVACY_NOTE
    assert not app.text and not app.error


def test_a_second_session_cannot_see_the_first_sessions_upload(extract: Extract) -> None:
    first = open_page(extract, area="coventry")
    assert any("Synthetic test extract" in t.value for t in first.text)
    second = open_page(area="coventry")
    assert STORE_KEY not in second.session_state
    assert not second.text and not any("Loaded" in s.value for s in second.success)


def test_forget_this_data_drops_the_extract(extract: Extract) -> None:
    app = open_page(extract, area="coventry")
    assert any("Loaded 7,044 rows" in s.value for s in app.success)
    app.button[0].click().run()  # "Forget this data"
    assert STORE_KEY not in app.session_state and not app.success and not app.text


def test_the_page_shows_the_protected_figures_and_the_correlation(prepared: PreparedData, extract: Extract) -> None:
    app = open_page(extract, area="coventry", grouping="Violence and sexual offences")
    app.selectbox(key="partner_measure").set_value(HOSTILE_BUT_VALID).run()
    assert not app.exception
    lookup = geography_lookup(prepared.lsoa)
    views = partner_views(extract.rows, HOSTILE_BUT_VALID, lookup, "E08000026", PERIOD, SuppressionRule())
    used = months_used(prepared, "E08000026", PERIOD)
    police = police_by_place(
        prepared.counts, prepared.lsoa, "E08000026", grouping_named("Violence and sexual offences").crime_types, used, views.level
    )
    sentence = partner_police_correlation(extract.rows, HOSTILE_BUT_VALID, lookup, views, police, len(used), "E08000026").sentence(
        HOSTILE_BUT_VALID, "violence and sexual offences", "Coventry"
    )
    assert sentence in [t.value for t in app.text]
    tables = {tuple(d.value.columns): d.value for d in open_every_expander(app).dataframe}
    by_place = next(v for k, v in tables.items() if "police_rate" in k)
    expected = comparison_table(views, police, len(used))
    assert by_place["count"].tolist() == expected["shown"].tolist()
    assert (by_place["count"] == "*").sum() == (expected["status"] != "shown").sum() > 100
    monthly = next(v for k, v in tables.items() if "in_period" in k)
    assert monthly["count"].tolist() == views.monthly["shown"].tolist()
    assert not any(HOSTILE_BUT_VALID in text for text in all_markup(app))  # shown only as plain text
    app.selectbox(key="w_area").set_value("west-midlands").run()
    assert any(c.value.startswith("This measure covers Coventry only; police figures are for the West Midlands") for c in app.caption)


def test_changing_the_rule_changes_what_is_shown(extract: Extract) -> None:
    app = open_page(extract, area="solihull")
    assert any("no rows for this measure in the chosen area" in w.value for w in app.warning)  # the Coventry-only measure
    app.selectbox(key="partner_measure").set_value("ED assault attendances").run()
    app.number_input(key="partner_threshold").set_value(10).run()
    app.selectbox(key="partner_rounding").set_value(1).run()
    assert not app.exception
    assert any("Counts from 1 to 10 are suppressed" in c.value for c in app.caption)
    monthly = next(d.value for d in open_every_expander(app).dataframe if "in_period" in d.value.columns)
    assert monthly["count"].str.replace(",", "").str.isdigit().any()


def test_the_partner_pack_carries_the_suppressed_figures_the_source_and_the_rule(prepared: PreparedData, extract: Extract) -> None:
    require_chromium()
    months = DataMonths(tuple(sorted(pd.to_datetime(prepared.months["month"].unique()))), frozenset())
    query = {"area": "coventry", "grouping": "Violence and sexual offences", "from": "2025-04", "to": "2026-03"}
    selection = selection_from_query(query, months)[0]
    rule = SuppressionRule()
    lookup = geography_lookup(prepared.lsoa)
    views = partner_views(extract.rows, HOSTILE_BUT_VALID, lookup, "E08000026", PERIOD, rule)
    used = months_used(prepared, "E08000026", PERIOD)
    police = police_by_place(prepared.counts, prepared.lsoa, "E08000026", selection.grouping.crime_types, used, views.level)
    compared = comparison_table(views, police, len(used))
    trend = trend_table(prepared, "E08000026", selection.grouping, selection.baseline)
    payload = partner_pack(prepared, selection, extract, HOSTILE_BUT_VALID, rule, PackContent(views, compared, "The sentence.", trend))
    document = Document(io.BytesIO(payload))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Synthetic test extract (generated) (supplied by the user, not published)" in text
    assert rule.footer in text and "The sentence." in text
    assert len(document.inline_shapes) == 3
    section = document.sections[0]  # A4 like the briefing pack (it was US Letter), every figure within the text width
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert all(shape.width <= section.page_width - section.left_margin - section.right_margin for shape in document.inline_shapes)
    listed = [row.cells[1].text for row in document.tables[0].rows[1:]]
    assert len(listed) == 26 and "*" not in listed  # only shown places are listed, 177 suppressed are not
    assert set(listed) <= set(compared.loc[compared["status"] == "shown", "shown"])
    (ARTIFACTS / "exports").mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "exports" / "coventry_partner_pack.docx").write_bytes(payload)


def test_a_council_level_measure_has_no_map_and_says_too_few_places(prepared: PreparedData) -> None:
    months = sorted(pd.to_datetime(prepared.months["month"].unique()))
    rows = [
        f"{code},{month},School exclusions (violence),{10 + i + j},"
        for i, code in enumerate(sorted(prepared.lsoa["la_code"].unique()))
        for j, month in enumerate(["2025-04", "2025-05", "2025-06"])
    ]
    extract = read_extract(
        ("geography_code,month,measure,count,source\n" + "\n".join(rows)).encode(), "councils.csv", prepared.lsoa, months
    )
    app = open_page(extract)
    texts = [t.value for t in app.text]
    assert "This measure is by council, so there is no neighbourhood map; the table below gives each council." in texts
    assert any(t.startswith("Too few councils with figures in the West Midlands (7)") for t in texts)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Partner measure, 3 months"] == f"{round(sum(10 + i + j for i in range(7) for j in range(3)) / 5) * 5:,}"
