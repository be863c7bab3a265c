"""Session fixtures: each site is built once per run with the real plugin and served, for every
worker of `-n` (see `sitebuilder.Shared`): the first worker that needs a site builds it and
starts its server, the others wait for it and open the same URL.

The builds share one plugin `cache_dir`, so the embedding model, t-SNE/UMAP and numba's
UMAP compile are paid for once: the second theme of a diary reads the cached map.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sitebuild
import yaml  # tests/browser is on sys.path under pytest's default (prepend) import mode
from loopback import free_port
from sitebuilder import Shared


@pytest.fixture(scope="session")
def run_owner(request: pytest.FixtureRequest) -> int:
    """The pytest process of this run: the one that started the workers of `-n`, or this one."""
    return os.getppid() if hasattr(request.config, "workerinput") else os.getpid()


def _served(shared: Shared, owner: int, name: str, build: Callable[[Path, str], object]) -> sitebuild.BuiltSite:
    """The site `name`, built once per run by `build(root, site_url)` and served at that URL
    (Material's instant navigation takes over only the links of its sitemap, so `site_url` is
    where the site is served, port included) until the run ends."""

    def make(root: Path) -> None:
        url = f"http://127.0.0.1:{free_port()}/"
        build(root, url)
        (root / "url").write_text(url, encoding="utf-8")

    root = shared.once(name, make)
    url = (root / "url").read_text(encoding="utf-8")
    with shared.lock(f"{name}-server"):
        if not (started := root.parent / f"{name}.served").exists():
            sitebuild.serve_for_run(root / "site", int(url.rsplit(":", 1)[1].rstrip("/")), owner)
            started.touch()
    sitebuild.wait_until_up(url)
    return sitebuild.BuiltSite(root, (root / "build.log").read_text(encoding="utf-8"), url)


class _Patient:
    """A browser whose contexts wait `sitebuild.WAIT_MS` for anything (a navigation, a click, a
    locator), not Playwright's 30 s, which a loaded machine can exceed."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.set_default_timeout(sitebuild.WAIT_MS)
        context.set_default_navigation_timeout(sitebuild.WAIT_MS)
        return context

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test; every `expect` and wait allows `sitebuild.WAIT_MS`."""
    if not sitebuild.CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {sitebuild.CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    sync_api.expect.set_options(timeout=sitebuild.WAIT_MS)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(sitebuild.CHROMIUM), args=sitebuild.LAUNCH_ARGS)
        yield _Patient(browser)
        browser.close()


def _diary(theme: str, cache: Path) -> Callable[[Path, str], object]:
    return lambda root, url: sitebuild.build_diary(root, theme=theme, site_url=url, cache_dir=cache)


@pytest.fixture(scope="session")
def material_site(shared: Shared, run_owner: int, paperdiary_cache: Path) -> sitebuild.BuiltSite:
    return _served(shared, run_owner, "material-site", _diary("material", paperdiary_cache))


@pytest.fixture(scope="session")
def mkdocs_site(shared: Shared, run_owner: int, paperdiary_cache: Path) -> sitebuild.BuiltSite:
    return _served(shared, run_owner, "mkdocs-site", _diary("mkdocs", paperdiary_cache))


MEDIA_PALETTES = {
    "name": "material",
    "font": False,
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "material/weather-night"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "material/weather-sunny"}},
    ],
}


def _from_config(config_file: Path, cache: Path, theme: dict[str, Any] | None = None) -> Callable[[Path, str], object]:
    """A build of `config_file` into root/site with the shared plugin cache (and `theme`, if given)."""

    def build(root: Path, url: str) -> object:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
        config["theme"] = theme or config["theme"]
        config["site_url"] = url
        for plugin in config["plugins"]:
            if isinstance(plugin, dict) and "paperdiary" in plugin:
                plugin["paperdiary"] = {**(plugin["paperdiary"] or {}), "cache_dir": str(cache)}
        config["docs_dir"] = str(config_file.parent / config.get("docs_dir", "docs"))
        written = root / "mkdocs.yml"
        written.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return sitebuild.run_build(root, written)

    return build


EXAMPLE_CONFIG = Path(__file__).parents[2] / "example_site" / "mkdocs.yml"


@pytest.fixture(scope="session")
def example_site(shared: Shared, run_owner: int, paperdiary_cache: Path) -> sitebuild.BuiltSite:
    """The repository's example site (Material, `media:` palettes), as its README shows it."""
    return _served(shared, run_owner, "example-site", _from_config(EXAMPLE_CONFIG, paperdiary_cache))


@pytest.fixture(scope="session")
def example_mkdocs_site(shared: Shared, run_owner: int, paperdiary_cache: Path) -> sitebuild.BuiltSite:
    """The example site on the default MkDocs theme, light or dark as the reader's system prefers."""
    theme = {"name": "mkdocs", "color_mode": "auto", "highlightjs": False}
    return _served(shared, run_owner, "example-mkdocs-site", _from_config(EXAMPLE_CONFIG, paperdiary_cache, theme))


@pytest.fixture(scope="session")
def templated_site(shared: Shared, run_owner: int, paperdiary_cache: Path, templated_docs: Path) -> sitebuild.BuiltSite:
    """The 600-note templated diary (see tests/templated_diary.py) on Material with `media:` palettes."""
    import templated_diary

    def build(root: Path, url: str) -> object:
        config = templated_diary.site_config(600, theme=MEDIA_PALETTES) | {"docs_dir": str(templated_docs)}
        source = root / "source.yml"
        source.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        return _from_config(source, paperdiary_cache)(root, url)

    return _served(shared, run_owner, "templated-site", build)
