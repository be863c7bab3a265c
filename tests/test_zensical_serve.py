"""`paperdiary serve --engine zensical`: the real Zensical serves the staged tree, and each save to
the real docs restages what it reached, so Zensical's own reload shows it."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from loopback import free_port
from sitebuilder import paper, write_site

pytest.importorskip("zensical")
pytestmark = pytest.mark.slow

FILES = {
    "index.md": "# Home\n\nSee [[Proximal Policy Optimization]].\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20", body="First reading."),
}


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except OSError as error:
        return getattr(error, "code", 0) or 0, ""


def until(check: Callable[[], bool], timeout: float = 60.0) -> float:
    """Seconds until `check()` holds; fails after `timeout`."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout, "not seen in time"
        time.sleep(0.1)
    return time.monotonic() - start


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    config = write_site(tmp_path, FILES, {"theme": {"name": "material"}})
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs_paperdiary", "serve", "--engine", "zensical", "-f", str(config)]
        + ["--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        until(lambda: fetch(url + "diary/")[0] == 200, timeout=120)
        yield tmp_path / "docs", url, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_new_note_and_an_edit_are_served_and_the_notes_untouched(served) -> None:
    docs, url, _ = served
    assert "Proximal Policy Optimization" in fetch(url + "diary/")[1]
    (docs / "rl" / "TRPO.md").write_text(paper("Trust Region Policy Optimization", "2025-05-21"), encoding="utf-8")
    until(lambda: fetch(url + "rl/TRPO/")[0] == 200 and "Trust Region Policy Optimization" in fetch(url + "diary/")[1])
    assert "Trust Region Policy Optimization" in fetch(url + "topics/")[1]
    note = docs / "rl" / "PPO.md"
    note.write_text(note.read_text(encoding="utf-8").replace("First reading.", "Second reading."), encoding="utf-8")
    until(lambda: "Second reading." in fetch(url + "rl/PPO/")[1])
    assert sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) == ["index.md", "rl/PPO.md", "rl/TRPO.md"]
    (docs / "rl" / "TRPO.md").unlink()
    until(lambda: "Trust Region Policy Optimization" not in fetch(url + "diary/")[1])
