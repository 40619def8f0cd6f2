"""On a 1024 x 768 projector, in headless Debian chromium: every page in normal and meeting mode, screenshot
kept under tests/artifacts/screenshots/, with no truncated text, nothing off the right edge, no controls
or downloads in meeting mode, chart text as large as the words, and links that restore every choice."""

from __future__ import annotations

import pytest

from svd_dash.ui.frame import PAGES
from tests.browser import ARTIFACTS, draw_every_chart, map_shapes, only_local_network, wait_for_app
from tests.chart_text import OVERLAPPING_TEXT

pytestmark = pytest.mark.browser
SCREENSHOTS = ARTIFACTS / "screenshots"
PROJECTOR = {"width": 1024, "height": 768}
MEETING_BODY_PX = 22
MEETING_HIDDEN_CONTROLS = (
    "stSelectbox",
    "stRadio",
    "stTextInput",
    "stNumberInput",
    "stCheckbox",
    "stMultiSelect",
    "stSlider",
    "stFileUploader",
)

TRUNCATED = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
    if (el.offsetParent === null || el.closest('[data-testid="stDataFrame"], .svd-map')) continue;
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      cut.push(el.textContent.trim().slice(0, 60));
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(el);
    const text = range.getBoundingClientRect();
    for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
      const overflow = getComputedStyle(box).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') break;  // inside a scroller the text is reachable, not cut
      if (overflow !== 'hidden' && overflow !== 'clip') continue;
      const edge = box.getBoundingClientRect();
      if (text.right > edge.right + 1 || text.left < edge.left - 1) { cut.push(el.textContent.trim().slice(0, 60)); break; }
    }
  }
  return cut;
}"""
"""Texts cut off: an ellipsis with more text than room, or text running outside an ancestor that hides overflow
(tables and maps excepted: they scroll and pan to text beyond their edges)."""

OFF_THE_EDGE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return [...main.querySelectorAll('*')].filter(el => el.offsetParent !== null && el.getBoundingClientRect().right > window.innerWidth + 1
    && !el.closest('[data-testid="stDataFrame"], .svd-chart, .svd-map, [data-testid="stExpanderDetails"] table'))
    .map(el => (el.getAttribute('data-testid') || el.tagName) + ': ' + el.textContent.trim().slice(0, 40)).slice(0, 5);
}"""
"""Visible elements whose right edge is beyond the window (scrolling tables, charts and maps excepted)."""

SMALLEST_CHART_TEXT = """() => {
  const sizes = [...document.querySelectorAll('.svd-chart .main-svg text')]
    .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)
    .map(t => parseFloat(getComputedStyle(t).fontSize));
  return sizes.length ? Math.min(...sizes) : null;
}"""


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PROJECTOR)
    only_local_network(context, [])
    tab = context.new_page()
    yield tab
    context.close()


def settle(tab) -> None:
    """Wait for the run to finish, for a map, if the page has one, to draw and for every chart to draw."""
    wait_for_app(tab)
    if tab.query_selector(".svd-map") is not None:
        map_shapes(tab, 1)
    tab.wait_for_timeout(800)
    wait_for_app(tab)  # a first visit can rerun once (the link rewritten to the full selection)
    draw_every_chart(tab)  # after any rerun: a chart off-screen keeps its old drawing until it is scrolled near


