"""The MkDocs adapter: collects sources, hands them to the engine, logs its diagnostics.

Every hook is a few lines over the engine: the index, link analysis, maps and page rendering
live below; the config's meaning for maps is in `settings.py`, the generated pages in
`registry.py`, and the filter over MkDocs' own link warnings in `logfilter.py`.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText, decode_source
from mkdocs_paperdiary.core.index import PaperIndex, build_index
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.urls import base_from, page_url
from mkdocs_paperdiary.links.analysis import LinkReport, analyse_links, expand_references
from mkdocs_paperdiary.maps.model import MapResult
from mkdocs_paperdiary.markdown.markers import fill_markers, find_markers, has_marker
from mkdocs_paperdiary.pages.backlinks import MARKER as BACKLINKS_MARKER
from mkdocs_paperdiary.pages.backlinks import backlinks_markdown, place_backlinks
from mkdocs_paperdiary.pages.export import bibtex_entry, citation_keys
from mkdocs_paperdiary.pages.feed import feed_xml, head_link
from mkdocs_paperdiary.pages.header import MARKER as HEADER_MARKER
from mkdocs_paperdiary.pages.header import HeaderLinks, header_html, place_header, shows_link
from mkdocs_paperdiary.pages.jsonindex import index_json
from mkdocs_paperdiary.pages.mapview import map_items, map_view, related_markdown
from mkdocs_paperdiary.pages.pagemeta import theme_safe_meta
from mkdocs_paperdiary.pages.render import Href, diary_markdown, tags_markdown, topics_markdown
from mkdocs_paperdiary.pages.stash import HtmlStash
from mkdocs_paperdiary.plugin import settings
from mkdocs_paperdiary.plugin.config import DEFAULT_FEED, PaperDiaryConfig, index_settings, link_settings
from mkdocs_paperdiary.plugin.logfilter import KnownLinkFilter
from mkdocs_paperdiary.plugin.nav import arrange_nav
from mkdocs_paperdiary.plugin.registry import GeneratedPage, material_tags_property, place_pages, unknown_marker

if TYPE_CHECKING:
    from mkdocs_paperdiary.maps.builder import MapBuilder

# `paperdiary check` loads mkdocs.yml and with it this module; the map engine and the plot
# fragments (with plotly's path) are imported on first use, so the command line stays light.

RELATED_MARKER = "related"  # <!-- paperdiary:related --> places the related papers by hand

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
        self._docs: dict[str, str] = {}  # source -> its text as read in on_files
        self._generated: list[str] = []  # the pages made this build, in the nav section's order
        self._cite_keys: dict[str, str] = {}  # source -> its BibTeX key, the same as `export` gives it
        self._feed_link = ""  # the feed's <link rel="alternate">, for every page's head

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Declaring on_startup keeps this one plugin object alive across `mkdocs serve` rebuilds,
        # and with it the map builder's loaded model and numba's compiled code.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs reuses this object for the next build in the same process (it declares on_startup),
        # so nothing of the last build may leak into this one, even with `enabled: false`.
        self.index = PaperIndex()
        self.links = LinkReport()
        self.map = None
        self._stashes, self._generated, self._cite_keys, self._feed_link = {}, [], {}, ""
        self._urls, self._docs, self._not_utf8 = {}, {}, {}
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
            sources.append(_read(file))
            self._urls[file.src_uri] = file.url
        self.index = build_index(sources, self.settings, self._urls)
        self._not_utf8 = {source.path: source.text for source in sources if source.replaced}
        report(self.index.diagnostics)
        papers = self.index.papers
        self._cite_keys = dict(zip((paper.source for paper in papers), citation_keys(papers), strict=True))
        if self.maps_on:
            self.map = self._build_map()
        self._add_feed(files, config)
        self._generate(files, config)
        self._add_assets(files, config)
        self._docs = {source.path: source.text for source in sources}
        self._analyse_links(files, self._docs)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs aborts the whole build on a file that is not UTF-8; show it with replacements instead.
        return self._not_utf8.get(page.file.src_uri)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        source = page.file.src_uri
        page.meta.update(theme_safe_meta(page.meta, self.index.by_source.get(source)))
        first_line = _first_line(self._docs.get(source, ""), markdown)
        markdown = expand_references(
            markdown, source, self.index, slugify=self.link_settings.slugify, separator=self.link_settings.separator
        )
        placed_by_hand = {
            name for name in (RELATED_MARKER, BACKLINKS_MARKER, HEADER_MARKER) if has_marker(markdown, name)
        }
        base = base_from(page.file.url)
        href, stash = self._href(page.file.url), self._stashes.setdefault(source, HtmlStash())
        paper = self.index.by_source.get(source)
        if paper is not None:
            self._give_tags(page, paper)
        header = self._header(paper, markdown, base, href, stash) if paper is not None else ""
        fillers = {
            "diary": lambda: diary_markdown(
                self.index.papers, href, stash, newest_first=self._newest_first, title=None, level=3
            ),
            "topics": lambda: topics_markdown(self.index.topics(), href, stash, title="Topics").split("\n", 2)[2],
            "map": lambda: stash(self._map_fragment(base, element_id="paperdiary-map-embedded")),
            "stats": lambda: stash(
                _plots().stats_html(
                    self.index.papers, base=base, element_id="paperdiary-stats-embedded", cdn_url=self.config.plotly_cdn
                )
            ),
            RELATED_MARKER: lambda: self._related(source, href, stash),
            BACKLINKS_MARKER: lambda: self._backlinks(source, href, stash),
            HEADER_MARKER: lambda: header,
        }
        unknown = [(line, name) for line, name in find_markers(markdown) if name not in fillers]
        report(unknown_marker(source, first_line + line - 1, name) for line, name in unknown)
        # The header goes in before the generated sections, so none of their headings is taken for the title.
        below_title = HEADER_MARKER not in placed_by_hand and self.config.paper_header == "below-title"
        if HEADER_MARKER not in placed_by_hand:
            markdown = place_header(markdown, header, self.config.paper_header)
        filled, _ = fill_markers(markdown, fillers)
        where = self.config.backlinks
        sections = [(RELATED_MARKER, self._related)] + ([(BACKLINKS_MARKER, self._backlinks)] if where != "off" else [])
        added = [make(source, href, stash).strip("\n") for name, make in sections if name not in placed_by_hand]
        return place_backlinks(
            filled,
            "\n\n".join(part for part in added if part),
            "bottom" if where == "off" else where,
            after=header if below_title else "",
        )

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
            generated=self._generated,
            section_title=self.config.nav_section,
            position=self.config.nav_section_position,
        )

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self._feed_link or "</head>" not in output:
            return output
        return output.replace("</head>", f"{self._feed_link}\n</head>", 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._known_links.remove()
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

    @property
    def _newest_first(self) -> bool:
        return self.config.diary_order == "newest"

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
            map_items(self.index.papers, self.config.embed), self.map_settings, update=self.serving
        )
        report(result.diagnostics)
        if self.serving:
            self._map_builder.warm_up(self.map_settings)  # the first edit then finds the model loaded
        return result

    def _map_fragment(self, base: str, element_id: str, full_page: bool = False) -> str:
        from mkdocs_paperdiary.pages.plots import map_html

        if self.map is None:
            reason = (
                "Maps are off for this site."
                if self.config.maps is False
                else "Maps need the optional dependencies: pip install 'mkdocs-paperdiary[maps]'."
            )
            return map_html({"points": [], "clusters": []}, base=base, element_id=element_id, missing_reason=reason)
        view = map_view(self.index.papers, self.map, lambda paper: self.links.cites(paper.source))
        return map_html(
            view,
            base=base,
            element_id=element_id,
            missing_reason=self.map.missing_reason,
            cdn_url=self.config.plotly_cdn,
            full_page=full_page,
        )

    def _related(self, source: str, href: Href, stash: HtmlStash) -> str:
        paper = self.index.by_source.get(source)
        if paper is None or self.map is None or self.config.related <= 0:
            return ""
        return related_markdown(paper, self.map, self.index.by_key, href, stash)

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """plotly.js (unless a CDN is configured), the map script and its stylesheet, once per site."""
        for uri, path in _plots().ASSET_FILES.items():
            if self.config.plotly_cdn and uri.endswith("plotly.min.js"):
                continue
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    # --- generated pages ---------------------------------------------------------------

    def _generate(self, files: Files, config: MkDocsConfig) -> None:
        pages, problems = place_pages(
            self.config, maps_on=self.maps_on, material_tags=self.material_tags is not None, existing=_Existing(files)
        )
        report(problems)
        self._generated = []
        for page in pages:
            file = File.generated(config, page.uri, content="")
            stash = self._stashes.setdefault(page.uri, HtmlStash())
            file.content_string = self._page_markdown(page, file.url, self._href(file.url), stash)
            files.append(file)
            self._generated.append(page.uri)

    # --- summary pages and the feed ---------------------------------------------------------

    def _header(self, paper: Paper, markdown: str, base: str, href: Href, stash: HtmlStash) -> str:
        """The paper header (with its BibTeX) as a stash placeholder; "" when headers are off."""
        if self.config.paper_header == "off" and not has_marker(markdown, HEADER_MARKER):
            return ""

        def generated(uri: str) -> str | None:
            return href(uri) if uri in self._generated else None

        links = HeaderLinks(
            slug=self.link_settings.slug,
            diary=generated(self.config.diary_page),
            topics=generated(self.config.topics_page),
            tags=generated(self.config.tags_page),
            map=generated(self.config.map_page),
            css=f"{base}{_plots().SITE_ASSET_DIR}/paperdiary.css",
        )
        citation = bibtex_entry(paper, self._cite_keys[paper.source]) if self.config.cite else None
        return stash(
            header_html(
                paper,
                links,
                citation=citation,
                max_authors=self.config.header_authors,
                link_title=not shows_link(markdown, paper.url),
                show_tags=self.material_tags is None,  # Material's tags plugin shows them itself
            )
        ).strip("\n")

    def _give_tags(self, page: Page, paper: Paper) -> None:
        """Hand a paper's tags to Material's tags plugin, which reads them from the page's meta.

        Always as a list (front matter may write one "a, b" string), and HTML-escaped: that
        plugin prints tag names into the page and its listings without escaping them.
        """
        if self.material_tags and paper.tags:
            page.meta[self.material_tags] = [html.escape(tag) for tag in paper.tags]

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

    def _page_markdown(self, page: GeneratedPage, url: str, href: Href, stash: HtmlStash) -> str:
        if page.kind == "diary":
            return diary_markdown(
                self.index.papers, href, stash, newest_first=self._newest_first, title=self.config.diary_title
            )
        if page.kind == "topics":
            return topics_markdown(self.index.topics(), href, stash)
        if page.kind == "tags":
            return tags_markdown(self.index.papers, href, stash, title=self.config.tags_title)
        if page.kind == "stats":
            plots = _plots().stats_html(self.index.papers, base=base_from(url), cdn_url=self.config.plotly_cdn)
            return f"# {self.config.stats_title}\n" + stash(plots)
        # Drawn when the page is filled: its edges are the cross-links, analysed after this markdown.
        fragment = stash(lambda: self._map_fragment(base_from(url), element_id="paperdiary-map", full_page=True))
        # Material: the map takes the table of contents' column too (its only entry is the title).
        return f"---\nhide:\n  - toc\n---\n# {self.config.map_title}\n" + fragment

    def _analyse_links(self, files: Files, docs: dict[str, str]) -> None:
        # Pages without a source here (generated, or excluded from the build) are valid targets.
        others = [file.src_uri for file in files if file.is_documentation_page() and file.src_uri not in docs]
        self.links = analyse_links(self.index, docs, self.link_settings, others)
        report(self.links.diagnostics)
        self._known_links.install(self.links.reported)

    def _backlinks(self, source: str, href: Href, stash: HtmlStash) -> str:
        paper = self.index.by_source.get(source)
        return backlinks_markdown(paper, self.links, self.index, href, stash) if paper else ""

    def _href(self, from_url: str) -> Href:
        """Links from the page at `from_url` to other docs files, as MkDocs would write them."""
        use_directory_urls = self.settings.use_directory_urls
        return lambda source: get_relative_url(self._urls.get(source) or page_url(source, use_directory_urls), from_url)


def _plots():  # see the note on imports at the top
    from mkdocs_paperdiary.pages import plots

    return plots


class _Existing:
    """Paths of docs_dir, as a container the page registry can ask."""

    def __init__(self, files: Files) -> None:
        self.files = files

    def __contains__(self, uri: object) -> bool:
        return isinstance(uri, str) and self.files.get_file_from_path(uri) is not None


def _first_line(text: str, markdown: str) -> int:
    """The file line where the page's markdown starts: MkDocs hands hooks the text after front matter."""
    return text.count("\n") - markdown.count("\n") + 1 if text.endswith(markdown) else 1


def _read(file: File) -> SourceText:
    return decode_source(file.src_uri, file.content_bytes)


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Log engine diagnostics; warnings count towards `--strict`."""
    for problem in diagnostics:
        (log.warning if problem.level == "warning" else log.info)(str(problem))


__all__ = ["PaperDiaryPlugin"]
