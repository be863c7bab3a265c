"""Steps 1-4 as one namer, BERTopic style: c-TF-IDF proposes terms, the embedding model ranks
them by closeness to the cluster's centroid (KeyBERT-like), and two short, different terms
make the name, written as the diary writes them: "Curriculum Learning · Self-Play"."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from mkdocs_paperdiary.maps.naming.choose import centroid, pick_label
from mkdocs_paperdiary.maps.naming.llm import LlmNamer, LlmNames
from mkdocs_paperdiary.maps.naming.pins import PinNamer
from mkdocs_paperdiary.maps.naming.steps import (
    PLACEHOLDER,
    SEPARATOR,
    ClusterLabel,
    EncodeFn,
    Level,
    Named,
    Namer,
    Parent,
    name_terms,
)
from mkdocs_paperdiary.maps.naming.surface import shown_terms
from mkdocs_paperdiary.maps.naming.terms import candidates
from mkdocs_paperdiary.maps.naming.tokens import documents

if TYPE_CHECKING:
    import numpy as np


class TermNamer:
    """Names from the papers' own words; `vectors` are the level's papers' unit embeddings."""

    # Part of the map cache key (see `map_key`): bump when names change for the same clusters.
    # 4: more regions at the top level; 5: compounds whole, sub-topics apart from their siblings;
    # 6: no possessive names.
    VERSION = 6

    def __init__(self, vectors: np.ndarray, embed: EncodeFn) -> None:
        self.vectors, self.embed = vectors, embed

    def __call__(self, level: Level, labels: Sequence[ClusterLabel]) -> Named:
        docs = documents(list(zip(level.titles, level.texts, strict=True)))
        if not level.parents:
            return name_clusters(docs, level.labels, self.vectors, self.embed), []
        out: dict[int, ClusterLabel] = {}
        for parent, group in level.siblings().items():
            out.update(zip(group, self._sub_topics(level, docs, group, parent), strict=True))
        return [out[c] for c in range(level.count)], []

    def _sub_topics(
        self, level: Level, docs: Sequence[str], group: Sequence[int], parent: Parent
    ) -> list[ClusterLabel]:
        """Sub-topics are told apart from their siblings, not from the whole map: their terms
        are counted against the other sub-topics of their region, and a name made of the
        region's own terms only is chosen again without them."""
        rows = [row for row, label in enumerate(level.labels) if label in group]
        local = {cluster: index for index, cluster in enumerate(group)}
        labels = [local[level.labels[row]] for row in rows]
        named = name_clusters(
            [docs[row] for row in rows], labels, self.vectors[rows], self.embed, parent=name_terms(parent.name)
        )
        return [
            _numbered(label, group[i]) if label.name.startswith(PLACEHOLDER) else label for i, label in enumerate(named)
        ]


def default_steps(
    vectors: np.ndarray, embed: EncodeFn, pins: Mapping[str, str], llm: LlmNames | None = None
) -> list[Namer]:
    """How a map's clusters are named: from their terms, then the pins, then, with `llm`, by
    the LLM (its answers over the whole build, so both layouts share them)."""
    return [TermNamer(vectors, embed), PinNamer(pins), *([LlmNamer(llm)] if llm is not None else [])]


def name_clusters(
    docs: Sequence[str], labels: Sequence[int], vectors: np.ndarray, embed: EncodeFn, parent: Collection[str] = ()
) -> list[ClusterLabel]:
    """One label per cluster id 0..k-1; `vectors` are the papers' unit embeddings. A name
    made only of `parent` terms (casefolded: the region's, for its sub-topics) is not used
    where the cluster has other terms."""
    k = max(labels) + 1
    members = [[i for i, label in enumerate(labels) if label == c] for c in range(k)]
    terms = [
        shown_terms(ranked, [docs[i] for i in group])
        for ranked, group in zip(candidates(docs, labels), members, strict=True)
    ]
    flat = [term for cluster_terms in terms for term in cluster_terms]
    term_vectors = embed(flat) if flat else None
    out, start = [], 0
    taken: set[str] = set()  # terms earlier (larger) clusters are named by
    for c, cluster_terms in enumerate(terms):
        if not cluster_terms:
            out.append(ClusterLabel(f"{PLACEHOLDER}{c + 1}", ()))
            continue
        assert term_vectors is not None  # some cluster has terms, so they were embedded
        chosen = term_vectors[start : start + len(cluster_terms)]
        start += len(cluster_terms)
        center = centroid(vectors, members[c])
        label = pick_label(cluster_terms, chosen, center, taken)
        if parent and name_terms(label.name) <= set(parent):
            label = pick_label(cluster_terms, chosen, center, taken | set(parent))
        out.append(label)
        taken.update(term.casefold() for term in out[-1].name.split(SEPARATOR))
    return out


def _numbered(label: ClusterLabel, cluster: int) -> ClusterLabel:
    return ClusterLabel(f"{PLACEHOLDER}{cluster + 1}", label.terms, label.pinned)
