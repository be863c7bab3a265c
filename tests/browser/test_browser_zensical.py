"""The map on a Zensical build: the browser diary staged by `paperdiary build --engine zensical`
and built by the real Zensical, read as a reader, a keyboard user and axe-core would, light and
dark. The same checks as on MkDocs' builds (test_browser_map_keyboard.py, test_browser_maps.py)."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
pytest.importorskip("zensical")

import sitebuild  # noqa: E402
from loopback import free_port  # noqa: E402 - tests/browser is on sys.path under pytest's default (prepend) import mode
from test_browser_map_keyboard import MAP, RING, announced, paper_named, tab_to  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
POINTS = f"() => document.querySelectorAll('{MAP} .scatterlayer .point').length"
HOVER = f"() => document.querySelector('{MAP} .hoverlayer')?.textContent || ''"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    port = free_port()
    root = tmp_path_factory.mktemp("zensical")
    url = f"http://127.0.0.1:{port}/"
    config = sitebuild.write_diary(root, theme="material", site_url=url, cache_dir=paperdiary_cache)
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs_paperdiary", "build", "--engine", "zensical", "-f", str(config)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    built = sitebuild.BuiltSite(root, build.stdout + build.stderr)
    assert "Zensical" not in built.log or "No issues found" in built.log
    with sitebuild.serve(built.site_dir, port) as served:
        yield dataclasses.replace(built, url=served)
    shutil.rmtree(root, ignore_errors=True)


def drawn(site: sitebuild.BuiltSite) -> list[dict[str, Any]]:
    """The papers the map places (`paperdiary.json`)."""
    return [paper for paper in site.papers.values() if paper["tsne"] is not None]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_one_point_per_paper_and_a_hover_names_it(browser: Any, zensical_site, scheme: str) -> None:
    page = sitebuild.open_map(browser, zensical_site.url + "map/", color_scheme=scheme)
    assert page.evaluate(POINTS) == len(drawn(zensical_site)) > 0
    paper = drawn(zensical_site)[0]
    x, y = page.evaluate(sitebuild.POINT_ON_SCREEN, ["paperdiary-map", paper["key"]])
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)
    page.wait_for_function(f"t => ({HOVER})().includes(t)", arg=paper["title"][:20], timeout=sitebuild.WAIT_MS)
    page.mouse.click(x, y)
    page.wait_for_url(zensical_site.url + paper["page"], timeout=sitebuild.WAIT_MS)
    assert page.errors == []
    page.context.close()


def test_the_keyboard_path_opens_a_paper(browser: Any, zensical_site) -> None:
    page = sitebuild.open_map(browser, zensical_site.url + "map/", color_scheme="dark")
    tab_to(page, f"{MAP} [data-plot]")
    ring = page.evaluate(RING)
    assert ring["style"] == "solid" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
    page.keyboard.press("ArrowRight")
    first = paper_named(zensical_site, announced(page))
    page.keyboard.press("Enter")
    page.wait_for_url(zensical_site.url + first["page"], timeout=sitebuild.WAIT_MS)
    sync_api.expect(page.locator("h1").first).to_have_text(first["title"], timeout=sitebuild.WAIT_MS)
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_of_ours(browser: Any, zensical_site, scheme: str) -> None:
    page = sitebuild.open_map(browser, zensical_site.url + "map/", color_scheme=scheme)
    tab_to(page, f"{MAP} [data-plot]")
    page.keyboard.press("ArrowRight")
    announced(page)
    mine, theirs = sitebuild.axe(page, ours=".paperdiary-map")
    print(f"axe on Zensical's map page ({scheme}), the theme's:", *theirs, sep="\n  ")
    assert not mine, "\n".join(map(str, mine))
    page.context.close()
