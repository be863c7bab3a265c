"""The private parts of MkDocs the plugin relies on are all there, in the versions installed.

`plugin/internals.py` lists them; a release that drops one fails here, naming it and the
versions it was checked with, instead of making `serve --dirty` subtly wrong."""

from __future__ import annotations

import importlib.metadata

import pytest

from mkdocs_paperdiary.plugin import internals


def test_every_internal_the_plugin_uses_is_there() -> None:
    installed = {name: _version(name) for name in internals.TESTED}
    assert internals.missing() == [], f"MkDocs internals missing with {installed}; checked with {internals.TESTED}"


def test_a_missing_internal_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.contrib.search.search_index import SearchIndex

    init = SearchIndex.__init__

    def without_entries(self, **config):  # type: ignore[no-untyped-def]
        init(self, **config)
        del self._entries

    monkeypatch.setattr(SearchIndex, "__init__", without_entries)
    assert internals.missing() == ["mkdocs SearchIndex._entries"]


def test_the_supported_mkdocs_range_is_stated() -> None:
    requires = importlib.metadata.requires("mkdocs-paperdiary") or []
    assert "mkdocs<2,>=1.6" in requires or "mkdocs>=1.6,<2" in requires, requires


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
