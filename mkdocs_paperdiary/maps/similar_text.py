"""The papers most similar to a new text by embedding, for `paperdiary new` to suggest a topic.

The model and the vectors the last build cached come the builder's way (`ModelLife`), so only
the new text (and papers edited since) reach the model, and a model the cache holds exported is
not exported again. Nothing is saved back: the build owns the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import StoreMismatch
from mkdocs_paperdiary.maps.model_life import ModelLife
from mkdocs_paperdiary.maps.model_source import resolve_model
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import MapItem, MapSettings


def similar_to_text(
    items: Sequence[MapItem],
    text: str,
    settings: MapSettings,
    cache: MapCache,
    count: int,
    say: Callable[[str], None] = lambda _: None,
) -> tuple[str, ...]:
    """Keys of the `count` items most similar to `text`, most similar first; ModelUnavailable when no model loads."""
    if not items:
        return ()
    spec = resolve_model(settings.model)
    model = ModelLife(cache, say)
    texts = [*(item.text for item in items), text]
    keys = [*(item.key for item in items), "\0new"]  # a key no paper has
    try:
        vectors = model.embedding(spec, settings)[0](texts)
    except StoreMismatch:  # vectors cached by another model version: embed afresh
        vectors = model.embedding(spec, settings, fresh=True)[0](texts)
    [found] = most_similar(vectors, keys, count, rows=[len(items)])
    return found
