"""Serve-time map updates: a changed paper moves, the rest of the map stays where it was.

Under `mkdocs serve` a saved description would otherwise re-run t-SNE, UMAP and KMeans over
every paper: about a second at 200 papers, over a minute at 5,000, and the whole picture
reshuffles on each save. Instead, each changed or new paper is placed at the similarity-
weighted mean of its nearest unchanged papers in both layouts (what openTSNE's and UMAP's own
`transform` start from), joins their most common cluster, and every paper whose related list
could change gets it recomputed exactly. Such a map is kept in memory only; `mkdocs build`
(and the next serve start) computes the layout afresh and caches that.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import MapItem, MapPoint, MapResult

if TYPE_CHECKING:
    import numpy as np

INCREMENTAL_MIN = 200  # papers: below this a full layout takes about a second, so it stays exact
MAX_CHANGED_SHARE = 0.05  # more changed papers than this share and the layout is recomputed
ANCHORS = 10  # unchanged neighbours that place a changed paper


@dataclass(frozen=True)
class Drawn:
    """A map as last drawn in this process, and the texts it was drawn from."""

    texts: dict[str, str]  # key -> embedded text
    result: MapResult


def changed(drawn: Drawn, items: Sequence[MapItem]) -> list[int]:
    """Positions of the items that are new or whose text differs from the drawn map's."""
    return [i for i, item in enumerate(items) if drawn.texts.get(item.key) != item.text]


def can_update(drawn: Drawn | None, items: Sequence[MapItem]) -> bool:
    if drawn is None or drawn.result.missing_reason or len(items) < INCREMENTAL_MIN:
        return False
    return len(changed(drawn, items)) <= MAX_CHANGED_SHARE * len(items)


def place_changes(
    drawn: Drawn, items: Sequence[MapItem], embed: Callable[[Sequence[str]], np.ndarray], related_count: int
) -> tuple[MapResult, Diagnostic]:
    """`update_map`, and the info line that says what it placed and that the layout is kept."""
    result = update_map(drawn, items, embed, related_count)
    count = len(changed(drawn, items))
    what = (
        f"placed {count} changed paper{'s' if count != 1 else ''} among the nearest others"
        if count
        else "no description changed"
    )
    message = f"Map: {what}; the layout is kept while serving and recomputed by `mkdocs build`."
    return result, Diagnostic(None, None, message, "info", "maps-updated")


def update_map(
    drawn: Drawn, items: Sequence[MapItem], embed: Callable[[Sequence[str]], np.ndarray], related_count: int
) -> MapResult:
    """The drawn map with `items`' changes placed in it; items are sorted by key."""
    import numpy as np  # heavy; loaded only when a serve rebuild updates a map

    keys = [item.key for item in items]
    vectors = embed([item.text for item in items])
    old = drawn.result.points
    moved = changed(drawn, items)  # drawn.texts and old hold the same keys
    moved_set = set(moved)
    anchors = np.array([i for i in range(len(items)) if i not in moved_set])
    points = {key: old[key] for i, key in enumerate(keys) if i not in moved_set}
    for i in moved:
        sims = vectors[anchors] @ vectors[i]
        near = anchors[np.argsort(-sims, kind="stable")[:ANCHORS]]
        weights = np.clip(vectors[near] @ vectors[i], 1e-6, None)
        tsne = np.average([old[keys[j]].tsne for j in near], axis=0, weights=weights)
        umap = np.average([old[keys[j]].umap for j in near], axis=0, weights=weights)
        anchors_of = [old[keys[j]] for j in near]
        points[keys[i]] = MapPoint(
            keys[i],
            (float(tsne[0]), float(tsne[1])),
            (float(umap[0]), float(umap[1])),
            _vote([point.clusters for point in anchors_of], weights),
            (),
            _vote([point.subtopics for point in anchors_of], weights),
        )
    stale = _stale_related(vectors, keys, old, moved, related_count)
    for i, neighbours in zip(stale, most_similar(vectors, keys, related_count, stale), strict=True):
        points[keys[i]] = replace(points[keys[i]], related=neighbours)
    points = {key: points[key] for key in keys}
    members: dict[tuple[str, int, int], list[str]] = {}
    for key, point in points.items():
        for level, ids in enumerate((point.clusters, point.subtopics)):
            for layout, cluster in ids.items():
                members.setdefault((layout, level, cluster), []).append(key)
    clusters = []
    for info in drawn.result.clusters:
        held = tuple(members.get((info.layout, info.level, info.id), ()))
        if held:
            clusters.append(replace(info, size=len(held), keys=held))
    return MapResult(points, clusters, [], None)


def _vote(choices: Sequence[Mapping[str, int]], weights: Sequence[float]) -> dict[str, int]:
    """Per layout, the cluster the anchors weigh most for (the lowest id on a tie)."""
    out = {}
    for layout in {layout for choice in choices for layout in choice}:
        votes: dict[int, float] = {}
        for choice, weight in zip(choices, weights, strict=True):
            if layout in choice:
                votes[choice[layout]] = votes.get(choice[layout], 0.0) + float(weight)
        out[layout] = min(votes, key=lambda c: (-votes[c], c))
    return dict(sorted(out.items()))


def _stale_related(
    vectors: np.ndarray, keys: list[str], old: Mapping[str, MapPoint], moved: list[int], count: int
) -> list[int]:
    """Rows whose related list may differ: the moved papers, papers that listed a paper that
    moved or went, and papers a moved paper now comes closer to than their last related one."""
    import numpy as np

    if count <= 0:
        return []
    index = {key: i for i, key in enumerate(keys)}
    moved_keys = {keys[i] for i in moved}
    stale = set(moved)
    closer = vectors @ vectors[moved].T if moved else np.zeros((len(keys), 0))
    for i, key in enumerate(keys):
        if i in stale:
            continue
        listed = old[key].related
        if len(listed) < min(count, len(keys) - 1) or any(
            other in moved_keys or other not in index for other in listed
        ):
            stale.add(i)
            continue
        floor = float(np.round(vectors[i] @ vectors[index[listed[-1]]], 6))
        if moved and float(np.round(closer[i].max(), 6)) >= floor:
            stale.add(i)
    return sorted(stale)
