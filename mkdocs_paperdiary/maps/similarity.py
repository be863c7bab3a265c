"""The most similar papers by embedding (cosine): the "related papers" of each summary.

"Similar" is always by embedding; "nearest" is always on the 2-D map (`clustering.nearest_on_map`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

VERSION = 1  # part of the map cache key (see `map_key`): bump when the related papers change for the same inputs


def most_similar(
    vectors: np.ndarray, keys: Sequence[str], count: int, rows: Sequence[int] | None = None
) -> list[tuple[str, ...]]:
    """Each row's `count` most cosine-similar other rows (vectors are unit length); only
    `rows` when given, in that order.

    Similarities are rounded so float noise cannot reorder near-ties; ties go to the smaller key.
    """
    import numpy as np  # heavy; loaded only when a map is computed

    count = max(0, min(count, len(keys) - 1))
    rows = list(range(len(keys)) if rows is None else rows)
    sims = np.round(vectors[rows] @ vectors.T, 6)
    sims[np.arange(len(rows)), rows] = -np.inf
    rank = np.argsort(np.argsort(np.asarray(keys, dtype=object), kind="stable"), kind="stable")
    out = []
    for row in sims:
        order = np.lexsort((rank, -row))[:count]
        out.append(tuple(keys[j] for j in order))
    return out
