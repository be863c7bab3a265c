"""The MkDocs adapter: collects sources, hands them to the engine, logs its diagnostics.

Every hook is a few lines over the engine; nothing here knows how dates or links are read.
"""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .backlinks import MARKER as BACKLINKS_MARKER
from .backlinks import backlinks_markdown, place_backlinks
from .config import PaperDiaryConfig, index_settings
from .diagnostics import Diagnostic
from .index import PaperIndex, build_index
from .links import LinkReport, LinkSettings, analyse_links, expand_references
from .markers import fill_markers, has_marker
from .metadata import SourceText, decode_source
from .render import diary_markdown, topics_markdown
from .serialise import index_json

log = get_plugin_logger(__name__.split(".")[0].replace("mkdocs_", ""))


class PaperDiaryPlugin(BasePlugin[PaperDiaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.index = PaperIndex()
        self.links = LinkReport()
        self.serving = False
        self._known_links = KnownLinkFilter()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Declaring on_startup keeps this one plugin object alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.index = PaperIndex()
        self.links = LinkReport()
        self.link_settings = LinkSettings.for_site(config.mdx_configs, self.config.suspicious_links)
        self.settings = index_settings(self.config, use_directory_urls=config.use_directory_urls)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        sources, pages = [], {}
        for file in files.documentation_pages():
            sources.append(_read(file))
            pages[file.src_uri] = file.url
        self.index = build_index(sources, self.settings, pages)
        report(self.index.diagnostics)
        self._generate(files, config)
        self._analyse_links(files, {source.path: source.text for source in sources})
        return files

    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        # MkDocs aborts the whole build on a file that is not UTF-8; show it with replacements instead.
        if page.file.generated_by is not None:
            return None
        try:
            page.file.content_bytes.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _read(page.file).text
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        _escape_meta_title(page)
        source = page.file.src_uri
        markdown = expand_references(markdown, source, self.index, slugify=self.link_settings.slugify, separator=self.link_settings.separator)
        placed_by_hand = has_marker(markdown, BACKLINKS_MARKER)
        fillers = {
            "diary": lambda: diary_markdown(self.index.papers, source, newest_first=self._newest_first, title=None, level=3),
            "topics": lambda: topics_markdown(self.index.topics(), source, title="Topics").split("\n", 2)[2],
            BACKLINKS_MARKER: lambda: self._backlinks(source),
        }
        filled, unknown = fill_markers(markdown, fillers)
        report(Diagnostic(source, line, f"unknown marker 'paperdiary:{name}'; known markers: {', '.join(fillers)}.") for line, name in unknown)
        if not placed_by_hand:
            filled = place_backlinks(filled, self._backlinks(source), self.config.backlinks)
        return filled

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        _PAGES_LOG.removeFilter(self._known_links)
        if self.config.enabled and self.config.json_index:
            target = Path(config.site_dir) / self.config.json_index
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(index_json(self.index, self.links), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        _PAGES_LOG.removeFilter(self._known_links)

    @property
    def _newest_first(self) -> bool:
        return self.config.diary_order == "newest"

    def _generate(self, files: Files, config: MkDocsConfig) -> None:
        pages = {
            self.config.diary_page: lambda uri: diary_markdown(self.index.papers, uri, newest_first=self._newest_first, title=self.config.diary_title),
            self.config.topics_page: lambda uri: topics_markdown(self.index.topics(), uri),
        }
        for uri, make in pages.items():
            if not uri:
                continue
            if files.get_file_from_path(uri) is not None:
                log.warning(f"{uri}: exists in docs_dir, so paperdiary does not generate it; remove the file or set another path in the plugin config.")
                continue
            files.append(File.generated(config, uri, content=make(uri)))

    def _analyse_links(self, files: Files, docs: dict[str, str]) -> None:
        # Pages without a source here (generated, or excluded from the build) are valid targets.
        others = [file.src_uri for file in files if file.is_documentation_page() and file.src_uri not in docs]
        self.links = analyse_links(self.index, docs, self.link_settings, others)
        report(self.links.diagnostics)
        self._known_links.known = self.links.reported
        _PAGES_LOG.addFilter(self._known_links)

    def _backlinks(self, source: str) -> str:
        paper = self.index.by_source.get(source)
        return backlinks_markdown(paper, self.links, self.index) if paper else ""


def _escape_meta_title(page: Page) -> None:
    """Themes print a front-matter title into the nav unescaped; a title is text, never markup."""
    title = page.meta.get("title")
    if isinstance(title, str) and any(ch in title for ch in "<>&"):
        page.meta["title"] = html.escape(title, quote=False)


_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class KnownLinkFilter(logging.Filter):
    """Drops MkDocs' warning about a link when paperdiary has already reported it, with a fix."""

    MESSAGE = re.compile(r"^Doc file '(?P<source>.*?)' contains (?:a|an unrecognized relative) link '(?P<href>.*)', (?:but|it was left)")

    def __init__(self) -> None:
        super().__init__()
        self.known: frozenset[tuple[str, str]] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.MESSAGE.match(record.getMessage())
        return match is None or (match["source"], match["href"]) not in self.known


def _read(file: File) -> SourceText:
    return decode_source(file.src_uri, file.content_bytes)


def report(diagnostics) -> None:
    """Log engine diagnostics; warnings count towards `--strict`."""
    for problem in diagnostics:
        (log.warning if problem.level == "warning" else log.info)(str(problem))


__all__ = ["PaperDiaryPlugin"]
