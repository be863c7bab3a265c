"""`paperdiary new`: a summary file in the right folder, ready to fill in."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import PAPERS, run_command, seeded_cache, write_site
from test_maps_build import maps_on

from mkdocs_paperdiary.authoring.newentry import choose_topic, file_stem
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, read_paper

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"


@pytest.fixture
def site(legacy_site: Path) -> Path:
    return legacy_site


def new(capsys, *args: str) -> tuple[int, str, str]:
    return run_command(capsys, "new", *args)


def read(site: Path, source: str):
    path = site / "docs" / source
    paper, problems = read_paper(decode_source(source, path.read_bytes()), IndexSettings())
    return paper, problems


def test_new_creates_a_summary_and_prints_its_path(site, capsys):
    code, out, err = new(
        capsys,
        "Proximal Policy Optimization",
        "--topic",
        "Reinforcement Learning",
        "--url",
        "https://arxiv.org/abs/1707.06347",
        "--date",
        "23rd May 2025",
        "--tags",
        "rl, policy-gradient",
    )
    assert (code, err) == (0, "")
    assert out == "docs/reinforcement_learning/ProximalPolicyOptimization.md\n"
    text = (site / out.strip()).read_text(encoding="utf-8")
    assert text.startswith(
        "---\ntitle: Proximal Policy Optimization\ndate: 2025-05-23\nurl: https://arxiv.org/abs/1707.06347\ntags: [rl, policy-gradient]\n"
    )
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Key points",
        "## Method",
        "## Results",
        "## Thoughts",
    ]
    paper, problems = read(site, "reinforcement_learning/ProximalPolicyOptimization.md")
    assert problems == []
    assert (paper.title, paper.date.iso(), paper.url, paper.tags, paper.description) == (
        "Proximal Policy Optimization",
        "2025-05-23",
        "https://arxiv.org/abs/1707.06347",
        ("rl", "policy-gradient"),
        "",
    )


def test_new_dates_today_by_default_and_keeps_odd_titles_yaml_safe(site, capsys):
    before = dt.date.today()
    code, out, _ = new(capsys, "Yes: a paper #1 about 'quotes'?", "--topic", "llm-reasoning")
    after = dt.date.today()  # the command may run across midnight
    assert code == 0
    assert out == "docs/LLM_reasoning/YesAPaper1AboutQuotes.md\n"
    paper, problems = read(site, "LLM_reasoning/YesAPaper1AboutQuotes.md")
    assert problems == []
    assert paper.title == "Yes: a paper #1 about 'quotes'?"
    assert paper.date.as_date() in {before, after}


def test_new_refuses_to_overwrite(site, capsys):
    assert new(capsys, "Proximal Policy Optimization Algorithms", "--topic", "reinforcement_learning")[0] == 0
    path = site / "docs" / "reinforcement_learning" / "ProximalPolicyOptimizationAlgorithms.md"
    path.write_text("my notes\n", encoding="utf-8")
    code, out, err = new(capsys, "Proximal Policy Optimization Algorithms", "--topic", "reinforcement_learning")
    assert code == 1
    assert out == ""
    assert (
        err
        == "docs/reinforcement_learning/ProximalPolicyOptimizationAlgorithms.md already exists; not overwriting it (choose another title or edit that file).\n"
    )
    assert path.read_text(encoding="utf-8") == "my notes\n"


def test_a_misspelt_topic_gets_a_suggestion(site, capsys):
    code, out, err = new(capsys, "Soft Actor-Critic", "--topic", "reinforcment_learning")
    assert code == 2
    assert out == ""
    assert err == "paperdiary new: error: no topic 'reinforcment_learning'; did you mean 'reinforcement_learning'?\n"
    assert not (site / "docs" / "reinforcment_learning").exists()


def test_a_new_topic_needs_new_topic(site, capsys):
    code, _, err = new(capsys, "Attention Is All You Need", "--topic", "efficient_transformers")
    assert code == 2
    assert err.count("\n") == 1
    assert (
        "no topic 'efficient_transformers' (topics: LLM_reasoning, diffusion, multi_agent_RL, reinforcement_learning); add --new-topic"
        in err
    )
    code, out, _ = new(capsys, "Attention Is All You Need", "--topic", "efficient_transformers", "--new-topic")
    assert (code, out) == (0, "docs/efficient_transformers/AttentionIsAllYouNeed.md\n")


def test_a_page_outside_the_topic_folders_is_marked_as_a_paper(site, capsys):
    code, out, _ = new(capsys, "A Survey", "--date", "2025-07")
    assert (code, out) == (0, "docs/ASurvey.md\n")
    text = (site / "docs" / "ASurvey.md").read_text(encoding="utf-8")
    assert "date: '2025-07'\npaper: true\n" in text
    paper, _ = read(site, "ASurvey.md")
    assert paper is not None and paper.date.iso() == "2025-07"


def test_file_names_are_short_clean_ascii():
    assert file_stem("Proximal Policy Optimization") == "ProximalPolicyOptimization"
    assert file_stem("Attention is all you need!") == "AttentionIsAllYouNeed"
    assert file_stem("Émergence: de l'outil — GPT-4") == "EmergenceDeLoutilGPT4"
    assert file_stem("深度学习") == "Untitled"
    long = file_stem("Scaling Laws for Neural Language Models and Many Other Things Besides That Matter")
    assert long == "ScalingLawsForNeuralLanguageModelsAndManyOtherThingsBesides"  # whole words, at most 60


def test_topics_match_ignoring_case_and_separators():
    folders = ["reinforcement_learning", "LLM_reasoning"]
    assert choose_topic("Reinforcement-Learning", folders).folder == "reinforcement_learning"
    assert choose_topic("llm reasoning", folders).folder == "LLM_reasoning"
    assert choose_topic("reinforcment learning", folders).suggestion == "reinforcement_learning"
    assert choose_topic("robotics", folders) == choose_topic("robotics", [])


NEW_PROBE = (
    "import json, sys\n"
    "from pathlib import Path\n"
    "from mkdocs_paperdiary.cli.main import main\n"
    "onnx = Path(sys.argv[1])\n"
    "def files(): return {str(p): p.stat().st_mtime_ns for p in sorted(onnx.rglob('*'))}\n"
    "before = files()\n"
    "code = main(['new', '--arxiv', '2010.02502'])  # Denoising Diffusion Implicit Models\n"
    "print(json.dumps({'code': code, 'torch': 'torch' in sys.modules, 'same': files() == before, 'n': len(before)}))\n"
)


@pytest.mark.slow
def test_new_exports_nothing_when_the_cache_holds_the_model(tmp_path: Path, paperdiary_cache: Path, sources) -> None:
    """The topic is suggested through the map's cache, as a build embeds: the model the cache
    holds exported for ONNX Runtime runs as it is (no export, so torch is never imported)."""
    pytest.importorskip("sentence_transformers")
    cache = seeded_cache(tmp_path / "cache", paperdiary_cache)
    if not list(cache.glob("onnx/*/model.onnx")):
        pytest.skip("the model comes with its own ONNX graph: nothing is ever exported")
    papers = {source: text for source, text in PAPERS.items() if source != "diffusion/DDIM.md"}  # the new one
    write_site(tmp_path / "site", papers, maps_on(cache))
    probe = subprocess.run(
        [sys.executable, "-c", NEW_PROBE, str(cache / "onnx")],
        cwd=tmp_path / "site",
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(probe.stdout.splitlines()[-1])
    assert report["code"] == 0, probe.stderr
    assert "\ntopic: " in probe.stderr  # a topic was suggested, so the model ran
    assert "Preparing the embedding model" not in probe.stderr
    assert report == {"code": 0, "torch": False, "same": True, "n": report["n"]}, probe.stderr
