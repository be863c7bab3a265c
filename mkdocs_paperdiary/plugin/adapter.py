"""The MkDocs adapter: collects sources, hands them to the engine, logs its diagnostics.

Every hook is a few lines over the engine: the index, link analysis, maps and page rendering
live below; the config's meaning for maps is in `settings.py`, the generated pages in
`registry.py`, and the filter over MkDocs' own link warnings in `logfilter.py`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.urls import page_url
from mkdocs_paperdiary.links.analysis import LinkReport, expand_references
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.markdown.markers import has_marker
from mkdocs_paperdiary.pages.backlinks import backlinks_markdown
from mkdocs_paperdiary.pages.compose import PageParts, compose_page
from mkdocs_paperdiary.pages.export import bibtex_entry, citation_keys
from mkdocs_paperdiary.pages.feed import feed_xml, head_link
from mkdocs_paperdiary.pages.header import MARKER as HEADER_MARKER
from mkdocs_paperdiary.pages.header import HeaderLinks, header_html, shows_link
from mkdocs_paperdiary.pages.jsonindex import index_json
from mkdocs_paperdiary.pages.mapview import map_items, related_markdown
from mkdocs_paperdiary.pages.render import Href
from mkdocs_paperdiary.pages.stash import HtmlStash
from mkdocs_paperdiary.plugin import registry, settings
from mkdocs_paperdiary.plugin.collect import Caches, collect
from mkdocs_paperdiary.plugin.config import DEFAULT_FEED, PaperDiaryConfig, index_settings, link_settings
from mkdocs_paperdiary.plugin.dirty import DirtyPages, nav_signature, page_parts
from mkdocs_paperdiary.plugin.kinds.base import PageContext
from mkdocs_paperdiary.plugin.logfilter import KnownLinkFilter
from mkdocs_paperdiary.plugin.meta import PageMeta, show_index_titles
from mkdocs_paperdiary.plugin.nav import arrange_nav
from mkdocs_paperdiary.plugin.registry import GeneratedPage, material_tags_property

if TYPE_CHECKING:
    from mkdocs_paperdiary.maps.builder import MapBuilder

# `paperdiary check` loads mkdocs.yml and with it this module; the map engine and the plot
# fragments (with plotly's path) are imported on first use, so the command line stays light.

log = get_plugin_logger(__name__.split(".")[0].replace("mkdocs_", ""))


class PaperDiaryPlugin(BasePlugin[PaperDiaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.index = PaperIndex()
        self.links = LinkReport()
        self.serving = False
        self._known_links = KnownLinkFilter()
        self.map: MapResult | None = None  # None: maps are off for this build
        self._map_builder: MapBuilder | None = None  # holds the loaded model across serve rebuilds
        self._told_maps_off = False
        self._urls: dict[str, str] = {}  # source -> site URL, for the generated links
        self._stashes: dict[str, HtmlStash] = {}  # source -> the HTML its markdown stands in for
        self._not_utf8: dict[str, str] = {}  # source -> its text with replacement characters
        self._generated: dict[str, str] = {}  # kind -> the page made this build, in the nav section's order
        self._cite_keys: dict[str, str] = {}  # source -> its BibTeX key, the same as `export` gives it
        self._feed_link = ""  # the feed's <link rel="alternate">, for every page's head
        self._texts: dict[str, str] = {}  # source -> its text, this build
        self._meta, self._caches = PageMeta(), Caches()  # kept across `mkdocs serve` rebuilds
        self._dirty: DirtyPages | None = None  # under `mkdocs serve --dirty`: what the last build made

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> Any:
        # The schema holds the options of every page kind the registry lists when the config is read.
        self.config_class = registry.config_class()
        return super().load_config(options, config_file_path)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Declaring on_startup keeps this one plugin object alive across `mkdocs serve` rebuilds,
        # and with it the map builder's loaded model and numba's compiled code.
        self.serving = command == "serve"
        self._dirty = DirtyPages() if dirty else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs reuses this object for the next build in the same process (it declares on_startup),
        # so nothing of the last build may leak into this one, even with `enabled: false`.
        self.index = PaperIndex()
        self.links = LinkReport()
        self.map = None
        self._stashes, self._generated, self._cite_keys, self._feed_link = {}, {}, {}, ""
        self._urls, self._not_utf8 = {}, {}
        self.link_settings = link_settings(self.config, config.mdx_configs)
        self.settings = index_settings(self.config, use_directory_urls=config.use_directory_urls)
        self.maps_on = settings.maps_on(self.config)
        if self.config.enabled and self.config.maps is None and not self.maps_on and not self._told_maps_off:
            log.info(settings.MAPS_OFF)
            self._told_maps_off = True
        self.material_tags = material_tags_property(config)
        if self.maps_on:
            self._setup_maps(config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        sources, self._urls, self._stashes = [], {}, {}
        for file in files.documentation_pages():
            sources.append(decode_source(file.src_uri, file.content_bytes))
            self._urls[file.src_uri] = file.url
        excluded = [file.src_uri for file in files if file.is_documentation_page() and file.src_uri not in self._urls]
        collected = collect(sources, self._urls, config, self.config, excluded=excluded, caches=self._caches)
        self.index, self.links = collected.index, collected.links
        self._not_utf8 = {source.path: source.text for source in sources if source.replaced}
        report(collected.diagnostics)
        self._known_links.install(self.links.reported)
        papers = self.index.papers
        self._cite_keys = dict(zip((paper.source for paper in papers), citation_keys(papers), strict=True))
        if self.maps_on:
            self.map = self._build_map()
        self._add_feed(files, config)
        self._generate(collected.pages, files, config)
        self._add_assets(files, config)
        self._texts = {source.path: source.text for source in sources}
        if self._dirty is not None:
            made = {uri: (files.get_file_from_path(uri), self._stashes[uri]) for uri in self._generated.values()}
            parts = page_parts(self.index, self.links, self.map, self._cite_keys, self._texts, made)
            nav = nav_signature(files, self.index, self._generated, (dict(self.config), config.config_file_path))
            self._dirty.plan(files, self._texts, parts, nav)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs aborts the whole build on a file that is not UTF-8; show it with replacements instead.
        return self._not_utf8.get(page.file.src_uri)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        source, paper = page.file.src_uri, self.index.by_source.get(page.file.src_uri)
        self._meta.fill(page, paper, self.material_tags)
        settings = self.link_settings
        markdown = expand_references(
            markdown, source, self.index, slugify=settings.slugify, separator=settings.separator
        )
        parts = self._parts(self._context(page.file.url, source), paper, markdown)
        return compose_page(markdown, parts, header_at=self.config.paper_header, backlinks_at=self.config.backlinks)

    @event_priority(100)  # before other plugins read the HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        stash = self._stashes.get(page.file.src_uri)
        if not stash:
            return html
        html, lost = stash.restore(html)
        if lost:
            log.warning(
                f"{page.file.src_uri}: {lost} generated section(s) could not be placed; put paperdiary markers on a line of their own, outside lists and blocks."
            )
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or config.nav is not None:
            return nav  # a `nav:` written in mkdocs.yml is the user's, as written
        return arrange_nav(
            nav,
            paper_sources=self.index.by_source,
            topic_names=self.config.topic_names,
            generated=list(self._generated.values()),
            section_title=self.config.nav_section,
            position=self.config.nav_section_position,
        )

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> None:
        if self.config.enabled and self._dirty is not None:
            self._dirty.restore(files, self._texts)
        if self.config.enabled:
            show_index_titles(files.documentation_pages(), self.index.by_source)

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        self._meta.show(page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        self._meta.hide(page)
        if not self._feed_link or "</head>" not in output:
            return output
        return output.replace("</head>", f"{self._feed_link}\n</head>", 1)

    @event_priority(50)  # before Material's search writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._known_links.remove()
        if self.config.enabled and self._dirty is not None:
            self._dirty.clean(config.site_dir)
            self._dirty.merge_search(config.plugins)
        if self.config.enabled and self.config.json_index:
            target = Path(config.site_dir) / self.config.json_index
            target.parent.mkdir(parents=True, exist_ok=True)
            # compact: with an indent, json falls back to its pure-Python encoder (seconds for a big diary)
            target.write_text(
                json.dumps(index_json(self.index, self.links, self.map), ensure_ascii=False, separators=(",", ":"))
                + "\n",
                encoding="utf-8",
            )

    def on_build_error(self, *, error: Exception) -> None:
        self._known_links.remove()

    # --- maps ---------------------------------------------------------------------------

    def _setup_maps(self, config: MkDocsConfig) -> None:
        from mkdocs_paperdiary.maps.builder import MapBuilder  # see the note on imports at the top

        cache_dir, problems = settings.cache_dir(self.config, config)
        report(problems)
        if self._map_builder is None or self._map_builder.cache.root != cache_dir:
            self._map_builder = MapBuilder(cache_dir, say=log.info)
        self.map_settings = settings.map_settings(self.config, config)

    def _build_map(self) -> MapResult:
        if self.serving and not self.config.maps_on_serve:
            return MapResult.missing(
                "The map is not drawn while serving (`maps_on_serve: false`); `mkdocs build` draws it."
            )
        assert self._map_builder is not None
        result = self._map_builder.build(
            map_items(self.index.papers, self.config.map_text), self.map_settings, update=self.serving
        )
        report(result.diagnostics)
        if self.serving:
            self._map_builder.warm_up(self.map_settings)  # the first edit then finds the model loaded
        return result

    def _related(self, context: PageContext, paper: Paper) -> str:
        if self.map is None or self.config.related <= 0:
            return ""
        return related_markdown(paper, self.map, self.index.by_key, context.href, context.stash)

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """plotly.js (unless a CDN is configured), the map script and its stylesheet, once per site."""
        for uri, path in _plots().ASSET_FILES.items():
            if self.config.plotly_cdn and uri.endswith("plotly.min.js"):
                continue
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    # --- generated pages and paper pages ----------------------------------------------------

    def _generate(self, pages: list[GeneratedPage], files: Files, config: MkDocsConfig) -> None:
        self._generated = {}
        for page in pages:
            file = File.generated(config, page.uri, content="")
            file.content_string = page.kind.render(self._context(file.url, page.uri))
            files.append(file)
            self._generated[page.kind.name] = page.uri

    def _context(self, url: str, source: str) -> PageContext:
        """What the generated views on the page at `url` are made from."""
        stash = self._stashes.setdefault(source, HtmlStash())
        return PageContext(self.config, self.index, self.links, self.map, url, self._href(url), stash)

    def _parts(self, context: PageContext, paper: Paper | None, markdown: str) -> PageParts:
        """The pieces a page may get; each is made only when `compose_page` places it."""
        views = {kind.name: partial(kind.embed, context) for kind in registry.KINDS if kind.embeddable}
        if paper is None:
            return PageParts(views=views)
        return PageParts(
            header=self._header(paper, markdown, context),
            related=partial(self._related, context, paper),
            backlinks=partial(backlinks_markdown, paper, self.links, self.index, context.href, context.stash),
            views=views,
        )

    def _header(self, paper: Paper, markdown: str, context: PageContext) -> str:
        """The paper header (with its BibTeX) as a stash placeholder; "" when headers are off."""
        if self.config.paper_header == "off" and not has_marker(markdown, HEADER_MARKER):
            return ""
        pages = {kind: context.href(uri) for kind, uri in self._generated.items()}
        links = HeaderLinks(
            slug=self.link_settings.slug,
            diary=pages.get("diary"),
            topics=pages.get("topics"),
            tags=pages.get("tags"),
            map=pages.get("map"),
            css=f"{context.base}{_plots().SITE_ASSET_DIR}/paperdiary.css",
        )
        citation = bibtex_entry(paper, self._cite_keys[paper.source]) if self.config.cite else None
        return context.stash(
            header_html(
                paper,
                links,
                citation=citation,
                max_authors=self.config.header_authors,
                link_title=not shows_link(markdown, paper.url),
                show_tags=self.material_tags is None,  # Material's tags plugin shows them itself
            )
        ).strip("\n")

    def _add_feed(self, files: Files, config: MkDocsConfig) -> None:
        self._feed_link = ""
        path = DEFAULT_FEED if self.config.feed is None else self.config.feed
        if not path:
            return
        if not config.site_url:
            # A feed asked for by name is worth a warning; the default one is skipped quietly (--verbose says why).
            (log.debug if self.config.feed is None else log.warning)(
                f"mkdocs.yml has no site_url, so the feed '{path}' is not made (feed readers need absolute links); add `site_url: https://...` to mkdocs.yml, or set `feed: \"\"` in the paperdiary plugin config."
            )
            return
        if files.get_file_from_path(path) is not None:
            log.warning(f"{path}: exists in docs_dir, so paperdiary does not generate the feed there.")
            return
        xml = feed_xml(
            self.index.papers,
            site_url=config.site_url,
            feed_path=path,
            title=config.site_name,
            description=config.site_description or "",
            count=self.config.feed_items,
        )
        files.append(File.generated(config, path, content=xml))
        self._feed_link = head_link(urljoin(config.site_url, path), config.site_name)

    def _href(self, from_url: str) -> Href:
        """Links from the page at `from_url` to other docs files, as MkDocs would write them."""
        use_directory_urls = self.settings.use_directory_urls
        return lambda source: get_relative_url(self._urls.get(source) or page_url(source, use_directory_urls), from_url)


def _plots():  # see the note on imports at the top
    from mkdocs_paperdiary.pages import plots

    return plots


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Log engine diagnostics; warnings count towards `--strict`."""
    for problem in diagnostics:
        (log.warning if problem.level == "warning" else log.info)(str(problem))


__all__ = ["PaperDiaryPlugin"]
