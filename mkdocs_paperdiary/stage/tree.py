"""The staged source tree: the site the diary makes, written as files an engine builds as they are.

Every docs file is there: each markdown page with its additions placed as the plugin places
them, and the HTML the plugin keeps out of Python-Markdown written in as raw HTML blocks, which
Python-Markdown passes through unchanged; every other file as it is. Then the generated pages,
the assets, the feed and `paperdiary.json`. A file is written only when its content changed,
so an engine watching the tree rebuilds only what a save reached. Notes are only read.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pathspec.gitignore import GitIgnoreSpec

from mkdocs_paperdiary.core.frontmatter import SourceText, decode_source, load_yaml
from mkdocs_paperdiary.markdown.markers import find_markers
from mkdocs_paperdiary.markdown.scanner import FRONT_MATTER
from mkdocs_paperdiary.pages.stash import HtmlStash
from mkdocs_paperdiary.site.model import VIEWS, Site

MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # the page extensions MkDocs reads
# A fragment that opens with one of these is a raw HTML block to Python-Markdown; any other
# (a lone <link>) is wrapped in a <div>, or markdown would read it as a paragraph.
_BLOCK = re.compile(r"\s*<(div|ul|ol|details|section|figure|nav|table|script|style|p)[\s>]", re.IGNORECASE)

EMPTY_FRONT_MATTER = "---\n{}\n---\n"
Content = bytes | Path  # what a staged file holds: text made here, or a docs file copied as it is


@dataclass
class Docs:
    """The files of docs_dir a build reads, in MkDocs' order (index first, folders last)."""

    root: Path
    files: list[str]  # paths relative to docs_dir, with "/"

    @classmethod
    def read(cls, root: Path, exclude: GitIgnoreSpec) -> Docs:
        found = []
        for folder, dirs, names in os.walk(root):
            dirs.sort()
            relative = Path(folder).relative_to(root).as_posix()
            for name in names:
                uri = name if relative == "." else f"{relative}/{name}"
                if not exclude.match_file(uri):
                    found.append(uri)
        return cls(root, sorted(found, key=_sort_key))

    @property
    def pages(self) -> list[str]:
        return [uri for uri in self.files if uri.lower().endswith(MARKDOWN)]

    def sources(self) -> list[SourceText]:
        return [decode_source(uri, (self.root / uri).read_bytes()) for uri in self.pages]


def _sort_key(uri: str) -> tuple[tuple[str, ...], bool, str]:
    parts = uri.split("/")
    return tuple(parts[:-1]), os.path.splitext(parts[-1])[0] not in ("index", "README"), parts[-1]


def inline(markdown: str, stash: HtmlStash | None) -> str:
    """The markdown with each placeholder replaced by its HTML, as a raw block."""
    if not stash:
        return markdown
    return stash.restore(markdown, wrap=_raw_block)[0]


def _raw_block(fragment: str) -> str:
    fragment = fragment.strip("\n")
    return fragment if _BLOCK.match(fragment) else f"<div>\n{fragment}\n</div>"


class PageMemo:
    """The staged pages of the last staging, by what each was made from: its text and its part
    (what the site adds to it, `Site.parts`, the same values dirty serve compares). A page whose
    text and part are unchanged is not composed again; a change to the site's settings or its
    set of pages starts afresh."""

    def __init__(self) -> None:
        self._site: tuple[object, ...] | None = None
        self._pages: dict[str, tuple[object, bytes]] = {}

    def pages(self, site: Site, texts: Mapping[str, str]) -> dict[str, bytes]:
        # A page's links to other pages come from their sources (its part names them), and adding a
        # page moves no other page's URL: the set of pages is not part of what a page is made from.
        settings = (site.config, dict(site.options), [page.uri for page in site.pages])
        if settings != self._site:
            self._site, self._pages = settings, {}
        parts = site.parts(texts)
        staged = {}
        for source, text in texts.items():
            made_from = (text, parts.get(source), parts[VIEWS] if find_markers(text) else None)
            last = self._pages.get(source)
            if last is None or last[0] != made_from:
                last = made_from, staged_page(site, source, text).encode("utf-8")
                self._pages[source] = last
            staged[source] = last[1]
        return staged


def staged_files(
    site: Site, docs: Docs, sources: Iterable[SourceText], memo: PageMemo | None = None
) -> dict[str, Content]:
    """Every file of the staged docs folder, by path, with what it holds."""
    texts = {source.path: source.text for source in sources}
    pages = (memo or PageMemo()).pages(site, texts)
    files: dict[str, Content] = {uri: pages.get(uri, docs.root / uri) for uri in docs.files}
    for made in site.pages:
        files[made.uri] = inline(made.markdown, made.stash).encode("utf-8")
    for uri, path in site.assets().items():
        files.setdefault(uri, path)
    if site.feed is not None:
        files[site.feed.path] = site.feed.xml.encode("utf-8")
    if site.options.json_index:
        files[site.options.json_index] = site.json_text().encode("utf-8")
    return files


def staged_page(site: Site, source: str, text: str) -> str:
    """A docs page as the plugin would render it: its front matter as written, then its body
    with every addition in place (MkDocs strips front matter that is a YAML mapping, and only that)."""
    head, body = _front_matter(text)
    return head + inline(site.page_markdown(source, body), site.stashes.get(source))


def _front_matter(text: str) -> tuple[str, str]:
    """(front matter, body) as MkDocs splits a page. MkDocs renders a block that is no mapping
    as text; Zensical would stop the build on it, so such a page gets empty front matter above it."""
    match = FRONT_MATTER.match(text)
    if not match:
        return "", text
    try:
        mapping = isinstance(load_yaml(match.group(1)), dict)
    except yaml.YAMLError:
        mapping = False
    return (text[: match.end()], text[match.end() :]) if mapping else (EMPTY_FRONT_MATTER, text)


@dataclass
class StageReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


class StagedTree:
    """The staged docs folder; remembers what it wrote, so a save compares in memory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._known: dict[str, bytes] = {}

    def write(self, files: Mapping[str, Content]) -> StageReport:
        """Make the folder hold exactly `files`, writing only those whose content changed."""
        report = StageReport()
        for uri, content in files.items():
            target = self.root / uri
            if self._same(uri, target, content):
                report.unchanged += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copy2(content, target)
            else:
                temporary = target.with_name(f".{target.name}.paperdiary-tmp")
                temporary.write_bytes(content)
                os.replace(temporary, target)
                self._known[uri] = content
            report.written.append(uri)
        report.removed = self._remove_others(set(files))
        return report

    def _same(self, uri: str, target: Path, content: Content) -> bool:
        if isinstance(content, Path):
            try:
                mine, theirs = target.stat(), content.stat()
            except OSError:
                return False
            return mine.st_size == theirs.st_size and mine.st_mtime_ns == theirs.st_mtime_ns
        if uri not in self._known:
            try:
                self._known[uri] = target.read_bytes()
            except OSError:
                return False
        return self._known[uri] == content

    def _remove_others(self, keep: set[str]) -> list[str]:
        removed: list[str] = []
        if not self.root.is_dir():
            return removed
        for path in sorted(self.root.rglob("*"), reverse=True):
            uri = path.relative_to(self.root).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif uri not in keep:
                path.unlink()
                self._known.pop(uri, None)
                removed.append(uri)
        return removed
