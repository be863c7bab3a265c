"""Pages as the link checker reads them: masked text, headings with their toc anchors, sections."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown.extensions.toc import unique

from mkdocs_paperdiary.markdown.scanner import Lines, headings, mask, other_ids, plain

# Pages whose anchors come from more than their headings once rendered (our markers, mkdocstrings).
_GENERATED_CONTENT = re.compile(r"<!--\s*paperdiary:(?!backlinks)|^:::\s", re.MULTILINE)


class SourcePage:
    """One page's markdown, its masked copy (code blanked) and its line numbers."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.text = text
        self.masked = mask(text, front_matter=True)
        self.lines = Lines(text)


@dataclass(frozen=True)
class Section:
    start: int
    path: tuple[str, ...]  # heading titles from the outermost down
    anchor: str


@dataclass(frozen=True)
class Outline:
    """A page's headings with the anchors toc gives them, and every anchor on the page."""

    sections: list[Section]
    starts: list[int]
    anchors: set[str]
    generated: bool  # the rendered page has anchors its source does not show


class Outlines:
    """Each page read once, its outline made on first use.

    `slug` turns a heading's text into its anchor as the site's toc does; `titles` turns inline
    markdown into what a reader sees (short references become paper titles).
    """

    def __init__(self, docs: Mapping[str, str], slug: Callable[[str], str], titles: Callable[[str], str]) -> None:
        self.docs = docs
        self.slug = slug
        self.titles = titles
        self._pages: dict[str, SourcePage] = {}
        self._outlines: dict[str, Outline] = {}

    def page(self, source: str) -> SourcePage:
        if source not in self._pages:
            self._pages[source] = SourcePage(source, self.docs[source])
        return self._pages[source]

    def outline(self, source: str) -> Outline:
        if source not in self._outlines:
            self._outlines[source] = self._read(self.page(source))
        return self._outlines[source]

    def has_anchor(self, target: str, anchor: str) -> bool:
        if target not in self.docs:
            return True  # a generated page: its anchors are not known here
        outline = self.outline(target)
        return outline.generated or anchor in outline.anchors

    def section_at(self, page: SourcePage, offset: int) -> Section | None:
        outline = self.outline(page.source)
        at = bisect_right(outline.starts, offset) - 1
        return outline.sections[at] if at >= 0 else None

    def _read(self, page: SourcePage) -> Outline:
        ids = other_ids(page.masked)
        used = set(ids)
        sections: list[Section] = []
        stack: list[tuple[int, str]] = []
        for heading in headings(page.text, page.masked, page.lines):
            title = plain(heading.text, self.titles)
            anchor = heading.explicit_id or unique(self.slug(title), used)
            stack = [*[item for item in stack if item[0] < heading.level], (heading.level, title)]
            sections.append(Section(heading.start, tuple(t for _, t in stack), anchor))
        anchors = ids | {s.anchor for s in sections}
        generated = bool(_GENERATED_CONTENT.search(page.text))
        return Outline(sections, [s.start for s in sections], anchors, generated)
