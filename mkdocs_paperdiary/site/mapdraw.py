"""Drawing the map for a site: one builder kept across rebuilds (the loaded model, numba's code),
its cache and settings from the config. Both adapters draw through this."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.pages.maptext import map_items
from mkdocs_paperdiary.site import settings
from mkdocs_paperdiary.site.config import PaperDiaryConfig
from mkdocs_paperdiary.site.facts import SiteConfig

if TYPE_CHECKING:
    from mkdocs_paperdiary.maps.builder import MapBuilder

NOT_ON_SERVE = "The map is not drawn while serving (`maps_on_serve: false`); `mkdocs build` draws it."


class MapDrawer:
    """Keeps one `MapBuilder` per cache folder; the map engine is imported on first use."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self._say = say
        self._builder: MapBuilder | None = None

    @property
    def builder(self) -> MapBuilder | None:
        """The builder of the last map drawn, holding the loaded model (None before the first)."""
        return self._builder

    def draw(
        self, index: PaperIndex, options: PaperDiaryConfig, site: SiteConfig, *, serving: bool = False
    ) -> tuple[MapResult, list[Diagnostic]]:
        """The map of `index`, and what went wrong on the way. Under serve, changed papers are
        placed among their neighbours (`update`) and the model is warmed up for the next edit."""
        if serving and not options.maps_on_serve:
            return MapResult.missing(NOT_ON_SERVE), []
        from mkdocs_paperdiary.maps.builder import MapBuilder

        cache_dir, problems = settings.cache_dir(options, site)
        if self._builder is None or self._builder.cache.root != cache_dir:
            self._builder = MapBuilder(cache_dir, say=self._say)
        map_settings = settings.map_settings(options, site)
        result = self._builder.build(map_items(index.papers, options.map_text), map_settings, update=serving)
        if serving:
            self._builder.warm_up(map_settings)  # the first edit then finds the model loaded
        return result, [*problems, *result.diagnostics]
