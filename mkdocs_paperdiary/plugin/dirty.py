"""`mkdocs serve --dirty` made exact: which pages a change reaches, and the rest kept as they were.

MkDocs' dirty build reads and writes only the files whose `is_modified()` is true, so every
other page keeps last build's HTML and arrives in the nav untitled. `DirtyPages` decides, per
build, which pages must be built again: the changed notes; the generated pages and every page
with a paperdiary marker when the papers, their links or the map changed; each page whose
plugin-made parts (header, related papers, "Cited in", the titles and dates of the papers it
cites) differ from last build's; and, when a page is added, removed, moved or changed, the
pages whose text names its file (a Markdown link to it may now resolve, break or take its title).
The pages not built are given back last build's title, meta and content, so navs are right;
pages that are gone are deleted from the served site; Material's search index keeps every page.

A change to the nav (a page added, removed or moved, a title or topic changed) shows on every
page, since themes draw the whole nav on each. Their content is last build's, so only their
templates need rendering again. Under `mkdocs serve` that waits: the pages the change reaches
are built and served first, and the server is asked for one more build, the catch-up, which
renders the others' templates and leaves every page as a clean build makes it. A save that
arrives meanwhile stops the catch-up; the build it starts serves the save first and asks for
the catch-up again. Without a server (`mkdocs build --dirty`) one build does both.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.markdown.markers import find_markers
from mkdocs_paperdiary.plugin import internals
from mkdocs_paperdiary.site.model import VIEWS

NAV_META = ("title", "icon", "status", "subtitle")  # what themes show of a page in every nav


@dataclass
class _Kept:
    """A page as last build left it."""

    text: str  # its source
    markers: bool  # it has a paperdiary marker: built whenever the views change
    markdown: str | None
    meta: dict[str, Any]
    content: str | None
    toc: Any
    title: str | None  # the title rendering found
    dest: str  # where its HTML was written
    title_shown: str | None  # the title navs show


class DirtyPages:
    """Everything a dirty rebuild needs from the last build, in memory."""

    def __init__(self) -> None:
        self.kept: dict[str, _Kept] = {}
        self.parts: dict[str, Hashable] = {}  # source -> what the plugin adds to it, last build
        self.nav: object = None
        self.settings: object = None
        self.built: set[str] = set()  # sources read and rendered this build
        self.stale: set[str] = set()  # sources whose served HTML shows an older nav
        self.catch_up: Callable[[], None] | None = None  # asks the server for another build (under serve)
        self.save_waits: Callable[[], bool] = lambda: False  # whether a save waits for the server
        self._templates = False  # the stale pages' templates are rendered this build
        self._saved = False  # this build serves a save (a page's text changed, or the nav)
        self._all: dict[str, File] = {}
        self._searched = _SearchEntries()

    def plan(
        self, files: Files, texts: Mapping[str, str], parts: dict[str, Hashable], nav: object, settings: object
    ) -> None:
        """Mark the pages to build; called in on_files once the engine has run."""
        full = settings != self.settings or not self.kept  # the first build, or new settings: every page
        nav_changed = nav != self.nav
        self.nav, self.settings, old_parts, self.parts = nav, settings, self.parts, parts
        self._all = {file.src_uri: file for file in files.documentation_pages()}
        views_changed = old_parts.get(VIEWS) != parts.get(VIEWS)
        self.built, touched = set(), set()
        for source, file in self._all.items():
            kept, generated = self.kept.get(source), source not in texts
            if kept is None or (not generated and kept.text != texts[source]) or kept.dest != file.abs_dest_path:
                touched.add(source)
            if (
                source in touched
                or old_parts.get(source) != parts.get(source)
                or (kept and kept.markers and views_changed)
            ):
                self.built.add(source)
        self._saved = bool(touched) or nav_changed  # the diarist's change, not only the plugin's (a redrawn map)
        if nav_changed and not full:
            touched |= set(self.kept) - set(self._all)  # gone
            names = {_file_name(source) for source in touched}
            self.built |= {source for source, text in texts.items() if any(name in text for name in names)}
            self.stale |= set(self._all) - self.built
        if full:
            self.built, self.stale = set(self._all), set()
        self.stale &= set(self._all)
        self._templates = False
        for source, file in self._all.items():
            internals.decide_modified(file, partial(self.builds, source))

    def builds(self, source: str) -> bool:
        """Whether MkDocs reads and writes this page this build (its `File.is_modified`): the pages
        planned, and once they are read the stale pages' templates, unless a save waits."""
        if source in self.built:
            return True
        return self._templates and source in self.stale and not self.save_waits()

    def restore(self, files: Files, texts: Mapping[str, str]) -> None:
        """After the pages are read (on_env): give those not read last build's state, keep the
        others', and mark every other page stale when one's title (or what else a nav shows)
        changed. Then decide whether the stale pages' templates are rendered in this build."""
        for file in files.documentation_pages():
            page, kept = file.page, self.kept.get(file.src_uri)
            if page is None:
                continue
            if page.markdown is None and kept is not None:
                page.markdown, page.meta, page.content, page.toc = (
                    kept.markdown,
                    dict(kept.meta),
                    kept.content,
                    kept.toc,
                )
                internals.set_rendered_title(page, kept.title)
                continue
            if kept is not None and _nav_view(page) != (kept.title_shown, *(kept.meta.get(k) for k in NAV_META[1:])):
                self.stale |= set(self._all) - self.built  # its title shows in every page's nav
                self._saved = True
            text = texts.get(file.src_uri, "")
            self.kept[file.src_uri] = _Kept(
                text,
                bool(find_markers(text)),
                page.markdown,
                dict(page.meta),
                page.content,
                page.toc,
                internals.rendered_title(page),
                page.file.abs_dest_path,
                page.title,
            )
        # Under serve, a build that serves a save leaves the rest to the catch-up.
        self._templates = bool(self.stale) and (self.catch_up is None or not self._saved)

    def rendered(self, source: str) -> None:
        """A page's HTML was written this build (on_post_page): its nav is this build's."""
        self.stale.discard(source)

    def catch_up_later(self) -> int:
        """After a build (on_post_build): ask the server for the catch-up when pages are still
        stale; how many are."""
        if self.stale and self.catch_up is not None:
            self.catch_up()
        return len(self.stale)

    def clean(self, site_dir: str) -> None:
        """Delete the HTML of pages that are gone (on_post_build), and forget them."""
        for source in set(self.kept) - set(self._all):
            dest = Path(self.kept.pop(source).dest)
            dest.unlink(missing_ok=True)
            _prune(dest.parent, Path(site_dir))
            self.parts.pop(source, None)

    def merge_search(self, plugins: Mapping[str, Any]) -> None:
        """Search indexes keep every page's entries, not only the rebuilt pages': Material's search
        keeps the last index and expects one page rebuilt; MkDocs' own keeps nothing."""
        pages = [file.page.url for file in self._all.values() if file.page is not None]  # the home page is ""
        for plugin in plugins.values():
            previous, index = internals.previous_search(plugin), getattr(plugin, "search_index", None)
            if index is None:
                continue
            if previous is not None and hasattr(index, "entries"):
                fresh = {_page_of(entry) for entry in index.entries}
                kept = [entry for entry in previous.entries if (page := _page_of(entry)) in pages and page not in fresh]
                index.entries = kept + index.entries
                internals.forget_previous_search(plugin)
            elif (entries := internals.search_entries(index)) is not None:
                internals.set_search_entries(index, self._searched.merge(entries, pages))


