"""umap is imported without compiling pynndescent's search trees (half of a first build's time),
and lays out papers exactly as with pynndescent imported the usual way; a map large enough to
need NNDescent still gets pynndescent's own."""

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
    import pynndescent  # the usual import, trees compiled
rows = np.random.default_rng(0).normal(size=(40, 8))
xy = projections.umap_layout(rows, 15, "cosine", 42, None)
print(sys.argv[1], "pynndescent.rp_trees" in sys.modules, xy.tobytes().hex())
"""


def run(code: str, *args: str) -> str:
    env = {**os.environ, **NUMBA}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_umap_lays_out_the_same_without_compiling_the_search_trees() -> None:
    deferred, usual = run(LAYOUT, "deferred").split(), run(LAYOUT, "usual").split()
    assert deferred[1] == "False" and usual[1] == "True"
    assert deferred[2] == usual[2]


def test_a_search_index_is_pynndescent_own_when_one_is_made() -> None:
    code = (
        "import numpy as np; from mkdocs_paperdiary.maps.umap_import import import_umap;"
        "import_umap(); import umap.umap_ as u; from pynndescent.pynndescent_ import NNDescent as Real;"
        "index = u.NNDescent(np.random.default_rng(0).normal(size=(60, 4)), n_neighbors=5, random_state=0);"
        "print(type(index) is Real, isinstance(index, u.NNDescent), isinstance(None, u.NNDescent))"
    )
    assert run(code) == "True True False"
