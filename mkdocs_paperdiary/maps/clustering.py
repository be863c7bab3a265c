"""Clusters of papers: regions of each 2-D picture, as many as stay regions a reader can see.

Each layout (t-SNE, UMAP) is clustered on its own 2-D points, so every cluster is a region
a reader can see, outline and name: KMeans cells are convex and disjoint, and a last pass
gives each paper the cluster most of its nearest neighbours on the map have.
`neighbour_purity` measures the result: the share of each paper's nearest papers on the map
that share its cluster.

Cluster ids are renumbered by size (largest first), then by smallest paper key, so the
same papers get the same ids whatever order KMeans happened to find them in.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MIN_AUTO = 4  # fewer papers than this are one cluster: nothing to tell apart
LARGE_MAP = 100  # papers; from here the top level has more regions
TOP_REGIONS = (3, 6)  # regions at the top level of a map of fewer than LARGE_MAP papers
TOP_REGIONS_LARGE = (5, 12)  # as many as a reader can hold, and few enough to name
MIN_SIZE = 3  # a smaller cluster is a footnote, not a region of the map
N_INIT = 10
NEIGHBOURS = 10  # what a reader takes in around a point: its ten nearest papers on the map
PAPERS_PER_NEIGHBOUR = 12  # a small map counts fewer: 4 neighbours on a map of 48 papers
MIN_NEIGHBOURS = 3  # below this a neighbourhood says nothing
PURITY = 0.9  # share of those neighbours that should be in a paper's own cluster
SMOOTHING_ROUNDS = 5
FINE_MIN = 40  # papers; from here each big region is split again into sub-topics, labelled where they fit
FINE_MIN_REGION = 16  # papers; a smaller region has no sub-topics
FINE_MAX = 4  # sub-topics per region
VERSION = 2  # part of the map cache key (see `map_key`): 2, more regions at the top level


def cluster(x: np.ndarray, clusters: int, seed: int, keys: Sequence[str]) -> list[int]:
    """One cluster id per row of `x`: KMeans with `clusters` (clamped to 1..distinct points)."""
    k = max(1, min(int(clusters), distinct_points(x)))
    return renumber(kmeans(x, k, seed) if k > 1 else [0] * len(x), keys)


def regions(xy: np.ndarray, clusters: int | str, seed: int, keys: Sequence[str]) -> list[int]:
    """One cluster id per point of a 2-D layout; each cluster a region of the picture.

    With `clusters: auto`, the most regions within `region_bounds` that a reader still sees
    as regions: every region's papers keep PURITY of their nearest papers in it, or failing
    that, all papers together do. Silhouette would pick two to four, which says little about
    a diary of hundreds of papers. If no count reaches PURITY, the purest.
    """
    if clusters != "auto":
        return renumber(smooth(xy, cluster(xy, int(clusters), seed, keys)), keys)
    low, high = region_bounds(len(xy))
    neighbours = purity_neighbours(len(xy))
    best: tuple[tuple[int, float], list[int]] = ((-1, 0.0), [0] * len(xy))
    for k in range(min(high, distinct_points(xy)), max(low, 2) - 1, -1):  # most first
        labels = renumber(smooth(xy, kmeans(xy, k, seed)), keys)
        count = len(set(labels))
        if not low <= count <= high:
            continue
        overall, worst = neighbour_purity(xy, labels, neighbours), worst_region_purity(xy, labels, neighbours)
        tier = 2 if worst >= PURITY else 1 if overall >= PURITY else 0
        rank = (tier, float(count) if tier else round(overall, 6))
        if rank > best[0]:  # on a tie, the larger k found first
            best = (rank, labels)
        if tier == 2:
            break  # no smaller count can rank higher
    return best[1]


def region_bounds(n: int) -> tuple[int, int]:
    """How many regions the top level of a map of `n` papers may have: 3 to 6, from LARGE_MAP
    papers 5 to 12; on a tiny map at most a region per MIN_SIZE papers, but two from MIN_AUTO."""
    if n < MIN_AUTO:
        return 1, 1
    low, high = TOP_REGIONS_LARGE if n >= LARGE_MAP else TOP_REGIONS
    high = min(max(2, min(high, n // MIN_SIZE)), n - 1)
    return min(low, high), high


def purity_neighbours(n: int) -> int:
    """How many nearest papers purity counts on a map of `n`: NEIGHBOURS, fewer on small maps."""
    return max(MIN_NEIGHBOURS, min(NEIGHBOURS, n // PAPERS_PER_NEIGHBOUR))


def sub_regions(xy: np.ndarray, labels: Sequence[int], seed: int, keys: Sequence[str]) -> list[int]:
    """A finer level for large maps: each big region split into up to FINE_MAX sub-regions,
    as `regions` would; -1 for papers whose region is not split. Ids run over all regions."""
    import numpy as np

    fine = [-1] * len(labels)
    if len(labels) < FINE_MIN:
        return fine
    rows_of: dict[int, list[int]] = {}
    for row, label in enumerate(labels):
        rows_of.setdefault(label, []).append(row)
    next_id = 0
    for label in sorted(rows_of):
        rows = rows_of[label]
        if len(rows) < FINE_MIN_REGION:
            continue
        part = xy[np.array(rows)]
        k_max = min(FINE_MAX, len(rows) // (FINE_MIN_REGION // 2))  # sub-topics of 8 papers or more
        inner = _best_split(part, seed, range(2, k_max + 1))
        if inner is None:
            continue
        inner = renumber(smooth(part, inner), [keys[row] for row in rows])
        for row, sub in zip(rows, inner, strict=True):
            fine[row] = next_id + sub
        next_id += max(inner) + 1
    return fine


def _best_split(x: np.ndarray, seed: int, ks: range) -> list[int] | None:
    from sklearn.metrics import silhouette_score

    best: tuple[float, list[int] | None] = (float("-inf"), None)
    for k in ks:
        labels = kmeans(x, k, seed)
        if len(set(labels)) < 2:
            continue
        score = float(silhouette_score(x, labels)) - tiny_share(labels)
        if score > best[0]:
            best = (score, labels)
    return best[1]


def smooth(xy: np.ndarray, labels: Sequence[int]) -> list[int]:
    """Give each point the cluster most of its nearest neighbours have (its own on a tie),
    a few rounds: a point stranded among another cluster's points joins them. On a small map
    fewer neighbours vote, or the biggest cluster would swallow the rest."""
    import numpy as np

    current = np.asarray(labels)
    k = int(current.max()) + 1
    neighbours = min(NEIGHBOURS, len(labels) // (2 * k))
    if neighbours < 3:
        return list(labels)
    near = nearest_on_map(xy, neighbours)
    for _ in range(SMOOTHING_ROUNDS):
        votes = np.zeros((len(current), k))
        np.add.at(votes, (np.repeat(np.arange(len(current)), near.shape[1]), current[near].ravel()), 1)
        own = votes[np.arange(len(current)), current]
        best = votes.argmax(axis=1)
        changed = votes[np.arange(len(current)), best] > own
        if not changed.any():
            break
        current = np.where(changed, best, current)
    return [int(label) for label in current]


def nearest_on_map(xy: np.ndarray, neighbours: int = NEIGHBOURS) -> np.ndarray:
    """Rows of the `neighbours` nearest other points of each point (fewer on tiny maps)."""
    from sklearn.neighbors import NearestNeighbors

    k = min(neighbours, len(xy) - 1)
    return NearestNeighbors(n_neighbors=k).fit(xy).kneighbors(return_distance=False)  # without X: not itself


def neighbour_purity(xy: np.ndarray, labels: Sequence[int], neighbours: int = NEIGHBOURS) -> float:
    """The mean share of each point's nearest neighbours on the map that share its cluster."""
    return float(_shares(xy, labels, neighbours).mean())