class _SearchEntries:
    """MkDocs' own search index, page by page, as the last build left it."""

    def __init__(self) -> None:
        self.by_page: dict[str, list[dict[str, Any]]] = {}

    def merge(self, fresh: list[dict[str, Any]], pages: list[str]) -> list[dict[str, Any]]:
        """The rebuilt pages' `fresh` entries and the others' last ones, in the order a full build adds them."""
        rebuilt: dict[str, list[dict[str, Any]]] = {}
        for entry in fresh:
            rebuilt.setdefault(_page_of(entry), []).append(entry)
        self.by_page = {page: rebuilt.get(page, self.by_page.get(page, [])) for page in pages}
        return [entry for entries in self.by_page.values() for entry in entries]


def _page_of(entry: dict[str, Any]) -> str:
    return entry["location"].partition("#")[0]


def nav_signature(files: Files, index: PaperIndex, generated: Mapping[str, str]) -> object:
    """What every page's nav is made from, known before pages are read."""
    pages = tuple((file.src_uri, file.url) for file in files.documentation_pages())
    # by source: reading order shows in no nav (a new date reorders the diary, which its own part covers)
    papers = tuple(sorted((p.source, p.key, p.title, p.topic_name, p.aliases) for p in index.papers))
    return pages, papers, tuple(generated.items())


def _file_name(source: str) -> str:
    """What a Markdown link to `source` must hold: its file name's stem, or its folder's for an index."""
    path = Path(source)
    return path.parent.name if path.stem in ("index", "README") and path.parent.name else path.stem


def _nav_view(page: Page) -> tuple[Any, ...]:
    return (page.title, *(page.meta.get(key) for key in NAV_META[1:]))


def _prune(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        os.rmdir(folder)
        folder = folder.parent
