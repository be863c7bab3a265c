"""axe-core finds no serious or critical violation on anything paperdiary puts on a page.

The example site, built with the real plugin on Material (`media:` palettes) and on the
default MkDocs theme (`color_mode: auto`), is opened light and dark; axe-core runs on a paper
page (header, cite block, related papers, "Cited in") and on the diary, topics, tags, stats
and map pages, with every <details> open so the cite block and the stats table are checked
too. Violations on the theme's own nodes (Material's search dialog and footer, the MkDocs
theme's table of contents) are printed, not failed: they are not ours to fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
pytest.importorskip("axe_playwright_python", reason="the accessibility tests need axe-playwright-python")

import sitebuild  # noqa: E402 - tests/browser is on sys.path under pytest's default (prepend) import mode

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# What paperdiary generates: on a paper page its header and link lists; a generated page's whole content.
PAPER_PARTS = ".paperdiary-header, .paperdiary-links"
CONTENT = ".md-content__inner, [role='main']"
PAGES = {
    "paper": ("reinforcement_learning/PPO/", PAPER_PARTS),
    "diary": ("diary/", CONTENT),
    "topics": ("topics/", CONTENT),
    "tags": ("tags/", CONTENT),
    "stats": ("stats/", CONTENT),
    "map": ("map/", CONTENT),
}
DRAWN = "() => [...document.querySelectorAll('.paperdiary-plot')].every(plot => plot.querySelector('.main-svg'))"
DARK = "() => document.body.getAttribute('data-md-color-scheme') === 'slate' || document.documentElement.getAttribute('data-bs-theme') === 'dark'"


@pytest.fixture(params=["material", "mkdocs"])
def site(request: pytest.FixtureRequest) -> sitebuild.BuiltSite:
    return request.getfixturevalue("example_site" if request.param == "material" else "example_mkdocs_site")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_serious_axe_violation_on_what_paperdiary_generates(
    browser: sync_api.Browser, site: sitebuild.BuiltSite, kind: str, scheme: str
) -> None:
    path, ours = PAGES[kind]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[arg-type]
    try:
        page = context.new_page()
        page.goto(site.url + path)
        page.wait_for_function(DRAWN, timeout=sitebuild.WAIT_MS)
        assert page.evaluate(DARK) == (scheme == "dark")  # the palette under test is the one shown
        page.evaluate("document.querySelectorAll('details').forEach(details => { details.open = true; })")
        mine, theirs = sitebuild.axe(page, ours)
    finally:
        context.close()
    for finding in theirs:
        print(f"theme's own, not failed: {kind} {scheme}: {finding}")
    assert not mine, "\n".join(map(str, mine))
