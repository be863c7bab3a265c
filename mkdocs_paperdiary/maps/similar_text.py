"""The papers most similar to a new text, for `paperdiary new` to suggest a topic.

The vectors the last build cached are reused, so only the new text (and papers edited since)
reach the model; nothing is saved back, the build owns the cache.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import CachedEmbed, Encoder, StoreMismatch
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
    encoder = Encoder(spec, settings.device, offline=settings.offline, say=say)
    store, _ = cache.load_embeddings(spec.model_id)
    texts = [*(item.text for item in items), text]
    keys = [*(item.key for item in items), "\0new"]  # a key no paper has
    try:
        vectors = CachedEmbed(encoder, store, settings.batch_size)(texts)
    except StoreMismatch:  # vectors cached by another model version: embed afresh
        vectors = CachedEmbed(encoder, {}, settings.batch_size)(texts)
    [found] = most_similar(vectors, keys, count, rows=[len(items)])
    return found
