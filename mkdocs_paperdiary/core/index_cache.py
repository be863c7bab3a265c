"""The papers of the last build, by file: a rebuild reads only what changed.

Keyed by a digest of the file's text (the adapter has read it anyway), its page URL and the index
settings, so a cached paper is exactly what `read_paper` would give again. `mkdocs serve` keeps
it between rebuilds; `stored` and `restore` turn it into JSON data and back, which the build
keeps in cache_dir, so a fresh `mkdocs build` of a diary reads only the notes that changed.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import IndexSettings, read_paper
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.core.stored import text_digest

_Read = tuple[Paper | None, list[Diagnostic]]
_Key = tuple[str, bool, str | None]  # the text's digest, whether it had undecodable bytes, its page


class IndexCache:
    def __init__(self) -> None:
        self._settings: IndexSettings | None = None
        self._read: dict[str, tuple[_Key, _Read]] = {}
        self.changed = False  # since it was restored: worth storing again

    def read(self, source: SourceText, settings: IndexSettings, page: str | None = None) -> _Read:
        """`read_paper`, from the cache when this file, its page and the settings are as last time."""
        if settings != self._settings:
            self._settings, self._read, self.changed = settings, {}, True
        key = (text_digest(source.text), source.replaced, page)
        found = self._read.get(source.path)
        if found is None or found[0] != key:
            found = (key, read_paper(source, settings, page))
            self._read[source.path] = found
            self.changed = True
        paper, problems = found[1]
        return paper, list(problems)

    def forget(self, kept: set[str]) -> None:
        """Drop the files no longer in the docs."""
        for gone in set(self._read) - kept:
            del self._read[gone]
            self.changed = True

    def stored(self) -> dict[str, Any]:
        return {
            "settings": repr(self._settings),
            "files": {
                path: [*key, _paper_data(paper), [asdict(problem) for problem in problems]]
                for path, (key, (paper, problems)) in self._read.items()
            },
        }

    def restore(self, data: Any, settings: IndexSettings) -> None:
        """Take the entries of `stored()` data that were read with these settings; none if damaged."""
        try:
            if data["settings"] != repr(settings):
                return
            read = {
                path: ((digest, replaced, page), (_paper(paper), [Diagnostic(**problem) for problem in problems]))
                for path, (digest, replaced, page, paper, problems) in data["files"].items()
            }
        except (KeyError, TypeError, ValueError):
            return
        self._settings, self._read, self.changed = settings, read, False


def _paper_data(paper: Paper | None) -> dict[str, Any] | None:
    return asdict(paper) if paper is not None else None


def _paper(data: dict[str, Any] | None) -> Paper | None:
    """A `Paper` from `asdict` data read back from JSON, where its tuples came back as lists."""
    if data is None:
        return None
    values = dict(data)
    for name in _TUPLES:  # tuples of strings, or of (field, origin) pairs
        values[name] = tuple(tuple(item) if isinstance(item, list) else item for item in values[name])
    date = values.pop("date")
    return Paper(**values, date=ReadDate(**date) if date is not None else None)


_TUPLES = [field.name for field in fields(Paper) if str(field.type).startswith("tuple[")]
