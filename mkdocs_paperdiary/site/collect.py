"""One path from the docs to what the plugin knows about them, for the build and `paperdiary check`.

The build calls `collect` in `on_files`, the command line on the files MkDocs lists without
building; both therefore read the same papers, place the same generated pages, check links
against the same targets and give the same warnings. The map is not collected here: it needs
the map stack, and only the build draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.gitdates import GitHistory
from mkdocs_paperdiary.core.index import IndexSettings, PaperIndex, build_index
from mkdocs_paperdiary.core.index_cache import IndexCache
from mkdocs_paperdiary.core.stored import code_stamp, read_json, write_json
from mkdocs_paperdiary.links.analysis import LinkCache, LinkReport, analyse_links
from mkdocs_paperdiary.site.config import PaperDiaryConfig, index_settings, link_settings
from mkdocs_paperdiary.site.facts import SiteConfig
from mkdocs_paperdiary.site.registry import (
    GeneratedPage,
    SiteFacts,
    marker_diagnostics,
    place_pages,
)
from mkdocs_paperdiary.site.settings import cache_dir, maps_on


@dataclass
class Collected:
    """The papers, the generated pages, the links, and every warning found on the way."""

    index: PaperIndex = field(default_factory=PaperIndex)
    links: LinkReport = field(default_factory=LinkReport)
    pages: list[GeneratedPage] = field(default_factory=list)  # in the nav section's order
    diagnostics: list[Diagnostic] = field(default_factory=list)


STORED = "collect-v1.json"  # in cache_dir: the papers read and the links checked, for the next build


@dataclass
class Caches:
    """What `mkdocs serve` keeps between rebuilds: the papers read and the links checked, by file.

    A build also keeps them in cache_dir, so the next `mkdocs build` (a new process) reads and
    checks only the notes that changed. The file holds the code stamp of the plugin that wrote it:
    any other copy of the plugin starts afresh.
    """

    index: IndexCache = field(default_factory=IndexCache)
    links: LinkCache = field(default_factory=LinkCache)
    # Read and written by the first build in each cache folder only: `mkdocs serve` keeps them in
    # memory, and the next build, taking the entries whose texts are unchanged, reads just the
    # notes saved since.
    kept_in: Path | None = None
    first_build: bool = False

    def load(self, folder: Path | None, settings: IndexSettings) -> None:
        self.first_build = folder is not None and folder != self.kept_in
        if folder is None or not self.first_build:
            return
        self.kept_in = folder
        data = read_json(folder / STORED)
        if isinstance(data, dict) and data.get("code") == code_stamp():
            self.index.restore(data.get("index"), settings)
            self.links.restore(data.get("links"))

    def save(self, folder: Path | None) -> None:
        if folder is None or not self.first_build or not (self.index.changed or self.links.changed):
            return
        links = self.links.stored()
        write_json(folder / STORED, {"code": code_stamp(), "index": self.index.stored(), "links": links})


def site_facts(config: SiteConfig, plugin: PaperDiaryConfig) -> SiteFacts:
    return SiteFacts(
        maps_on=maps_on(plugin),
        material_tags=config.material_tags is not None,
    )


def collect(
    sources: Sequence[SourceText],
    urls: Mapping[str, str],
    config: SiteConfig,
    plugin: PaperDiaryConfig,
    *,
    excluded: Iterable[str] = (),
    caches: Caches | None = None,
) -> Collected:
    """Index the docs, place the generated pages, analyse the links.

    `sources` are the pages a build renders, `urls` their site URLs by source path, and
    `excluded` the markdown files of docs_dir left out of the build, which links may still name.
    """
    excluded = list(excluded)
    caches = caches or Caches()
    history = git_history(config, plugin)
    settings = index_settings(plugin, use_directory_urls=config.use_directory_urls)
    folder = cache_dir(plugin, config)[0]
    caches.load(folder, settings)
    index = build_index(sources, settings, urls, caches.index.read, history.dates if history else None)
    caches.index.forget({source.path for source in sources})
    pages, placing = place_pages(plugin, site_facts(config, plugin), existing={*urls, *excluded})
    docs = {source.path: source.text for source in sources}
    # Pages without a source here (generated, or excluded from the build) are valid targets.
    targets = [page.uri for page in pages] + excluded
    links = analyse_links(index, docs, link_settings(plugin, config.mdx_configs), targets, caches.links)
    caches.save(folder)
    markers = [problem for source, text in docs.items() for problem in marker_diagnostics(source, text)]
    found = [*index.diagnostics, *(history.diagnostics if history else []), *placing, *links.diagnostics, *markers]
    return Collected(index, links, pages, found)


def git_history(config: SiteConfig, plugin: PaperDiaryConfig) -> GitHistory | None:
    """Where notes dated nowhere else find their first commit; None with `git_dates: false`."""
    if not plugin.git_dates:
        return None
    return GitHistory(config.docs_dir, cache_dir(plugin, config)[0])
