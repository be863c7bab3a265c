"""The map engine: papers in; 2-D layouts, clusters, their names and related papers out.

Plain Python, no MkDocs: the plugin adapter turns the paper index into `MapItem`s, calls
`MapBuilder.build` and renders the `MapResult`. The builder only decides where a map comes
from: the cache (`map_key`), a serve-time placement into the last map (`incremental`), or
the pipeline (`pipeline`), with the model kept by `model_life`. A warm build (same inputs)
reads one JSON file and imports none of numpy, torch, sentence-transformers, scikit-learn,
umap or numba; that is why every heavy import in the engine sits inside a function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.llm import ChatClient
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import CachedEncoder, StoreMismatch
from mkdocs_paperdiary.maps.incremental import Drawn, can_update, place_changes
from mkdocs_paperdiary.maps.map_key import map_key
from mkdocs_paperdiary.maps.model_life import ModelLife
from mkdocs_paperdiary.maps.model_source import INSTALL_EXTRA, MISSING_EXTRA, ModelSpec, ModelUnavailable, resolve_model
from mkdocs_paperdiary.maps.naming import LlmNames
from mkdocs_paperdiary.maps.pipeline import compute_map
from mkdocs_paperdiary.maps.types import MapItem, MapResult, MapSettings, maps_available

NO_PAPERS = "No papers to map yet."


class MapBuilder:
    """Lives across `mkdocs serve` rebuilds: holds the loaded model so rebuilds don't reload it."""

    def __init__(self, cache_dir: Path | None, say: Callable[[str], None] = lambda _: None) -> None:
        self.cache = MapCache(cache_dir)
        self.say = say  # one line per slow phase of a build, for the log
        self.model = ModelLife(self.cache, say)
        self._drawn: tuple[ModelSpec, MapSettings, Drawn] | None = None  # the last map, for `update`

    def warm_up(self, settings: MapSettings) -> None:
        """See `ModelLife.warm_up`: under `mkdocs serve`, the first edit finds the model loaded."""
        self.model.warm_up(settings)

    def build(self, items: Sequence[MapItem], settings: MapSettings, *, update: bool = False) -> MapResult:
        """The map of `items`, from the cache or computed. With `update` (under `mkdocs serve`),
        a few changed papers are placed into the last map instead (see `incremental`)."""
        self.model.wait()  # never load the model twice at once
        items = _sorted_unique(items)
        if not items:
            return MapResult.missing(NO_PAPERS)
        try:
            spec = resolve_model(settings.model)
        except ModelUnavailable as exc:
            return _unavailable(exc.reason, exc.advice)
        key = map_key(spec, items, settings)
        keys = {item.key for item in items}
        cached, notes = self.cache.load_result(key, lambda data: _for_keys(MapResult.from_json(data), keys))
        if cached is not None:
            self._remember(spec, settings, items, cached, update)
            return cached
        if len(items) > 1 and not maps_available():  # one paper needs no model
            return _unavailable(MISSING_EXTRA, INSTALL_EXTRA, notes)
        try:
            updated = self._update(items, settings, spec) if update else None
            if updated is not None:
                result, more = updated
            else:
                names, notes_on_names = self._llm_names(settings)
                result, more = self._compute(items, settings, spec, names)
                notes += notes_on_names
                if names is None or names.failure is None:  # a failed LLM is asked again by the next build
                    more += self.cache.save_result(key, result.to_json())
        except ModelUnavailable as exc:
            return _unavailable(exc.reason, exc.advice, notes)
        self._remember(spec, settings, items, result, update)
        result.diagnostics.extend(notes + more)  # after saving: cache notes are about this build only
        return result

    def _remember(
        self, spec: ModelSpec, settings: MapSettings, items: Sequence[MapItem], result: MapResult, update: bool
    ) -> None:
        drawn = Drawn({item.key: item.text for item in items}, result)
        self._drawn = (spec, settings, drawn) if update else None

    def _update(
        self, items: list[MapItem], settings: MapSettings, spec: ModelSpec
    ) -> tuple[MapResult, list[Diagnostic]] | None:
        if self._drawn is None or self._drawn[:2] != (spec, settings) or not can_update(self._drawn[2], items):
            return None
        embed, notes = self.model.embedding(spec, settings)
        try:
            result, placed = place_changes(self._drawn[2], items, embed, settings.related)
        except StoreMismatch:
            return None
        return result, [*notes, *self.model.keep(embed), placed]

    def _compute(
        self, items: list[MapItem], settings: MapSettings, spec: ModelSpec, names: LlmNames | None
    ) -> tuple[MapResult, list[Diagnostic]]:
        """The pipeline's map; the LLM's names are kept on their own, by cluster, so a changed
        map asks only about the clusters whose papers changed."""
        embed, notes = self.model.embedding(spec, settings)
        self._say_embedding(embed, items)
        try:
            result = compute_map(items, settings, embed, self.cache.numba_dir, self.say, names)
        except StoreMismatch as exc:
            notes.append(_stale_embeddings(self.cache.embeddings_path(spec.model_id), exc))
            embed, _ = self.model.embedding(spec, settings, fresh=True)
            self._say_embedding(embed, items)
            result = compute_map(items, settings, embed, self.cache.numba_dir, self.say, names)
        notes += self.model.keep(embed) + embed.encoder.diagnostics
        if names is not None and settings.llm is not None:
            if names.used != names.cached:
                notes += self.cache.save_names(settings.llm.model, names.used)
            notes += [failed] if (failed := names.failure_note()) else []
        return result, notes

    def _llm_names(self, settings: MapSettings) -> tuple[LlmNames | None, list[Diagnostic]]:
        """The LLM's answers of earlier builds, where it names clusters, and notes on a bad file."""
        if settings.llm is None or not settings.llm.name_clusters:
            return None, []
        cached, notes = self.cache.load_names(settings.llm.model)
        return LlmNames(ChatClient(settings.llm), cached), notes

    def _say_embedding(self, embed: CachedEncoder, items: Sequence[MapItem]) -> None:
        new = embed.count_missing([item.text for item in items])
        if new and len(items) > 1:
            embed.encoder.load()  # its own line ("Loading ...", maybe "Downloading ...") comes first
            self.say(f"Embedding {new} new paper{'s' if new != 1 else ''} with {embed.encoder.spec.model_id}")


def _sorted_unique(items: Sequence[MapItem]) -> list[MapItem]:
    """Items in key order, so the picture does not depend on the index's order."""
    ordered = sorted(items, key=lambda item: item.key)
    for before, after in pairwise(ordered):
        if before.key == after.key:
            raise ValueError(f"duplicate paper key {after.key!r}")
    return ordered


def _unavailable(reason: str, advice: str, notes: Sequence[Diagnostic] = ()) -> MapResult:
    warning = Diagnostic(None, None, f"{reason} {advice}", "warning", "maps-unavailable")
    return MapResult.missing(reason, [*notes, warning])


def _stale_embeddings(path: Path | None, exc: Exception) -> Diagnostic:
    message = f"Ignoring the cached embeddings ({exc}); every paper is embedded again."
    return Diagnostic(str(path) if path else None, None, message, "warning", "maps-cache-corrupt")


def _for_keys(result: MapResult, keys: set[str]) -> MapResult:
    if set(result.points) != keys and not (result.missing_reason and not result.points):
        raise ValueError("it maps other papers")
    return result
