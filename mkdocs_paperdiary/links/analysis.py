"""Links between the pages of a diary: which are broken, which look wrong, and who cites which paper.

`analyse_links` reads every page once, checks each link that points at a page of the site
(relative `.md` links, reference-style definitions, `[[...]]` short references) and records
every citation of a paper with the section of the citing page it sits in. The plugin turns the
citations into backlinks; `paperdiary check` prints the diagnostics.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping
from urllib.parse import unquote

from mkdocs_paperdiary.core.diagnostics import Diagnostic, Level
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.stored import text_digest
from mkdocs_paperdiary.core.urls import relative_source
from mkdocs_paperdiary.links.citations import Citation, CitationCollector, LinkReport, orphans
from mkdocs_paperdiary.links.linkcache import LinkCache, PageLinks, stored_name
from mkdocs_paperdiary.links.outline import Outlines, SourcePage
from mkdocs_paperdiary.links.references import (
    SHORT_REF,
    expand_references,
    names_for,
    read_reference,
    reference_href,
    section_anchor,
)
from mkdocs_paperdiary.links.settings import LinkSettings
from mkdocs_paperdiary.links.suggest import Suggestions, close_anchor, missing_page
from mkdocs_paperdiary.links.suspicious import suspicious_text
from mkdocs_paperdiary.links.targets import SCHEME, SPACE, Destination, label, parse_destination, resolve
from mkdocs_paperdiary.markdown.scanner import INLINE_LINK, REFERENCE_DEFINITION, REFERENCE_LINK, plain


def analyse_links(
    index: PaperIndex,
    docs: Mapping[str, str],
    settings: LinkSettings = LinkSettings(),
    generated: Collection[str] = (),
    cache: LinkCache | None = None,
) -> LinkReport:
    """Check the links of every page and collect citations.

    `docs` maps each page's path (relative to docs_dir) to its markdown source, front matter
    included; `generated` names pages that exist without a source, valid as link targets.
    With a `cache` (under `mkdocs serve`), a page is checked again only when its text, the
    papers' names, the set of pages, or the text of a page whose anchors it checked changed.
    """
    return _Analysis(index, docs, settings, generated).run(cache or LinkCache())


class _Analysis:
    """Reads the three ways to link and checks each destination; outlines (`outline.py`),
    suggestions (`suggest.py`), citations (`citations.py`) and suspicious text (`suspicious.py`)
    are their own parts."""

    def __init__(
        self, index: PaperIndex, docs: Mapping[str, str], settings: LinkSettings, generated: Collection[str]
    ) -> None:
        self.index = index
        self.settings = settings
        self.known = set(docs) | set(generated)
        self.names = names_for(index)
        self.outlines = Outlines(docs, settings.slug, self._reference_titles)
        self.suggestions = Suggestions(self.known, self.names)
        self.citations = CitationCollector(self.outlines)
        self.diagnostics: list[Diagnostic] = []
        self.reported: set[tuple[str, str]] = set()
        self.consulted: dict[str, str | None] = {}
        self.docs = docs

    def run(self, cache: LinkCache) -> LinkReport:
        names = tuple((p.source, p.key, p.title, p.aliases) for p in self.index.papers)
        cache.start((names, self.known, self.settings), stored_name(names, self.known, self.settings))
        diagnostics: list[Diagnostic] = []
        citations: list[Citation] = []
        reported: set[tuple[str, str]] = set()
        for source in sorted(self.docs):
            found = cache.reuse(source, self.docs)
            if found is None:
                found = cache.pages[source] = self._page(source)
                cache.changed = True
            diagnostics += found.diagnostics
            citations += found.citations
            reported |= found.reported
        for gone in set(cache.pages) - set(self.docs):
            del cache.pages[gone]
            cache.changed = True
        orphan_keys, notes = orphans(self.index, citations)
        return LinkReport([*diagnostics, *notes], citations, orphan_keys, frozenset(reported))

    def _page(self, source: str) -> PageLinks:
        """Check one page, with its own findings' lists."""
        self.diagnostics, self.reported, self.consulted = [], set(), {}
        self.citations = CitationCollector(self.outlines)
        page = self.outlines.page(source)
        self._short_references(page)
        self._inline_links(page)
        self._reference_links(page)
        diagnostics = sorted(self.diagnostics, key=lambda d: d.line or 0)
        consulted = {target: text_digest(text) if text is not None else None for target, text in self.consulted.items()}
        return PageLinks(text_digest(page.text), diagnostics, self.citations.in_order(), self.reported, consulted)

    def _has_anchor(self, target: str, anchor: str) -> bool:
        self.consulted[target] = self.docs.get(target)
        return self.outlines.has_anchor(target, anchor)

    # ---- the three ways to link --------------------------------------------------------------

    def _short_references(self, page: SourcePage) -> None:
        if "[[" not in page.masked:
            return
        for match in SHORT_REF.finditer(page.masked):
            ref = read_reference(page.text, match)
            line = page.lines.number(match.start())
            written = ref.group(0)
            found = self.names.find(ref["target"])
            if not found:
                self._warn(
                    page,
                    line,
                    f"{written} does not name any paper{self.suggestions.reference(ref['target'])}",
                    code="reference",
                )
                continue
            if len(found) > 1:
                found = tuple(sorted(found, key=lambda paper: paper.source))
                choices = " or ".join(f"[[{paper.key}]]" for paper in found)
                where = ", ".join(paper.source for paper in found)
                self._warn(
                    page, line, f"{written} is ambiguous: it matches {where}; did you mean {choices}?", code="reference"
                )
                continue
            paper = found[0]
            anchor = section_anchor(ref["section"], self.settings.slugify, self.settings.separator)
            if anchor and not self._has_anchor(paper.source, anchor):
                better = self._close_anchor(paper.source, anchor)
                hint = f"; did you mean [[{ref['target'].strip()}#{better}]]?" if better else "."
                self._warn(
                    page,
                    line,
                    f"{written}: {paper.source} has no heading with the anchor '#{anchor}'{hint}",
                    code="anchor",
                    href=reference_href(paper, page.source, anchor),
                )
            if ref["text"]:
                self._suspicious(page, line, ref["text"], paper)
            self.citations.cite(page, match.start(), line, paper)

    def _inline_links(self, page: SourcePage) -> None:
        if "](" not in page.masked:
            return
        for match in INLINE_LINK.finditer(page.masked):
            line = page.lines.number(match.start())
            text = page.text[match.start("text") : match.end("text")]
            target = self._destination(page, line, text, page.text[match.start("inner") : match.end("inner")])
            self._linked(page, match.start(), line, text, target)

    def _reference_links(self, page: SourcePage) -> None:
        if "]:" not in page.masked:
            return
        targets: dict[str, str | None] = {}
        for match in REFERENCE_DEFINITION.finditer(page.masked):
            if not match["inner"].strip():
                continue
            line = page.lines.number(match.start())
            targets.setdefault(
                label(match["label"]),
                self._destination(page, line, match["label"], page.text[match.start("inner") : match.end("inner")]),
            )
        for match in REFERENCE_LINK.finditer(page.masked):
            text = page.text[match.start("text") : match.end("text")]
            target = targets.get(label(match["label"] or text))
            self._linked(page, match.start(), page.lines.number(match.start()), text, target)

    def _linked(self, page: SourcePage, offset: int, line: int, text: str, target: str | None) -> None:
        paper = self.index.by_source.get(target) if target else None
        if paper is not None:
            self._suspicious(page, line, text, paper)
            self.citations.cite(page, offset, line, paper)

    def _suspicious(self, page: SourcePage, line: int, text: str, paper: Paper) -> None:
        if self.settings.suspicious == "off":
            return
        message = suspicious_text(text, paper, self.names, self.index)
        if message:
            level: Level = "warning" if self.settings.suspicious == "warning" else "info"
            self._warn(page, line, message, level=level, code="suspicious-link")

    # ---- checking one destination ------------------------------------------------------------

    def _destination(self, page: SourcePage, line: int, text: str, inner: str) -> str | None:
        """Check a link's target; returns the docs path it reaches, when it reaches one."""
        written = parse_destination(inner)
        href = written.href
        if not href.strip():
            if not inner.strip():
                self._empty(page, line, text)
            return None
        if SCHEME.match(href) or href.startswith(("/", "#", "\\")):
            return None
        path, _, anchor = href.partition("#")
        path = unquote(path.partition("?")[0])
        if path.endswith(".md"):
            return self._page_link(page, line, href, path, anchor, written)
        if not posixpath.splitext(path.rstrip("/"))[1]:
            self._url_link(page, line, href, path)
        return None

    def _page_link(
        self, page: SourcePage, line: int, href: str, path: str, anchor: str, written: Destination
    ) -> str | None:
        target = resolve(page.source, path)
        if target in self.known:
            if written.leading_space:
                self._warn(
                    page,
                    line,
                    f"link '({written.written})' has a stray space in its target; did you mean '({written.written.strip()})'?",
                    code="link-space",
                )
            if anchor and not self._has_anchor(target, anchor):
                better = self._close_anchor(target, anchor)
                hint = f"; did you mean '{path}#{better}'?" if better else "."
                self._warn(
                    page,
                    line,
                    f"link '{href}': {target} has no heading with the anchor '#{anchor}'{hint}",
                    code="anchor",
                    href=href,
                )
            return target
        if SPACE.search(path) and resolve(page.source, SPACE.sub("", path)) in self.known:
            squeezed = written.written.replace(href, SPACE.sub("", href)).strip()
            self._warn(
                page,
                line,
                f"link '({written.written})' has a stray space in its target; did you mean '({squeezed})'?",
                code="link-space",
                href=href,
            )
            return None
        self._missing(page, line, href, path, anchor, target)
        return None

    def _missing(self, page: SourcePage, line: int, href: str, path: str, anchor: str, target: str) -> None:
        intended = self.suggestions.pages_for(path)
        message = missing_page(href, path, anchor, target, [relative_source(f, page.source) for f in intended])
        self._warn(page, line, message, code="link", href=href)

    def _url_link(self, page: SourcePage, line: int, href: str, path: str) -> None:
        """A URL such as `diary/`: MkDocs already suggests the file when the folder is right."""
        folder = path.rstrip("/")
        if not folder or posixpath.join(resolve(page.source, folder), "index.md") in self.known:
            return
        intended = self.suggestions.pages_for(posixpath.join(folder, "index.md"))
        if len(intended) == 1 and posixpath.basename(posixpath.dirname(intended[0])) == posixpath.basename(folder):
            fix = relative_source(intended[0], page.source)
            self._warn(
                page,
                line,
                f"link '{href}' is a URL that leads nowhere from this page; did you mean '{fix}'?",
                level="info",
                code="link",
                href=href,
            )

    def _empty(self, page: SourcePage, line: int, text: str) -> None:
        found = self.names.find(plain(text)) if text.strip() else ()
        hint = (
            f"; did you mean '[{text}]({relative_source(found[0].source, page.source)})'?" if len(found) == 1 else "."
        )
        self._warn(page, line, f"link '[{text}]()' has an empty target{hint}", code="link-empty", href="")

    def _close_anchor(self, target: str, anchor: str) -> str | None:
        self.consulted[target] = self.docs.get(target)
        return close_anchor(anchor, self.outlines.outline(target).anchors)

    def _reference_titles(self, text: str) -> str:
        """`[[...]]` as the reader sees it once expanded: the given text, else the paper's title."""
        if "[[" not in text:
            return text

        def title(match: re.Match[str]) -> str:
            found = self.names.find(match["target"])
            return match["text"] or (found[0].title if len(found) == 1 else match["target"])

        return SHORT_REF.sub(title, text)

    def _warn(
        self, page: SourcePage, line: int, message: str, *, level: Level = "warning", code: str, href: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(page.source, line, message, level=level, code=code))
        if href is not None:
            self.reported.add((page.source, href))


__all__ = ["Citation", "LinkCache", "LinkReport", "LinkSettings", "analyse_links", "expand_references"]
