"""What numba compiles for a map: a first build compiles only the kernels a map of papers uses,
and caches them in the plugin's cache folder, so the next build in a fresh process (the
diarist's daily step: one paper added) compiles none.

The first build is the run's one cold build of the example site (`cold_example` in conftest.py),
made in a fresh process with numba's cache left to the plugin."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NUMBA = Path(".cache", "plugin", "paperdiary", "numba")
NEW_PAPER = """# Tree of Thoughts, revisited

[Paper](https://arxiv.org/abs/2305.10601)

Searching over partial chains of thought with a value estimate beats sampling whole chains.

**Key idea.** Keep a frontier of partial solutions and expand the most promising ones.
"""
# `mkdocs build`, reporting every kernel numba compiled (a kernel loaded from its cache is not).
BUILD_COUNTING_COMPILES = """
import json, sys
from numba.core import dispatcher
compiled = []
original = dispatcher._FunctionCompiler._compile_core
def counting(self, args, return_type):
    compiled.append(f"{self.py_func.__module__}.{self.py_func.__qualname__}")
    return original(self, args, return_type)
dispatcher._FunctionCompiler._compile_core = counting
from mkdocs.__main__ import cli
try:
    cli(["build"])
except SystemExit as exit:
    assert not exit.code, exit.code
print(json.dumps(sorted(set(compiled))))
"""


def cached_kernels(root: Path) -> set[str]:
    """`module.function` of every kernel in a numba cache folder (one folder per package)."""
    return {
        f"{folder.name.rsplit('_', 1)[0]}.{index.name.split('-')[0]}"
        for folder in (root / NUMBA).iterdir()
        for index in folder.glob("*.nbi")
    }


def test_a_first_build_compiles_no_kernel_a_map_does_not_use(cold_example) -> None:
    assert cold_example.returncode == 0, cold_example.log
    kernels = cached_kernels(cold_example.root)
    assert {"umap.umap_.smooth_knn_dist", "umap.umap_.compute_membership_strengths"} <= kernels, kernels
    assert {"umap.utils.tau_rand_int", "umap.utils.tau_rand"} <= kernels  # compiled as umap is imported
    # pynndescent's search trees and heaps serve an NNDescent, which maps of this size never make
    assert not {kernel for kernel in kernels if kernel.startswith(("pynndescent.utils", "pynndescent.rp_trees"))}


def test_a_paper_added_after_a_first_build_compiles_nothing(cold_example, tmp_path: Path) -> None:
    site = cold_example.copy(tmp_path / "example")
    (site / "docs" / "LLM_reasoning" / "TreeOfThoughtsRevisited.md").write_text(NEW_PAPER, encoding="utf-8")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(site / NUMBA), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-c", BUILD_COUNTING_COMPILES], cwd=site, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "Projecting" in done.stdout + done.stderr  # the map was drawn again, not read from the cache
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
