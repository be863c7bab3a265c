"""The map engine: papers in; 2-D layouts, clusters, their names and related papers out.

Plain Python, no MkDocs: the plugin adapter turns the paper index into `MapItem`s, calls
`MapBuilder.build` and renders the `MapResult`. A warm build (same inputs) reads one JSON
file and imports none of numpy, torch, sentence-transformers, scikit-learn, umap or numba;
that is why every heavy import in the engine sits inside a function.
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, fields
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.cache import MapCache, inputs_key
from mkdocs_paperdiary.maps.embeddings import (
    INSTALL_EXTRA,
    MISSING_EXTRA,
    CachedEmbed,
    Encoder,
    ModelSpec,
    ModelUnavailable,
    StoreMismatch,
    resolve_model,
)
from mkdocs_paperdiary.maps.incremental import Drawn, can_update, changed, update_map

if TYPE_CHECKING:
    from mkdocs_paperdiary.maps.naming import EmbedFn

MIN_MAP = 3
# Part of every cached map's key: bump it when clustering, naming or projections change, so old
# results (say, cluster names from an older naming rule) are not served from the cache.
ENGINE_VERSION = 2
SINGLE_THREAD_MAX = 1000  # papers; above this, threads pay for themselves
NO_PAPERS = "No papers to map yet."
_EXTRA_MODULES = ("sentence_transformers", "sklearn", "umap")
_DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True)
class MapItem:
    """One paper as the map sees it; `text` is what gets embedded (title + ". " + description)."""

    key: str
    title: str
    text: str


class PinnedNames(Mapping[str, str]):
    """`cluster_names` as a read-only, ordered, hashable mapping, so MapSettings can be hashed."""

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self._data = {str(key): str(name) for key, name in items}

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"PinnedNames({self._data!r})"


@dataclass(frozen=True)
class MapSettings:
    """Everything that shapes a map; every field is part of the cache key."""

    model: str = "all-MiniLM-L6-v2"  # hub name or local path
    device: str = "auto"  # cpu | cuda | auto
    batch_size: int = 32
    pca_dims: int = 30
    perplexity: float = 15.0
    n_neighbors: int = 15
    metric: str = "cosine"  # UMAP metric
    clusters: int | str = "auto"
    cluster_names: Mapping[str, str] = field(default_factory=PinnedNames)  # paper key -> name of its cluster
    related: int = 5
    seed: int = 42

    def __post_init__(self) -> None:
        object.__setattr__(self, "cluster_names", PinnedNames(self.cluster_names))
        if self.device not in _DEVICES:
            raise ValueError(f"device must be one of {_DEVICES}, not {self.device!r}")
        if self.clusters != "auto" and (not isinstance(self.clusters, int) or self.clusters < 1):
            raise ValueError(f"clusters must be 'auto' or a positive number, not {self.clusters!r}")

    def as_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["cluster_names"] = list(self.cluster_names.items())
        return data


@dataclass(frozen=True)
class MapPoint:
    """One paper on the map; `cluster` is -1 when there are too few papers for a map."""

    key: str
    tsne: tuple[float, float]
    umap: tuple[float, float]
    cluster: int
    related: tuple[str, ...]


@dataclass(frozen=True)
class ClusterInfo:
    id: int
    name: str
    size: int
    terms: tuple[str, ...]
    keys: tuple[str, ...]
    pinned: bool


@dataclass
class MapResult:
    """What the map page needs; `missing_reason` says why there is no map to draw."""

    points: dict[str, MapPoint]
    clusters: list[ClusterInfo]
    diagnostics: list[Diagnostic]
    missing_reason: str | None

    @classmethod
    def missing(cls, reason: str, diagnostics: Sequence[Diagnostic] = ()) -> MapResult:
        return cls({}, [], list(diagnostics), reason)

    def to_json(self) -> dict[str, Any]:
        return {
            "points": {key: _point_json(point) for key, point in self.points.items()},
            "clusters": [_cluster_json(info) for info in self.clusters],
            "diagnostics": [diagnostic.as_dict() for diagnostic in self.diagnostics],
            "missing_reason": self.missing_reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MapResult:
        """Parse `to_json` output, raising ValueError/TypeError/KeyError on anything else."""
        reason = data["missing_reason"]
        if reason is not None and not isinstance(reason, str):
            raise TypeError("missing_reason is not a string")
        return cls(
            points={key: _point(key, value) for key, value in _dict(data["points"]).items()},
            clusters=[_cluster(value) for value in _list(data["clusters"])],
            diagnostics=[_diagnostic(value) for value in _list(data["diagnostics"])],
            missing_reason=reason,
        )


def maps_available() -> bool:
    """True when the `maps` extra is installed; finds the packages without importing them."""
    return all(importlib.util.find_spec(name) is not None for name in _EXTRA_MODULES)


class MapBuilder:
    """Lives across `mkdocs serve` rebuilds: holds the loaded model so rebuilds don't reload it."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.cache = MapCache(cache_dir)
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
                import numpy as np

                from mkdocs_paperdiary.maps import projections

                self._encoder_for(resolve_model(settings.model), settings.device).load()
                sample = np.random.default_rng(settings.seed).normal(size=(20, 5))
                with _thread_limit(20):
                    projections.umap_layout(sample, 5, settings.metric, settings.seed, self.cache.numba_dir)
            except Exception:  # noqa: BLE001 - the next real build reports what is wrong
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
            return cached
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
        drawn = self._drawn[2]
        store, notes = self.cache.load_embeddings(spec.model_id)
        embed = CachedEmbed(self._encoder_for(spec, settings.device), store, settings.batch_size)
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
        encoder = self._encoder_for(spec, settings.device)
        store, notes = self.cache.load_embeddings(spec.model_id)
        numba_dir = self.cache.numba_dir
        embed = CachedEmbed(encoder, store, settings.batch_size)
        try:
            result = compute_map(items, settings, embed, numba_dir)
        except StoreMismatch as exc:
            notes.append(_stale_embeddings(self.cache.embeddings_path(spec.model_id), exc))
            embed = CachedEmbed(encoder, {}, settings.batch_size)
            result = compute_map(items, settings, embed, numba_dir)
        notes += self.cache.save_embeddings(spec.model_id, embed.used)
        return result, notes + encoder.diagnostics

    def _encoder_for(self, spec: ModelSpec, device: str) -> Encoder:
        if self._encoder is None or (self._encoder.spec, self._encoder.requested_device) != (spec, device):
            self._encoder = Encoder(spec, device)
        return self._encoder


