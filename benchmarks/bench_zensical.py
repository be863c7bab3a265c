"""The diary on Zensical against the MkDocs plugin, on one realistic diary, in one run.

    python benchmarks/bench_zensical.py [--papers 600] [--repeat 3]

Builds (warm: the map cache filled by a first build; medians of `--repeat`):
  mkdocs       - `mkdocs build` with the plugin (the baseline)
  zensical     - `paperdiary build --engine zensical`: staging plus `zensical build`
Serve, on a real `paperdiary serve --engine zensical`, against plain `zensical serve` of the same
staged tree, where a save goes straight to a staged file (Zensical's own time for that save):
  body edit    - a paragraph added to a note, seen on its page
  new note     - a new note's page served; then the diary, topics and map showing it
Each save's staged files written are counted from the server's log.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
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

sys.path.insert(0, str(Path(__file__).parent))
from realistic import add_real_paper, write_real_diary

NEVER_S = 60.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return time.perf_counter() - start


def builds(root: Path, repeat: int) -> dict[str, float]:
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site-mkdocs")]
    zensical = [sys.executable, "-m", "mkdocs_paperdiary", "build", "--engine", "zensical"]
    timed(mkdocs, root)  # fills the map cache; both engines read it after this
    timed(zensical, root)
    times: dict[str, list[float]] = {"mkdocs": [], "zensical": []}
    for _ in range(repeat):  # alternate, so a busy moment slows both
        times["mkdocs"].append(timed(mkdocs, root))
        times["zensical"].append(timed(zensical, root))
    return {name: statistics.median(values) for name, values in times.items()}


class Server:
    def __init__(self, command: list[str], cwd: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - written by the server until stop()
        self.process = subprocess.Popen(
            [*command, "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=cwd,
            env=ENV,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""

    def until(self, shown: Callable[[], bool], start: float) -> float:
        while not shown():
            if time.perf_counter() - start > NEVER_S:
                return float("inf")
            time.sleep(0.02)
        return time.perf_counter() - start

    def staged_counts(self) -> list[int]:
        self.log.seek(0)
        return [int(n) for n in re.findall(rb"staged (\d+) changed", self.log.read())]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def page_of(path: Path, docs: Path) -> str:
    return path.relative_to(docs).with_suffix("").as_posix() + "/"


def serve_case(server: Server, docs: Path, plain: bool) -> dict[str, float]:
    """Times for a body edit and a new note; `plain` saves into the staged tree itself."""
    note = sorted(docs.rglob("*-*.md"))[5]
    last = sorted(docs.rglob("*-*.md"))[-1]
    # the first build done: the note to edit and the last page are served, then a quiet moment
    server.until(
        lambda: server.get(page_of(note, docs))[0] == 200 and server.get(page_of(last, docs))[0] == 200,
        time.perf_counter(),
    )
    time.sleep(5)
    marker = f"edited at {time.time_ns()}"
    start = time.perf_counter()
    note.write_text(note.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
    edit = server.until(lambda: marker in server.get(page_of(note, docs))[1], start)
    time.sleep(2)
    start = time.perf_counter()
    if plain:  # what staging would write for a new note: its page only (no diary for plain Zensical)
        new = docs / "new-paper" / "fresh.md"
        new.parent.mkdir(exist_ok=True)
        new.write_text("# A fresh paper\n\nRead today.\n", encoding="utf-8")
    else:
        new = add_real_paper(docs.parent)
    served = server.until(lambda: server.get(page_of(new, docs))[0] == 200, start)
    title = "" if plain else new.read_text(encoding="utf-8").split("title: ", 1)[-1].split("\n", 1)[0].strip("'\"")
    everywhere = float("nan")
    if not plain:
        everywhere = server.until(
            lambda: all(title in server.get(page)[1] for page in ("diary/", "topics/", "map/")), start
        )
    return {"body edit": edit, "new note served": served, "new note everywhere": everywhere}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_real_diary(root, args.papers)
        built = builds(root, args.repeat)
        stage = root / ".cache" / "plugin" / "paperdiary" / "stage"
        ours = Server([sys.executable, "-m", "mkdocs_paperdiary", "serve", "--engine", "zensical"], root)
        try:
            served = serve_case(ours, root / "docs", plain=False)
            counts = ours.staged_counts()
        finally:
            ours.stop()
        plain_root = root / "plain"
        # the staged tree, served by Zensical alone
        shutil.copytree(stage, plain_root, ignore=shutil.ignore_patterns("site", ".cache"))
        derived = plain_root / "mkdocs.yml"
        text = derived.read_text(encoding="utf-8")
        derived.write_text(re.sub(r"(?m)^INHERIT: .*$", "INHERIT: ../mkdocs.yml", text), encoding="utf-8")
        plain = Server([sys.executable, "-m", "zensical", "serve", "-f", "mkdocs.yml"], plain_root)
        try:
            alone = serve_case(plain, plain_root / "docs", plain=True)
        finally:
            plain.stop()
    print(f"\n{args.papers} realistic notes, warm builds (median of {args.repeat}), this machine, one run")
    print(f"{'build':<36}{'s':>8}{'x mkdocs':>10}")
    for name, seconds in built.items():
        print(f"{name:<36}{seconds:>8.2f}{seconds / built['mkdocs']:>10.2f}")
    print(f"\n{'serve (seconds to visible)':<28}{'paperdiary':>12}{'zensical alone':>16}{'+s':>8}")
    for case, seconds in served.items():
        base = alone[case]
        extra = f"{seconds - base:>8.2f}" if base == base else f"{'':>8}"  # nan: no such page alone
        print(f"{case:<28}{seconds:>12.2f}{base:>16.2f}{extra}")
    print(f"\nstaged files written per staging (first, then each save): {counts}")


if __name__ == "__main__":
    main()
