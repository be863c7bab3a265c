"""Links between the pages of a diary: which are broken, which look wrong, and who cites which paper.

`analyse_links` reads every page once, checks each link that points at a page of the site
(relative `.md` links, reference-style definitions, `[[...]]` short references) and records
every citation of a paper with the section of the citing page it sits in. The plugin turns the
citations into backlinks; `paperdiary check` prints the diagnostics.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique

from mkdocs_paperdiary.core.diagnostics import Diagnostic, Level
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.urls import relative_source
from mkdocs_paperdiary.links.references import (
    SHORT_REF,
    expand_references,
    names_for,
    read_reference,
    reference_href,
    section_anchor,
)
from mkdocs_paperdiary.markdown.scanner import (
    INLINE_LINK,
    REFERENCE_DEFINITION,
    REFERENCE_LINK,
    Lines,
    headings,
    mask,
    other_ids,
    plain,
    shorten,
)

ORPHANS_SHOWN = 20
_FOLDER_PAGES = ("index.md", "README.md")  # an orphan report names this many papers, then counts the rest

_SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_TITLE = re.compile(r"""\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))\s*$""")
_SPACE = re.compile(r"\s+")
# Pages whose anchors come from more than their headings once rendered (our markers, mkdocstrings).
_GENERATED_CONTENT = re.compile(r"<!--\s*paperdiary:(?!backlinks)|^:::\s", re.MULTILINE)


@dataclass(frozen=True)
class LinkSettings:
    """How links are checked: the level of suspicious-link reports, and how headings become anchors."""

    suspicious: str = "info"  # "info" | "warning" | "off"
    slugify: Callable[[str, str], str] | None = None  # toc's slugify(value, separator)
    separator: str = "-"

    @classmethod
    def for_site(cls, mdx_configs: Mapping[str, Mapping[str, object]], suspicious: str = "info") -> LinkSettings:
        """Settings that slugify headings as the site's `toc` extension does (MkDocs' `mdx_configs`)."""
        toc = mdx_configs.get("toc") or mdx_configs.get("markdown.extensions.toc") or {}
        slugify = toc.get("slugify")
        return cls(suspicious, slugify if callable(slugify) else None, str(toc.get("separator", "-")))

    def slug(self, heading: str) -> str:
        return (self.slugify or toc_slugify)(heading, self.separator)


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


def analyse_links(
    index: PaperIndex, docs: Mapping[str, str], settings: LinkSettings = LinkSettings(), generated: Collection[str] = ()
) -> LinkReport:
    """Check the links of every page and collect citations.

    `docs` maps each page's path (relative to docs_dir) to its markdown source, front matter
    included; `generated` names pages that exist without a source, valid as link targets.
    """
    return _Analysis(index, docs, settings, generated).run()


@dataclass(frozen=True)
class _Section:
    start: int
    path: tuple[str, ...]
    anchor: str


@dataclass(frozen=True)
class _Outline:
    """A page's headings with the anchors toc gives them, and every anchor on the page."""

    sections: list[_Section]
    starts: list[int]
    anchors: set[str]
    generated: bool  # the rendered page has anchors its source does not show


class _Page:
    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.text = text
        self.masked = mask(text, front_matter=True)
        self.lines = Lines(text)


@dataclass(frozen=True)
class _Destination:
    written: str  # what stands between the parentheses
    href: str  # the target as Python-Markdown reads it
    leading_space: bool


