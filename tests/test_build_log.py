"""What a long cold build says while it works: one line per slow phase, and no progress bars
redrawn with carriage returns in a log (as in CI, where stderr is not a terminal).

The cold build is the run's one cold build of the example site (`cold_example` in conftest.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_a_cold_example_build_logs_its_phases_and_no_carriage_returns(cold_example, tmp_path: Path) -> None:
    log = cold_example.log
    assert cold_example.returncode == 0, log
    papers = len(json.loads((cold_example.root / "site" / "paperdiary.json").read_text(encoding="utf-8"))["papers"])
    phases = [line.split("paperdiary: ", 1)[1] for line in log.splitlines() if "paperdiary: " in line]
    assert f"Embedding {papers} new papers with sentence-transformers/all-MiniLM-L6-v2" in phases, log
    assert f"Projecting {papers} papers with t-SNE and UMAP" in phases
    assert "First build: compiling UMAP, about 20 s, cached afterwards" in phases
    assert any(line.startswith("Loading the embedding model") for line in phases)
    assert "Preparing the embedding model for fast CPU use (once)" in phases
    assert "\r" not in log
    assert "Loading weights" not in log and "it/s]" not in log

    # Computed again with UMAP compiled (no compiling alongside the embedding this time): the same bytes.
    site = cold_example.copy(tmp_path / "example")
    env = {key: value for key, value in os.environ.items() if key != "NUMBA_CACHE_DIR"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    cold = (site / "site" / "paperdiary.json").read_bytes()
    shutil.rmtree(site / ".cache" / "plugin" / "paperdiary" / "maps-v1")
    again = subprocess.run([str(mkdocs), "build"], cwd=site, env=env, capture_output=True, text=True, check=False)
    assert "First build" not in again.stdout + again.stderr and "Projecting" in again.stdout + again.stderr
    assert (site / "site" / "paperdiary.json").read_bytes() == cold

    warm = subprocess.run([str(mkdocs), "build"], cwd=site, env=env, capture_output=True, text=True, check=False)
    slow = ("Embedding", "Loading the embedding model", "Preparing", "Projecting", "First build", "Clustering")
    assert not [
        line for line in (warm.stdout + warm.stderr).splitlines() if line.split("paperdiary: ")[-1].startswith(slow)
    ]
