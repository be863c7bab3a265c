"""The embedding model's life: one encoder per model and device, kept across `mkdocs serve`
rebuilds, loaded ahead in a background thread, and the one way to embed through the cache.

Every user of the model (the map builder, `paperdiary new`) gets its encoder and its cached
vectors here, so an encoder always has the cache: the model is exported for ONNX Runtime once
into the cache, never again in memory on each run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import CachedEncoder, Encoder
from mkdocs_paperdiary.maps.model_source import ModelSpec, ModelUnavailable, resolve_model
from mkdocs_paperdiary.maps.types import MapSettings, maps_available

WARM_UP_POINTS = 20  # a tiny UMAP run compiles (or loads) numba's code for the real one


class ModelLife:
    """The loaded model of one site; `say` gets a line per slow phase (loading, downloading)."""

    def __init__(self, cache: MapCache, say: Callable[[str], None] = lambda _: None) -> None:
        self.cache = cache
        self.say = say
        self._encoder: Encoder | None = None
        self._warming: threading.Thread | None = None

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory: a build that needs it waits for no load."""
        return self._encoder is not None and self._encoder.loaded

    def encoder(self, spec: ModelSpec, settings: MapSettings) -> Encoder:
        """The encoder of `spec` on the settings' device, kept while they stay the same."""
        self.wait()  # never load the model twice at once
        wanted = (spec, settings.device, settings.offline)
        current = self._encoder
        if current is None or (current.spec, current.requested_device, current.offline) != wanted:
            current = Encoder(spec, settings.device, offline=settings.offline, say=self.say, cache=self.cache)
            self._encoder = current
        return current

    def embedding(
        self, spec: ModelSpec, settings: MapSettings, fresh: bool = False
    ) -> tuple[CachedEncoder, list[Diagnostic]]:
        """An embedding function over the vectors cached for `spec` (none with `fresh`: after
        the cached ones turned out not to fit the model), and notes on a bad cache file."""
        store, notes = ({}, []) if fresh else self.cache.load_embeddings(spec.model_id)
        return CachedEncoder(self.encoder(spec, settings), store, settings.batch_size), notes

    def keep(self, embed: CachedEncoder) -> list[Diagnostic]:
        """Save the vectors a build used (and only those, so stale ones drop out)."""
        return self.cache.save_embeddings(embed.encoder.spec.model_id, embed.used)

    def warm_up(self, settings: MapSettings) -> None:
        """Load the model and UMAP's compiled code in a background thread.

        Under `mkdocs serve` a first build from the cache loads neither; without this, the
        first edit would wait seconds for them. Failures are left for the next build to report.
        """
        if self._warming is not None or not maps_available():
            return
        try:
            encoder = self.encoder(resolve_model(settings.model), settings)
        except ModelUnavailable:
            return
        self._warming = threading.Thread(
            target=_warm, args=(encoder, settings, self.cache), name="paperdiary-warm-up", daemon=True
        )
        self._warming.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the warm-up thread, if any, is done."""
        if self._warming is not None:
            self._warming.join(timeout)


def _warm(encoder: Encoder, settings: MapSettings, cache: MapCache) -> None:
    from mkdocs_paperdiary.maps import projections
    from mkdocs_paperdiary.maps.pipeline import thread_limit

    try:
        import numpy as np  # heavy; the warm-up thread loads it

        encoder.load()
        sample = np.random.default_rng(settings.seed).normal(size=(WARM_UP_POINTS, 5))
        with thread_limit(WARM_UP_POINTS):
            projections.umap_layout(sample, 5, settings.metric, settings.seed, cache.numba_dir)
    except Exception:
        return
