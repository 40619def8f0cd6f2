"""End to end in headless Debian chromium: every page, maps drawn offline, links that restore the view."""

from __future__ import annotations

import pytest

from svd_dash.ui.frame import PAGES
from tests.browser import ARTIFACTS, map_shapes, only_local_network, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    blocked: list[str] = []
    only_local_network(context, blocked)
    tab = context.new_page()
    tab.blocked = blocked
    yield tab
    context.close()


@pytest.mark.parametrize("path,title,url_path", [(p[0], p[1], p[3]) for p in PAGES])
def test_every_page_loads_without_error_text(server: str, page, path: str, title: str, url_path: str) -> None:
    page.goto(f"{server}/{url_path}?area=coventry&grouping=Weapons")
    wait_for_app(page)
    text = page.inner_text("body")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[role="dialog"]').count() == 0  # e.g. no "Page not found" on a deep link
    assert "Traceback" not in text and "Error" not in page.locator("h1").first.inner_text()
    assert page.blocked == []  # nothing fetched from the internet (was the Material Symbols favicon from fonts.gstatic.com)
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshots" / f"{url_path or 'overview'}.png"), full_page=True)


def test_the_map_draws_every_lsoa_with_the_network_closed(server: str, page) -> None:
    page.goto(f"{server}/hotspots?area=west-midlands&grouping=Serious+violence+(police.uk+proxy)")
    wait_for_app(page)
    assert map_shapes(page, 1719).count() == 1719  # every LSOA, clickable
    assert page.locator(".svd-map .leaflet-overlay-pane path").count() >= 1719 + 192 + 7  # with ward and council outlines
    assert page.locator(".svd-map .leaflet-tile").count() == 0  # no tile server configured
    assert not [u for u in page.blocked if "leaflet" in u or "jquery" in u or "bootstrap" in u or "tile" in u], page.blocked
    page.screenshot(path=str(ARTIFACTS / "screenshots" / "hotspots_region_offline.png"))


def test_a_shared_link_restores_the_view_and_the_url_follows_the_controls(server: str, page) -> None:
    link = f"{server}/trends?area=walsall&grouping=Robbery&from=2024-11&to=2025-10&base_from=2023-09&base_to=2024-08&measure=count"
    page.goto(link)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("Trends: Robbery, Walsall")
    assert "the 12 months to October 2025" in page.inner_text("body")
    page.get_by_role("combobox", name="Crime grouping").click()
    page.get_by_role("option", name="Weapons", exact=True).click()
    page.wait_for_function("window.location.search.includes('grouping=Weapons')", timeout=30_000)
    wait_for_app(page)
    assert "area=walsall" in page.url and "from=2024-11" in page.url
    page.reload()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("Trends: Weapons, Walsall")


def test_show_the_numbers_draws_its_table_when_opened(server: str, page) -> None:
    page.goto(f"{server}/trends?area=coventry&grouping=Weapons")
    wait_for_app(page)
    box = page.locator(".st-key-trend_numbers_open")
    assert box.locator('[data-testid="stDataFrame"]').count() == 0  # not drawn while closed
    box.get_by_text("Show the numbers").click()
    box.locator('[data-testid="stDataFrame"]').wait_for(timeout=60_000)  # drawn after the rerun the opening starts
    wait_for_app(page)
    page.get_by_role("combobox", name="Crime grouping").click()
    page.get_by_role("option", name="Robbery", exact=True).click()
    page.wait_for_function("window.location.search.includes('grouping=Robbery')", timeout=30_000)
    box.locator('[data-testid="stDataFrame"]').wait_for(timeout=60_000)
    wait_for_app(page)
    assert box.locator('[data-testid="stDataFrame"]').count() == 1  # stays open across a change of control


def test_downloads_arrive(server: str, page, tmp_path) -> None:
    page.goto(f"{server}/trends?area=coventry&grouping=Weapons")
    wait_for_app(page)
    with page.expect_download(timeout=60_000) as csv_download:
        page.locator(".st-key-trend_csv").get_by_role("button", name="Download data").click()  # by its key, never its position
    csv_path = tmp_path / csv_download.value.suggested_filename
    csv_download.value.save_as(csv_path)
    assert csv_path.name == "coventry_weapons_trend_2025-04_2026-03.csv"
    assert csv_path.read_text(encoding="utf-8").startswith("# ")
    with page.expect_download(timeout=120_000) as png_download:
        page.locator(".st-key-trend_png").get_by_role("button", name="Download image").click()
    png_path = tmp_path / png_download.value.suggested_filename
    png_download.value.save_as(png_path)
    from PIL import Image

    assert png_path.name.endswith(".png") and Image.open(png_path).size == (2000, 1200)
    page.goto(f"{server}/?area=coventry&grouping=Weapons")
    wait_for_app(page)
    page.get_by_role("button", name="Prepare the briefing pack (Word)").click()  # built with a progress bar first
    page.get_by_role("button", name="Download the briefing pack (Word)").wait_for(timeout=120_000)
    with page.expect_download(timeout=120_000) as pack:
        page.get_by_role("button", name="Download the briefing pack (Word)").click()
    assert pack.value.suggested_filename == "coventry_weapons_briefing_2025-04_2026-03.docx"
    from docx import Document

    pack_path = tmp_path / pack.value.suggested_filename
    pack.value.save_as(pack_path)
    assert len(Document(pack_path).inline_shapes) == 4  # trend, SPC, deprivation, map


def test_meeting_mode_reads_from_the_back_of_the_room(server: str, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    only_local_network(context, [])
    tab = context.new_page()
    tab.goto(f"{server}/?area=coventry&grouping=Weapons&meeting=1")
    wait_for_app(tab)
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "screenshots" / "meeting_mode_1280x720.png"))
    assert not tab.locator('[data-testid="stSidebar"]').is_visible(), tab.evaluate("document.body.innerText.slice(0, 400)")
    finding = tab.locator(".meeting-finding")
    size = float(finding.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 27  # 1.25 x the meeting body text (22 px): the slide also holds its chart, and all fits 1024 x 768
    next_button = tab.get_by_role("button", name="Next ▶")
    box = next_button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720  # the finding and its controls fit on one screen
    assert "finding 1 of" in tab.inner_text("body")
    tab.get_by_role("button", name="Next ▶").click()
    tab.wait_for_function("document.body.innerText.includes('finding 2 of')", timeout=30_000)
    tab.screenshot(path=str(ARTIFACTS / "screenshots" / "meeting_mode_1280x720_finding2.png"))
    assert "meeting=1" in tab.url
    tab.get_by_role("button", name="Leave meeting mode").click()
    tab.wait_for_function("!window.location.search.includes('meeting=1')", timeout=30_000)
    context.close()


@pytest.mark.parametrize("url_path", [p[3] for p in PAGES] + ["?meeting=1"])
def test_no_serious_or_critical_accessibility_violations(server: str, page, url_path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    separator = "&" if "?" in url_path else "?"
    page.goto(f"{server}/{url_path}{separator}area=coventry&grouping=Weapons")
    wait_for_app(page)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
