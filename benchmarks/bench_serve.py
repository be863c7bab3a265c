"""The writing loop, timed on a real `mkdocs serve`: a note saved until the change is visible.

Each case starts `mkdocs serve` (with `--dirty` or without) on the plugin's copy of a real-N diary
and on the plain copy, waits until the first build is served and the server is idle, then saves
one note at a time and polls the page where the diarist looks until the change shows:

  serve        - a body edit (a paragraph added at the end), default serve (every page rebuilt), seen on the note's page
  serve-dirty  - the same under `--dirty`
  dirty desc   - a front-matter description changed, seen in the diary (plain: the note's <head>)
  dirty cite   - a new `[[citation]]`, seen in the cited paper's "Cited in" (plain: the citing note)

The plain site gets the same saves; its page is the edited note, since it has no diary or backlinks.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

SERVE_CASES = ("serve", "serve-dirty", "dirty desc", "dirty cite")
TICK = os.sysconf("SC_CLK_TCK")
NEVER_S = 60  # a save not visible by then counts as never shown (`inf`): the page went stale


class Served:
    """A `mkdocs serve` child process on a free loopback port."""

    def __init__(self, config: Path, *options: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - the server writes to it until stop()
        command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), *options]
        self.process = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{self.port}"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONWARNINGS": "ignore", "NO_MKDOCS_2_WARNING": "1"},
        )

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    def wait(self, path: str, shown: Callable[[str], bool], limit: float) -> float:
        """Seconds until `shown(page)` holds for the page at `path`, polled every 20 ms; inf if never."""
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise SystemExit(f"mkdocs serve died:\n{self.log.read().decode()[-3000:]}")
            if shown(self.get(path)):
                return time.perf_counter() - start
            time.sleep(0.02)
        return float("inf")

    def cpu(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK

    def peak_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024  # type: ignore[index]

    def settle(self, limit: float = 900) -> None:
        """Wait until the first build is served and the server stops working (a background warm-up)."""
        if self.wait("", lambda page: "</html>" in page, limit) == float("inf"):
            raise SystemExit(f"mkdocs serve did not serve its first build within {limit:.0f} s")
        before = self.cpu()
        while True:
            time.sleep(1.0)
            now = self.cpu()
            if now - before < 0.05:
                return
            before = now

    def stop(self) -> None:
        self.process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        self.process.kill()  # nothing to do once it has exited
        self.process.wait()
        self.log.close()


# ---- the saves: (change the files, the page to poll, what shows there once it is served) ----


def notes(root: Path) -> list[Path]:
    return sorted((root / "docs").rglob("*-*.md"))


def url(root: Path, note: Path) -> str:
    return note.relative_to(root / "docs").with_suffix("").as_posix() + "/"


def body_edit(root: Path, number: int, plain: bool) -> tuple[Callable[[], None], str, str]:
    note = notes(root)[number * 7 % len(notes(root))]
    marker = f"Edited{number} while serving"
    # A paragraph added at the end: the note's description (its first sentence, when it has none
    # in front matter) stays, which is what `dirty desc` changes.
    text = note.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}, a thought added later.\n"
    return lambda: note.write_text(text, encoding="utf-8"), url(root, note), marker


def description_edit(root: Path, number: int, plain: bool) -> tuple[Callable[[], None], str, str]:
    described = [note for note in notes(root) if "\ndescription: " in note.read_text(encoding="utf-8")]
    note = described[number * 5 % len(described)]
    marker = f"Described{number}"
    text = note.read_text(encoding="utf-8").replace("\ndescription: ", f"\ndescription: {marker} ", 1)
    return lambda: note.write_text(text, encoding="utf-8"), url(root, note) if plain else "diary/", marker


def citation(root: Path, number: int, plain: bool) -> tuple[Callable[[], None], str, str]:
    every = notes(root)
    citing, cited = every[number * 11 % len(every)], every[(number * 11 + len(every) // 2) % len(every)]
    marker = f"Cites{number}"  # a heading: "Cited in" names the section that cites
    text = citing.read_text(encoding="utf-8").rstrip("\n") + f"\n\n## {marker}\n\nSee [[{cited.stem}]].\n"
    return lambda: citing.write_text(text, encoding="utf-8"), url(root, citing if plain else cited), marker


SAVES = {"serve": body_edit, "serve-dirty": body_edit, "dirty desc": description_edit, "dirty cite": citation}


def time_saves(config: Path, case: str, edits: int, plain: bool) -> list[dict]:
    """Start one server for `case` and time `edits` saves (each on other notes); one row per save."""
    root = config.parent
    server = Served(config, *(() if case == "serve" else ("--dirty",)))
    rows = []
    try:
        server.settle()
        for number in range(edits):
            change, page, marker = SAVES[case](root, 100 * (1 + SERVE_CASES.index(case)) + number, plain)
            if marker in server.get(page):
                raise SystemExit(f"{page} shows {marker!r} before the save: pick other notes")
            cpu = server.cpu()
            change()
            seconds = server.wait(page, lambda html, marker=marker: marker in html, limit=NEVER_S)
            row = {"seconds": seconds, "wall": seconds, "cpu": server.cpu() - cpu, "peak_mb": server.peak_mb()}
            rows.append(row)
            server.settle()  # a rebuild still running after the page shows is not the next save's cost
    finally:
        server.stop()
    return rows


def measure_serve(plugin: Path, plain: Path, edits: int, rows: dict[str, list[dict]]) -> None:
    """Fill rows[case] and rows["plain " + case] for every serve case, plain first."""
    for case in SERVE_CASES:
        rows[f"plain {case}"] = time_saves(plain, case, edits, plain=True)
        rows[case] = time_saves(plugin, case, edits, plain=False)