def worst_region_purity(xy: np.ndarray, labels: Sequence[int], neighbours: int = NEIGHBOURS) -> float:
    """`neighbour_purity` of the least pure region, over its own papers: a region split down
    the middle shows here, where the mean over a large map hides it."""
    import numpy as np

    shares, current = _shares(xy, labels, neighbours), np.asarray(labels)
    return min(float(shares[current == label].mean()) for label in set(labels))


def _shares(xy: np.ndarray, labels: Sequence[int], neighbours: int) -> np.ndarray:
    import numpy as np

    current = np.asarray(labels)
    return (current[nearest_on_map(xy, neighbours)] == current[:, None]).mean(axis=1)


def distinct_points(x: np.ndarray) -> int:
    """How many different points there are: papers with identical texts coincide."""
    import numpy as np

    return len(np.unique(np.round(x, 6), axis=0))


def tiny_share(labels: Sequence[int]) -> float:
    """The share of papers in clusters under MIN_SIZE or a quarter of an even share: silhouette
    alone happily spends a colour and a name on two papers, unless they really stand apart."""
    sizes = Counter(labels).values()
    floor = max(MIN_SIZE, len(labels) // (4 * len(sizes)))
    return sum(size for size in sizes if size < floor) / len(labels)


def kmeans(x: np.ndarray, k: int, seed: int) -> list[int]:
    from sklearn.cluster import KMeans

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning when papers repeat
        labels = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed).fit_predict(x)
    return [int(label) for label in labels]


def renumber(labels: Sequence[int], keys: Sequence[str]) -> list[int]:
    """Ids by descending size, then by each cluster's smallest key."""
    members: dict[int, list[str]] = {}
    for label, key in zip(labels, keys, strict=True):
        members.setdefault(label, []).append(key)
    order = sorted(members, key=lambda label: (-len(members[label]), min(members[label])))
    new_id = {label: index for index, label in enumerate(order)}
    return [new_id[label] for label in labels]
