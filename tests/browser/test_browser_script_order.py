"""Material's instant navigation inserts a page's scripts anew, and each runs when it arrives,
not in the page's order: a script may run before the scripts it needs. Here one plot script is
held back so that the others run before it, as a slow network or a loaded machine makes them;
the plots are drawn all the same, with no script error on the way."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

import sitebuild

pytestmark = [pytest.mark.browser, pytest.mark.slow]
STATS_DRAWN = "() => document.querySelectorAll('.paperdiary-stats .main-svg').length >= 3"
MAP_DRAWN = "() => !!document.querySelector('#paperdiary-map[data-paperdiary-drawn]')"


def late(route: Any) -> None:
    time.sleep(1.5)  # the entry script, not held back, runs first
    route.continue_()


@pytest.mark.parametrize(
    ("held", "link", "drawn"),
    [
        ("paperdiary-stats-charts.js", "Stats", STATS_DRAWN),
        ("paperdiary-maps-map.js", "Map", MAP_DRAWN),
        # what the others use, held back: no script may use another while it loads
        ("paperdiary-plots-theme.js", "Stats", STATS_DRAWN),
        ("paperdiary-plots-theme.js", "Map", MAP_DRAWN),
        ("paperdiary-plots-data.js", "Map", MAP_DRAWN),
    ],
)
def test_plots_are_drawn_when_their_scripts_arrive_after_the_entry(
    browser: Any, material_site: sitebuild.BuiltSite, held: str, link: str, drawn: str
) -> None:
    context = browser.new_context(viewport=sitebuild.SCREENS["desktop"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script("window.__errors = 0; addEventListener('error', () => window.__errors++);")
    page.goto(material_site.url + "diary/")  # a page without plots: none of their scripts loaded yet
    page.evaluate("window.__samePage = true")
    page.route(f"**/{held}", late)
    page.locator(".md-sidebar--primary").get_by_role("link", name=link, exact=True).click()
    # drawn, or an error thrown (then no need to wait the whole limit)
    page.wait_for_function(f"() => window.__errors > 0 || ({drawn})()", timeout=sitebuild.WAIT_MS)
    assert errors == []
    assert page.evaluate(drawn)
    assert page.evaluate("window.__samePage") is True  # Material's instant navigation took it
    context.close()
