"""The map engine: papers in; 2-D layouts, clusters, their names and related papers out.

Plain Python, no MkDocs: the plugin adapter turns the paper index into `MapItem`s, calls
`MapBuilder.build` and renders the `MapResult`. A warm build (same inputs) reads one JSON
file and imports none of numpy, torch, sentence-transformers, scikit-learn, umap or numba;
that is why every heavy import in the engine sits inside a function.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from itertools import pairwise
from pathlib import Path
from typing import Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps import clustering, naming, projections
from mkdocs_paperdiary.maps.cache import MapCache, inputs_key
from mkdocs_paperdiary.maps.embeddings import CachedEmbed, Encoder, StoreMismatch
from mkdocs_paperdiary.maps.incremental import Drawn, can_update, changed, update_map
from mkdocs_paperdiary.maps.model_source import INSTALL_EXTRA, MISSING_EXTRA, ModelSpec, ModelUnavailable, resolve_model
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import (
    LAYOUTS,
    ClusterInfo,
    MapItem,
    MapPoint,
    MapResult,
    MapSettings,
    maps_available,
)

MIN_MAP = 3
# Part of every cached map's key: bump it when clustering, naming or projections change, so old
# results (say, cluster names from an older naming rule) are not served from the cache.
ENGINE_VERSION = 6  # 4: more regions at the top level; 5: compounds whole, sub-topics apart from their siblings; 6: no possessive names
SINGLE_THREAD_MAX = 1000  # papers; above this, threads pay for themselves
NO_PAPERS = "No papers to map yet."


class MapBuilder:
    """Lives across `mkdocs serve` rebuilds: holds the loaded model so rebuilds don't reload it."""

    def __init__(self, cache_dir: Path | None, say: Callable[[str], None] = lambda _: None) -> None:
        self.cache = MapCache(cache_dir)
        self.say = say  # one line per slow phase of a build, for the log
        self._encoder: Encoder | None = None
        self._warming: threading.Thread | None = None
        self._drawn: tuple[ModelSpec, MapSettings, Drawn] | None = None  # the last map, for `update`

    def warm_up(self, settings: MapSettings) -> None:
        """Load the model and UMAP's compiled code in a background thread.

        Under `mkdocs serve` a first build from the cache loads neither; without this, the
        first edit would wait seconds for them. Failures are left for the next build to report.
        """
        if self._warming is not None or not maps_available():
            return

        def work() -> None:
            try:
                import numpy as np  # heavy; the warm-up thread loads it

                self._encoder_for(resolve_model(settings.model), settings).load()
                sample = np.random.default_rng(settings.seed).normal(size=(20, 5))
                with _thread_limit(20):
                    projections.umap_layout(sample, 5, settings.metric, settings.seed, self.cache.numba_dir)
            except Exception:
                return

        self._warming = threading.Thread(target=work, name="paperdiary-warm-up", daemon=True)
        self._warming.start()

    def build(self, items: Sequence[MapItem], settings: MapSettings, *, update: bool = False) -> MapResult:
        """The map of `items`, from the cache or computed. With `update` (under `mkdocs serve`),
        a few changed papers are placed into the last map instead (see `incremental`)."""
        if self._warming is not None:
            self._warming.join()  # never load the model twice at once
        items = _sorted_unique(items)
        if not items:
            return MapResult.missing(NO_PAPERS)
        try:
            spec = resolve_model(settings.model)
        except ModelUnavailable as exc:
            return _unavailable(exc.reason, exc.advice)
        key = inputs_key(_inputs(spec, items, settings))
        keys = {item.key for item in items}
        cached, notes = self.cache.load_result(key, lambda data: _for_keys(MapResult.from_json(data), keys))
        if cached is not None:
            self._remember(spec, settings, items, cached, update)
            return self._llm_named(cached, items, settings)
        if len(items) > 1 and not maps_available():  # one paper needs no model
            return _unavailable(MISSING_EXTRA, INSTALL_EXTRA, notes)
        try:
            updated = self._update(items, settings, spec) if update else None
            if updated is not None:
                result, more = updated
            else:
                result, more = self._compute(items, settings, spec)
                more += self.cache.save_result(key, result.to_json())
        except ModelUnavailable as exc:
            return _unavailable(exc.reason, exc.advice, notes)
        self._remember(spec, settings, items, result, update)
        result.diagnostics.extend(notes + more)  # after saving: cache notes are about this build only
        return self._llm_named(result, items, settings)

    def _llm_named(self, result: MapResult, items: Sequence[MapItem], settings: MapSettings) -> MapResult:
        """The last naming step, where configured: the LLM's names, cached on their own."""
        if settings.llm is None:
            return result
        from mkdocs_paperdiary.maps.llm_names import llm_names

        return llm_names(result, items, settings.llm, self.cache)

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
        drawn = self._drawn[2]
        store, notes = self.cache.load_embeddings(spec.model_id)
        embed = CachedEmbed(self._encoder_for(spec, settings), store, settings.batch_size)
        try:
            result = update_map(drawn, items, embed, settings.related)
        except StoreMismatch:
            return None
        count = len(changed(drawn, items))
        notes += self.cache.save_embeddings(spec.model_id, embed.used)
        what = (
            f"placed {count} changed paper{'s' if count != 1 else ''} among the nearest others"
            if count
            else "no description changed"
        )
        notes.append(
            Diagnostic(
                None,
                None,
                f"Map: {what}; the layout is kept while serving and recomputed by `mkdocs build`.",
                "info",
                "maps-updated",
            )
        )
        return result, notes

    def _compute(
        self, items: list[MapItem], settings: MapSettings, spec: ModelSpec
    ) -> tuple[MapResult, list[Diagnostic]]:
        encoder = self._encoder_for(spec, settings)
        store, notes = self.cache.load_embeddings(spec.model_id)
        numba_dir = self.cache.numba_dir
        embed = CachedEmbed(encoder, store, settings.batch_size)
        self._say_embedding(embed, items)
        try:
            result = compute_map(items, settings, embed, numba_dir, self.say)
        except StoreMismatch as exc:
            notes.append(_stale_embeddings(self.cache.embeddings_path(spec.model_id), exc))
            embed = CachedEmbed(encoder, {}, settings.batch_size)
            self._say_embedding(embed, items)
            result = compute_map(items, settings, embed, numba_dir, self.say)
        notes += self.cache.save_embeddings(spec.model_id, embed.used)
        return result, notes + encoder.diagnostics

    def _say_embedding(self, embed: CachedEmbed, items: Sequence[MapItem]) -> None:
        new = embed.count_missing([item.text for item in items])
        if new and len(items) > 1:
            embed.encoder.load()  # its own line ("Loading ...", maybe "Downloading ...") comes first
            self.say(f"Embedding {new} new paper{'s' if new != 1 else ''} with {embed.encoder.spec.model_id}")

    def _encoder_for(self, spec: ModelSpec, settings: MapSettings) -> Encoder:
        wanted = (spec, settings.device, settings.offline)
        if (
            self._encoder is None
            or (self._encoder.spec, self._encoder.requested_device, self._encoder.offline) != wanted
        ):
            self._encoder = Encoder(spec, settings.device, offline=settings.offline, say=self.say, cache=self.cache)
        return self._encoder


