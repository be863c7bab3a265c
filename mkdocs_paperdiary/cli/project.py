"""A paper diary on disk, seen the way an MkDocs build sees it, for the command line.

The CLI loads `mkdocs.yml` with MkDocs itself, takes the plugin's validated config and lists
the docs with `get_files`, so `paperdiary check` reads exactly the pages a build reads, with
the same index settings as the plugin.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from mkdocs import exceptions
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files

from mkdocs_paperdiary.core.diagnostics import Diagnostic, first_line
from mkdocs_paperdiary.core.frontmatter import SourceText, decode_source
from mkdocs_paperdiary.core.index import IndexSettings, PaperIndex, build_index
from mkdocs_paperdiary.links.analysis import LinkSettings
from mkdocs_paperdiary.plugin.siteconfig import site_config
from mkdocs_paperdiary.site.collect import Collected, collect, git_history
from mkdocs_paperdiary.site.config import PaperDiaryConfig, index_settings, link_settings
from mkdocs_paperdiary.site.facts import SiteConfig
from mkdocs_paperdiary.site.settings import cache_dir, maps_on

PLUGIN_NAME = "paperdiary"
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml")  # looked for in this order


class ProjectError(Exception):
    """The diary cannot be loaded at all; the message is one line for the user."""


@dataclass
class Project:
    """The config, the plugin's settings and the docs files of one MkDocs site."""

    config: MkDocsConfig
    plugin: PaperDiaryConfig
    files: list[File]  # the markdown pages a build renders
    excluded: list[str] = field(default_factory=list)  # markdown pages left out (exclude_docs, drafts)
    config_warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def docs_dir(self) -> Path:
        return Path(self.config.docs_dir)

    @cached_property
    def site(self) -> SiteConfig:
        return site_config(self.config)

    @cached_property
    def settings(self) -> IndexSettings:
        return index_settings(self.plugin, use_directory_urls=self.config.use_directory_urls)

    @cached_property
    def sources(self) -> dict[str, SourceText]:
        """Every markdown page of the build, decoded as the plugin decodes it."""
        sources = {}
        for file in self.files:
            try:
                raw = file.content_bytes
            except OSError as error:
                raise ProjectError(f"cannot read {file.src_uri}: {error.strerror or error}") from None
            sources[file.src_uri] = decode_source(file.src_uri, raw)
        return sources

    @cached_property
    def index(self) -> PaperIndex:
        pages = {file.src_uri: file.url for file in self.files}
        history = git_history(self.site, self.plugin)
        return build_index(self.sources.values(), self.settings, pages, git_dates=history.dates if history else None)

    def link_settings(self) -> LinkSettings:
        return link_settings(self.plugin, self.config.mdx_configs)

    def path(self, source: str) -> Path:
        """The file on disk for a path relative to docs_dir."""
        return self.docs_dir / Path(*source.split("/"))

    def page_source(self, page: str) -> str:
        """A docs page named on the command line, as a docs-relative path that the build reads.

        Typed as the shell completes it (`docs/index.md`, relative to the current folder) or
        relative to docs_dir (`index.md`); the first that names a page of the build wins.
        """
        typed = Path(page).expanduser()
        try:
            from_here = (Path.cwd() / typed).resolve().relative_to(self.docs_dir.resolve()).as_posix()
        except ValueError:  # outside docs_dir
            from_here = None
        in_docs = posixpath.normpath(page.replace("\\", "/")).lstrip("/")
        for source in (from_here, in_docs):
            if source in self.sources:
                return source
        raise ProjectError(
            f"no page '{page}' in {self.docs_dir} (give its path from here, e.g. "
            f"{_shown(self.docs_dir / 'index.md')}, or from docs_dir, e.g. index.md)"
        )

    def topic_folders(self) -> list[str]:
        """Top-level folders that hold pages: the topics a build knows."""
        return sorted({source.split("/", 1)[0] for source in self.sources if "/" in source})

    @cached_property
    def collected(self) -> Collected:
        """What a build collects from these docs, by the build's own path."""
        urls = {file.src_uri: file.url for file in self.files}
        return collect(list(self.sources.values()), urls, self.site, self.plugin, excluded=self.excluded)

    def plugin_diagnostics(self) -> list[Diagnostic]:
        """What the plugin would warn about in a build: config, pages, metadata, markers and links."""
        problems = list(self.collected.diagnostics)
        if maps_on(self.plugin):
            problems += cache_dir(self.plugin, self.site)[1]
        return problems


def find_config(config_file: str | None = None) -> str:
    """The named config file, else the first of `CONFIG_NAMES` here; `ProjectError` when there is none."""
    if config_file is not None and not Path(config_file).is_file():
        raise ProjectError(f"config file '{config_file}' does not exist (pass the site's mkdocs.yml with -f)")
    if config_file is None:
        config_file = next((name for name in CONFIG_NAMES if Path(name).is_file()), None)
        if config_file is None:
            raise ProjectError(
                "no mkdocs.yml (or properdocs.yml) in this folder (run in the site's folder or pass -f path/to/mkdocs.yml)"
            )
    return config_file


def load_project(config_file: str | None = None) -> Project:
    """Load `mkdocs.yml` (or the named file) and list its docs; user mistakes raise `ProjectError`."""
    config_file = find_config(config_file)
    with _mkdocs_log() as records:
        try:
            config = load_config(config_file=config_file)
        except (exceptions.ConfigurationError, exceptions.Abort) as error:
            raise ProjectError(_config_error(config_file, records, error)) from None
        except OSError as error:
            raise ProjectError(f"cannot read {config_file or 'mkdocs.yml'}: {error.strerror or error}") from None
        plugin = config.plugins.get(PLUGIN_NAME)
        if plugin is None:
            raise ProjectError(
                f"{_name(config)} does not use the paperdiary plugin; add it under 'plugins:' (plugins: [search, paperdiary])"
            )
        try:
            files = get_files(config)
        except OSError as error:
            raise ProjectError(f"cannot list {config.docs_dir}: {error.strerror or error}") from None
        pages = files.documentation_pages()
        excluded = [file.src_uri for file in files if file.is_documentation_page() and not file.inclusion.is_included()]
    warnings = [
        Diagnostic(_name(config), None, record.getMessage(), code="mkdocs")
        for record in records
        if record.levelno >= logging.WARNING
    ]
    return Project(config, plugin.config, list(pages), excluded, warnings)


@contextmanager
def _mkdocs_log() -> Iterator[list[logging.LogRecord]]:
    """Collect what MkDocs logs while loading, instead of letting it print half a story."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign, assignment]
    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:], logger.propagate
    logger.handlers, logger.propagate = [handler], False
    try:
        yield records
    finally:
        logger.handlers, logger.propagate = saved


def _config_error(config_file: str | None, records: list[logging.LogRecord], error: Exception) -> str:
    errors = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    name = config_file or "mkdocs.yml"
    if errors:
        return f"{name}: {errors[0]}" + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
    message = first_line(error)
    return f"{name}: {message}" if config_file and name not in message else message


def _shown(path: Path) -> str:
    """`path` relative to the current folder when it is inside it, as the user would type it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _name(config: MkDocsConfig) -> str:
    return Path(config.config_file_path).name if config.config_file_path else "mkdocs.yml"