class _Analysis:
    def __init__(
        self, index: PaperIndex, docs: Mapping[str, str], settings: LinkSettings, generated: Collection[str]
    ) -> None:
        self.index = index
        self.docs = docs
        self.settings = settings
        self.known = set(docs) | set(generated)
        self.names = names_for(index)
        self.diagnostics: list[Diagnostic] = []
        self.citations: dict[tuple[str, int, str], tuple[int, Citation]] = {}  # with the offset, to sort
        self.reported: set[tuple[str, str]] = set()
        self._pages: dict[str, _Page] = {}
        self._outlines: dict[str, _Outline] = {}
        self._by_file_name: dict[str, list[str]] | None = None
        self._quotes: dict[str, str] = {}

    def run(self) -> LinkReport:
        for source in sorted(self.docs):
            page = self.page(source)
            found = len(self.diagnostics)
            self._short_references(page)
            self._inline_links(page)
            self._reference_links(page)
            self.diagnostics[found:] = sorted(self.diagnostics[found:], key=lambda d: d.line or 0)
        orphans = self._orphans()
        citations = [
            citation for _, citation in sorted(self.citations.values(), key=lambda item: (item[1].source, item[0]))
        ]
        return LinkReport(self.diagnostics, citations, orphans, frozenset(self.reported))

    def page(self, source: str) -> _Page:
        if source not in self._pages:
            self._pages[source] = _Page(source, self.docs[source])
        return self._pages[source]

    # ---- the three ways to link --------------------------------------------------------------

    def _short_references(self, page: _Page) -> None:
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
                    f"{written} does not name any paper{self._did_you_mean_ref(ref['target'])}",
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
            self._cite(page, match.start(), line, paper)

    def _inline_links(self, page: _Page) -> None:
        if "](" not in page.masked:
            return
        for match in INLINE_LINK.finditer(page.masked):
            line = page.lines.number(match.start())
            text = page.text[match.start("text") : match.end("text")]
            target = self._destination(page, line, text, page.text[match.start("inner") : match.end("inner")])
            self._linked(page, match.start(), line, text, target)

    def _reference_links(self, page: _Page) -> None:
        if "]:" not in page.masked:
            return
        targets: dict[str, str | None] = {}
        for match in REFERENCE_DEFINITION.finditer(page.masked):
            if not match["inner"].strip():
                continue
            line = page.lines.number(match.start())
            label = _label(match["label"])
            targets.setdefault(
                label,
                self._destination(page, line, match["label"], page.text[match.start("inner") : match.end("inner")]),
            )
        for match in REFERENCE_LINK.finditer(page.masked):
            text = page.text[match.start("text") : match.end("text")]
            target = targets.get(_label(match["label"] or text))
            self._linked(page, match.start(), page.lines.number(match.start()), text, target)

    def _linked(self, page: _Page, offset: int, line: int, text: str, target: str | None) -> None:
        paper = self.index.by_source.get(target) if target else None
        if paper is not None:
            self._suspicious(page, line, text, paper)
            self._cite(page, offset, line, paper)

    # ---- checking one destination ------------------------------------------------------------

    def _destination(self, page: _Page, line: int, text: str, inner: str) -> str | None:
        """Check a link's target; returns the docs path it reaches, when it reaches one."""
        written = _parse_destination(inner)
        href = written.href
        if not href.strip():
            if not inner.strip():
                self._empty(page, line, text)
            return None
        if _SCHEME.match(href) or href.startswith(("/", "#", "\\")):
            return None
        path, _, anchor = href.partition("#")
        path = unquote(path.partition("?")[0])
        if path.endswith(".md"):
            return self._page_link(page, line, href, path, anchor, written)
        if not posixpath.splitext(path.rstrip("/"))[1]:
            self._url_link(page, line, href, path)
        return None

    def _page_link(
        self, page: _Page, line: int, href: str, path: str, anchor: str, written: _Destination
    ) -> str | None:
        target = _resolve(page.source, path)
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
        if _SPACE.search(path) and _resolve(page.source, _SPACE.sub("", path)) in self.known:
            squeezed = written.written.replace(href, _SPACE.sub("", href)).strip()
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

    def _missing(self, page: _Page, line: int, href: str, path: str, anchor: str, target: str) -> None:
        if target.startswith("../"):
            where = "points outside the docs folder"
        elif target != path:
            where = f"resolves to '{target}', which does not exist"
        else:
            where = "points to a page that does not exist"
        intended = self._intended(path)
        if not intended:
            self._warn(page, line, f"link '{href}' {where}.", code="link", href=href)
            return
        fixes = " or ".join(
            f"'{relative_source(found, page.source)}{'#' + anchor if anchor else ''}'" for found in intended
        )
        if posixpath.basename(intended[0]) == posixpath.basename(target) and len(intended) == 1:
            self._warn(
                page,
                line,
                f"link '{href}' is written relative to the wrong folder: it {where}; did you mean {fixes}?",
                code="link",
                href=href,
            )
        else:
            self._warn(page, line, f"link '{href}' {where}; did you mean {fixes}?", code="link", href=href)

    def _url_link(self, page: _Page, line: int, href: str, path: str) -> None:
        """A URL such as `diary/`: MkDocs already suggests the file when the folder is right."""
        folder = path.rstrip("/")
        if not folder or posixpath.join(_resolve(page.source, folder), "index.md") in self.known:
            return
        intended = self._intended(posixpath.join(folder, "index.md"))
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

    def _empty(self, page: _Page, line: int, text: str) -> None:
        found = self.names.find(plain(text)) if text.strip() else ()
        hint = (
            f"; did you mean '[{text}]({relative_source(found[0].source, page.source)})'?" if len(found) == 1 else "."
        )
        self._warn(page, line, f"link '[{text}]()' has an empty target{hint}", code="link-empty", href="")

    def _intended(self, path: str) -> list[str]:
        """The pages a broken link most likely meant: same file name, else a paper of that name."""
        name = posixpath.basename(path)
        by_name = self._file_names()
        found = by_name.get(name) or by_name.get(name.casefold()) or []
        if name in _FOLDER_PAGES:  # every folder has one: only the same folder name is a lead
            folder = posixpath.basename(posixpath.dirname(path))
            found = [known for known in found if folder and posixpath.basename(posixpath.dirname(known)) == folder]
            return _closest(found, path)
        if not found:
            papers = self.names.find(posixpath.splitext(name)[0])
            found = [papers[0].source] if len(papers) == 1 else []
        if not found:
            close = difflib.get_close_matches(
                name, [n for n in by_name if n.endswith(".md") and n not in _FOLDER_PAGES], n=1, cutoff=0.8
            )
            found = by_name[close[0]] if close else []
        return _closest(found, path)

    def _file_names(self) -> dict[str, list[str]]:
        if self._by_file_name is None:
            self._by_file_name = defaultdict(list)
            for known in sorted(self.known):
                name = posixpath.basename(known)
                self._by_file_name[name].append(known)
                if name.casefold() != name:
                    self._by_file_name[name.casefold()].append(known)
        return self._by_file_name

    # ---- anchors and sections ----------------------------------------------------------------

    def _outline(self, source: str) -> _Outline:
        if source not in self._outlines:
            page = self.page(source)
            ids = other_ids(page.masked)
            used = set(ids)
            sections: list[_Section] = []
            stack: list[tuple[int, str]] = []
            for heading in headings(page.text, page.masked, page.lines):
                title = plain(heading.text, self._reference_titles)
                anchor = heading.explicit_id or unique(self.settings.slug(title), used)
                stack = [*[item for item in stack if item[0] < heading.level], (heading.level, title)]
                sections.append(_Section(heading.start, tuple(t for _, t in stack), anchor))
            anchors = ids | {s.anchor for s in sections}
            generated = bool(_GENERATED_CONTENT.search(page.text))
            self._outlines[source] = _Outline(sections, [s.start for s in sections], anchors, generated)
        return self._outlines[source]

    def _has_anchor(self, target: str, anchor: str) -> bool:
        if target not in self.docs:
            return True  # a generated page: its anchors are not known here
        outline = self._outline(target)
        return outline.generated or anchor in outline.anchors

    def _close_anchor(self, target: str, anchor: str) -> str | None:
        close = difflib.get_close_matches(anchor, sorted(self._outline(target).anchors), n=1, cutoff=0.6)
        return close[0] if close else None

    def _section_at(self, page: _Page, offset: int) -> _Section | None:
        outline = self._outline(page.source)
        at = bisect_right(outline.starts, offset) - 1
        return outline.sections[at] if at >= 0 else None

    def _reference_titles(self, text: str) -> str:
        """`[[...]]` as the reader sees it once expanded: the given text, else the paper's title."""
        if "[[" not in text:
            return text

        def title(match: re.Match[str]) -> str:
            found = self.names.find(match["target"])
            return match["text"] or (found[0].title if len(found) == 1 else match["target"])

        return SHORT_REF.sub(title, text)

    # ---- citations and reports ---------------------------------------------------------------

    def _cite(self, page: _Page, offset: int, line: int, paper: Paper) -> None:
        key = (page.source, line, paper.key)
        if paper.source == page.source or key in self.citations:
            return
        section = self._section_at(page, offset)
        citation = Citation(
            page.source,
            line,
            paper.key,
            section.path if section else (),
            section.anchor if section else None,
            self._quote(page, line),
        )
        self.citations[key] = (offset, citation)

    def _quote(self, page: _Page, line: int) -> str:
        """The citing bullet or paragraph as plain text; shared by every citation in it."""
        paragraph = page.lines.paragraph(line)
        if paragraph not in self._quotes:
            self._quotes[paragraph] = shorten(plain(paragraph, self._reference_titles))
        return self._quotes[paragraph]

    def _suspicious(self, page: _Page, line: int, text: str, paper: Paper) -> None:
        if self.settings.suspicious == "off":
            return
        named = self.names.named(text)
        if named and paper.key not in named:
            others = " and ".join(sorted(self.index.by_key[key].source for key in named))
            shown = plain(text)
            self._warn(
                page,
                line,
                f"link text '{shown}' names {others}, but the link goes to {paper.source}; is the target right?",
                level=self._suspicious_level(),
                code="suspicious-link",
            )

    def _suspicious_level(self) -> Level:
        return "warning" if self.settings.suspicious == "warning" else "info"

    def _did_you_mean_ref(self, name: str) -> str:
        close = self.names.suggest(name)
        return f"; did you mean [[{close.key}]]?" if close else " (looked up by key, title and aliases)."

    def _orphans(self) -> list[str]:
        cited = {citation.target for _, citation in self.citations.values()}
        orphans = [paper for paper in self.index.papers if paper.key not in cited]
        # Until some page cites a paper the diary is not cross-linked yet, and every paper would be listed.
        if orphans and cited:
            shown = ", ".join(sorted(paper.source for paper in orphans)[:ORPHANS_SHOWN])
            more = f" and {len(orphans) - ORPHANS_SHOWN} more" if len(orphans) > ORPHANS_SHOWN else ""
            verb = " is" if len(orphans) == 1 else "s are"
            self.diagnostics.append(
                Diagnostic(
                    None,
                    None,
                    f"{len(orphans)} paper{verb} not cited or listed on any other page: {shown}{more}.",
                    level="info",
                    code="orphans",
                )
            )
        return [paper.key for paper in orphans]

    def _warn(
        self, page: _Page, line: int, message: str, *, level: Level = "warning", code: str, href: str | None = None
    ) -> None:
        self.diagnostics.append(Diagnostic(page.source, line, message, level=level, code=code))
        if href is not None:
            self.reported.add((page.source, href))


