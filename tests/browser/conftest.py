"""Session fixtures: the diary is built once per theme with the real plugin, then served.

Both builds share one plugin `cache_dir`, so the embedding model, t-SNE/UMAP and numba's
UMAP compile are paid for once: the second theme reads the cached map.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sitebuild  # tests/browser is on sys.path under pytest's default (prepend) import mode


def _served(tmp_path_factory: pytest.TempPathFactory, cache: Path, theme: str) -> Iterator[sitebuild.BuiltSite]:
    port = sitebuild.free_port()
    root = tmp_path_factory.mktemp(theme)
    built = sitebuild.build_site(root, theme=theme, site_url=f"http://127.0.0.1:{port}/", cache_dir=cache)
    with sitebuild.serve(built.site_dir, port) as url:
        yield dataclasses.replace(built, url=url)
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def material_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    yield from _served(tmp_path_factory, paperdiary_cache, "material")


@pytest.fixture(scope="session")
def mkdocs_site(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Iterator[sitebuild.BuiltSite]:
    yield from _served(tmp_path_factory, paperdiary_cache, "mkdocs")
