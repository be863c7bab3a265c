"""Step 4, choose: the name is the term closest to the cluster's centroid and a second,
different one by MMR (maximal marginal relevance), so the name says two different things."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING

from mkdocs_paperdiary.maps.naming.steps import SEPARATOR, ClusterLabel

if TYPE_CHECKING:
    import numpy as np

SHOWN_TERMS = 5
MMR_LAMBDA = 0.7  # how much the second term's relevance outweighs its overlap with the first


def centroid(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    import numpy as np

    mean = vectors[list(rows)].mean(axis=0)
    norm = np.linalg.norm(mean)
    return mean / norm if norm > 0 else mean


def pick_label(
    terms: Sequence[str], vectors: np.ndarray, center: np.ndarray, taken: Collection[str] = ()
) -> ClusterLabel:
    """Rank terms by similarity to the centroid; the second name term is chosen by MMR
    among terms sharing no word with the first, so the name says two different things.
    Terms another cluster's name has (`taken`, casefolded) are used only if nothing else is."""
    import numpy as np

    sims = vectors @ center
    order = [int(i) for i in np.argsort(-sims, kind="stable")]
    free = [i for i in order if terms[i].casefold() not in taken] or order
    first = free[0]
    rest = [j for j in free if j != first and not shares_word(terms[first], terms[j])]
    name = terms[first]
    if rest:
        mmr = {j: MMR_LAMBDA * sims[j] - (1 - MMR_LAMBDA) * float(vectors[j] @ vectors[first]) for j in rest}
        second = max(rest, key=lambda j: mmr[j])  # max keeps the first of equals
        name = f"{terms[first]}{SEPARATOR}{terms[second]}"
    return ClusterLabel(name, tuple(terms[i] for i in _distinct(terms, order)[:SHOWN_TERMS]))


def _distinct(terms: Sequence[str], order: Sequence[int]) -> list[int]:
    """Drop a term whose words a better term already has ("Diffusion" after "Diffusion Models")."""
    kept: list[int] = []
    for i in order:
        if not any(_stems(terms[i]) <= _stems(terms[j]) for j in kept):
            kept.append(i)
    return kept


def shares_word(a: str, b: str) -> bool:
    """True when the terms share a word, plurals folded: "Diffusion Model" ~ "diffusion models"."""
    return bool(_stems(a) & _stems(b))


def _stems(term: str) -> set[str]:
    return {word.casefold().removesuffix("s") for word in re.split(r"[\s/-]+", term) if word}
