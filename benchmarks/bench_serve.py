"""The writing loop, timed on a real `mkdocs serve`: a note saved until the change is visible.

Each case starts `mkdocs serve` (with `--dirty` or without) on the plugin's copy of a real-N diary
and on the plain copy, waits until the first build is served and the server is idle, then saves
one note at a time and polls the page where the diarist looks until the change shows:

  serve        - a body edit (a paragraph added at the end), default serve (every page rebuilt), seen on the note's page
  serve-dirty  - the same under `--dirty`
  dirty desc   - a front-matter description changed, seen in the diary (plain: the note's <head>)
  dirty cite   - a new `[[citation]]`, seen in the cited paper's "Cited in" (plain: the citing note)

The plain site gets the same saves; its page is the edited note, since it has no diary or backlinks.

Run on its own, it times the saves that change the nav, under `--dirty` (see `NAV_CASES`), each
beside plain MkDocs' dirty save of the same change and its full rebuild (`mkdocs serve` without
`--dirty`, a body edit), with two times per save: the page served, and the whole site exact (the
plugin's catch-up build done; plain MkDocs' dirty save leaves every other page's nav stale):

    .venv/bin/python benchmarks/bench_serve.py --notes 600 --edits 2
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from realistic import add_real_paper, new_paper_path, write_real_diary

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

    def text(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

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
    _, front, body = note.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)  # the value may span lines, hold quotes or a colon: edit it as YAML
    meta["description"] = f"{marker} {meta['description']}"
    text = f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{body}"
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


# ---- the saves that change the nav: time to the page served, and to the whole site exact ----

NAV_CASES = ("new note", "deleted note", "retitle")
RELOADED = "Reloading browsers"
CATCH_UP = "more follow in a moment"  # the plugin's line when other pages' nav waits for its catch-up


def new_note(root: Path, number: int) -> tuple[Callable[[], object], str, Callable[[str], bool]]:
    """A paper read today: its page, new, is served."""
    number += 80_000
    return (
        lambda: add_real_paper(root, number=number, seed=number),
        url(root, new_paper_path(root, number)),
        lambda html: "</html>" in html,
    )


def deleted_note(root: Path, number: int) -> tuple[Callable[[], object], str, Callable[[str], bool]]:
    """A note deleted: its page is gone (404)."""
    note = notes(root)[number * 13 % len(notes(root))]
    return note.unlink, url(root, note), lambda html: html == ""


def retitle(root: Path, number: int) -> tuple[Callable[[], object], str, Callable[[str], bool]]:
    """A note's title changed (its heading, and its front matter's when it has one), seen on its page."""
    note = notes(root)[number * 17 % len(notes(root))]
    text = note.read_text(encoding="utf-8")
    old = next(line[2:] for line in text.splitlines() if line.startswith("# "))
    marker = f"Retitled{number}"
    new = text.replace(f"# {old}\n", f"# {marker} {old}\n", 1).replace(f"title: {old}\n", f"title: {marker} {old}\n", 1)
    return lambda: note.write_text(new, encoding="utf-8"), url(root, note), lambda html: marker in html


NAV_SAVES = {"new note": new_note, "deleted note": deleted_note, "retitle": retitle}


def time_nav_saves(config: Path, case: str, edits: int) -> list[dict]:
    """`edits` saves of `case` under `mkdocs serve --dirty`: seconds to the page served, and to
    the whole site exact (inf for a server that leaves other pages' nav stale)."""
    root = config.parent
    server = Served(config, "--dirty")
    rows = []
    try:
        server.settle()
        for number in range(edits):
            change, page, shown = NAV_SAVES[case](root, 10 * (1 + NAV_CASES.index(case)) + number)
            log_before, start = server.text(), time.perf_counter()
            reloads = log_before.count(RELOADED)
            change()
            served = server.wait(page, shown, limit=NEVER_S)
            while server.text().count(RELOADED) == reloads and time.perf_counter() - start < NEVER_S:
                time.sleep(0.02)  # the save's build ends
            after = server.text()[len(log_before) :]
            exact = float("inf")
            if CATCH_UP in after:  # the plugin's catch-up: the build after the save's
                while server.text().count(RELOADED) < reloads + 2 and time.perf_counter() - start < NEVER_S:
                    time.sleep(0.02)
                if server.text().count(RELOADED) >= reloads + 2:
                    exact = time.perf_counter() - start
            elif "paperdiary" in config.read_text(encoding="utf-8"):
                exact = time.perf_counter() - start  # one build did it all
            rows.append({"served": served, "exact": exact, "peak_mb": server.peak_mb()})
            server.settle()
    finally:
        server.stop()
    return rows


def measure_nav(plugin: Path, plain: Path, edits: int) -> list[dict]:
    """One row per nav case, plugin beside plain, with plain's full rebuild (non-dirty serve) as the bar for exact."""
    full = statistics.median(r["seconds"] for r in time_saves(plain, "serve", edits, plain=True))
    dirty = statistics.median(r["seconds"] for r in time_saves(plain, "serve-dirty", edits, plain=True))
    body = statistics.median(r["seconds"] for r in time_saves(plugin, "serve-dirty", edits, plain=False))
    table = [
        {"case": "body edit", "served": body, "plain_served": dirty, "exact": body, "plain_full": full, "peak_mb": 0.0}
    ]
    for case in NAV_CASES:
        plain_rows, plugin_rows = time_nav_saves(plain, case, edits), time_nav_saves(plugin, case, edits)
        table.append(
            {
                "case": case,
                "served": statistics.median(r["served"] for r in plugin_rows),
                "plain_served": statistics.median(r["served"] for r in plain_rows),
                "exact": statistics.median(r["exact"] for r in plugin_rows),
                "plain_full": full,
                "peak_mb": max(r["peak_mb"] for r in plugin_rows),
            }
        )
    return table


def print_nav(notes_count: int, table: list[dict]) -> None:
    header = (
        f"{'save (--dirty), ' + str(notes_count) + ' notes':<30} {'served s':>9} {'plain dirty':>12} {'+s':>6}"
        f" {'exact s':>8} {'plain full':>11} {'x full':>7} {'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in table:
        plain = f"{r['plain_served']:>12.2f}" if r["plain_served"] < NEVER_S else f"{'stale':>12}"
        extra = f"{r['served'] - r['plain_served']:>6.2f}" if r["plain_served"] < NEVER_S else f"{'-':>6}"
        print(
            f"{r['case']:<30} {r['served']:>9.2f} {plain} {extra} {r['exact']:>8.2f} {r['plain_full']:>11.2f}"
            f" {r['exact'] / r['plain_full']:>7.2f} {r['peak_mb']:>8.0f}"
        )
    print(
        "(plain dirty: plain MkDocs' --dirty save, which leaves every other page's nav stale; plain full: its full rebuild)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=600, help="real-content notes in the diary")
    parser.add_argument("--edits", type=int, default=2, help="saves per case")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paperdiary-bench-") as tmp:
        plugin = write_real_diary(Path(tmp) / "plugin", args.notes)
        plain = write_real_diary(Path(tmp) / "plain", args.notes, plugin=False)
        print_nav(args.notes, measure_nav(plugin, plain, args.edits))


if __name__ == "__main__":
    main()
