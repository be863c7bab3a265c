"""`paperdiary import`: a legacy diary gains front matter, and not one byte of its notes changes.

The fixture is a diary written before front matter: every date shape diarists use, a note with
CRLF line ends, one with a byte order mark, one with trailing spaces, and a hand-kept list on
the home page with every quirk we know of.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import seeded_cache

from mkdocs_paperdiary.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "diary"
    shutil.copytree(FIXTURE, root)
    return root


def notes(site: Path) -> dict[str, Path]:
    docs = site / "docs"
    return {p.relative_to(docs).as_posix(): p for p in sorted(docs.rglob("*.md")) if p.name != "index.md"}


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {name: (path.read_bytes(), path.stat().st_mtime_ns) for name, path in notes(site).items()}


def run(site: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["import", "-f", str(site / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def front_matter(raw: bytes) -> str:
    text = raw.removeprefix(BOM).decode("utf-8").replace("\r\n", "\n")
    assert text.startswith("---\n")
    return text[4 : text.index("\n---\n", 3) + 1]


def index_of(site: Path, capsys) -> dict[str, dict]:
    assert main(["export", "--format", "json", "-f", str(site / "mkdocs.yml")]) == 0
    papers = json.loads(capsys.readouterr().out)["papers"]
    return {paper["source"]: paper for paper in papers}


def test_dry_run_prints_a_diff_and_writes_nothing(site, capsys):
    before = snapshot(site)
    code, out, err = run(site, capsys, "--diary-list", "index.md", "--dry-run")
    assert code == 0
    assert "--- a/reinforcement_learning/PPO.md\n+++ b/reinforcement_learning/PPO.md\n" in out
    assert "+date: 2025-07-20\n" in out
    assert "+date: '2024-03'\n" in out  # month precision stays text
    assert "Would add front matter to 11 notes:" in err
    assert "Dry run: nothing was written." in err
    assert snapshot(site) == before


def test_every_note_keeps_its_body_byte_for_byte(site, capsys):
    before = {name: path.read_bytes() for name, path in notes(site).items()}
    code, out, _ = run(site, capsys, "--diary-list", "index.md", "--prefer", "list")
    assert code == 0
    assert "Added front matter to 11 notes:" in out
    for name, path in notes(site).items():
        old, new = before[name], path.read_bytes()
        body = old.removeprefix(BOM)
        assert new.endswith(body), name
        assert new.startswith(BOM) == old.startswith(BOM), name
        assert b"title: " in new[: len(new) - len(body)], name

    crlf = notes(site)["reinforcement_learning/DQN.md"].read_bytes()
    head = crlf[: crlf.index(b"# Human")]
    assert head.count(b"\r\n") == head.count(b"\n") == 6  # the added block follows the file's line ends
    assert notes(site)["diffusion/LatentDiffusion.md"].read_bytes().startswith(BOM + b"---\n")


def test_the_list_wins_dates_with_prefer_list_and_conflicts_are_reported(site, capsys):
    code, out, _ = run(site, capsys, "--diary-list", "index.md", "--prefer", "list")
    assert code == 0
    assert "Date conflicts between notes and the list (1); --prefer list:" in out
    assert "reinforcement_learning/PPO.md  2025-07-20  2025-07-21  list" in out
    papers = index_of(site, capsys)
    listed = {
        "LLM_reasoning/STaR.md": "2025-09-14",  # "14th - 15th"
        "reinforcement_learning/PPO.md": "2025-07-21",  # the conflict, resolved for the list
        "LLM_reasoning/2025-07-02-SelfConsistency.md": "2025-07-02",  # no bullet, no colon
        "reinforcement_learning/DQN.md": "2025-07-01",  # wrapped description
        "multi_agent_RL/QMIX.md": "2025-06-30",  # the note's own date is unreadable
        "diffusion/LatentDiffusion.md": "2025-06-25",
        "reinforcement_learning/TRPO.md": "2025-06-04",  # empty link, found by title
        "multi_agent_RL/TiZero.md": "2025-06-03",  # stale link, found by title
        "LLM_reasoning/CoT.md": "2025-05-30",
    }
    assert {source: papers[source]["date"] for source in listed} == listed
    # Notes the list does not know keep their own dates.
    assert papers["diffusion/DDPM.md"]["date"] == "2024-03"
    assert papers["multi_agent_RL/MAPPO.md"]["date"] == "2025-08-12"


def test_the_note_wins_by_default(site, capsys):
    code, out, _ = run(site, capsys, "--diary-list", "index.md")
    assert code == 0
    assert "reinforcement_learning/PPO.md  2025-07-20  2025-07-21  note" in out
    assert index_of(site, capsys)["reinforcement_learning/PPO.md"]["date"] == "2025-07-20"


def test_the_report_names_what_the_list_and_the_notes_disagree_on(site, capsys):
    _, _, err = run(site, capsys, "--diary-list", "index.md", "--dry-run")
    assert "index.md: diary list with 10 entries." in err
    assert "index.md:24  [Trust Region Policy Optimization]()" in err
    assert "-> reinforcement_learning/TRPO.md" in err
    assert "(multi_agent_RL/TiZero_v1.md)  -> multi_agent_RL/TiZero.md" in err
    assert "Listed without a note (1):\n  index.md:26  Attention Is All You Need\n" in err
    assert "Notes not in the list (2):\n  diffusion/DDPM.md\n  multi_agent_RL/MAPPO.md\n" in err
    assert "Not an entry" not in err  # the list ends at "## About"


def test_a_second_run_changes_nothing(site, capsys):
    assert run(site, capsys, "--diary-list", "index.md", "--prefer", "list")[0] == 0
    after_first = snapshot(site)
    code, out, _ = run(site, capsys, "--diary-list", "index.md", "--prefer", "list")
    assert code == 0
    assert "Nothing to import" in out
    assert "Date conflicts" not in out
    assert snapshot(site) == after_first


def test_existing_front_matter_is_kept_line_for_line(site, capsys):
    note = notes(site)["reinforcement_learning/PPO.md"]
    original = note.read_bytes()
    head = b"---\r\ntitle:   'Kept  as written'   # my comment\r\ntags: [rl]\r\n---\r\n"
    note.write_bytes(head + original)
    assert run(site, capsys)[0] == 0
    new = note.read_bytes()
    added = b"date: 2025-07-20\r\nurl: https://arxiv.org/abs/1707.06347\r\n"
    assert new.startswith(head[: -len(b"---\r\n")] + added + b"description: ")
    assert new.endswith(b"\r\n---\r\n" + original)
    assert "title" not in front_matter(new).split("\n", 1)[1]  # the title line was not added again


def test_a_note_with_broken_front_matter_is_left_alone(site, capsys):
    note = notes(site)["reinforcement_learning/PPO.md"]
    broken = b"---\ntitle: [unclosed\n---\n# PPO\n"
    note.write_bytes(broken)
    code, out, _ = run(site, capsys)
    assert code == 0
    assert "reinforcement_learning/PPO.md: warning: has front matter that is not a valid YAML mapping" in out
    assert note.read_bytes() == broken


@pytest.mark.slow  # strict builds with maps in fresh processes
def test_after_import_the_site_builds_strictly(site, paperdiary_cache):
    seeded_cache(site / ".cache" / "plugin" / "paperdiary", paperdiary_cache)  # the model exported once per run
    # The list's stale links are the link checker's business (and fail a strict build once it
    # reports them); mend them as the import report says, so this story is about front matter.
    home = site / "docs" / "index.md"
    text = home.read_text(encoding="utf-8")
    text = text.replace("Policy Optimization]()", "Policy Optimization](reinforcement_learning/TRPO.md)")
    text = text.replace("TiZero_v1.md", "TiZero.md").replace(
        "efficient_transformers/Transformer.md", "https://arxiv.org/abs/1706.03762"
    )
    home.write_text(text, encoding="utf-8")
    build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    before = subprocess.run(build, cwd=site, capture_output=True, text=True, check=False, env=env)
    assert before.returncode != 0  # QMIX's "31st June" is a warning until the list dates it
    assert "QMIX.md:3: could not read the date" in before.stderr

    imported = subprocess.run(
        [sys.executable, "-m", "mkdocs_paperdiary", "import", "--diary-list", "index.md"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    assert "Added front matter to 11 notes:" in imported.stdout

    after = subprocess.run(build, cwd=site, capture_output=True, text=True, check=False, env=env)
    assert after.returncode == 0, after.stderr
    assert (site / "site" / "reinforcement_learning" / "DQN" / "index.html").is_file()


def test_a_date_already_in_front_matter_is_never_overwritten(site, capsys):
    note = notes(site)["reinforcement_learning/PPO.md"]
    note.write_bytes(b"---\ndate: 2025-07-20\n---\n" + note.read_bytes())
    code, out, _ = run(site, capsys, "--diary-list", "index.md", "--prefer", "list")
    assert code == 0
    assert "reinforcement_learning/PPO.md  2025-07-20  2025-07-21  note (front matter)" in out
    assert note.read_bytes().startswith(b"---\ndate: 2025-07-20\ntitle: ")
