"""The analysts' pages in headless Debian chromium: ward map drawn offline, a link reopening a ward's
profile, the risk page's two maps side by side, and screenshots at two window sizes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from svd_dash.ui import cache
from tests.browser import ARTIFACTS, map_shapes, only_local_network, wait_for_app

pytestmark = pytest.mark.browser
SIZES = ((1400, 900), (1024, 768))
ROW_PX = 35
"""Height of a header or row in Streamlit's data grid."""


def open_page(browser, url: str, width: int = 1400, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height})
    blocked: list[str] = []
    only_local_network(context, blocked)
    tab = context.new_page()
    tab.goto(url)
    wait_for_app(tab)
    return context, tab, blocked


def polygons(tab, map_index: int, minimum: int) -> int:
    return map_shapes(tab, minimum, map_index).count()


def test_a_ward_link_draws_the_ward_map_and_opens_the_profile(server: str, browser) -> None:
    context, tab, blocked = open_page(browser, f"{server}/neighbourhoods?area=birmingham&level=ward&unit=E05011168")
    assert polygons(tab, 0, 69) == 69  # Birmingham's 69 wards, clickable
    text = tab.inner_text("body")
    assert "Profile: Soho & Jewellery Quarter (ward E05011168, Birmingham)" in text
    assert tab.locator('[data-testid="stException"]').count() == 0 and "Traceback" not in text
    assert "unit=E05011168" in tab.url and "level=ward" in tab.url
    assert not [u for u in blocked if "leaflet" in u or "tile" in u]
    context.close()


@pytest.mark.parametrize("width,height", SIZES)
@pytest.mark.parametrize(
    "name,path",
    [
        ("emerging", "emerging-hotspots?area=coventry"),
        ("neighbourhoods", "neighbourhoods?area=coventry&level=msoa"),
        ("risk", "risk-factors?area=walsall&factor=age16_24"),
    ],
)
def test_analyst_pages_render_at_two_sizes(server: str, browser, name: str, path: str, width: int, height: int) -> None:
    context, tab, _ = open_page(browser, f"{server}/{path}", width, height)
    polygons(tab, 0, 10)
    if name == "risk":
        assert polygons(tab, 1, 10) == polygons(tab, 0, 10)  # the factor map beside the violence map, same LSOAs
    assert tab.locator('[data-testid="stException"]').count() == 0
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    tab.wait_for_timeout(500)
    tab.screenshot(path=str(ARTIFACTS / "screenshots" / f"analyst_{name}_{width}x{height}.png"), full_page=True)
    context.close()


def test_the_profile_downloads_as_word_and_csv(server: str, browser, tmp_path) -> None:
    context, tab, _ = open_page(browser, f"{server}/neighbourhoods?area=coventry&level=ward")
    with tab.expect_download(timeout=120_000) as word:
        tab.get_by_role("button", name="Download profile (Word)").click()
    path = tmp_path / word.value.suggested_filename
    word.value.save_as(path)
    from docx import Document

    document = Document(path)
    assert path.suffix == ".docx" and len(document.inline_shapes) == 1 and len(document.tables) == 3
    assert document.paragraphs[0].text.startswith("Neighbourhood profile: ")
    with tab.expect_download(timeout=60_000) as csv:
        tab.get_by_role("button", name="Download profile (CSV)").click()
    csv_path = tmp_path / csv.value.suggested_filename
    csv.value.save_as(csv_path)
    assert "records in the period (grouping)" in csv_path.read_text(encoding="utf-8")
    context.close()


def profile_heading(tab) -> str:
    return tab.get_by_role("heading", name="Profile: ").first.inner_text()


def wait_for_unit(tab, previous: str) -> str:
    """The link's unit after the page reran for a new pick (waits until it differs from ``previous``)."""
    tab.wait_for_function(f"!location.search.includes('unit={previous}')", timeout=60_000)
    wait_for_app(tab)
    return parse_qs(urlparse(tab.url).query)["unit"][0]


def test_a_click_on_the_map_opens_that_wards_profile(server: str, browser) -> None:
    context, tab, _ = open_page(browser, f"{server}/neighbourhoods?area=coventry&level=ward")
    shapes = map_shapes(tab, 18)
    first = parse_qs(urlparse(tab.url).query)["unit"][0]
    ward_codes = cache.unit_web_layers("E08000026", "ward").lsoa.ids  # the map's polygons, in drawing order
    target = 1 if ward_codes[0] == first else 0
    shapes.nth(target).dispatch_event("click")
    unit = wait_for_unit(tab, first)
    assert unit == ward_codes[target]
    assert f"ward {unit}, Coventry" in profile_heading(tab)
    context.close()


def test_a_row_of_the_ranking_opens_that_wards_profile(server: str, browser) -> None:
    context, tab, _ = open_page(browser, f"{server}/neighbourhoods?area=coventry&level=ward")
    ranking = cache.units("E08000026", "Serious violence (police.uk proxy)", "2025-04", "2026-03", "ward")
    first = parse_qs(urlparse(tab.url).query)["unit"][0]
    assert first == ranking["code"].iloc[0]
    grid = tab.locator(".st-key-nb_ranking_ward [data-testid='stDataFrameResizable']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    tab.mouse.click(box["x"] + 16, box["y"] + ROW_PX * 3.5)  # the third row's tick box (row 0 is the header)
    unit = wait_for_unit(tab, first)
    assert unit == ranking["code"].iloc[2]
    assert profile_heading(tab).startswith(f"Profile: {ranking['name'].iloc[2]} (ward {unit}")
    context.close()


def test_the_profile_chart_downloads_as_png(server: str, browser, tmp_path) -> None:
    context, tab, _ = open_page(browser, f"{server}/neighbourhoods?area=dudley&level=msoa")
    with tab.expect_download(timeout=120_000) as image:
        tab.locator(".st-key-profile_monthly_png button").click()
    path = tmp_path / image.value.suggested_filename
    image.value.save_as(path)
    assert path.suffix == ".png" and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
    context.close()
