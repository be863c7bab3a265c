"""The LLM namer: the last naming step, after the terms and the pins (see `steps.Namer`), in
`default_steps` where the site has `llm: name_clusters: true`.

A cluster's prompt holds its papers' titles and descriptions (capped in count and length),
its c-TF-IDF terms and the names already taken. Answers are kept by the model, the prompt
version and the cluster's members with their texts, so an unchanged cluster is never asked
again. A name that repeats another (or its region's) is asked again once with the clash
named; after that, or on any failure, the cluster keeps its c-TF-IDF name. Pinned names win.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.llm import ChatClient, LlmError, clean
from mkdocs_paperdiary.maps.cache import digest
from mkdocs_paperdiary.maps.naming.pins import unique_names
from mkdocs_paperdiary.maps.naming.steps import ClusterLabel, Level, Named
from mkdocs_paperdiary.maps.naming.tokens import document

NO_NAME = ""  # cached for a cluster the LLM gave only taken names: it keeps its c-TF-IDF name
PROMPT_VERSION = 1  # part of every cached name's key (and the map's): bump it when the prompt changes
MAX_PAPERS = 12  # papers shown per cluster, the first in key order
MAX_TEXT = 240  # characters of each paper's description
SYSTEM = (
    "You name clusters of research papers on a map of a researcher's paper diary. "
    "Answer with the name only: two to five words in Title Case that say what sets these papers apart, "
    "no quotes, no markup, at most 60 characters."
)


class LlmNames:
    """The LLM's names over one build: `cached` holds earlier answers by key, `used` the ones
    this build used (what the cache keeps), `failure` the first reason a request failed."""

    def __init__(self, client: ChatClient, cached: Mapping[str, str]) -> None:
        self.client = client
        self.cached = dict(cached)
        self.used: dict[str, str] = {}
        self.failure: str | None = None
        self.fallbacks = 0

    def key(self, level: Level, rows: Sequence[int]) -> str:
        members = sorted(f"{level.keys[r]}\0{level.titles[r]}\0{level.texts[r]}" for r in rows)
        return digest(self.client.settings.model, str(PROMPT_VERSION), *members)

    def known(self, key: str) -> str | None:
        """A name from an earlier build, or from the other layout's same cluster."""
        return self.used.get(key, self.cached.get(key))

    def ask(self, level: Level, cluster: int, label: ClusterLabel, key: str, taken: Mapping[str, str]) -> str | None:
        """Ask for the cluster's name, once more if it is taken; None where it keeps `label`.
        `taken` maps each name in use, casefolded, to its spelling."""
        rows = level.members(cluster)
        name = self._ask(prompt(level, rows, label.terms, taken.values()))
        if name is not None and name.casefold() in taken:
            name = self._ask(prompt(level, rows, label.terms, taken.values(), clash=name))
        if name is None or name.casefold() in taken:
            if self.failure is None:
                self.used[key] = NO_NAME  # asked twice, no name of its own: not asked again
            self.fallbacks += 1
            return None
        self.used[key] = name
        return name

    def _ask(self, user: str) -> str | None:
        if self.failure is not None:
            return None  # one failure is enough: a dead server would cost a timeout per cluster
        try:
            name = clean(self.client.ask(SYSTEM, user))
        except LlmError as error:
            self.failure = str(error)
            return None
        if name is None:
            self.failure = "the answer held no name"
        return name

    def failure_note(self) -> Diagnostic | None:
        """The one warning of a build whose LLM failed, naming the endpoint; None when it did not."""
        if self.failure is None:
            return None
        message = (
            f"LLM cluster names: no usable answer from {self.client.settings.endpoint} ({self.failure}); "
            f"{self.fallbacks} cluster{'s' if self.fallbacks != 1 else ''} keep their c-TF-IDF names."
        )
        return Diagnostic(None, None, message, "warning", "maps-llm")


class LlmNamer:
    """Names each cluster that is not pinned by asking the LLM; names stay unique in the level
    and differ from their region's."""

    VERSION = PROMPT_VERSION

    def __init__(self, names: LlmNames) -> None:
        self.names = names

    def __call__(self, level: Level, labels: Sequence[ClusterLabel]) -> Named:
        """Known names first, so a cluster that has not changed keeps its name and is never
        asked again; then the new clusters, told which names are taken."""
        out = list(labels)
        taken = {label.name.casefold(): label.name for label in labels if label.pinned}
        keys = {c: self.names.key(level, level.members(c)) for c, label in enumerate(labels) if not label.pinned}
        waiting = []
        for cluster, key in keys.items():
            name = self.names.known(key)
            if name is None or name.casefold() in self._avoid(level, cluster, taken):
                waiting.append(cluster)
                continue
            self.names.used[key] = name
            if name:  # NO_NAME: the cluster keeps its c-TF-IDF name
                out[cluster] = replace(labels[cluster], name=name, llm=True)
                taken[name.casefold()] = name
        for cluster in waiting:
            name = self.names.ask(level, cluster, labels[cluster], keys[cluster], self._avoid(level, cluster, taken))
            if name is not None:
                out[cluster] = replace(labels[cluster], name=name, llm=True)
                taken[name.casefold()] = name
        return unique_names(out), []

    @staticmethod
    def _avoid(level: Level, cluster: int, taken: dict[str, str]) -> dict[str, str]:
        parent = level.parents.get(cluster)
        return {**taken, parent.name.casefold(): parent.name} if parent else taken


def prompt(level: Level, rows: Sequence[int], terms: Sequence[str], taken: Iterable[str], clash: str = "") -> str:
    """What is sent for one cluster: titles, descriptions, terms and the names taken; nothing else."""
    papers = []
    for row in rows[:MAX_PAPERS]:
        title, text = level.titles[row], level.texts[row]
        description = document(title, text).removeprefix(title).lstrip(" .")
        papers.append(f"- {title}: {' '.join(description.split())[:MAX_TEXT]}")
    lines = [f"Papers ({len(rows)} in all):", *papers, f"Frequent terms: {', '.join(terms) or 'none'}"]
    if names := sorted(taken):
        lines.append(f"Names already taken: {'; '.join(names)}")
    if clash:
        lines.append(f'"{clash}" is already taken. Give a different name.')
    lines.append("Name this cluster.")
    return "\n".join(lines)
