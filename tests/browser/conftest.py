"""Session fixtures: the diary is built once per theme with the real plugin, then served.

Both builds share one plugin `cache_dir`, so the embedding model, t-SNE/UMAP and numba's
UMAP compile are paid for once: the second theme reads the cached map.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sitebuild
import yaml  # tests/browser is on sys.path under pytest's default (prepend) import mode


def _served(tmp_path_factory: pytest.TempPathFactory, cache: Path, theme: str) -> Iterator[sitebuild.BuiltSite]:
    port = sitebuild.free_port()
    root = tmp_path_factory.mktemp(theme)
    built = sitebuild.build_site(root, theme=theme, site_url=f"http://127.0.0.1:{port}/", cache_dir=cache)
    with sitebuild.serve(built.site_dir, port) as url:
        yield dataclasses.replace(built, url=url)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for every browser test."""
    if not sitebuild.CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {sitebuild.CHROMIUM}")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(sitebuild.CHROMIUM), args=sitebuild.LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def material_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    yield from _served(tmp_path_factory, paperdiary_cache, "material")


@pytest.fixture(scope="session")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    yield from _served(tmp_path_factory, paperdiary_cache, "mkdocs")


MEDIA_PALETTES = {
    "name": "material",
    "font": False,
    "palette": [
        {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "material/weather-night"}},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "material/weather-sunny"}},
    ],
}


def _served_config(
    root: Path, config_file: Path, cache: Path, theme: dict[str, Any] | None = None
) -> Iterator[sitebuild.BuiltSite]:
    """Build `config_file` into root/site with the shared plugin cache (and `theme`, if given), and serve it."""
    port = sitebuild.free_port()
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["theme"] = theme or config["theme"]
    config["site_url"] = f"http://127.0.0.1:{port}/"
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "paperdiary" in plugin:
            plugin["paperdiary"] = {**(plugin["paperdiary"] or {}), "cache_dir": str(cache)}
    config["docs_dir"] = str(config_file.parent / config.get("docs_dir", "docs"))
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    built = sitebuild.run_build(root, config_file)
    with sitebuild.serve(built.site_dir, port) as url:
        yield dataclasses.replace(built, url=url)


EXAMPLE_CONFIG = Path(__file__).parents[2] / "example_site" / "mkdocs.yml"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    """The repository's example site (Material, `media:` palettes), as its README shows it."""
    root = tmp_path_factory.mktemp("example")
    yield from _served_config(root, EXAMPLE_CONFIG, paperdiary_cache)


@pytest.fixture(scope="session")
def example_mkdocs_site(
    tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path
) -> Iterator[sitebuild.BuiltSite]:
    """The example site on the default MkDocs theme, light or dark as the reader's system prefers."""
    root = tmp_path_factory.mktemp("example-mkdocs")
    theme = {"name": "mkdocs", "color_mode": "auto", "highlightjs": False}
    yield from _served_config(root, EXAMPLE_CONFIG, paperdiary_cache, theme)


@pytest.fixture(scope="session")
def templated_site(
    tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path, templated_docs: Path
) -> Iterator[sitebuild.BuiltSite]:
    """The 600-note templated diary (see tests/templated_diary.py) on Material with `media:` palettes."""
    import templated_diary

    root = tmp_path_factory.mktemp("templated-site")
    config = templated_diary.site_config(600, theme=MEDIA_PALETTES) | {"docs_dir": str(templated_docs)}
    config_file = root / "source.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    yield from _served_config(root, config_file, paperdiary_cache)