def _parse_destination(inner: str) -> _Destination:
    """What Python-Markdown makes of `(...)`: `<...>` or the text before an optional title."""
    stripped = inner.strip()
    leading = inner[:1].isspace() and bool(stripped)
    if stripped.startswith("<") and ">" in stripped:
        return _Destination(inner, stripped[1 : stripped.index(">")], leading)
    title = _TITLE.search(stripped)
    return _Destination(inner, stripped[: title.start()] if title else stripped, leading)


def _resolve(source: str, path: str) -> str:
    """The docs path a relative link from `source` reaches (MkDocs' rule: relative to the file)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def _closest(candidates: list[str], path: str) -> list[str]:
    """The candidates sharing the most trailing folders with the link as written."""
    if len(candidates) <= 1:
        return candidates
    written = [part for part in path.split("/") if part not in ("", ".", "..")]

    def shared(candidate: str) -> int:
        count = 0
        for mine, theirs in zip(reversed(written), reversed(candidate.split("/")), strict=False):
            if mine != theirs:
                break
            count += 1
        return count

    best = max(map(shared, candidates))
    return [c for c in candidates if shared(c) == best][:3]


def _label(label: str) -> str:
    return _SPACE.sub(" ", label.strip()).casefold()


__all__ = ["Citation", "LinkReport", "LinkSettings", "analyse_links", "expand_references"]
