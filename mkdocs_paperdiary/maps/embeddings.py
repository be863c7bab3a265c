"""Sentence embeddings: loading the model `model_source.resolve_model` found, reusing cached vectors.

torch and sentence-transformers are imported only when a text actually has to be embedded.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic, first_line
from mkdocs_paperdiary.maps.cache import MapCache, text_key, unreadable
from mkdocs_paperdiary.maps.model_source import (
    INSTALL_EXTRA,
    MISSING_EXTRA,
    SET_MODEL,
    ModelSpec,
    ModelUnavailable,
    download,
    offline_env,
    offline_error,
    on_terminal,
)

if TYPE_CHECKING:
    import numpy as np

PROGRESS_MIN = 500  # below this, encoding takes seconds and a progress bar is noise
VERSION = 1  # part of the map cache key (see `map_key`): bump when a model's vectors change for the same text


class StoreMismatch(Exception):
    """Cached vectors do not fit the loaded model (another dimension): re-embed everything."""


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

    On the CPU, a BERT model with mean pooling (the bundled all-MiniLM-L6-v2) runs in ONNX
    Runtime (see `onnx_encoder`): the Hub's own graph when the model folder has one (no torch
    at all), else the model exported once into the cache folder (torch on that build only).
    Any other model, or a GPU, uses sentence-transformers.

    A model still on the Hub is downloaded here, on first use, unless `offline`; `say` tells
    the user what is happening while it takes seconds.
    """

    def __init__(
        self,
        spec: ModelSpec,
        device: str,
        *,
        offline: bool = False,
        say: Callable[[str], None] = lambda _: None,
        cache: MapCache | None = None,
    ) -> None:
        self.spec = spec
        self.cache = cache if cache is not None else MapCache(None)
        self.requested_device = device
        self.offline = offline
        self.say = say
        self._origin = spec.origin
        self.diagnostics: list[Diagnostic] = []
        self._model: Any = None
        self._light = False

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> Any:
        if self._model is None:
            source = self._local_source()
            light = self._light_encoder(Path(source))
            self._light = light is not None
            if self._light:
                self.say(
                    f"Loading the embedding model {self.spec.model_id} from {self._origin} (ONNX Runtime, on the cpu)"
                )
            self._model = light if light is not None else self._sentence_transformer(source)
        return self._model

    def _light_encoder(self, folder: Path) -> Any:
        if self.requested_device == "cuda" or (self.requested_device == "auto" and torch_may_use_gpu()):
            return None
        if not all(importlib.util.find_spec(name) for name in ("onnxruntime", "tokenizers")):
            return None
        from mkdocs_paperdiary.maps import onnx_encoder

        if not onnx_encoder.supports(folder):
            return None
        try:
            return self._onnx_encoder(folder)
        except ImportError:  # `onnx`, needed to export, is missing: sentence-transformers it is
            return None
        except Exception as exc:  # any failure to load is the same story for the user
            raise _load_failure(self.spec, exc) from exc

    def _onnx_encoder(self, folder: Path) -> Any:
        """The Hub's own graph when the model came with one, else the exported model from the cache
        folder, exported (and cached) first when missing or damaged.

        With the cache off the export is kept in memory only: each build exports again, and its
        vectors stay those of every other build.
        """
        from mkdocs_paperdiary.maps import onnx_encoder

        published = onnx_encoder.published(folder)
        if published is not None:
            try:
                return onnx_encoder.OnnxEncoder(folder, published)
            except Exception as exc:  # damaged, or not a graph we can run: export from the weights, if any
                if not (folder / onnx_encoder.WEIGHTS).is_file():
                    raise
                self.diagnostics.append(_unusable_graph(published, exc))
        key = onnx_encoder.model_key(folder)
        path = self.cache.onnx_path(key)
        if path is not None and path.is_file():
            try:
                return onnx_encoder.OnnxEncoder(folder, path)
            except Exception as exc:  # a damaged file: say so, and export again
                self.diagnostics.append(unreadable(path, exc))
        self.say("Preparing the embedding model for fast CPU use (once)")
        quiet_third_party_bars()
        with _silenced():
            graph = onnx_encoder.export(folder)
        self.diagnostics += self.cache.save_onnx(key, graph)  # an unwritable cache is a note, not a failure
        return onnx_encoder.OnnxEncoder(folder, graph)

    def _sentence_transformer(self, source: str) -> Any:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(MISSING_EXTRA, INSTALL_EXTRA) from exc
        quiet_third_party_bars()
        device, notes = pick_device(self.requested_device)
        self.diagnostics.extend(notes)
        self.say(f"Loading the embedding model {self.spec.model_id} from {self._origin} on the {device}")
        try:
            return SentenceTransformer(source, device=device, local_files_only=True)
        except Exception as exc:  # any failure to load is the same story for the user
            raise _load_failure(self.spec, exc) from exc

    def _local_source(self) -> str:
        """A folder to load from: downloads the model first when it is still on the Hub."""
        self._origin = self.spec.origin
        if not self.spec.needs_download:
            return self.spec.source
        if self.offline or offline_env():
            raise offline_error(self.spec.model_id)
        folder = download(self.spec.model_id, say=self.say)
        self._origin = "the Hugging Face cache"
        return str(folder)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        import numpy as np

        model = self.load()
        if self._light:
            return model.encode(texts)
        vectors = model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=len(texts) >= PROGRESS_MIN and on_terminal(),
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


def quiet_third_party_bars() -> None:
    """transformers' `Loading weights: 100%|...` and the Hub's download bars, off unless on a terminal."""
    if on_terminal():
        return
    try:  # both come with sentence-transformers; their progress switches are process-wide
        from huggingface_hub.utils import disable_progress_bars
        from transformers.utils import logging as transformers_logging
    except ImportError:
        return
    disable_progress_bars()
    transformers_logging.disable_progress_bar()


@contextlib.contextmanager
def _silenced() -> Iterator[None]:
    """The exporter's warnings and prints (tracer notes, "verbose" lines) stay out of the build log."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        yield


def _unusable_graph(path: Path, exc: Exception) -> Diagnostic:
    reason = first_line(exc)
    message = f"Cannot run the model's ONNX graph ({reason}); exporting the model from its weights instead."
    return Diagnostic(str(path), None, message, "warning", "maps-model-graph")


def _load_failure(spec: ModelSpec, exc: Exception) -> ModelUnavailable:
    detail = first_line(exc)
    return ModelUnavailable(
        f"Could not load the embedding model '{spec.model_id}' from {spec.origin}.", f"({detail}) {SET_MODEL}"
    )


class CachedEncoder:
    """Embeds texts, reusing cached vectors; only texts missing from `store` reach the encoder.

    `used` collects every vector handed out, so the caller can save exactly this build's texts.
    """

    def __init__(self, encoder: Encoder, store: dict[str, np.ndarray], batch_size: int) -> None:
        self.encoder = encoder
        self.store = store
        self.batch_size = batch_size
        self.used: dict[str, np.ndarray] = {}

    def count_missing(self, texts: Sequence[str]) -> int:
        """How many of `texts` the encoder would have to embed."""
        model_id = self.encoder.spec.model_id
        return len({key for key in (text_key(model_id, text) for text in texts) if key not in self.store})

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
