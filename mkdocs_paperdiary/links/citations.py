"""Citations: where each page links to a paper, in which section, with the sentence around it.

The backlinks of a paper page, the `cites` of paperdiary.json and the orphan report all come
from the `LinkReport` that `analyse_links` returns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.links.outline import Outlines, SourcePage
from mkdocs_paperdiary.markdown.scanner import plain, shorten

ORPHANS_SHOWN = 20  # an orphan report names this many papers, then counts the rest


@dataclass(frozen=True)
class Citation:
    """One place where a page links to a paper."""

    source: str  # the citing page, relative to docs_dir
    line: int
    target: str  # the cited paper's key
    section: tuple[str, ...] = ()  # heading path at the citation, outermost first
    anchor: str | None = None  # anchor of the innermost heading on the citing page
    text: str = ""  # the bullet or paragraph around the citation, plain and shortened


@dataclass
class LinkReport:
    """What `analyse_links` found; the lists are not meant to change after it is made."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # keys of papers no other page links to
    # (page, href) of links with a warning here, so an adapter can drop its own duplicate warning.
    reported: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        self._by_target: dict[str, list[Citation]] = defaultdict(list)
        self._by_source: dict[str, list[Citation]] = defaultdict(list)
        for citation in self.citations:
            self._by_target[citation.target].append(citation)
            self._by_source[citation.source].append(citation)

    def backlinks(self, key: str) -> list[Citation]:
        """Where a paper is cited, by citing page and line."""
        return list(self._by_target.get(key, ()))

    def cited_sections(self, key: str) -> list[Citation]:
        """A paper's first citation in each citing section: what a backlinks list shows."""
        first: dict[tuple[str, str | None], Citation] = {}
        for citation in self._by_target.get(key, ()):
            first.setdefault((citation.source, citation.anchor), citation)
        return list(first.values())

    def cites(self, source: str) -> list[str]:
        """Keys of the papers a page cites, in the order they first appear."""
        return list(dict.fromkeys(c.target for c in self._by_source.get(source, ())))


class CitationCollector:
    """Each (page, line, paper) once, with its section and quote; read back in page order."""

    def __init__(self, outlines: Outlines) -> None:
        self.outlines = outlines
        self._found: dict[tuple[str, int, str], tuple[int, Citation]] = {}  # with the offset, to sort
        self._quotes: dict[str, str] = {}

    def cite(self, page: SourcePage, offset: int, line: int, paper: Paper) -> None:
        key = (page.source, line, paper.key)
        if paper.source == page.source or key in self._found:
            return
        section = self.outlines.section_at(page, offset)
        citation = Citation(
            page.source,
            line,
            paper.key,
            section.path if section else (),
            section.anchor if section else None,
            self._quote(page, line),
        )
        self._found[key] = (offset, citation)

    def in_order(self) -> list[Citation]:
        return [citation for _, citation in sorted(self._found.values(), key=lambda item: (item[1].source, item[0]))]

    def _quote(self, page: SourcePage, line: int) -> str:
        """The citing bullet or paragraph as plain text; shared by every citation in it."""
        paragraph = page.lines.paragraph(line)
        if paragraph not in self._quotes:
            self._quotes[paragraph] = shorten(plain(paragraph, self.outlines.titles))
        return self._quotes[paragraph]


def orphans(index: PaperIndex, citations: list[Citation]) -> tuple[list[str], list[Diagnostic]]:
    """Keys of the papers no other page cites, and an info naming them once the diary cross-links."""
    cited = {citation.target for citation in citations}
    found = [paper for paper in index.papers if paper.key not in cited]
    # Until some page cites a paper the diary is not cross-linked yet, and every paper would be listed.
    if not (found and cited):
        return [paper.key for paper in found], []
    shown = ", ".join(sorted(paper.source for paper in found)[:ORPHANS_SHOWN])
    more = f" and {len(found) - ORPHANS_SHOWN} more" if len(found) > ORPHANS_SHOWN else ""
    verb = " is" if len(found) == 1 else "s are"
    message = f"{len(found)} paper{verb} not cited or listed on any other page: {shown}{more}."
    return [paper.key for paper in found], [Diagnostic(None, None, message, level="info", code="orphans")]
