"""Link findings kept between builds: a page is checked again only when its text, the papers'
names, the set of pages, or the text of a page whose anchors it checked changed (see
`analyse_links`). `mkdocs serve` keeps them in memory; `stored` and `restore` turn them into JSON
data and back, which the build keeps in cache_dir for the next `mkdocs build`."""

from __future__ import annotations

import inspect
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.stored import text_digest
from mkdocs_paperdiary.links.citations import Citation
from mkdocs_paperdiary.links.settings import LinkSettings


@dataclass(frozen=True)
class PageLinks:
    """One page's findings, and the pages whose anchors they depend on, each by its text's digest."""

    digest: str
    diagnostics: list[Diagnostic]
    citations: list[Citation]
    reported: set[tuple[str, str]]
    consulted: dict[str, str | None]  # page -> the digest of its text then; None: it had no source


class LinkCache:
    """Each page's findings of the last analysis, valid while the names and pages stay the same."""

    def __init__(self) -> None:
        self.context: object = None
        self.pages: dict[str, PageLinks] = {}
        self.changed = False  # since it was restored: worth storing again
        self._restored: str | None = None  # the stored context's name, until a run takes it
        self.name: str | None = None  # this context's name on disk; None: it is not stored

    def reuse(self, source: str, docs: Mapping[str, str]) -> PageLinks | None:
        found = self.pages.get(source)
        if found is None or found.digest != text_digest(docs[source]):
            return None
        return found if all(_digest(docs.get(page)) == digest for page, digest in found.consulted.items()) else None

    def start(self, context: object, name: str | None) -> None:
        """Begin an analysis in `context`, named `name` on disk (None: it cannot be stored)."""
        if self.context is None and self._restored is not None and name == self._restored:
            self.context = context  # the stored findings were made in this very context
        if context != self.context:
            self.context, self.pages, self.changed = context, {}, True
        self._restored = None
        self.name = name

    def stored(self) -> dict[str, Any] | None:
        if self.name is None:
            return None
        return {
            "context": self.name,
            "pages": {
                source: {
                    "digest": found.digest,
                    "diagnostics": [asdict(problem) for problem in found.diagnostics],
                    "citations": [asdict(citation) for citation in found.citations],
                    "reported": sorted(found.reported),
                    "consulted": found.consulted,
                }
                for source, found in self.pages.items()
            },
        }

    def restore(self, data: Any) -> None:
        """Take the findings of `stored()` data; the next analysis keeps them if its context has that name."""
        try:
            pages = {
                source: PageLinks(
                    found["digest"],
                    [Diagnostic(**problem) for problem in found["diagnostics"]],
                    [
                        Citation(**{**citation, "section": tuple(citation["section"])})
                        for citation in found["citations"]
                    ],
                    {(page, href) for page, href in found["reported"]},
                    dict(found["consulted"]),
                )
                for source, found in data["pages"].items()
            }
            name = str(data["context"])
        except (KeyError, TypeError, ValueError):
            return
        self.context, self.pages, self.changed, self._restored = None, pages, False, name


def _digest(text: str | None) -> str | None:
    return text_digest(text) if text is not None else None


def stored_name(names: object, known: Collection[str], settings: LinkSettings) -> str | None:
    """The analysis context as a name that means the same in another process; None when the
    site's slugify is a function made at run time (its settings are not in its name)."""
    slugify = settings.slugify
    qualname = getattr(slugify, "__qualname__", "<locals>")
    if slugify is not None and ("<locals>" in qualname or not inspect.isfunction(slugify)):
        return None
    slug = f"{slugify.__module__}.{qualname}" if slugify is not None else None
    return text_digest(repr((names, sorted(known), settings.suspicious, settings.separator, slug)))