def compute_map(items: Sequence[MapItem], settings: MapSettings, embed: EmbedFn, numba_dir: Path | None) -> MapResult:
    """The uncached pipeline over items sorted by key: embed, relate, project, cluster, name."""
    from mkdocs_paperdiary.maps import clustering, projections
    from mkdocs_paperdiary.maps.embeddings import related

    keys = [item.key for item in items]
    if len(items) == 1:
        return MapResult({keys[0]: MapPoint(keys[0], (0.0, 0.0), (0.0, 0.0), -1, ())}, [], [], _too_few(1))
    vectors = embed([item.text for item in items])
    neighbours = related(vectors, keys, settings.related)
    if len(items) < MIN_MAP:
        points = {key: MapPoint(key, (0.0, 0.0), (0.0, 0.0), -1, rel) for key, rel in zip(keys, neighbours)}
        return MapResult(points, [], [], _too_few(len(items)))
    with _thread_limit(len(items)):
        reduced = projections.reduce(vectors, settings.pca_dims, settings.seed)
        tsne = projections.tsne_layout(reduced, settings.perplexity, settings.seed)
        umap = projections.umap_layout(reduced, settings.n_neighbors, settings.metric, settings.seed, numba_dir)
        labels = clustering.cluster(reduced, settings.clusters, settings.seed, keys)
        clusters, notes = _clusters(items, labels, vectors, embed, settings.cluster_names)
    points = {key: MapPoint(key, _xy(tsne[i]), _xy(umap[i]), labels[i], neighbours[i]) for i, key in enumerate(keys)}
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
    items: Sequence[MapItem], labels: list[int], vectors: Any, embed: EmbedFn, pins: Mapping[str, str]
) -> tuple[list[ClusterInfo], list[Diagnostic]]:
    from mkdocs_paperdiary.maps import naming

    docs = [naming.document(item.title, item.text) for item in items]
    named = naming.name_clusters(docs, labels, vectors, embed)
    named, notes = naming.apply_pins(named, {item.key: label for item, label in zip(items, labels)}, pins)
    infos = []
    for c, label in enumerate(named):
        members = tuple(item.key for item, own in zip(items, labels) if own == c)
        infos.append(ClusterInfo(c, label.name, len(members), label.terms, members, label.pinned))
    return infos, notes


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


# -- JSON ---------------------------------------------------------------------------------


def _point_json(point: MapPoint) -> dict[str, Any]:
    return {
        "tsne": list(point.tsne),
        "umap": list(point.umap),
        "cluster": point.cluster,
        "related": list(point.related),
    }


def _cluster_json(info: ClusterInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "size": info.size,
        "terms": list(info.terms),
        "keys": list(info.keys),
        "pinned": info.pinned,
    }


def _point(key: str, data: Any) -> MapPoint:
    data = _dict(data)
    return MapPoint(key, _pair(data["tsne"]), _pair(data["umap"]), _int(data["cluster"]), _strs(data["related"]))


def _cluster(data: Any) -> ClusterInfo:
    data = _dict(data)
    pinned = data["pinned"]
    if not isinstance(pinned, bool):
        raise TypeError("pinned is not a boolean")
    return ClusterInfo(
        _int(data["id"]), _str(data["name"]), _int(data["size"]), _strs(data["terms"]), _strs(data["keys"]), pinned
    )


def _diagnostic(data: Any) -> Diagnostic:
    data = _dict(data)
    if data["level"] not in ("warning", "info"):
        raise ValueError("unknown diagnostic level")
    source, line = data["source"], data["line"]
    return Diagnostic(
        None if source is None else _str(source),
        None if line is None else _int(line),
        _str(data["message"]),
        data["level"],
        _str(data["code"]),
    )


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(value))


def _pair(value: Any) -> tuple[float, float]:
    x, y = _list(value)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y)):
        raise TypeError("expected two numbers")
    return float(x), float(y)
