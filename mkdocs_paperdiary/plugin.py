"""The MkDocs adapter: collects sources, hands them to the engine, logs its diagnostics.

Every hook is a few lines over the engine; nothing here knows how dates or links are read.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .config import PaperDiaryConfig
from .dates import DateSettings
from .diagnostics import Diagnostic
from .index import IndexSettings, PaperIndex, build_index
from .markers import fill_markers
from .metadata import SourceText, decode_source
from .render import diary_markdown, topics_markdown
from .serialise import index_json

log = get_plugin_logger(__name__.split(".")[0].replace("mkdocs_", ""))


class PaperDiaryPlugin(BasePlugin[PaperDiaryConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.index = PaperIndex()
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Declaring on_startup keeps this one plugin object alive across `mkdocs serve` rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.index = PaperIndex()
        self.settings = IndexSettings(
            include=tuple(self.config.include),
            exclude=tuple(self.config.exclude),
            topic_names=dict(self.config.topic_names),
            dates=DateSettings(day_first=self.config.date_order == "day-first"),
            use_directory_urls=config.use_directory_urls,
        )
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
        filled, unknown = fill_markers(markdown, {
            "diary": lambda: diary_markdown(self.index.papers, source, newest_first=self._newest_first, title=None, level=3),
            "topics": lambda: topics_markdown(self.index.topics(), source, title="Topics").split("\n", 2)[2],
        })
        report(Diagnostic(source, line, f"unknown marker 'paperdiary:{name}'; known markers: diary, topics.") for line, name in unknown)
        return filled

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.config.json_index:
            target = Path(config.site_dir) / self.config.json_index
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(index_json(self.index), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

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


def _escape_meta_title(page: Page) -> None:
    """Themes print a front-matter title into the nav unescaped; a title is text, never markup."""
    title = page.meta.get("title")
    if isinstance(title, str) and any(ch in title for ch in "<>&"):
        page.meta["title"] = html.escape(title, quote=False)


def _read(file: File) -> SourceText:
    return decode_source(file.src_uri, file.content_bytes)


def report(diagnostics) -> None:
    """Log engine diagnostics; warnings count towards `--strict`."""
    for problem in diagnostics:
        (log.warning if problem.level == "warning" else log.info)(str(problem))


__all__ = ["PaperDiaryPlugin"]
