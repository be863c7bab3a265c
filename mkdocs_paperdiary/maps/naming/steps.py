"""The namer interface: naming is a list of steps, each one reads a level's clusters and the
names so far and returns better names (BERTopic's `BaseRepresentation`, Toponymy's namers).

The steps, in order (see `mkdocs_paperdiary.maps.naming`): `TermNamer` (tokenise, c-TF-IDF
terms, surface forms, choose), `PinNamer` (the diarist's `cluster_names`), and, where
configured, an LLM namer. A new way of naming is one more class with `__call__`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from mkdocs_paperdiary.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    import numpy as np

EncodeFn = Callable[[Sequence[str]], "np.ndarray"]
SEPARATOR = " · "
PLACEHOLDER = "Cluster "  # the name of a cluster nothing names, before its number


@dataclass(frozen=True)
class ClusterLabel:
    """A cluster's name and its best terms, as the diary spells them; `llm` when an LLM named it."""

    name: str
    terms: tuple[str, ...]
    pinned: bool = False
    llm: bool = False


class Parent(NamedTuple):
    """The region a sub-topic lies in: its id and its name."""

    id: int
    name: str


@dataclass(frozen=True)
class Level:
    """One level of one layout's clusters: its papers in key order and each one's cluster
    (0..k-1); `parents` gives the region each sub-topic lies in (empty for regions)."""

    keys: Sequence[str]
    titles: Sequence[str]
    texts: Sequence[str]
    labels: Sequence[int]
    parents: Mapping[int, Parent] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return max(self.labels, default=-1) + 1

    def members(self, cluster: int) -> list[int]:
        return [row for row, label in enumerate(self.labels) if label == cluster]

    def siblings(self) -> dict[Parent, list[int]]:
        """The sub-topics of each region, in id order."""
        out: dict[Parent, list[int]] = {}
        for cluster in range(self.count):
            out.setdefault(self.parents[cluster], []).append(cluster)
        return out

    def cluster_of(self) -> dict[str, int]:
        return dict(zip(self.keys, self.labels, strict=True))


def name_terms(name: str) -> set[str]:
    """The terms a name is made of, casefolded: "A · B" -> {"a", "b"}."""
    return {term.casefold() for term in name.split(SEPARATOR)}


Named = tuple[list[ClusterLabel], list[Diagnostic]]


class Namer(Protocol):
    """One naming step: `labels` holds the names so far, one per cluster id."""

    def __call__(self, level: Level, labels: Sequence[ClusterLabel]) -> Named: ...


def run_steps(level: Level, steps: Sequence[Namer]) -> Named:
    """Each step in turn, from placeholder names ("Cluster 1") on; notes are collected."""
    labels = [ClusterLabel(f"{PLACEHOLDER}{c + 1}", ()) for c in range(level.count)]
    notes: list[Diagnostic] = []
    for step in steps:
        labels, more = step(level, labels)
        notes += more
    return labels, notes
