"""Clusters of papers: KMeans on the PCA-reduced embeddings, k chosen by silhouette.

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


def cluster(x: np.ndarray, clusters: int | str, seed: int, keys: Sequence[str]) -> list[int]:
    """One cluster id per row of `x`; `clusters` is "auto" or a number (clamped to 1..n)."""
    distinct = distinct_points(x)
    if clusters == "auto":
        labels = auto_labels(x, seed, distinct)
    else:
        k = max(1, min(int(clusters), distinct))
        labels = kmeans(x, k, seed) if k > 1 else [0] * len(x)
    return renumber(labels, keys)


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
