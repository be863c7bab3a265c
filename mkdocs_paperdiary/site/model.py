"""The site as the diary sees it: one value both adapters place.

`make_site` reads the docs (the one collect path), draws the map, renders the generated
pages and the feed; `Site` then gives each docs page its additions (`page_markdown`), what
each page shows besides its own text (`parts`, for dirty rebuilds and staged files), the JSON
index and the assets. The plugin turns it into MkDocs files and page markdown; the staging
adapter writes it as a source tree.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from pathlib import Path
from urllib.parse import urljoin

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.urls import page_url, relative_url
from mkdocs_paperdiary.links.analysis import LinkReport, LinkSettings, expand_references
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.pages.backlinks import MARKER as BACKLINKS
from mkdocs_paperdiary.pages.compose import RELATED, PageParts, compose_page
from mkdocs_paperdiary.pages.export import citation_keys
from mkdocs_paperdiary.pages.feed import feed_xml, head_link
from mkdocs_paperdiary.pages.header import MARKER as HEADER
from mkdocs_paperdiary.pages.jinja import keep_compiled
from mkdocs_paperdiary.pages.jsonindex import index_json
from mkdocs_paperdiary.pages.linklist import Href
from mkdocs_paperdiary.pages.stash import HtmlStash
from mkdocs_paperdiary.site import registry
from mkdocs_paperdiary.site import views as views_module
from mkdocs_paperdiary.site.collect import Caches, collect
from mkdocs_paperdiary.site.config import DEFAULT_FEED, PaperDiaryConfig, link_settings
from mkdocs_paperdiary.site.facts import SiteConfig
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind
from mkdocs_paperdiary.site.settings import cache_dir
from mkdocs_paperdiary.site.views import shown

VIEWS = "\0views"  # among `Site.parts`: what every embedded view (a page's marker) is made from

MapDraw = Callable[[PaperIndex], tuple[MapResult, list[Diagnostic]]]


@dataclass
class MadePage:
    """A generated page: its kind, where it goes, its markdown and the HTML its markdown stands in for."""

    kind: PageKind
    uri: str
    url: str
    markdown: str
    stash: HtmlStash


@dataclass(frozen=True)
class Feed:
    path: str
    xml: str
    head_link: str  # the `<link rel="alternate">` every page's head gets


@dataclass
class Site:
    config: SiteConfig
    options: PaperDiaryConfig
    index: PaperIndex
    links: LinkReport
    urls: dict[str, str]  # docs source -> site URL
    map: MapResult | None = None  # None: maps are off
    pages: list[MadePage] = field(default_factory=list)
    feed: Feed | None = None
    cite_keys: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stashes: dict[str, HtmlStash] = field(default_factory=dict)  # source -> its page's HTML fragments
    # Zensical reads a relative link in a page's HTML from the page's file, as it reads a markdown
    # link; MkDocs leaves HTML alone, so its links are written from the page's URL.
    links_from_file: bool = False

    @cached_property
    def link_settings(self) -> LinkSettings:
        return link_settings(self.options, self.config.mdx_configs)

    def href(self, from_url: str) -> Href:
        """Links from the page at `from_url` to other docs files, as MkDocs writes them."""
        directory_urls = self.config.use_directory_urls
        return lambda source: relative_url(self.urls.get(source) or page_url(source, directory_urls), from_url)

    def context(self, url: str, source: str) -> PageContext:
        """What the views on the page at `url` are made from; its stash is kept by source."""
        stash = self.stashes.setdefault(source, HtmlStash())
        if self.links_from_file:
            url = posixpath.dirname(source) + "/" if "/" in source else ""
        return PageContext(self.options, self.index, self.links, self.map, url, self.href(url), stash)

    def page_markdown(self, source: str, markdown: str) -> str:
        """A docs page with its `[[references]]` expanded and every addition in its place."""
        settings = self.link_settings
        markdown = expand_references(
            markdown, source, self.index, slugify=settings.slugify, separator=settings.separator
        )
        context = self.context(self.urls.get(source) or page_url(source, self.config.use_directory_urls), source)
        views = {kind.name: partial(kind.embed, context) for kind in registry.KINDS if kind.embeddable}
        paper = self.index.by_source.get(source)
        parts = PageParts(views=views)
        if paper is not None:
            made = {
                view.name: partial(view.render, self, context, paper, markdown) for view in views_module.PAPER_VIEWS
            }
            header, related, backlinks = made.pop(HEADER), made.pop(RELATED), made.pop(BACKLINKS)
            parts = PageParts(header(), related, backlinks, views, more=made)
        options = self.options
        return compose_page(markdown, parts, header_at=options.paper_header, backlinks_at=options.backlinks)

    def parts(self, sources: Iterable[str]) -> dict[str, Hashable]:
        """For each page, what paperdiary adds to it besides its own text: equal parts, equal page.

        A paper page's part is its views' inputs and what it shows of the papers it cites; a
        generated page's is what it shows; pages with markers show views of every paper, its
        links and the map, which is the part under `VIEWS`."""
        sources = list(sources)
        shown_map = replace(self.map, diagnostics=[]) if self.map else None  # its log lines show on no page
        views = (tuple(self.index.papers), tuple((s, tuple(self.links.cites(s))) for s in sources), shown_map)
        parts: dict[str, Hashable] = {VIEWS: views}
        for page in self.pages:
            parts[page.uri] = page.stash.fingerprint(page.markdown, views)
        for source in sources:
            cited = tuple(shown(self.index.by_key.get(key)) for key in self.links.cites(source))
            paper = self.index.by_source.get(source)
            own = () if paper is None else tuple(view.inputs(self, paper) for view in views_module.PAPER_VIEWS)
            parts[source] = (cited, own)
        return parts

    def json_text(self) -> str:
        # compact: with an indent, json falls back to its pure-Python encoder (seconds for a big diary)
        data = index_json(self.index, self.links, self.map)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"

    def assets(self) -> dict[str, Path]:
        """The plugin's scripts and styles (and plotly.js unless a CDN is set): site path -> file."""
        from mkdocs_paperdiary.pages.plots import ASSET_FILES  # plotly's path is looked up on first use

        cdn = self.options.plotly_cdn
        return {uri: path for uri, path in ASSET_FILES.items() if not (cdn and uri.endswith("plotly.min.js"))}


