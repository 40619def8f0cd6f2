"""Partner data in a real browser: upload a generated extract, see it beside police data, export it with the
suppression rule and the user's source label, refuse a bad file, keep it from another session, forget it."""

from __future__ import annotations

import pytest

from svd_dash.prepared import load_prepared
from tests.browser import ARTIFACTS, map_shapes, only_local_network, wait_for_app
from tests.partner_extract import SOURCE, extract_csv, generated_extract

pytestmark = pytest.mark.browser
URL_PATH = "partner-data?area=coventry&grouping=Violence+and+sexual+offences"


def new_tab(browser, width: int = 1400, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    blocked: list[str] = []
    only_local_network(context, blocked)
    tab = context.new_page()
    tab.blocked = blocked
    return context, tab


def upload(tab, name: str, payload: bytes, mime: str = "text/csv") -> None:
    tab.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files({"name": name, "mimeType": mime, "buffer": payload})
    tab.wait_for_timeout(500)
    wait_for_app(tab, 120_000)


def screens(tab, name: str) -> None:
    """Screenshots down the whole page (Streamlit scrolls its main area, not the window)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    main = tab.locator('[data-testid="stMain"]')
    height, step = main.evaluate("e => e.scrollHeight"), tab.viewport_size["height"] - 100
    for i, top in enumerate(range(0, height, step)):
        main.evaluate(f"e => e.scrollTo(0, {top})")
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(folder / f"{name}_{i}.png"))


def test_an_uploaded_extract_sits_beside_police_data_and_exports_with_its_rule(server: str, browser, tmp_path) -> None:
    payload = extract_csv(generated_extract(load_prepared()))
    context, tab = new_tab(browser)
    try:
        tab.goto(f"{server}/{URL_PATH}")
        wait_for_app(tab)
        assert "Private by default" in tab.inner_text("body")
        upload(tab, "ed_extract.csv", payload)
        tab.get_by_text("Loaded 7,044 rows: 3 measure(s).").wait_for(timeout=60_000)
        for i in range(2):
            map_shapes(tab, 195, i)
        from axe_playwright_python.sync_playwright import Axe

        violations = Axe().run(tab).response["violations"]
        assert not [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations if v["impact"] in ("serious", "critical")]
        body = tab.inner_text("body")
        assert "Traceback" not in body and tab.locator('[data-testid="stException"]').count() == 0
        assert f"Source: {SOURCE} (supplied by the user, not published)" in body
        assert "rank correlation" in body and "Counts from 1 to 7 are suppressed" in body
        screens(tab, "partner_1400x900")
        tab.set_viewport_size({"width": 1024, "height": 768})
        tab.wait_for_timeout(1500)
        screens(tab, "partner_1024x768")
        with tab.expect_download(timeout=60_000) as csv_download:
            tab.get_by_role("button", name="Download data").first.click()
        csv_text = csv_download.value.path().read_text(encoding="utf-8")
        assert csv_download.value.suggested_filename == "coventry_partner_ambulance-call-outs-for-assault_trend_2025-04_2026-03.csv"
        assert f"source: {SOURCE} (supplied by the user, not published)" in csv_text and "Counts from 1 to 7 suppressed (*)" in csv_text
        with tab.expect_download(timeout=120_000) as png_download:
            tab.get_by_role("button", name="Download image").first.click()
        from PIL import Image

        assert Image.open(png_download.value.path()).size == (2000, 1200)
    finally:
        context.close()

    other, other_tab = new_tab(browser)
    try:
        other_tab.goto(f"{server}/{URL_PATH}")
        wait_for_app(other_tab)
        text = other_tab.inner_text("body")
        assert "Loaded" not in text and SOURCE not in text
    finally:
        other.close()


def test_a_bad_file_is_refused_whole_and_forget_clears_everything(server: str, browser) -> None:
    context, tab = new_tab(browser)
    try:
        tab.goto(f"{server}/{URL_PATH}")
        wait_for_app(tab)
        good = (
            b"geography_code,month,measure,count,source\n"
            + b"E05001218,2025-04,ED assaults,12,Trust A\nE05001219,2025-04,ED assaults,30,Trust A\n"
        )
        upload(tab, "good.csv", good)
        tab.get_by_text("Loaded 2 rows: 1 measure(s).").wait_for(timeout=60_000)
        bad = b"geography_code,month,measure,count\nE05001218,2025-04,ED assaults,12\nE05001218,2025-05,<b>ED</b>,-2\n"
        upload(tab, "bad.csv", bad)
        tab.get_by_text("Still showing the file loaded earlier (2 rows).").wait_for(timeout=60_000)
        assert "Source: Trust A (supplied by the user, not published)" in tab.inner_text("body")  # nothing lost
        tab.get_by_text("The file was refused, so nothing from it was loaded: 2 problem(s).").wait_for(timeout=60_000)
        body = tab.inner_text("body")
        assert "Row 3, column 'measure': '<b>ED</b>'. Expected up to 80 characters" in body  # shown as text, not as markup
        assert "Row 3, column 'count': '-2'. Expected a whole number, 0 or more (no commas, no blanks)." in body
        assert tab.locator("b", has_text="ED").count() == 0
        tab.get_by_role("button", name="Forget this data").click()
        # The click starts a rerun a moment later, so wait for its outcome, not for "not running".
        tab.wait_for_function(
            "() => !document.body.innerText.includes('refused') && !document.body.innerText.includes('Trust A')",
            timeout=60_000,
        )
        wait_for_app(tab)
        assert "refused" not in tab.inner_text("body") and "Trust A" not in tab.inner_text("body")
        assert tab.locator('[data-testid="stFileUploader"] [data-testid="stFileUploaderFile"]').count() == 0
    finally:
        context.close()