def compute_map(
    items: Sequence[MapItem],
    settings: MapSettings,
    embed: naming.EmbedFn,
    numba_dir: Path | None,
    say: Callable[[str], None] = lambda _: None,
) -> MapResult:
    """The uncached pipeline over items sorted by key: embed, relate, project, cluster, name.

    `say` gets one line before each slow phase, so a long cold build tells what it is doing.
    """
    keys = [item.key for item in items]
    none = dict.fromkeys(LAYOUTS, -1)
    if len(items) == 1:
        return MapResult({keys[0]: MapPoint(keys[0], (0.0, 0.0), (0.0, 0.0), none, ())}, [], [], _too_few(1))
    vectors = embed([item.text for item in items])
    neighbours = most_similar(vectors, keys, settings.related)
    if len(items) < MIN_MAP:
        points = {
            key: MapPoint(key, (0.0, 0.0), (0.0, 0.0), none, rel) for key, rel in zip(keys, neighbours, strict=True)
        }
        return MapResult(points, [], [], _too_few(len(items)))
    say(f"Projecting {len(items)} papers with t-SNE and UMAP")
    with _thread_limit(len(items)):
        reduced = projections.reduce(vectors, settings.pca_dims, settings.seed)
        tsne = projections.tsne_layout(reduced, settings.perplexity, settings.seed)
        if not projections.umap_compiled(numba_dir):
            say("First build: compiling UMAP, about 20 s, cached afterwards")
        umap = projections.umap_layout(reduced, settings.n_neighbors, settings.metric, settings.seed, numba_dir)
        say(f"Clustering {len(items)} papers and naming the clusters")
        layouts = {"tsne": tsne, "umap": umap}
        labels, topics, clusters, notes = {}, {}, [], []
        for layout, xy in layouts.items():
            labels[layout] = clustering.regions(xy, settings.clusters, settings.seed, keys)
            topics[layout] = clustering.sub_regions(xy, labels[layout], settings.seed, keys)
            named, more = _clusters(items, labels[layout], vectors, embed, settings.cluster_names, layout)
            parents = _parents(labels[layout], topics[layout], named)
            clusters += named + _clusters(items, topics[layout], vectors, embed, {}, layout, parents)[0]
            notes += [note for note in more if note not in notes]  # a pin problem is the same in each layout
    points = {
        key: MapPoint(
            key,
            _xy(tsne[i]),
            _xy(umap[i]),
            {layout: labels[layout][i] for layout in LAYOUTS},
            neighbours[i],
            {layout: topics[layout][i] for layout in LAYOUTS if topics[layout][i] >= 0},
        )
        for i, key in enumerate(keys)
    }
    return MapResult(points, clusters, notes, None)


