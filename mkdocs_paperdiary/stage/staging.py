"""Staging a diary: read the config and the docs, make the site, write the stage.

`Stager` is kept for a whole `serve`, so the papers read, the links checked and the loaded map
model carry over from save to save, and each save writes only the staged files it changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.urls import page_url
from mkdocs_paperdiary.maps.types import MapItem, MapResult
from mkdocs_paperdiary.pages.maptext import map_items
from mkdocs_paperdiary.site import settings
from mkdocs_paperdiary.site.collect import Caches
from mkdocs_paperdiary.site.mapdraw import MapDrawer
from mkdocs_paperdiary.site.model import MapDraw, Site, make_site
from mkdocs_paperdiary.stage import config as staged_config
from mkdocs_paperdiary.stage.config import StagedConfig, StageError
from mkdocs_paperdiary.stage.derived import DOCS, OVERRIDES, SITE, derived_config, theme_overrides
from mkdocs_paperdiary.stage.tree import Docs, PageMemo, StagedTree, StageReport, staged_files

STAGE = "stage"  # the stage's folder in the plugin's cache
CONFIG = "mkdocs.yml"


@dataclass
class Staged:
    """One staging: where the stage is, what was written, what the diary warns about."""

    root: Path
    config: StagedConfig
    site: Site
    report: StageReport
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    behind: bool = False  # a quick staging left the map or the nav as they were: stage again
    held: str | None = None  # the derived config, when it changed and was not written (`hold_config`)

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG

    @property
    def docs_dir(self) -> Path:
        return self.root / DOCS

    @property
    def site_dir(self) -> Path:
        return self.root / SITE

    def warnings(self) -> list[Diagnostic]:
        return [problem for problem in self.diagnostics if problem.level == "warning"]


class Stager:
    def __init__(self, config_file: Path, *, serving: bool = False, say: Callable[[str], None] = print) -> None:
        self.config_file = config_file
        self.serving = serving
        self._caches = Caches()
        self._maps = MapDrawer(say=say)
        self._tree: StagedTree | None = None
        self._behind = False
        self._memo = PageMemo()  # what the last staging wrote, by what it was made from
        self._map: tuple[list[MapItem], MapResult] | None = None  # the last map drawn, and from what

    def stage(self, *, quick: bool = False, hold_config: bool = False) -> Staged:
        """Stage the diary as it is on disk now. `quick` (under serve) writes the pages first with
        the last map and leaves the derived config (the nav) as it was, so the engine serves a new
        note without drawing the map again or starting over; `Staged.behind` then says a full
        staging must follow. `hold_config` leaves a changed derived config for `write_config`, so
        the pages a save reached are served before a new nav makes the engine start over."""
        start, self._behind = time.perf_counter(), False
        staged = staged_config.load(self.config_file)
        site_config, options = staged.site, staged.options
        root = self.stage_root = stage_root(staged)
        docs = Docs.read(site_config.docs_dir, staged.exclude)
        sources = docs.sources()
        urls = {uri: page_url(uri, site_config.use_directory_urls) for uri in docs.pages}
        enabled = options.enabled
        site = make_site(
            sources if enabled else [],
            urls if enabled else {},
            site_config,
            options,
            existing=set(docs.files),
            caches=self._caches,
            draw_map=self._draw_map(staged, quick) if enabled and settings.maps_on(options) else None,
            links_from_file=True,
        )
        if self._tree is None or self._tree.root != root / DOCS:
            self._tree = StagedTree(root / DOCS)
        files = (
            staged_files(site, docs, sources, self._memo) if enabled else {uri: docs.root / uri for uri in docs.files}
        )
        report = self._tree.write(files)
        theme = theme_overrides(staged, site) if enabled else None
        StagedTree(root / OVERRIDES).write(theme or {})
        derived = derived_config(staged, site, docs.pages, root, overrides=theme is not None)
        config_file = root / CONFIG
        behind, held = self._behind, None
        if not config_file.is_file() or config_file.read_text(encoding="utf-8") != derived:
            if quick and config_file.is_file():
                behind = True
            elif hold_config and config_file.is_file():
                held = derived
            else:
                config_file.write_text(derived, encoding="utf-8")  # a new config makes Zensical start over
        diagnostics = [Diagnostic(staged.path.name, None, warning) for warning in staged.warnings]
        diagnostics += site.diagnostics
        return Staged(root, staged, site, report, diagnostics, time.perf_counter() - start, behind, held)

    def write_config(self, staged: Staged) -> None:
        """Write the derived config a staging held back."""
        if staged.held is not None:
            staged.config_file.write_text(staged.held, encoding="utf-8")

    def _draw_map(self, staged: StagedConfig, quick: bool) -> MapDraw:
        def draw(index: PaperIndex) -> tuple[MapResult, list[Diagnostic]]:
            items = map_items(index.papers, staged.options.map_text)
            if self._map is not None and self._map[0] == items:
                return self._map[1], []
            if quick and self._map is not None:
                self._behind = True  # the pages first; the map follows in the next staging
                return self._map[1], []
            result, problems = self._maps.draw(index, staged.options, staged.site, serving=self.serving)
            self._map = items, result
            return result, problems

        return draw


def stage_root(staged: StagedConfig) -> Path:
    """The stage's folder, in the plugin's cache (never inside docs_dir)."""
    cache, problems = settings.cache_dir(staged.options, staged.site)
    if cache is None:
        raise StageError(problems[0].message if problems else "cache_dir is inside docs_dir")
    return cache / STAGE


__all__ = ["Staged", "StageError", "Stager", "stage_root"]
