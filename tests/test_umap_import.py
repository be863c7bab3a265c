"""umap is imported without compiling pynndescent's search trees and heaps (most of a first
build's time), with `compute_membership_strengths` compiled for the one thread it runs on, and
lays out papers exactly as umap imported as published does; a map large enough to need NNDescent
still gets pynndescent's own, and sparse data its sparse distances."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NUMBA = {"NUMBA_CACHE_DIR": str(Path(tempfile.gettempdir()) / "paperdiary-test-numba")}
LAYOUT = """
import sys
import numpy as np
from mkdocs_paperdiary.maps import projections
if sys.argv[1] == "usual":
    import umap  # as published: pynndescent's trees and heaps compiled, parallel kernels
layouts = []
for n in (40, 150):  # PCA then spectral initialisation
    rows = np.random.default_rng(n).normal(size=(n, 8))
    layouts.append(projections.umap_layout(rows, 15, "cosine", 42, None).tobytes().hex())
kernel = sys.modules["umap.umap_"].compute_membership_strengths
compiled = [name for name in ("pynndescent.rp_trees", "pynndescent.utils") if name in sys.modules]
print(sys.argv[1], ",".join(compiled) or "-", bool(kernel.targetoptions.get("parallel")), *layouts)
"""


def run(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    env = env if env is not None else {**os.environ, **NUMBA}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_umap_lays_out_the_same_as_umap_imported_as_published(tmp_path: Path) -> None:
    # Each with a numba cache of its own: numba keys a cached kernel by its code and types, not
    # by `parallel`, so with one cache both would run whichever version was compiled first.
    ours, usual = (
        run(LAYOUT, mode, env={**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / mode)}).split()
        for mode in ("ours", "usual")
    )
    assert ours[1:3] == ["-", "False"]
    assert usual[1:3] == ["pynndescent.rp_trees,pynndescent.utils", "True"]
    assert ours[3:] == usual[3:]


def test_sparse_data_gets_pynndescent_sparse_distances() -> None:
    code = (
        "import scipy.sparse as sp; from mkdocs_paperdiary.maps.umap_import import import_umap;"
        "u = import_umap().umap_; import pynndescent.sparse as real;"
        "print(u.pynn_sparse_named_distances['cosine'] is real.sparse_named_distances['cosine'],"
        "'cosine' in u.pynn_sparse_named_distances, len(u.pynn_sparse_named_distances) == len(real.sparse_named_distances))"
    )
    assert run(code) == "True True True"


def test_a_search_index_is_pynndescent_own_when_one_is_made() -> None:
    code = (
        "import numpy as np; from mkdocs_paperdiary.maps.umap_import import import_umap;"
        "import_umap(); import umap.umap_ as u; from pynndescent.pynndescent_ import NNDescent as Real;"
        "index = u.NNDescent(np.random.default_rng(0).normal(size=(60, 4)), n_neighbors=5, random_state=0);"
        "print(type(index) is Real, isinstance(index, u.NNDescent), isinstance(None, u.NNDescent))"
    )
    assert run(code) == "True True False"
