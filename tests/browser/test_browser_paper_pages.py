"""A reader opens a summary page in headless Chromium: the paper header fits a phone, and the
"Cite this paper" block opens and gets Material's copy button.

The site is a small real build (maps off, so it takes a second); skipped without Chromium or
playwright, like the map tests.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sitebuild  # tests/browser is on sys.path under pytest's default (prepend) import mode
import yaml
from loopback import free_port

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PPO = {
    "title": "Proximal Policy Optimization Algorithms with a Deliberately Long Title That Has To Wrap",
    "date": "2025-05-23",
    "url": "https://arxiv.org/abs/1707.06347",
    "authors": ["John Schulman", "Filip Wolski", "Prafulla Dhariwal", "Alec Radford", "Oleg Klimov"],
    "venue": "arXiv",
    "year": 2017,
    "tags": ["policy-gradient", "on-policy", "trust-region", "a-rather-long-tag-name"],
}
THEMES = {
    "material": {"name": "material", "features": ["content.code.copy"]},
    "mkdocs": {"name": "mkdocs"},
}


def build(root: Path, theme: dict) -> Path:
    docs = root / "docs" / "reinforcement_learning"
    docs.mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    front = yaml.safe_dump(PPO, sort_keys=False)
    (docs / "PPO.md").write_text(f"---\n{front}---\n\n# PPO\n\nNotes.\n", encoding="utf-8")
    config = {"site_name": "Diary", "theme": theme, "plugins": ["search", {"paperdiary": {"maps": False}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")], check=True)
    return root / "site"


@pytest.fixture(scope="module", params=sorted(THEMES))
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    built = build(tmp_path_factory.mktemp(request.param), THEMES[request.param])
    with sitebuild.serve(built, free_port()) as url:
        yield request.param, url + "reinforcement_learning/PPO/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_header_fits_a_phone(browser: sync_api.Browser, site: tuple[str, str], scheme: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site[1])
    header = page.locator(".paperdiary-header")
    header.wait_for()
    page.click(".paperdiary-cite > summary")
    box = header.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing pushes the page sideways
    colours = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('.paperdiary-header-authors'));
                   return [s.color, getComputedStyle(document.body).backgroundColor]; }"""
    )
    assert colours[0] != colours[1]
    context.close()


def test_cite_opens_with_a_copy_button_on_material(browser: sync_api.Browser, site: tuple[str, str]) -> None:
    theme, url = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url)
    cite = page.locator("details.paperdiary-cite")
    assert not cite.evaluate("d => d.open")
    page.click("details.paperdiary-cite > summary")
    assert cite.evaluate("d => d.open")
    assert "@misc{schulman2017proximal," in cite.locator("pre code").inner_text()
    if theme == "material":
        button = cite.locator("button[data-md-type='copy'], button.md-clipboard")
        button.first.wait_for(state="attached")
        target = button.first.get_attribute("data-clipboard-target")
        assert page.locator(str(target)).inner_text().startswith("@misc{schulman2017proximal,")
    context.close()