def make_site(
    sources: Sequence[SourceText],
    urls: Mapping[str, str],
    config: SiteConfig,
    options: PaperDiaryConfig,
    *,
    existing: Container[str] = (),
    excluded: Iterable[str] = (),
    caches: Caches | None = None,
    draw_map: MapDraw | None = None,
    links_from_file: bool = False,
) -> Site:
    """Everything the diary makes of these docs. `urls` are the rendered pages' URLs by source,
    `existing` every file of docs_dir (a generated file never replaces one), `excluded` the
    markdown files left out of the build, which links may still name."""
    cache = cache_dir(options, config)[0]  # a cache_dir inside docs_dir is reported where the maps need it
    keep_compiled(cache / "templates" if cache is not None else None)
    collected = collect(sources, urls, config, options, excluded=excluded, caches=caches)
    index = collected.index
    site = Site(config, options, index, collected.links, dict(urls), diagnostics=list(collected.diagnostics))
    site.links_from_file = links_from_file
    site.cite_keys = dict(zip((paper.source for paper in index.papers), citation_keys(index.papers), strict=True))
    if draw_map is not None:
        site.map, problems = draw_map(index)
        site.diagnostics += problems
    for page in collected.pages:
        url = page_url(page.uri, config.use_directory_urls)
        context = site.context(url, page.uri)
        site.pages.append(MadePage(page.kind, page.uri, url, page.kind.render(context), context.stash))
    site.feed, problems = _feed(site, existing)
    site.diagnostics += problems
    return site


def _feed(site: Site, existing: Container[str]) -> tuple[Feed | None, list[Diagnostic]]:
    options, config = site.options, site.config
    path = DEFAULT_FEED if options.feed is None else options.feed
    if not path:
        return None, []
    if not config.site_url:
        message = f"mkdocs.yml has no site_url, so the feed '{path}' is not made (feed readers need absolute links); add `site_url: https://...` to mkdocs.yml, or set `feed: \"\"` in the paperdiary plugin config."
        # A feed asked for by name is worth a warning; the default one is skipped quietly (--verbose says why).
        return None, [Diagnostic(None, None, message, level="warning" if options.feed else "debug", code="feed")]
    if path in existing:
        return None, [Diagnostic(path, None, "exists in docs_dir, so paperdiary does not generate the feed there.")]
    xml = feed_xml(
        site.index.papers,
        site_url=config.site_url,
        feed_path=path,
        title=config.site_name,
        description=config.site_description,
        count=options.feed_items,
    )
    return Feed(path, xml, head_link(urljoin(config.site_url, path), config.site_name)), []
