"""The browser the tests and benchmarks drive: Chromium keeps Playwright's own switches and builds no address-bar
popup for each new page (``tests.browser.CHROMIUM_ARGS``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import BROWSER_WINDOW_FEATURES

pytestmark = pytest.mark.browser


def chromium_command_lines() -> list[list[str]]:
    """The command line of every running process of Playwright's chromium (its profile is Playwright's own)."""
    lines = []
    for path in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            arguments = path.read_bytes().decode(errors="replace").replace("\0", " ").split()
        except OSError:  # the process ended while we looked
            continue
        if arguments and arguments[0].endswith("/chromium") and any("playwright_chromiumdev_profile" in a for a in arguments):
            lines.append(arguments)
    return lines


def test_chromium_keeps_playwrights_disabled_features_and_builds_no_address_bar_popup(browser) -> None:
    page = browser.new_page()
    page.goto("about:blank")
    page.wait_for_timeout(1_000)  # the popup's renderer starts within a moment of the window
    lines = chromium_command_lines()
    page.close()
    browsers = [line for line in lines if not any(a.startswith("--type=") for a in line)]  # a renderer has its --type
    assert browsers
    for line in browsers:
        switches = [a.removeprefix("--disable-features=").split(",") for a in line if a.startswith("--disable-features=")]
        assert len(switches) == 2  # Playwright's, then ours: Chromium reads only the last
        assert set(switches[0]) <= set(switches[1]) and set(BROWSER_WINDOW_FEATURES) <= set(switches[1])
    assert not [line for line in lines if "--top-chrome-webui" in line]
