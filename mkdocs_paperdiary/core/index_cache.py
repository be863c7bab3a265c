"""The papers of the last build, by file, for `mkdocs serve`: a rebuild reads only what changed.

Keyed by the file's text (the adapter has read it anyway), its page URL and the index settings,
so a cached paper is exactly what `read_paper` would give again.
"""

from __future__ import annotations

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import IndexSettings, read_paper
from mkdocs_paperdiary.core.paper import Paper

_Read = tuple[Paper | None, list[Diagnostic]]


class IndexCache:
    def __init__(self) -> None:
        self._settings: IndexSettings | None = None
        self._read: dict[str, tuple[tuple[str, bool, str | None], _Read]] = {}

    def read(self, source: SourceText, settings: IndexSettings, page: str | None = None) -> _Read:
        """`read_paper`, from the cache when this file, its page and the settings are as last time."""
        if settings != self._settings:
            self._settings, self._read = settings, {}
        key = (source.text, source.replaced, page)
        found = self._read.get(source.path)
        if found is None or found[0] != key:
            found = (key, read_paper(source, settings, page))
            self._read[source.path] = found
        paper, problems = found[1]
        return paper, list(problems)
