"""The example diary is the project's showcase: it builds strictly, offline, with every feature,
under MkDocs and ProperDocs."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import seeded_cache

EXAMPLE = Path(__file__).resolve().parent.parent / "example_site"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Path:
    """A copy of the example site with a cold cache (but for the exported model)."""
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site", ".cache"))
    seeded_cache(root / ".cache" / "plugin" / "paperdiary", paperdiary_cache)
    return root


def _build(tool: str, root: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).parent / tool
    if not exe.exists():
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([str(exe), "build", "--strict"], cwd=root, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("tool", ["mkdocs", "properdocs"])
def test_example_site_builds_strictly_with_every_feature(example: Path, tool: str) -> None:
    run = _build(tool, example)
    assert run.returncode == 0, run.stderr
    assert not re.search(r"^WARNING", run.stderr, re.MULTILINE), run.stderr
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
