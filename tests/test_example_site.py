"""The example diary is the project's showcase: it builds strictly, offline, with every feature,
under MkDocs and ProperDocs."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _build(tool: str, root: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / tool
    if not exe.exists():
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([str(exe), "build", "--strict"], cwd=root, capture_output=True, text=True, check=False)


@pytest.fixture(params=["mkdocs", "properdocs"])
def built(request: pytest.FixtureRequest, cold_example, tmp_path: Path) -> tuple[Path, str, int]:
    """The example site built strictly: by MkDocs, the run's cold build of it (conftest.py's
    `cold_example`); by ProperDocs, in a copy of that build's folder.
    Its folder, the build's stderr and its exit code."""
    if request.param == "mkdocs":
        return cold_example.root, cold_example.stderr, cold_example.returncode
    example = cold_example.copy(tmp_path / "example")
    run = _build(request.param, example)
    return example, run.stderr, run.returncode


def test_example_site_builds_strictly_with_every_feature(built: tuple[Path, str, int]) -> None:
    example, stderr, returncode = built
    assert returncode == 0, stderr
    assert not re.search(r"^WARNING", stderr, re.MULTILINE), stderr
    site = example / "site"
    index = json.loads((site / "paperdiary.json").read_text(encoding="utf-8"))
    papers = index["papers"]
    assert len(papers) >= 40
    assert len({p["topic"] for p in papers}) >= 6
    assert all(p["cluster_name"] for p in papers) and index["map"]["missing_reason"] is None
    assert any(p["backlinks"] for p in papers)
    page = (site / "map" / "index.html").read_text(encoding="utf-8")
    data = json.loads(html.unescape(re.search(r"data-paperdiary='([^']*)'", page).group(1)))
    assert len(data["points"]) == len(papers)
    for generated in ("diary/index.html", "topics/index.html", "stats/index.html", "assets/paperdiary/plotly.min.js"):
        assert (site / generated).is_file(), generated
    assert "Related papers" in (site / "reinforcement_learning" / "PPO" / "index.html").read_text(encoding="utf-8")
