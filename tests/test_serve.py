"""`mkdocs serve` for real: a server on a free loopback port, a diarist editing notes while it
runs. Each change is polled for in the served HTML with a bounded wait; the server must stay
up throughout, and the map cache it wrote must be accepted by a strict build afterwards."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
from loopback import free_port
from sitebuilder import PAPERS, build_site, paper, seeded_cache, write_site

pytestmark = pytest.mark.slow

START_S = 600  # the first build loads the embedding model: generous on a loaded 2-core machine
CHANGE_S = 120  # each later rebuild


class Server:
    """`mkdocs serve` with `options` (e.g. `--dirty`); `env` replaces the child's environment."""

    def __init__(self, root: Path, *options: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = (root / "serve.log").open("w+", encoding="utf-8")
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), *options]
        self.process = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=root,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def wait_for(self, what: str, path: str, check: Callable[[int, str], bool], limit: float = CHANGE_S) -> str:
        """Poll `path` until `check(status, html)` holds; the server dying fails at once."""
        deadline = time.monotonic() + limit
        status, page = 0, ""
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the server died while waiting for {what}:\n{self.tail()}"
            status, page = self.get(path)
            if check(status, page):
                return page
            time.sleep(0.5)
        pytest.fail(f"{what}: not served within {limit:.0f} s (last status {status}).\n{self.tail()}")

    def text(self) -> str:
        """The log so far, read through its own handle: seeking the child's shared one would move its writes."""
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def tail(self) -> str:
        return "\n".join(self.text().splitlines()[-40:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def shows(text: str) -> Callable[[int, str], bool]:
    return lambda status, page: status == 200 and text in page


def lacks(text: str) -> Callable[[int, str], bool]:
    return lambda status, page: status == 200 and text not in page


@pytest.fixture
def site(tmp_path: Path, paperdiary_cache: Path) -> Path:
    """Six papers and a cold map cache (but for the run's exported model)."""
    root, cache = tmp_path / "diary", seeded_cache(tmp_path / "cache", paperdiary_cache)
    files = {"index.md": "# Diary\n\n<!-- paperdiary:diary -->\n", **dict(list(PAPERS.items())[:6])}
    write_site(root, files, {"plugins": [{"paperdiary": {"cache_dir": str(cache)}}]})
    return root


def test_serve_follows_edits_additions_deletions_and_a_renamed_topic(site: Path) -> None:
    docs = site / "docs"
    server = Server(site)
    try:
        server.wait_for("the first build", "diary/", shows("Proximal Policy Optimization"), START_S)
        server.wait_for("the map", "map/", shows("Soft Actor-Critic"))

        (docs / "rl" / "PPO.md").write_text(
            paper("Proximal Policy Optimization", "2025-05-20", description="Edited while serving: clipped ratios."),
            encoding="utf-8",
        )
        server.wait_for("an edited description", "diary/", shows("Edited while serving: clipped ratios."))

        (docs / "rl" / "Added.md").write_text(
            paper("A paper added while serving", "2025-06-10", description="Added notes."), encoding="utf-8"
        )
        server.wait_for("an added paper in the diary", "diary/", shows("A paper added while serving"))
        server.wait_for("the added paper's page", "rl/Added/", shows("A paper added while serving"))

        (docs / "rl" / "SAC.md").unlink()
        server.wait_for("a deleted paper gone from the diary", "diary/", lacks("Soft Actor-Critic"))
        server.wait_for("the deleted paper's page gone", "rl/SAC/", lambda status, page: status == 404)

        shutil.move(docs / "rl", docs / "reinforcement")
        server.wait_for("a renamed topic", "topics/", shows("Reinforcement"))
        server.wait_for("a paper under its new folder", "reinforcement/PPO/", shows("Proximal Policy Optimization"))
        server.wait_for("the old folder gone", "rl/PPO/", lambda status, page: status == 404)
        server.wait_for("the map after all that", "map/", lacks("Soft Actor-Critic"))
        assert server.process.poll() is None
    finally:
        server.stop()

    after = build_site(site, None, strict=True)  # the cache serve left behind is trusted
    assert after.ok, after.error
    assert after.warnings() == []
    assert "Edited while serving" in after.html("diary/index.html")
