"""The map pipeline, uncached: embed, relate, project, cluster, name.

A pure function of the papers, the settings and an embedding function; the builder decides
when it runs (a cache miss) and what it is given. Each step's version is part of the cache
key (see `map_key`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps import clustering, naming, projections
from mkdocs_paperdiary.maps.naming.steps import EncodeFn
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import (
    LAYOUTS,
    MIN_MAP,
    ClusterInfo,
    MapItem,
    MapPoint,
    MapResult,
    MapSettings,
    too_few,
)

VERSION = 1  # part of the map cache key (see `map_key`): bump when how the steps combine changes
SINGLE_THREAD_MAX = 1000  # papers; above this, threads pay for themselves


def compute_map(
    items: Sequence[MapItem],
    settings: MapSettings,
    embed: EncodeFn,
    numba_dir: Path | None,
    say: Callable[[str], None] = lambda _: None,
    llm: naming.LlmNames | None = None,
) -> MapResult:
    """The map of items sorted by key; `llm`, where given, names the clusters last.

    `say` gets one line before each slow phase, so a long cold build tells what it is doing.
    """
    keys = [item.key for item in items]
    none = dict.fromkeys(LAYOUTS, -1)
    if len(items) == 1:
        return MapResult({keys[0]: MapPoint(keys[0], (0.0, 0.0), (0.0, 0.0), none, ())}, [], [], too_few(1))
    vectors = embed([item.text for item in items])
    neighbours = most_similar(vectors, keys, settings.related)
    if len(items) < MIN_MAP:
        points = {
            key: MapPoint(key, (0.0, 0.0), (0.0, 0.0), none, rel) for key, rel in zip(keys, neighbours, strict=True)
        }
        return MapResult(points, [], [], too_few(len(items)))
    say(f"Projecting {len(items)} papers with t-SNE and UMAP")
    with thread_limit(len(items)):
        reduced = projections.reduce(vectors, settings.pca_dims, settings.seed)
        tsne = projections.tsne_layout(reduced, settings.perplexity, settings.seed)
        if not projections.umap_compiled(numba_dir):
            say("First build: compiling UMAP, about 20 s, cached afterwards")
        umap = projections.umap_layout(reduced, settings.n_neighbors, settings.metric, settings.seed, numba_dir)
        say(f"Clustering {len(items)} papers and naming the clusters")
        layouts = {"tsne": tsne, "umap": umap}
        labels, subtopics, clusters, notes = {}, {}, [], []
        for layout, xy in layouts.items():
            labels[layout] = clustering.regions(xy, settings.clusters, settings.seed, keys)
            subtopics[layout] = clustering.sub_regions(xy, labels[layout], settings.seed, keys)
            named, more = _clusters(items, labels[layout], vectors, embed, settings.cluster_names, llm, layout)
            parents = _parents(labels[layout], subtopics[layout], named)
            clusters += named + _clusters(items, subtopics[layout], vectors, embed, {}, llm, layout, parents)[0]
            notes += [note for note in more if note not in notes]  # a pin problem is the same in each layout
    points = {
        key: MapPoint(
            key,
            _xy(tsne[i]),
            _xy(umap[i]),
            {layout: labels[layout][i] for layout in LAYOUTS},
            neighbours[i],
            {layout: subtopics[layout][i] for layout in LAYOUTS if subtopics[layout][i] >= 0},
        )
        for i, key in enumerate(keys)
    }
    return MapResult(points, clusters, notes, None)


def thread_limit(n: int) -> AbstractContextManager[object]:
    """One thread for small maps: OpenMP's spinning threads make 12-point t-SNE take seconds
    on a busy 2-core machine instead of milliseconds, and one thread is reproducible anywhere."""
    from threadpoolctl import threadpool_limits

    if n > SINGLE_THREAD_MAX:
        return nullcontext()
    # threadpoolctl limits only the pools already loaded: load scikit-learn's OpenMP (and scipy's
    # BLAS) first, or t-SNE below runs unlimited, 13 s of spinning CPU instead of 0.4 s at 130 papers.
    import sklearn.manifold  # noqa: F401

    return threadpool_limits(limits=1)


def level_of(
    items: Sequence[MapItem], labels: Sequence[int], parents: Mapping[int, naming.Parent] | None = None
) -> tuple[naming.Level, list[int]]:
    """The naming level of one layout's clusters, and the rows of `items` in it: those labelled
    -1 (no sub-topic) are left out."""
    rows = [row for row, label in enumerate(labels) if label >= 0]
    level = naming.Level(
        [items[row].key for row in rows],
        [items[row].title for row in rows],
        [items[row].text for row in rows],
        [labels[row] for row in rows],
        parents or {},
    )
    return level, rows


def _clusters(
    items: Sequence[MapItem],
    labels: list[int],
    vectors: Any,
    embed: EncodeFn,
    pins: Mapping[str, str],
    llm: naming.LlmNames | None,
    layout: str,
    parents: Mapping[int, naming.Parent] | None = None,
) -> tuple[list[ClusterInfo], list[Diagnostic]]:
    """Named clusters of one layout, regions or, with `parents`, their sub-topics."""
    level, rows = level_of(items, labels, parents)
    if not rows:
        return [], []
    named, notes = naming.run_steps(level, naming.default_steps(vectors[rows], embed, pins, llm))
    depth = 0 if parents is None else 1
    infos = []
    for c, label in enumerate(named):
        members = tuple(key for key, own in zip(level.keys, level.labels, strict=True) if own == c)
        infos.append(
            ClusterInfo(c, label.name, len(members), label.terms, members, label.pinned, layout, depth, label.llm)
        )
    return infos, notes


def _parents(
    regions: Sequence[int], subtopics: Sequence[int], named: Sequence[ClusterInfo]
) -> dict[int, naming.Parent]:
    """The region each sub-topic lies in (sub-topics never straddle two)."""
    return {
        topic: naming.Parent(region, named[region].name)
        for region, topic in zip(regions, subtopics, strict=True)
        if topic >= 0
    }


def _xy(row: Any) -> tuple[float, float]:
    return float(row[0]), float(row[1])
