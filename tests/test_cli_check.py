"""`paperdiary check`: a pre-commit-friendly report of what a build would warn about."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mkdocs_paperdiary.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"
HOOKS = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"


@pytest.fixture
def site(tmp_path: Path, capsys) -> Path:
    """The legacy diary after `import`, with a home page that has no hand-kept list: a clean site."""
    root = tmp_path / "diary"
    shutil.copytree(FIXTURE, root)
    assert main(["import", "--diary-list", "index.md", "--prefer", "list", "-f", str(root / "mkdocs.yml")]) == 0
    (root / "docs" / "index.md").write_text("# My paper diary\n\n<!-- paperdiary:diary -->\n", encoding="utf-8")
    capsys.readouterr()
    return root


def check(site: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "-f", str(site / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def append(path: Path, data: bytes) -> None:
    with path.open("ab") as handle:
        handle.write(data)


def seed_problems(site: Path) -> None:
    docs = site / "docs"
    edit(docs / "LLM_reasoning" / "CoT.md", "date: 2025-05-30", "date: 31st June 2025")
    append(docs / "reinforcement_learning" / "PPO.md", b"\nSee also [the TRPO note](TRPO_old.md).\n")
    append(docs / "reinforcement_learning" / "DQN.md", b"\r\nCompare with [[Rainbow]].\r\n")


SEEDED = [
    ("LLM_reasoning/CoT.md", 3, "front matter 'date' could not read the date '31 June 2025'"),
    ("reinforcement_learning/DQN.md", 19, "[[Rainbow]] does not name any paper"),
    ("reinforcement_learning/PPO.md", 17, "link 'TRPO_old.md' resolves to 'reinforcement_learning/TRPO_old.md'"),
]


def test_a_clean_site_passes(site, capsys):
    code, out, err = check(site, capsys)
    assert code == 0, out
    assert " warning: " not in out
    assert out.splitlines()[-1].startswith(("No problems in 11 papers", "0 warnings, "))
    assert err == ""


def test_text_report_names_each_seeded_problem_and_only_those(site, capsys):
    seed_problems(site)
    code, out, _ = check(site, capsys)
    assert code == 1
    warnings = [line for line in out.splitlines() if ": warning: " in line]
    assert len(warnings) == len(SEEDED)
    for line, (source, number, message) in zip(warnings, SEEDED, strict=True):
        assert line.startswith(f"{source}:{number}: warning: {message}")
    assert out.splitlines()[-1].startswith("3 warnings, ")
    assert out.splitlines()[-1].endswith(" in 11 papers (12 pages).")


def test_json_report_has_the_same_problems(site, capsys):
    seed_problems(site)
    code, out, _ = check(site, capsys, "--format", "json")
    assert code == 1
    problems = json.loads(out)
    assert all(set(p) == {"level", "code", "source", "line", "message"} for p in problems)
    warnings = [p for p in problems if p["level"] == "warning"]
    assert [(p["source"], p["line"]) for p in warnings] == [(source, line) for source, line, _ in SEEDED]
    assert [p["code"] for p in warnings] == ["front-matter", "reference", "link"]
    assert all(message in p["message"] for p, (_, _, message) in zip(warnings, SEEDED, strict=True))


def test_infos_alone_do_not_fail(site, capsys):
    (site / "docs" / "reinforcement_learning" / "Undated.md").write_text(
        "# An undated note\n\nNo date yet.\n", encoding="utf-8"
    )
    code, out, _ = check(site, capsys)
    assert code == 0
    assert "reinforcement_learning/Undated.md: info: has no read date" in out


def test_papers_missing_from_a_diary_list_are_reported(tmp_path, capsys):
    root = tmp_path / "diary"
    shutil.copytree(FIXTURE, root)
    code, out, _ = check(root, capsys, "--diary-list", "index.md")
    assert code == 1
    assert "diffusion/DDPM.md: warning: is missing from the diary list in index.md." in out
    assert "multi_agent_RL/MAPPO.md: warning: is missing from the diary list in index.md." in out
    assert sum("missing from the diary list" in line for line in out.splitlines()) == 2
    # The list's stale links are the link checker's to report.
    assert "index.md:25: warning: link 'multi_agent_RL/TiZero_v1.md' points to a page that does not exist" in out


@pytest.mark.slow  # runs git and the hook in fresh processes
def test_the_pre_commit_hook_passes_a_clean_site_and_fails_a_broken_one(site):
    """Run the hook as pre-commit does: its entry, from the site folder, with no file names."""
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "paperdiary-check")
    command, *args = shlex.split(hook["entry"])
    entry = [str(Path(sys.executable).parent / command), *args]  # the console script pip installs
    files = [] if hook["pass_filenames"] is False else ["docs/index.md"]

    def run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([*entry, *files], cwd=site, capture_output=True, text=True, check=False, timeout=300)

    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert re.search(hook["files"], "reinforcement_learning/PPO.md")  # edits to notes trigger it
    page = site / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [gone](nowhere/Gone.md).\n", encoding="utf-8")
    broken = run()
    assert broken.returncode == 1
    assert "index.md:5: warning: link 'nowhere/Gone.md' points to a page that does not exist." in broken.stdout


def test_mkdocs_config_warnings_count_too(site, capsys):
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "colour_scheme: dark\n", encoding="utf-8")
    code, out, _ = check(site, capsys)
    assert code == 1
    assert "mkdocs.yml: warning: Config value 'colour_scheme': Unrecognised configuration name: colour_scheme" in out