def _thread_limit(n: int) -> AbstractContextManager[object]:
    """One thread for small maps: OpenMP's spinning threads make 12-point t-SNE take seconds
    on a busy 2-core machine instead of milliseconds, and one thread is reproducible anywhere."""
    from threadpoolctl import threadpool_limits

    if n > SINGLE_THREAD_MAX:
        return nullcontext()
    # threadpoolctl limits only the pools already loaded: load scikit-learn's OpenMP (and scipy's
    # BLAS) first, or t-SNE below runs unlimited, 13 s of spinning CPU instead of 0.4 s at 130 papers.
    import sklearn.manifold  # noqa: F401

    return threadpool_limits(limits=1)


def _clusters(
    items: Sequence[MapItem],
    labels: list[int],
    vectors: Any,
    embed: naming.EmbedFn,
    pins: Mapping[str, str],
    layout: str,
    parents: Mapping[int, naming.Parent] | None = None,
) -> tuple[list[ClusterInfo], list[Diagnostic]]:
    """Named clusters of one layout, regions or, with `parents`, their sub-topics; rows
    labelled -1 (no sub-topic) are left out."""
    rows = [row for row, label in enumerate(labels) if label >= 0]
    if not rows:
        return [], []
    kept = [labels[row] for row in rows]
    level_of = naming.Level(
        [items[row].key for row in rows],
        [items[row].title for row in rows],
        [items[row].text for row in rows],
        kept,
        parents or {},
    )
    level = 0 if parents is None else 1
    named, notes = naming.run_steps(level_of, naming.default_steps(vectors[rows], embed, pins))
    infos = []
    for c, label in enumerate(named):
        members = tuple(key for key, own in zip(level_of.keys, kept, strict=True) if own == c)
        infos.append(ClusterInfo(c, label.name, len(members), label.terms, members, label.pinned, layout, level))
    return infos, notes


def _parents(regions: Sequence[int], topics: Sequence[int], named: Sequence[ClusterInfo]) -> dict[int, naming.Parent]:
    """The region each sub-topic lies in (sub-topics never straddle two)."""
    return {
        topic: naming.Parent(region, named[region].name)
        for region, topic in zip(regions, topics, strict=True)
        if topic >= 0
    }


def _too_few(n: int) -> str:
    return f"A map needs at least {MIN_MAP} papers; this diary has {n}."


def _sorted_unique(items: Sequence[MapItem]) -> list[MapItem]:
    """Items in key order, so the picture does not depend on the index's order."""
    ordered = sorted(items, key=lambda item: item.key)
    for before, after in pairwise(ordered):
        if before.key == after.key:
            raise ValueError(f"duplicate paper key {after.key!r}")
    return ordered


def _inputs(spec: ModelSpec, items: Sequence[MapItem], settings: MapSettings) -> dict[str, Any]:
    return {
        "engine": ENGINE_VERSION,
        "model": spec.model_id,
        "settings": settings.as_json(),
        "items": [[item.key, item.title, item.text] for item in items],
    }


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


def _xy(row: Any) -> tuple[float, float]:
    return float(row[0]), float(row[1])
