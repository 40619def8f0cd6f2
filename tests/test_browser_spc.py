"""In headless Debian chromium: the SPC chart, its icons, and intervention markers that survive in the link."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser import ARTIFACTS, draw_every_chart, only_local_network, wait_for_app

pytestmark = pytest.mark.browser
HOSTILE = "<b>Knife</b> amnesty"


def open_tab(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    blocked: list[str] = []
    only_local_network(context, blocked)
    return context, context.new_page(), blocked


@pytest.mark.parametrize("width,height", [(1400, 900), (1024, 768)])
def test_spc_chart_and_markers_from_a_link(server: str, browser, width: int, height: int) -> None:
    context, tab, blocked = open_tab(browser, width, height)
    tab.goto(f"{server}/trends?area=wolverhampton&events={quote('2025-06:' + HOSTILE)}")
    wait_for_app(tab)
    draw_every_chart(tab)
    spc = tab.locator(".js-plotly-plot", has_text="SPC chart (XmR)")
    spc.scroll_into_view_if_needed()
    text = spc.inner_text()
    assert "Special cause, improving" in text and "Process limits" in text
    assert HOSTILE in text  # the marker label, drawn as the literal text
    assert spc.locator("b", has_text="Knife").count() == 0  # never as HTML
    assert tab.locator('[data-testid="stText"]', has_text=HOSTILE).count() == 1
    assert "events=2025-06" in tab.url
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    spc.screenshot(path=str(ARTIFACTS / "screenshots" / f"spc_{width}x{height}.png"))
    assert [u for u in blocked if "materialsymbols" not in u] == []  # only the page icon (frame.py) is fetched from outside
    context.close()


def test_typing_an_event_puts_it_in_the_link_and_refuses_long_text(server: str, browser) -> None:
    context, tab, _ = open_tab(browser, 1400, 900)
    tab.goto(f"{server}/trends?area=coventry")
    wait_for_app(tab)
    box = tab.get_by_role("textbox", name="Events to mark on the charts")
    box.fill("2025-09: Youth programme starts; 2025-10: " + "x" * 70)
    box.press("Enter")
    tab.wait_for_function("window.location.href.includes('events=')")  # the rerun's outcome, not "not running"
    tab.get_by_text("Event 2 was left out: its name is longer than 60 characters.").first.wait_for(timeout=60_000)
    wait_for_app(tab)
    assert "Youth" in tab.url and "xxxx" not in tab.url
    shared = tab.url.replace("/trends?", "/?")  # the same link, opened fresh on the Overview
    tab.goto(shared)
    wait_for_app(tab)
    assert "events=2025-09" in tab.url and "area=coventry" in tab.url
    assert tab.get_by_text("SPC: (", exact=False).count() == 8
    tab.screenshot(path=str(ARTIFACTS / "screenshots" / "overview_spc_icons_1400x900.png"), full_page=True)
    context.close()
