"""On-disk caches for the map engine: embeddings per text and finished map results.

Layout under the caller's cache dir (the plugin passes ``.cache/plugin/paperdiary/``)::

    maps-v1/results/<inputs-sha256>.json      one finished MapResult per set of inputs
    maps-v1/embeddings/<model-sha256>.npz     every text's vector for one model
    maps-v1/names/<model-sha256>.json         an LLM's cluster names, by members and prompt
    numba/                                    NUMBA_CACHE_DIR, set by projections.py

Nothing read here is trusted: a corrupt, truncated or foreign file is reported with a
warning naming it and then rebuilt. Every write goes to a temporary file in the same
folder, synced, then ``os.replace``-d, so two builds sharing the folder, or a build killed
half-way, never leave half a file under a cache name; a killed build's temporary file is
removed by a later one.
numpy is imported only inside the embedding functions: the warm path reads JSON alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from mkdocs_paperdiary.core.diagnostics import Diagnostic, first_line
from mkdocs_paperdiary.core.files import write_atomically

if TYPE_CHECKING:
    import numpy as np

FORMAT_VERSION = 1
RESULT_FORMAT = "paperdiary-map-result"
EMBEDDINGS_FORMAT = "paperdiary-embeddings"
NAMES_FORMAT = "paperdiary-llm-names"
KEEP_RESULTS = 16  # serve may alternate between a few inputs; older results are pruned
STALE_TEMPORARY_S = 3600  # a temporary file this old belongs to a build that was killed

T = TypeVar("T")


def digest(*parts: str) -> str:
    """sha256 of the parts, NUL-separated so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def text_key(model_id: str, text: str) -> str:
    """The cache key of one embedding."""
    return digest(model_id, text)


