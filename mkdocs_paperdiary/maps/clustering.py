"""Clusters of papers: regions of each 2-D picture, k chosen by silhouette.

Each layout (t-SNE, UMAP) is clustered on its own 2-D points, so every cluster is a region
a reader can see, outline and name: KMeans cells are convex and disjoint, and a last pass
gives each paper the cluster most of its nearest neighbours on the map have.
`neighbour_purity` measures the result: the share of each paper's nearest papers on the map
that share its cluster.

Cluster ids are renumbered by size (largest first), then by smallest paper key, so the
same papers get the same ids whatever order KMeans happened to find them in.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

MIN_AUTO = 4  # fewer papers than this are one cluster: nothing to tell apart
MAX_AUTO = 12  # more clusters than this stop being readable on one map
MIN_SIZE = 3  # a smaller cluster is a footnote, not a region of the map
N_INIT = 10
SILHOUETTE_SAMPLE = 2000  # silhouette is O(n^2); a seeded sample is plenty above this
NEIGHBOURS = 10  # what a reader takes in around a point: its ten nearest papers on the map
PURITY = 0.9  # share of those neighbours that should be in a paper's own cluster
SMOOTHING_ROUNDS = 5
FINE_MIN = 40  # papers; from here each big region is split again into sub-topics, labelled where they fit
FINE_MIN_REGION = 16  # papers; a smaller region has no sub-topics
FINE_MAX = 4  # sub-topics per region


def cluster(x: np.ndarray, clusters: int | str, seed: int, keys: Sequence[str]) -> list[int]:
    """One cluster id per row of `x`; `clusters` is "auto" or a number (clamped to 1..n)."""
    distinct = distinct_points(x)
    if clusters == "auto":
        labels = auto_labels(x, seed, distinct)
    else:
        k = max(1, min(int(clusters), distinct))
        labels = kmeans(x, k, seed) if k > 1 else [0] * len(x)
    return renumber(labels, keys)


def regions(xy: np.ndarray, clusters: int | str, seed: int, keys: Sequence[str]) -> list[int]:
    """One cluster id per point of a 2-D layout; each cluster a region of the picture.

    With `clusters: auto`, the best silhouette among the labellings whose neighbour purity
    reaches PURITY: a reader sees regions, so a split the picture does not show is not made.
    On a map too small for any (clusters of four papers cannot hold ten neighbours), the best
    silhouette.
    """
    if clusters != "auto":
        return renumber(smooth(xy, cluster(xy, clusters, seed, keys)), keys)
    from sklearn.metrics import silhouette_score

    choices: list[tuple[bool, float, list[int]]] = [(True, 0.0, [0] * len(xy))]
    for k in auto_range(len(xy)):
        if k > distinct_points(xy):
            break
        labels = renumber(smooth(xy, kmeans(xy, k, seed)), keys)
        if len(set(labels)) < 2:
            continue
        sample = SILHOUETTE_SAMPLE if len(xy) > SILHOUETTE_SAMPLE else None
        score = float(silhouette_score(xy, labels, sample_size=sample, random_state=seed)) - tiny_share(labels)
        purity = neighbour_purity(xy, labels)
        choices.append((purity >= PURITY, round(score, 6), labels))
    return max(choices[1:] or choices, key=lambda choice: (choice[0], choice[1]))[2]  # max keeps the first of equals


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
    import numpy as np

    current = np.asarray(labels)
    return float((current[nearest_on_map(xy, neighbours)] == current[:, None]).mean())


def distinct_points(x: np.ndarray) -> int:
    """How many different points there are: papers with identical texts coincide."""
    import numpy as np

    return len(np.unique(np.round(x, 6), axis=0))


def auto_range(n: int) -> range:
    """Candidate k for `clusters: auto`: 2 .. round(sqrt(n / 2)) + 2, at most n // 3 and 12.

    Silhouette is nearly flat on real diaries and keeps splitting off pairs as k grows;
    a hand-made map of a hundred-odd papers has about six regions, not twelve.
    """
    if n < MIN_AUTO:
        return range(0)
    top = min(MAX_AUTO, n // 3, round(math.sqrt(n / 2)) + 2)
    return range(2, min(max(2, top), n - 1) + 1)


def auto_labels(x: np.ndarray, seed: int, distinct: int) -> list[int]:
    """The KMeans labelling with the best silhouette less the share of papers in tiny
    clusters; ties go to the smaller k."""
    from sklearn.metrics import silhouette_score

    best: tuple[float, list[int]] = (float("-inf"), [0] * len(x))
    for k in auto_range(len(x)):
        if k > distinct:
            break  # KMeans cannot split coinciding papers
        labels = kmeans(x, k, seed)
        if len(set(labels)) < 2:
            continue  # duplicate papers can leave KMeans with one real cluster
        sample = SILHOUETTE_SAMPLE if len(x) > SILHOUETTE_SAMPLE else None
        score = float(silhouette_score(x, labels, sample_size=sample, random_state=seed))
        score = round(score - tiny_share(labels), 6)
        if score > best[0]:
            best = (score, labels)
    return best[1]


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
