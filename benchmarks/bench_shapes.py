"""Benchmark for issue 29: inference at 600 notes against a baseline, and git dates over a long history.

  inference  - `build_index` over a 600-note realistic diary (benchmarks/realistic.py) plus the
               new shapes (tests/shaped_diaries.py), read once and decoded; the same files are
               read by this checkout and by the baseline's package (`git archive` of --baseline,
               default `main`) in alternating subprocesses, so both see the same machine load.
  git cold   - the git dates of 600 notes over a 10,000-commit history (made with `git
               fast-import`: adds, renames, edits and commits outside docs_dir), no cache.
  git warm   - the same with the cache the cold run wrote (what every later build pays).

Inference is timed in CPU seconds (the machine may be shared), git in wall seconds (git runs in
its own process). Each time is the median of --repeat runs. Targets: inference at most 10% slower than the
baseline, git dates at most 0.5 s cold.

    .venv/bin/python benchmarks/bench_shapes.py
    .venv/bin/python benchmarks/bench_shapes.py --baseline HEAD~5 --repeat 9
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from realistic import write_real_diary

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from shaped_diaries import jekyll_keys_diary, named_cjk_diary, venue_line_diary  # noqa: E402

# Run in a subprocess with the package under test first on sys.path: prints the CPU seconds
# `build_index` took over the docs folder, once per run (CPU time: the machine may be shared).
TIMER = """
import json, sys, time
from pathlib import Path
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, build_index
docs, runs = Path(sys.argv[1]), int(sys.argv[2])
files = sorted(p for p in docs.rglob("*") if p.is_file())
sources = [decode_source(p.relative_to(docs).as_posix(), p.read_bytes()) for p in files]
settings = IndexSettings(include=("*/**/*.md", "*/**/*.markdown", "*/**/*.mdown"))
times = []
for _ in range(runs):
    start = time.process_time()
    index = build_index(sources, settings)
    times.append(time.process_time() - start)
print(json.dumps({"times": times, "papers": len(index)}))
"""


def write_docs(root: Path, papers: int) -> Path:
    """A realistic diary with most notes, and a share of each new shape (about 600 notes in all)."""
    shaped = {**jekyll_keys_diary(40).files, **venue_line_diary(40).files, **named_cjk_diary(40).files}
    write_real_diary(root, papers - len(shaped), plugin=False)
    for name, text in shaped.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "docs"


def baseline_package(ref: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", ref, "mkdocs_paperdiary"], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def time_index(package_root: Path, docs: Path, runs: int) -> tuple[list[float], int]:
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    done = subprocess.run(
        [sys.executable, "-c", TIMER, str(docs), str(runs)], env=env, check=True, capture_output=True, text=True
    )
    found = json.loads(done.stdout)
    return found["times"], found["papers"]


def write_history(repo: Path, notes: int, commits: int) -> Path:
    """A repository whose docs/ gained `notes` notes over `commits` commits, with renames and edits."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    stream: list[bytes] = []
    names: list[str] = []
    every = commits // notes
    for number in range(commits):
        if number % every == 0 and len(names) < notes:
            names.append(f"docs/topic_{len(names) % 12:02d}/note {len(names):04d}.md")
            change = _inline(names[-1], f"# Note {len(names)}\n\nText of note {len(names)}.\n")
        elif number % 97 == 0 and names:
            old = names[number % len(names)]
            names[number % len(names)] = old.replace(".md", " (renamed).md")
            change = f'R "{old}" "{names[number % len(names)]}"\n'.encode()
        elif number % 3 == 0:
            change = _inline("src/build.txt", f"build {number}\n")
        else:
            name = names[number % len(names)]
            change = _inline(name, f"# Note\n\nEdited in commit {number}.\n")
        stamp = 1_500_000_000 + number * 3600
        message = f"commit {number}\n".encode()
        stream += [
            b"commit refs/heads/main\n",
            f"committer Diarist <d@example.org> {stamp} +0000\n".encode(),
            f"data {len(message)}\n".encode() + message,
            change,
            b"\n",
        ]
    subprocess.run(["git", "fast-import", "--quiet"], cwd=repo, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=repo, check=True)
    return repo / "docs"


def _inline(path: str, text: str) -> bytes:
    data = text.encode()
    return f'M 100644 inline "{path}"\ndata {len(data)}\n'.encode() + data + b"\n"


def time_git(docs: Path, cache: Path, repeat: int) -> tuple[list[float], list[float], int]:
    from mkdocs_paperdiary.core.gitdates import CACHE_FILE, GitHistory

    cold, warm = [], []
    for _ in range(repeat):
        (cache / CACHE_FILE).unlink(missing_ok=True)
        start = time.perf_counter()
        dated = len(GitHistory(docs, cache).dates())
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        GitHistory(docs, cache).dates()
        warm.append(time.perf_counter() - start)
    return cold, warm, dated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=600)
    parser.add_argument("--commits", type=int, default=10_000)
    parser.add_argument("--baseline", default="main", help="the git ref whose package is the baseline")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        docs = write_docs(tmp / "diary", args.papers)
        base = baseline_package(args.baseline, tmp / "baseline")
        now_times: list[float] = []
        base_times: list[float] = []
        for _ in range(args.repeat):  # alternate, so both see the same load
            times, papers = time_index(ROOT, docs, 3)
            now_times += times
            times, base_papers = time_index(base, docs, 3)
            base_times += times
        history = write_history(tmp / "repo", args.papers, args.commits)
        cold, warm, dated = time_git(history, tmp / "cache", args.repeat)
    now, before = statistics.median(now_times), statistics.median(base_times)
    rows = [
        ("step", args.baseline, "this checkout", "ratio", "target"),
        (
            f"inference, {papers} notes ({base_papers} before)",
            f"{before:.3f} s",
            f"{now:.3f} s",
            f"{now / before:.2f}",
            "<= 1.10",
        ),
        (
            f"git dates cold, {dated} notes, {args.commits:,} commits",
            "-",
            f"{statistics.median(cold):.3f} s",
            "",
            "<= 0.5 s",
        ),
        ("git dates warm (cache by HEAD)", "-", f"{statistics.median(warm):.4f} s", "", "~0 s"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
