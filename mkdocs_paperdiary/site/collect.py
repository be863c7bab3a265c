"""One path from the docs to what the plugin knows about them, for the build and `paperdiary check`.

The build calls `collect` in `on_files`, the command line on the files MkDocs lists without
building; both therefore read the same papers, place the same generated pages, check links
against the same targets and give the same warnings. The map is not collected here: it needs
the map stack, and only the build draws it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import PaperIndex, build_index
from mkdocs_paperdiary.core.index_cache import IndexCache
from mkdocs_paperdiary.links.analysis import LinkCache, LinkReport, analyse_links
from mkdocs_paperdiary.site.config import PaperDiaryConfig, index_settings, link_settings
from mkdocs_paperdiary.site.facts import SiteConfig
from mkdocs_paperdiary.site.registry import (
    GeneratedPage,
    SiteFacts,
    marker_diagnostics,
    place_pages,
)
from mkdocs_paperdiary.site.settings import maps_on


@dataclass
class Collected:
    """The papers, the generated pages, the links, and every warning found on the way."""

    index: PaperIndex = field(default_factory=PaperIndex)
    links: LinkReport = field(default_factory=LinkReport)
    pages: list[GeneratedPage] = field(default_factory=list)  # in the nav section's order
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Caches:
    """What `mkdocs serve` keeps between rebuilds: the papers read and the links checked, by file."""

    index: IndexCache = field(default_factory=IndexCache)
    links: LinkCache = field(default_factory=LinkCache)


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
    index = build_index(
        sources, index_settings(plugin, use_directory_urls=config.use_directory_urls), urls, caches.index.read
    )
    pages, placing = place_pages(plugin, site_facts(config, plugin), existing={*urls, *excluded})
    docs = {source.path: source.text for source in sources}
    # Pages without a source here (generated, or excluded from the build) are valid targets.
    targets = [page.uri for page in pages] + excluded
    links = analyse_links(index, docs, link_settings(plugin, config.mdx_configs), targets, caches.links)
    markers = [problem for source, text in docs.items() for problem in marker_diagnostics(source, text)]
    return Collected(index, links, pages, [*index.diagnostics, *placing, *links.diagnostics, *markers])
