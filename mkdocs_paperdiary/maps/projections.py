"""2-D layouts of the embeddings: PCA first, then t-SNE and UMAP.

Every step is seeded, so the same papers give the same picture, and every layout is
rescaled to about [-1, 1] and rounded, so cached results and pages diff cleanly.
scikit-learn, umap and numba are imported inside the functions, never at module import.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

OPENTSNE_MIN = 2000  # above this, FFT-accelerated openTSNE (if installed) beats Barnes-Hut
EXACT_KNN_MAX = 4096  # up to here an exact neighbour graph is cheap and spares pynndescent
SPECTRAL_MIN = 16  # spectral init needs a graph bigger than its eigenvectors; PCA below
DECIMALS = 4
VERSION = 1  # part of the map cache key (see `map_key`): bump when a layout changes for the same inputs
_UMAP_MODULES = ("umap.umap_", "umap.layouts", "umap.utils")


def reduce(vectors: np.ndarray, dims: int, seed: int) -> np.ndarray:
    """PCA to min(dims, n-1, dim) components (at least 2): denoises, and speeds up t-SNE/UMAP."""
    from sklearn.decomposition import PCA

    n, dim = vectors.shape
    components = min(max(dims, 2), n - 1, dim)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # explained variance of identical papers is 0 / 0
        return PCA(n_components=components, svd_solver="full", random_state=seed).fit_transform(vectors)


def clamp_perplexity(perplexity: float, n: int) -> float:
    """t-SNE needs perplexity < n; a third of the other points keeps small maps readable."""
    return max(1.0, min(perplexity, (n - 1) / 3))


def clamp_neighbors(n_neighbors: int, n: int) -> int:
    return max(2, min(n_neighbors, n - 1))


def tsne_strategy(n: int) -> str:
    """'opentsne' for large maps when the optional package is installed, else 'sklearn'."""
    if n > OPENTSNE_MIN and importlib.util.find_spec("openTSNE") is not None:
        return "opentsne"
    return "sklearn"


def tsne_layout(x: np.ndarray, perplexity: float, seed: int) -> np.ndarray:
    if all_same(x):
        return _origin(x)  # scikit-learn's PCA init divides by zero here and t-SNE crashes
    perplexity = clamp_perplexity(perplexity, len(x))
    if tsne_strategy(len(x)) == "opentsne":
        coords = _opentsne(x, perplexity, seed)
    else:
        coords = _sklearn_tsne(x, perplexity, seed)
    return rescale(coords)


def _sklearn_tsne(x: np.ndarray, perplexity: float, seed: int) -> np.ndarray:
    from sklearn.manifold import TSNE

    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", learning_rate="auto", random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tsne.fit_transform(x)


def _opentsne(x: np.ndarray, perplexity: float, seed: int) -> np.ndarray:
    import numpy as np
    from openTSNE import TSNE

    tsne = TSNE(
        n_components=2,
        perplexity=perplexity,
        initialization="pca",
        negative_gradient_method="fft",
        random_state=seed,
    )
    return np.asarray(tsne.fit(x))


def umap_layout(x: np.ndarray, n_neighbors: int, metric: str, seed: int, numba_dir: Path | None) -> np.ndarray:
    """UMAP with an exact neighbour graph for small n; numba kernels cached on disk."""
    if all_same(x):
        return _origin(x)
    configure_numba_cache(numba_dir)
    from mkdocs_paperdiary.maps.umap_import import import_umap

    umap = import_umap()
    cache_umap_kernels()
    k = clamp_neighbors(n_neighbors, len(x))
    knn = exact_knn(x, k, metric) if len(x) <= EXACT_KNN_MAX else (None, None, None)
    reducer = umap.UMAP(
        n_neighbors=k,
        n_components=2,
        metric=metric,
        init="spectral" if len(x) >= SPECTRAL_MIN else "pca",
        random_state=seed,
        precomputed_knn=knn,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "no search index", "n_jobs overridden": expected here
        return rescale(reducer.fit_transform(x))


def all_same(x: np.ndarray) -> bool:
    """True when every paper embeds to the same point (e.g. identical texts): nothing to lay out."""
    return bool((x.max(axis=0) - x.min(axis=0)).max() < 1e-9)


def _origin(x: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.zeros((len(x), 2))


def exact_knn(x: np.ndarray, k: int, metric: str) -> tuple[np.ndarray | None, np.ndarray | None, None]:
    """UMAP's precomputed_knn: each point itself first, then its k-1 nearest others."""
    import numpy as np
    from sklearn.neighbors import NearestNeighbors

    try:
        dists, idx = NearestNeighbors(n_neighbors=k - 1, metric=metric).fit(x).kneighbors()
    except ValueError:  # a metric only umap knows: let umap build the graph
        return None, None, None
    own = np.arange(len(x))[:, None]
    idx = np.ascontiguousarray(np.hstack([own, idx]), dtype=np.int64)
    dists = np.ascontiguousarray(np.hstack([np.zeros_like(own, dtype=float), dists]), dtype=np.float32)
    return idx, dists, None


def configure_numba_cache(numba_dir: Path | None) -> None:
    """Point numba's on-disk cache at our cache dir, unless the user chose one.

    It must happen before numba is imported: numba reads the variable once.
    """
    if numba_dir is None or "NUMBA_CACHE_DIR" in os.environ or "numba" in sys.modules:
        return
    os.environ["NUMBA_CACHE_DIR"] = str(numba_dir)


def umap_compiled(numba_dir: Path | None) -> bool:
    """True when UMAP's numba code is compiled in this process or cached on disk: no long first fit."""
    if "umap.umap_" in sys.modules:
        return True
    return numba_dir is not None and numba_dir.is_dir() and any(numba_dir.rglob("*.nbi"))


def cache_umap_kernels() -> None:
    """Cache umap's numba kernels that umap itself compiles afresh in every process.

    smooth_knn_dist, compute_membership_strengths and the layout epoch lack ``cache=True``
    in umap-learn 0.5 and cost about 5 s of compiling per build; caching them makes a
    second process fit a small map in milliseconds. Best effort: any failure is harmless.
    """
    import numba

    if not getattr(numba.config, "CACHE_DIR", None):
        return  # without a writable cache dir numba would try site-packages
    for name in _UMAP_MODULES:
        for value in list(getattr(sys.modules.get(name), "__dict__", {}).values()):
            try:
                if type(value._cache).__name__ == "NullCache":
                    value.enable_caching()
            except Exception:
                continue


def rescale(coords: np.ndarray) -> np.ndarray:
    """Centre on the bounding box and scale its longer side to [-1, 1], keeping the aspect."""
    import numpy as np

    coords = np.nan_to_num(np.asarray(coords, dtype=np.float64))
    lo, hi = coords.min(axis=0), coords.max(axis=0)
    half = float((hi - lo).max()) / 2
    scaled = (coords - (lo + hi) / 2) / half if half > 0 else np.zeros_like(coords)
    return np.round(scaled, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
