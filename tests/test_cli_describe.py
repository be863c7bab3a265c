"""`paperdiary describe` against a loopback OpenAI-compatible server (see `llm_server.py`):
it drafts a description for each note without one and leaves every other byte as it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server import LlmServer, llm_server
from sitebuilder import paper, write_site

from mkdocs_paperdiary.cli import main

BODY = "## Key idea\n\nTrain a policy by self-play.  \r\nNo labels are needed.\n"


@pytest.fixture
def server() -> Iterator[LlmServer]:
    with llm_server() as running:
        yield running


@pytest.fixture
def site(tmp_path: Path, server: LlmServer, monkeypatch: pytest.MonkeyPatch) -> Path:
    llm = {"base_url": server.base_url, "model": "drafts", "timeout": 0.5}
    files = {
        "rl/selfplay.md": paper("Self-Play at Scale", "2025-03-01", body=BODY),
        "rl/ppo.md": paper("Proximal Policy Optimization", "2025-03-02", description="My own words."),
        "gen/ddpm.md": paper("Denoising Diffusion", "2025-03-03", body="Noise, then denoise."),
    }
    write_site(tmp_path, files, {"plugins": [{"paperdiary": {"maps": False, "llm": llm}}]})
    monkeypatch.chdir(tmp_path)
    return tmp_path / "docs"


def snapshot(docs: Path) -> dict[str, bytes]:
    return {path.relative_to(docs).as_posix(): path.read_bytes() for path in sorted(docs.rglob("*.md"))}


def test_describe_writes_a_draft_description_and_keeps_every_other_byte(
    site: Path, server: LlmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(site)
    assert main(["describe"]) == 0
    after = snapshot(site)
    assert after["rl/ppo.md"] == before["rl/ppo.md"]  # a description the diarist wrote is theirs
    new = after["rl/selfplay.md"].decode()
    line = "description: A made-up summary of Self-Play at Scale, in one sentence.  # DRAFT: written by drafts; rewrite it in your own words.\n"
    assert line in new and new.replace(line, "").encode() == before["rl/selfplay.md"]
    assert "Title: Self-Play at Scale" in server.requests[0].prompt and "self-play" in server.requests[0].prompt
    assert len(server.requests) == 2
    assert "wrote 2 descriptions; 1 kept as written." in capsys.readouterr().err

    assert main(["describe"]) == 0  # a second run finds nothing to do
    assert snapshot(site) == after and len(server.requests) == 2


def test_dry_run_lists_and_writes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(site)
    assert main(["describe", "--dry-run", "docs/gen"]) == 0
    out = capsys.readouterr()
    assert out.out == "gen/ddpm.md: description: A made-up summary of Denoising Diffusion, in one sentence.\n"
    assert "would write 1 description" in out.err
    assert snapshot(site) == before


def test_force_replaces_a_one_line_description_only(site: Path) -> None:
    assert main(["describe", "--force", "--limit", "1", "docs/rl/ppo.md"]) == 0
    text = (site / "rl" / "ppo.md").read_text()
    assert "My own words." not in text and text.count("description:") == 1
    assert "A made-up summary of Proximal Policy Optimization" in text
    folded = site / "rl" / "folded.md"
    folded.write_text("---\ntitle: Folded\ndescription: >\n  two\n  lines\n---\n\n# Folded\n")
    assert main(["describe", "--force", str(folded)]) == 0
    assert folded.read_text().count("two\n  lines") == 1  # left as it is: changed by hand only


def test_a_hostile_answer_is_one_short_plain_sentence(site: Path, server: LlmServer) -> None:
    server.mode = "hostile"
    assert main(["describe", "docs/gen/ddpm.md"]) == 0
    line = next(line for line in (site / "gen" / "ddpm.md").read_text().splitlines() if line.startswith("description"))
    assert "<" not in line and "alert" not in line and len(line) < 420


def test_without_llm_or_server_nothing_is_written(
    site: Path, server: LlmServer, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(site)
    server.mode = "error"
    assert main(["describe"]) == 1
    assert server.base_url in capsys.readouterr().err
    write_site(site.parent, {}, {"plugins": [{"paperdiary": {"maps": False}}]})
    assert main(["describe"]) == 2
    assert "needs an `llm:` block" in capsys.readouterr().err
    assert snapshot(site) == before
