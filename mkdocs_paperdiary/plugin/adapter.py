"""The MkDocs adapter: hands the docs to the engine and places the site it makes.

Every hook is a few lines: `site.model.make_site` reads the papers, checks the links, draws the
map and renders the generated pages; this module turns that value into MkDocs files and page
markdown, and logs its diagnostics. The staging adapter (`stage/`) places the same value as files.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.links.analysis import LinkReport
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.plugin import internals
from mkdocs_paperdiary.plugin.dirty import DirtyPages, nav_signature
from mkdocs_paperdiary.plugin.logfilter import KnownLinkFilter
from mkdocs_paperdiary.plugin.meta import PageMeta, show_index_titles
from mkdocs_paperdiary.plugin.nav import arrange_nav
from mkdocs_paperdiary.plugin.siteconfig import site_config
from mkdocs_paperdiary.site import registry, settings
from mkdocs_paperdiary.site.collect import Caches
from mkdocs_paperdiary.site.config import PaperDiaryConfig
from mkdocs_paperdiary.site.facts import SiteConfig
from mkdocs_paperdiary.site.mapdraw import MapDrawer
from mkdocs_paperdiary.site.model import Site, make_site

if TYPE_CHECKING:
    from mkdocs_paperdiary.maps.builder import MapBuilder

# `paperdiary check` loads mkdocs.yml and with it this module; the map engine and the plot
# fragments (with plotly's path) are imported on first use, so the command line stays light.

log = get_plugin_logger(__name__.split(".")[0].replace("mkdocs_", ""))


class PaperDiaryPlugin(BasePlugin[PaperDiaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False
        self.site: Site | None = None  # what the engine made of the docs, this build
        self._known_links = KnownLinkFilter()
        self._maps = MapDrawer(say=log.info)  # holds the loaded model across serve rebuilds
        self._told_maps_off = False
        self._not_utf8: dict[str, str] = {}  # source -> its text with replacement characters
        self._texts: dict[str, str] = {}  # source -> its text, this build
        self._meta, self._caches = PageMeta(), Caches()  # kept across `mkdocs serve` rebuilds
        self._dirty: DirtyPages | None = None  # under `mkdocs serve --dirty`: what the last build made

    @property
    def index(self) -> PaperIndex:
        return self.site.index if self.site else PaperIndex()

    @property
    def links(self) -> LinkReport:
        return self.site.links if self.site else LinkReport()

    @property
    def map(self) -> MapResult | None:
        """The map drawn this build; None when maps are off."""
        return self.site.map if self.site else None

    @property
    def map_builder(self) -> MapBuilder | None:
        """The map builder kept across `mkdocs serve` rebuilds, with its loaded model."""
        return self._maps.builder

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
        self.site, self._not_utf8 = None, {}
        self.site_config: SiteConfig = site_config(config)
        self.maps_on = settings.maps_on(self.config)
        if self.config.enabled and self.config.maps is None and not self.maps_on and not self._told_maps_off:
            log.info(settings.MAPS_OFF)
            self._told_maps_off = True
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        pages = files.documentation_pages()
        sources = [decode_source(file.src_uri, file.content_bytes) for file in pages]
        urls = {file.src_uri: file.url for file in pages}
        excluded = [file.src_uri for file in files if file.is_documentation_page() and file.src_uri not in urls]
        self.site = site = make_site(
            sources,
            urls,
            self.site_config,
            self.config,
            existing={file.src_uri for file in files},
            excluded=excluded,
            caches=self._caches,
            draw_map=self._draw_map if self.maps_on else None,
        )
        self._not_utf8 = {source.path: source.text for source in sources if source.replaced}
        report(site.diagnostics)
        self._known_links.install(site.links.reported)
        for made in site.pages:
            files.append(File.generated(config, made.uri, content=made.markdown))
        if site.feed is not None:
            files.append(File.generated(config, site.feed.path, content=site.feed.xml))
        for uri, path in site.assets().items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        self._texts = {source.path: source.text for source in sources}
        if self._dirty is not None:
            generated = {made.kind.name: made.uri for made in site.pages}
            nav = nav_signature(files, site.index, generated)
            settings = (dict(self.config), config.config_file_path)
            self._dirty.plan(files, self._texts, site.parts(self._texts), nav, settings)
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs aborts the whole build on a file that is not UTF-8; show it with replacements instead.
        return self._not_utf8.get(page.file.src_uri)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.site is None:
            return markdown
        source = page.file.src_uri
        self._meta.fill(page, self.site.index.by_source.get(source), self.site_config.material_tags)
        return self.site.page_markdown(source, markdown)

    @event_priority(100)  # before other plugins read the HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        stash = self.site.stashes.get(page.file.src_uri) if self.site else None
        if not stash:
            return html
        html, lost = stash.restore(html)
        if lost:
            log.warning(
                f"{page.file.src_uri}: {lost} generated section(s) could not be placed; put paperdiary markers on a line of their own, outside lists and blocks."
            )
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or config.nav is not None or self.site is None:
            return nav  # a `nav:` written in mkdocs.yml is the user's, as written
        return arrange_nav(
            nav,
            paper_sources=self.site.index.by_source,
            topic_names=self.config.topic_names,
            generated=[made.uri for made in self.site.pages],
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

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        # Under `--dirty`, a change to the nav is served first and every other page's nav follows
        # in one more build the server is asked for (see `plugin.dirty`).
        if self._dirty is not None and internals.can_ask_builds(server):
            self._dirty.catch_up = partial(internals.ask_build, server)
            self._dirty.save_waits = partial(internals.build_asked, server)
        return server

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        self._meta.hide(page)
        if self._dirty is not None:
            self._dirty.rendered(page.file.src_uri)
        feed = self.site.feed if self.site else None
        if feed is None or "</head>" not in output:
            return output
        return output.replace("</head>", f"{feed.head_link}\n</head>", 1)

    @event_priority(50)  # before Material's search writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._known_links.remove()
        if self.config.enabled and self._dirty is not None:
            self._dirty.clean(config.site_dir)
            self._dirty.merge_search(config.plugins)
            if stale := self._dirty.catch_up_later():
                log.info(f"The nav changed: the pages it reaches are served; {stale} more follow in a moment.")
        if self.site is not None and self.config.json_index:
            target = Path(config.site_dir) / self.config.json_index
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.site.json_text(), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        self._known_links.remove()

    def _draw_map(self, index: PaperIndex) -> tuple[MapResult, list[Diagnostic]]:
        return self._maps.draw(index, self.config, self.site_config, serving=self.serving)


def report(diagnostics: Iterable[Diagnostic]) -> None:
    """Log engine diagnostics; warnings count towards `--strict`."""
    for problem in diagnostics:
        {"warning": log.warning, "info": log.info}.get(problem.level, log.debug)(str(problem))


__all__ = ["PaperDiaryPlugin"]
