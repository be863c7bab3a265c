"""Notes dated nowhere else take the day git first saw them: real repositories in a tmp dir,
with fixed commit dates, a rename, an uncommitted note, a shallow clone and no git at all."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from sitebuilder import build_site, git_env, write_site

from mkdocs_paperdiary.core import gitdates
from mkdocs_paperdiary.core.gitdates import SHALLOW, GitHistory
from mkdocs_paperdiary.core.paper import ReadDate

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ODD = "vision/Seg [v2] + Ü: what?.md"  # spaces, brackets, plus, colon, question mark, non-ASCII
NOTES = {
    "index.md": "# Home\n",
    "rl/Old Name.md": "# Playing Atari with Deep RL\n\nA network learns to play from pixels.\n",
    "rl/dated.md": "# Dated in its text\n\nDate: 5th May 2024\n\nIt says when it was read.\n",
    ODD: "# Segment Anything, Again\n\nMasks for everything.\n",
}


def git(root: Path, *args: str, when: str | None = None) -> str:
    env = git_env()
    if when:  # a fixed author and committer date, in the diarist's own zone
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return done.stdout.decode()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A diary whose notes were committed over three years; one was renamed, one never committed."""
    root = tmp_path / "diary"
    write_site(root, NOTES)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first notes", when="2021-02-03T23:30:00-08:00")  # 4th Feb in UTC
    (root / "docs/nlp").mkdir()
    (root / "docs/nlp/bert.md").write_text("# BERT\n\nMasked language models.\n", encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-qm", "bert", when="2022-06-07T10:00:00+00:00")
    git(root, "mv", "docs/rl/Old Name.md", "docs/rl/dqn.md")
    git(root, "commit", "-qm", "rename", when="2023-01-01T10:00:00+00:00")
    (root / "docs/rl/draft.md").write_text("# A draft\n\nNot committed yet.\n", encoding="utf-8")
    return root


def test_notes_take_the_day_of_their_first_commit_through_a_rename(repo: Path) -> None:
    result = build_site(repo)
    assert result.ok, result.error
    papers = result.papers()
    dated = {source: (paper["date"], paper["date_source"]) for source, paper in papers.items()}
    assert dated == {
        "rl/dqn.md": ("2021-02-03", "git"),  # the day in the committer's zone, not the rename's
        "rl/dated.md": ("2024-05-05", "text"),  # a date in the text wins
        ODD: ("2021-02-03", "git"),
        "nlp/bert.md": ("2022-06-07", "git"),
        "rl/draft.md": (None, None),  # not committed yet
    }
    assert result.log() == [
        "INFO: rl/draft.md: has no read date (add 'date:' to its front matter); it is listed as undated."
    ]
    for page in ("diary/index.html", "topics/index.html"):
        html = result.html(page)
        assert "Seg%20%5Bv2%5D%20%2B%20%C3%9C%3A%20what%3F/" in html, page  # the odd name's URL, escaped
        assert "what?/" not in html, page


def test_a_warm_build_asks_git_only_which_commit_head_is(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = repo / ".cache"
    first = GitHistory(repo / "docs", cache)
    assert first.dates()["rl/dqn.md"] == ReadDate(2021, 2, 3)
    calls: list[list[str]] = []
    run = subprocess.run

    def spy(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        if kwargs.get("cwd") == repo / "docs":  # the plugin's calls, not this test's own
            calls.append(command)
        return run(command, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(gitdates.subprocess, "run", spy)
    assert GitHistory(repo / "docs", cache).dates() == first.dates()
    assert [command[3] for command in calls] == ["rev-parse"]
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "draft", when="2024-08-09T10:00:00+00:00")
    assert GitHistory(repo / "docs", cache).dates()["rl/draft.md"] == ReadDate(2024, 8, 9)  # a new HEAD reads again
    assert [command[3] for command in calls] == ["rev-parse", "rev-parse", "log"]


def test_a_shallow_clone_is_named_once_and_dates_nothing_by_its_last_commit(repo: Path, tmp_path: Path) -> None:
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "draft", when="2024-08-09T10:00:00+00:00")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, env=git_env())
    result = build_site(clone)
    assert result.ok, result.error
    assert {source: paper["date_source"] for source, paper in result.papers().items() if paper["date"]} == {
        "rl/dated.md": "text"
    }
    assert result.warnings() == [SHALLOW]


def test_git_dates_can_be_turned_off(repo: Path) -> None:
    result = build_site(repo, NOTES, {"plugins": [{"paperdiary": {"maps": False, "git_dates": False}}]})
    assert result.ok, result.error
    assert result.papers()["rl/dated.md"]["date"] == "2024-05-05"
    assert result.papers()["nlp/bert.md"]["date"] is None


def test_no_git_gives_one_info_line_and_the_site_builds(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-tools-here"))
    result = build_site(repo)
    assert result.ok, result.error
    lines = [line for line in result.log() if "git" in line]
    assert len(lines) == 1 and lines[0].startswith("INFO: git could not run"), lines
    assert result.papers()["nlp/bert.md"]["date"] is None


def test_outside_a_repository_or_in_a_broken_one_there_is_at_most_one_info_line(repo: Path, tmp_path: Path) -> None:
    outside = build_site(tmp_path / "plain", NOTES)
    assert outside.ok and [line for line in outside.log() if "git" in line] == []
    for folder in (repo / ".git" / "objects").iterdir():
        if len(folder.name) == 2:  # every object gone: HEAD names a commit git cannot read
            shutil.rmtree(folder)
    result = build_site(repo)
    assert result.ok, result.error
    assert [line for line in result.log() if "git" in line] == [
        "INFO: git could not read the history of docs_dir (fatal: bad object HEAD); no git dates."
    ]
    assert result.papers()["rl/dated.md"]["date"] == "2024-05-05"
    assert result.papers()["nlp/bert.md"]["date"] is None


def test_the_workflows_init_writes_check_out_full_history() -> None:
    import yaml

    starter = Path(gitdates.__file__).parent.parent / "authoring" / "starter" / "workflows"
    for workflow in sorted(starter.glob("*.yml")):
        steps = [step for job in yaml.safe_load(workflow.read_text("utf-8"))["jobs"].values() for step in job["steps"]]
        checkout = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
        assert checkout and all(step["with"]["fetch-depth"] == 0 for step in checkout), workflow.name
