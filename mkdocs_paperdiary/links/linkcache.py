"""Link findings kept between builds under `mkdocs serve`: a page is checked again only when
its text, the papers' names, the set of pages, or the text of a page whose anchors it checked
changed (see `analyse_links`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.links.citations import Citation


@dataclass(frozen=True)
class PageLinks:
    """One page's findings, and the pages (with their texts) whose anchors they depend on."""

    text: str
    diagnostics: list[Diagnostic]
    citations: list[Citation]
    reported: set[tuple[str, str]]
    consulted: dict[str, str | None]


class LinkCache:
    """Each page's findings of the last analysis, valid while the names and pages stay the same."""

    def __init__(self) -> None:
        self.context: object = None
        self.pages: dict[str, PageLinks] = {}

    def reuse(self, source: str, docs: Mapping[str, str]) -> PageLinks | None:
        found = self.pages.get(source)
        if found is None or found.text != docs[source]:
            return None
        return found if all(docs.get(page) == text for page, text in found.consulted.items()) else None