def screenshots(tab, stem: str) -> None:
    """The first screen as the projector shows it, and the whole page (the window stretched to its length)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{stem}_screen.png"))
    length = tab.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    tab.set_viewport_size({"width": PROJECTOR["width"], "height": min(length + 40, 16_000)})
    tab.wait_for_timeout(1500)
    tab.screenshot(path=str(SCREENSHOTS / f"{stem}_full.png"))
    tab.set_viewport_size(PROJECTOR)
    tab.wait_for_timeout(500)


def axe_serious(tab) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [
        (v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("meeting", [False, True], ids=["normal", "meeting"])
@pytest.mark.parametrize("url_path", [p[3] for p in PAGES])
def test_every_page_fits_a_1024_projector(server: str, page, url_path: str, meeting: bool) -> None:
    query = "area=walsall&grouping=Weapons" + ("&meeting=1" if meeting else "")
    page.goto(f"{server}/{url_path}?{query}")
    settle(page)
    screenshots(page, f"1024_{url_path or 'overview'}_{'meeting' if meeting else 'normal'}")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.evaluate(TRUNCATED) == []
    assert page.evaluate(OFF_THE_EDGE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PROJECTOR["width"]
    assert page.evaluate(f"() => ({OVERLAPPING_TEXT})(document)") == []  # no chart text over chart text
    if meeting:
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator('[data-testid="stDownloadButton"]:visible').count() == 0
        controls = ", ".join(f'[data-testid="stMain"] [data-testid="{kind}"]:visible' for kind in MEETING_HIDDEN_CONTROLS)
        assert page.locator(controls).count() == 0  # no controls: only the meeting's own navigation
        assert page.locator('[data-testid="stMain"] [data-testid="stButton"]:visible').count() == (3 if url_path == "" else 1)
        assert page.get_by_role("button", name="Leave meeting mode").is_visible()
        smallest = page.evaluate(SMALLEST_CHART_TEXT)
        assert smallest is None or smallest >= MEETING_BODY_PX, smallest
    assert axe_serious(page) == []


def test_a_whole_meeting_previous_next_slides_and_the_way_out(server: str, page) -> None:
    page.goto(f"{server}/?area=coventry&grouping=Weapons&meeting=1&slide=2")
    settle(page)
    assert "finding 2 of" in page.inner_text("body")
    assert page.locator(".svd-chart").count() == 1  # the slide has its chart
    page.get_by_role("button", name="Next ▶").click()
    page.wait_for_function("window.location.search.includes('slide=3')", timeout=30_000)
    page.reload()
    settle(page)
    assert "finding 3 of" in page.inner_text("body")  # the slide number is in the link
    page.get_by_role("link", name="Hotspots ▶").click()
    page.wait_for_function("window.location.pathname.endsWith('/hotspots')", timeout=30_000)
    page.wait_for_function("document.body.innerText.includes('Page 2 of ')", timeout=60_000)
    assert "meeting=1" in page.url
    page.get_by_role("link", name="◀ Overview").click()
    page.wait_for_function("!window.location.pathname.endsWith('/hotspots')", timeout=30_000)
    page.wait_for_function("document.body.innerText.includes('finding 3 of')", timeout=60_000)  # back on the same slide
    page.get_by_role("button", name="Leave meeting mode").click()
    page.wait_for_function("!window.location.search.includes('meeting=1')", timeout=30_000)
    settle(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()


def test_a_pasted_link_restores_every_page_choice(server: str, page) -> None:
    page.goto(f"{server}/hotspots?area=coventry&grouping=Weapons&view=hotspots&lsoa=E01009527")
    settle(page)
    assert page.get_by_role("radio", name="Hotspot test (Gi*)").is_checked()
    assert any("(E01009527)" in title for title in page.locator(".svd-chart .gtitle").all_text_contents())
    assert "view=hotspots" in page.url and "lsoa=E01009527" in page.url
    page.goto(f"{server}/deprivation?area=walsall&grouping=Weapons&map=Rate+and+deprivation+together")
    settle(page)
    assert page.locator('[role="table"] [role="cell"]').count() == 9  # the 3x3 bivariate legend
    screenshots(page, "1024_deprivation_bivariate")
    page.get_by_role("combobox", name="Map").click()
    page.get_by_role("option", name="Income", exact=True).click()
    page.wait_for_function("window.location.search.includes('map=Income')", timeout=30_000)


def test_the_briefing_pack_shows_progress_then_downloads(server: str, page, tmp_path) -> None:
    page.goto(f"{server}/?area=coventry&grouping=Weapons")
    settle(page)
    page.get_by_role("button", name="Prepare the briefing pack (Word)").click()
    page.wait_for_selector('[data-testid="stProgress"], [data-testid="stExpander"]', timeout=30_000)
    download_button = page.get_by_role("button", name="Download the briefing pack (Word)")
    download_button.wait_for(timeout=120_000)
    assert "The briefing pack is ready." in page.inner_text("body")
    with page.expect_download(timeout=60_000) as pack:
        download_button.click()
    assert pack.value.suggested_filename == "coventry_weapons_briefing_2025-04_2026-03.docx"
    from docx import Document

    path = tmp_path / pack.value.suggested_filename
    pack.value.save_as(path)
    assert len(Document(path).inline_shapes) == 4  # trend, SPC, deprivation, map


def test_the_map_tooltip_is_a_small_box(server: str, page) -> None:
    page.goto(f"{server}/hotspots?area=walsall&grouping=Weapons")
    settle(page)
    shapes = map_shapes(page, 1)
    shapes.nth(shapes.count() // 2).hover(force=True)
    tooltip = page.locator(".svd-map").locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=30_000)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "1024_hotspots_tooltip.png"))
    box, map_box = tooltip.bounding_box(), page.locator(".svd-map .leaflet-container").bounding_box()
    assert box["width"] * box["height"] < 0.08 * map_box["width"] * map_box["height"], (box, map_box)  # not a third of the map
    rows = tooltip.locator("tr").all_inner_texts()
    assert len(rows) == 5 and rows[0].startswith("Neighbourhood") and "Walsall" in rows[0]