def inputs_key(payload: Mapping[str, Any]) -> str:
    """The cache key of a whole map: a hash of every input and the format version."""
    data = {"version": FORMAT_VERSION, **payload}
    return digest(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


class MapCache:
    """The map engine's cache folder; with no folder every call is a no-op miss."""

    def __init__(self, root: Path | None) -> None:
        self.root = Path(root) if root is not None else None
        base = self.root / f"maps-v{FORMAT_VERSION}" if self.root else None
        self.results_dir = base / "results" if base else None
        self.embeddings_dir = base / "embeddings" if base else None
        self.names_dir = base / "names" if base else None

    @property
    def numba_dir(self) -> Path | None:
        return self.root / "numba" if self.root else None

    def onnx_path(self, key: str) -> Path | None:
        """Where the model exported as `key` (see `onnx_encoder.model_key`) is kept."""
        return self.root / "onnx" / key / "model.onnx" if self.root else None

    def save_onnx(self, key: str, graph: bytes) -> list[Diagnostic]:
        path = self.onnx_path(key)
        return _write(path, graph) if path is not None else []

    # -- results -------------------------------------------------------------------------

    def result_path(self, key: str) -> Path | None:
        return self.results_dir / f"{key}.json" if self.results_dir else None

    def load_result(self, key: str, parse: Callable[[Any], T]) -> tuple[T | None, list[Diagnostic]]:
        """The cached result for `key`, parsed; a bad file is a warning and a miss."""
        path = self.result_path(key)
        if path is None or not path.is_file():
            return None, []
        try:
            envelope = json.loads(path.read_bytes())
            _check_envelope(envelope, RESULT_FORMAT, inputs=key)
            value = parse(envelope["result"])
        except Exception as exc:  # anything wrong with a cache file means: rebuild it
            return None, [unreadable(path, exc)]
        _touch(path)
        return value, []

    def save_result(self, key: str, result: Any) -> list[Diagnostic]:
        path = self.result_path(key)
        if path is None:
            return []
        envelope = {"format": RESULT_FORMAT, "version": FORMAT_VERSION, "inputs": key, "result": result}
        data = json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        notes = _write(path, data)
        if not notes:
            self._prune_results(keep=path)
        return notes

    def _prune_results(self, keep: Path) -> None:
        assert self.results_dir is not None
        files = sorted(self.results_dir.glob("*.json"), key=_mtime, reverse=True)
        for old in [f for f in files if f != keep][KEEP_RESULTS - 1 :]:
            old.unlink(missing_ok=True)

    # -- embeddings ----------------------------------------------------------------------

    def embeddings_path(self, model_id: str) -> Path | None:
        return self.embeddings_dir / f"{digest(model_id)}.npz" if self.embeddings_dir else None

    def load_embeddings(self, model_id: str) -> tuple[dict[str, np.ndarray], list[Diagnostic]]:
        """Every cached vector of `model_id`, by text key; a bad file is a warning and empty."""
        path = self.embeddings_path(model_id)
        if path is None or not path.is_file():
            return {}, []
        try:
            keys, vectors = _read_embeddings(path, model_id)
        except Exception as exc:  # np.load raises many kinds on a damaged file
            return {}, [unreadable(path, exc)]
        return dict(zip(keys, vectors, strict=True)), []

    def save_embeddings(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> list[Diagnostic]:
        """Store exactly `vectors`: the texts of this build, so stale ones drop out."""
        path = self.embeddings_path(model_id)
        if path is None or not vectors:
            return []
        import numpy as np

        keys = sorted(vectors)
        buffer = io.BytesIO()
        np.savez(
            buffer,
            format=np.array(EMBEDDINGS_FORMAT),
            version=np.array(FORMAT_VERSION),
            model=np.array(model_id),
            keys=np.array(keys, dtype="U64"),
            vectors=np.stack([vectors[k] for k in keys]).astype(np.float32),
        )
        return _write(path, buffer.getvalue())

    # -- LLM names -----------------------------------------------------------------------

    def names_path(self, model: str) -> Path | None:
        return self.names_dir / f"{digest(model)}.json" if self.names_dir else None

    def load_names(self, model: str) -> tuple[dict[str, str], list[Diagnostic]]:
        """The LLM's cluster names by key (see `naming.llm`); a bad file is a warning and empty."""
        path = self.names_path(model)
        if path is None or not path.is_file():
            return {}, []
        try:
            envelope = json.loads(path.read_bytes())
            _check_envelope(envelope, NAMES_FORMAT, inputs=model)
            names = envelope["names"]
            if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
                raise ValueError("names is not an object of strings")
        except Exception as exc:
            return {}, [unreadable(path, exc)]
        return {str(key): value for key, value in names.items()}, []

    def save_names(self, model: str, names: Mapping[str, str]) -> list[Diagnostic]:
        """Store exactly `names`: this build's clusters, so names of clusters gone drop out."""
        path = self.names_path(model)
        if path is None:
            return []
        envelope = {
            "format": NAMES_FORMAT,
            "version": FORMAT_VERSION,
            "inputs": model,
            "names": dict(sorted(names.items())),
        }
        return _write(path, json.dumps(envelope, ensure_ascii=False, indent=0).encode("utf-8"))


def _check_envelope(envelope: Any, fmt: str, inputs: str) -> None:
    if not isinstance(envelope, dict) or envelope.get("format") != fmt:
        raise ValueError("not a paperdiary map cache file")
    if envelope.get("version") != FORMAT_VERSION:
        raise ValueError(f"format version {envelope.get('version')!r}, expected {FORMAT_VERSION}")
    if envelope.get("inputs") != inputs:
        raise ValueError("it was written for other inputs")


def _read_embeddings(path: Path, model_id: str) -> tuple[list[str], np.ndarray]:
    import numpy as np

    with np.load(path, allow_pickle=False) as data:
        if str(data["format"]) != EMBEDDINGS_FORMAT or int(data["version"]) != FORMAT_VERSION:
            raise ValueError("not a paperdiary embeddings file of this version")
        if str(data["model"]) != model_id:
            raise ValueError(f"it holds vectors of another model ({data['model']})")
        keys, vectors = data["keys"], data["vectors"]
    if keys.ndim != 1 or vectors.ndim != 2 or len(keys) != len(vectors) or vectors.shape[1] == 0:
        raise ValueError(f"wrong shape: {len(keys)} keys, vectors {vectors.shape}")
    if vectors.dtype != np.float32 or not np.isfinite(vectors).all():
        raise ValueError("vectors are not finite float32 values")
    if len(vectors) and not np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3):
        raise ValueError("vectors are not normalized")
    return [str(k) for k in keys], vectors


def _write(path: Path, data: bytes) -> list[Diagnostic]:
    """Write a cache file; failing to is worth a note, never a failed build."""
    try:
        write_atomically(path, data)
    except OSError as exc:
        return [Diagnostic(str(path), None, f"Could not write the map cache: {exc}", "info", "maps-cache-write")]
    _remove_stale_temporaries(path.parent)
    return []


def _remove_stale_temporaries(folder: Path) -> None:
    """Delete temporary files a killed build left behind; a live build's are seconds old."""
    now = time.time()
    for leftover in folder.glob(".*.tmp"):
        if now - _mtime(leftover) > STALE_TEMPORARY_S:
            leftover.unlink(missing_ok=True)


def unreadable(path: Path, exc: Exception) -> Diagnostic:
    reason = first_line(exc)
    message = f"Ignoring the unreadable map cache file ({reason}); it will be rebuilt."
    return Diagnostic(str(path), None, message, "warning", "maps-cache-corrupt")


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used results survive pruning


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
