"""`paperdiary init`: from an empty folder to a site that builds with `--strict`, maps and all,
and a workflow that publishes it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site, seeded_cache

from mkdocs_paperdiary.cli import main

STARTER = [
    "mkdocs.yml",
    "docs/index.md",
    "docs/highlights.md",
    "docs/transformers/AttentionIsAllYouNeed.md",
    ".gitignore",
    ".github/workflows/publish.yml",
]


def init(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["init", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def started(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "my-diary"
    code, out, err = init(capsys, str(root))
    assert code == 0, err
    assert all(name in out for name in STARTER)
    return root


@pytest.mark.slow
def test_init_then_two_papers_builds_strict_with_a_map(
    started: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(started)
    for title, date in [("Language Models are Few-Shot Learners", "2025-06-02"), ("BERT", "2025-06-01")]:
        assert main(["new", title, "--topic", "transformers", "--date", date]) == 0, capsys.readouterr().err
    result = build_site(started, None, strict=True)
    assert result.ok, result.error
    home = result.html("index.html")
    assert "Attention Is All You Need" in home and "Few-Shot Learners" in home  # the diary marker
    found = re.search(r"data-paperdiary='([^']*)'", home)  # the map marker
    assert found and len(json.loads(html.unescape(found.group(1)))["points"]) == 3
    assert "(prefers-color-scheme: dark)" in home and "slate" in home  # Material, light and dark
    summary = result.html("transformers/AttentionIsAllYouNeed/index.html")
    assert "Cited in" in summary and "highlights" in summary  # the highlights page cites the example
    assert (result.site_dir / "map" / "index.html").is_file()


def test_the_bare_starter_builds_strict(started: Path) -> None:
    result = build_site(started, None, strict=True)
    assert result.ok, result.error
    assert "A map needs at least 3 papers" in result.html("index.html")


def test_the_workflow_installs_cpu_torch_restores_caches_and_deploys(started: Path) -> None:
    workflow = yaml.safe_load((started / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["publish"]["steps"]
    runs = [step.get("run", "") for step in steps]
    cached = [step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/cache@")]
    torch = next(i for i, run in enumerate(runs) if "pip install torch" in run)
    plugin = next(i for i, run in enumerate(runs) if "mkdocs-paperdiary[maps]" in run)
    assert "--index-url https://download.pytorch.org/whl/cpu" in runs[torch]
    assert torch < plugin, "CPU torch must come first, or pip pulls the CUDA build"
    assert cached == [".cache/plugin/paperdiary", "~/.cache/huggingface"]
    assert "mkdocs gh-deploy --force" in runs[-1]
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the `on:` key as true


def test_gitignore_keeps_the_site_and_caches_out(started: Path) -> None:
    assert (started / ".gitignore").read_text(encoding="utf-8").split() == ["site/", ".cache/"]


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n", encoding="utf-8")
    code, _out, err = init(capsys, str(tmp_path))
    assert code == 1
    assert "mkdocs.yml" in err and "never overwrites" in err
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Mine\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mkdocs.yml"]  # nothing else written


def test_init_here_and_a_site_name_that_needs_quoting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = init(capsys, "--site-name", 'Ana\'s "reading": notes #1')
    assert code == 0
    assert "cd " not in out
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'Ana\'s "reading": notes #1'
    assert init(capsys)[0] == 1  # a second run refuses


@pytest.mark.slow
def test_init_for_zensical_builds_there_strict_and_publishes_with_pages_actions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], paperdiary_cache: Path
) -> None:
    pytest.importorskip("zensical")
    root = tmp_path / "my-diary"
    code, out, _ = init(capsys, str(root), "--engine", "zensical")
    assert code == 0 and "paperdiary serve --engine zensical" in out
    workflow = yaml.safe_load((root / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = [step.get("uses", step.get("run", "")) for job in workflow["jobs"].values() for step in job["steps"]]
    assert "paperdiary build --engine zensical --strict" in steps
    assert any(s.startswith("actions/deploy-pages@") for s in steps) and not any("gh-deploy" in s for s in steps)
    assert workflow["jobs"]["build"]["steps"][0]["with"]["fetch-depth"] == 0
    seeded_cache(root / ".cache" / "plugin" / "paperdiary", paperdiary_cache)
    assert main(["build", "--engine", "zensical", "--strict", "-f", str(root / "mkdocs.yml")]) == 0, (
        capsys.readouterr().err
    )
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    # the diary, and the map's place (drawn from three papers on)
    assert "Attention Is All You Need" in home and 'id="paperdiary-map-embedded"' in home
    assert (root / "site" / "map" / "index.html").is_file()
