"""What a cached map was made from, as its cache key: a change to any of it is a miss.

Each step declares its own `VERSION` next to its code (bump it when the step's output changes
for the same inputs), and the settings it reads are listed here with it. The key holds every
step's version and settings, the model and the papers, so no engine-wide number has to be
remembered, and a test checks that every setting belongs to a step.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from mkdocs_paperdiary.maps import clustering, embeddings, naming, pipeline, projections, similarity
from mkdocs_paperdiary.maps.cache import inputs_key
from mkdocs_paperdiary.maps.model_source import ModelSpec
from mkdocs_paperdiary.maps.types import MapItem, MapSettings


class Versioned(Protocol):
    """A step's module or class, which declares the step's version."""

    VERSION: int


# step: (where its `VERSION` is declared, the settings it reads)
STEPS: dict[str, tuple[Versioned, tuple[str, ...]]] = {
    "embed": (embeddings, ("model", "device", "batch_size")),
    "relate": (similarity, ("related",)),
    "project": (projections, ("pca_dims", "perplexity", "n_neighbors", "metric", "seed")),
    "cluster": (clustering, ("clusters", "seed")),
    "name": (naming.TermNamer, ()),
    "pin": (naming.PinNamer, ("cluster_names",)),
    "pipeline": (pipeline, ()),
}
# No step reads `offline` (where the model comes from); the LLM is keyed on its own (`_llm`).


def map_key(spec: ModelSpec, items: Sequence[MapItem], settings: MapSettings) -> str:
    """The cache key of the map of `items` (sorted by key) drawn with `settings`."""
    return inputs_key(
        {
            "model": spec.model_id,
            "steps": {step: [owner.VERSION, _values(settings, names)] for step, (owner, names) in STEPS.items()},
            "llm": _llm(settings),
            "items": [[item.key, item.title, item.text] for item in items],
        }
    )


def _values(settings: MapSettings, names: Sequence[str]) -> dict[str, Any]:
    data = settings.as_json()
    return {name: data[name] for name in names}


def _llm(settings: MapSettings) -> list[Any] | None:
    """The LLM step where it names clusters: its prompt and its model (not where it runs)."""
    if settings.llm is None or not settings.llm.name_clusters:
        return None
    return [naming.LlmNamer.VERSION, settings.llm.model]
