"""A build killed while writing the map cache: the next build accepts what is there or rebuilds
it with a warning naming the file, and a third build is clean under --strict.

The build runs as a real `mkdocs build` in a subprocess that SIGKILLs itself at a chosen write:
no `finally`, no atexit, as when a laptop lid closes or CI cancels a job."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitebuilder import PAPERS, build_site, seeded_cache, write_site

pytestmark = pytest.mark.slow

# Runs `mkdocs build`, killing the process at the Nth cache write, either just before the
# temporary file is renamed (what the code does), or after writing half the bytes straight to
# the final name (what a writer without a rename, or a disk losing unflushed data, leaves).
CRASHING_BUILD = """
import os, runpy, signal, sys
from mkdocs_paperdiary.maps import cache

kill_at, mode = int(os.environ["KILL_AT"]), os.environ["KILL_MODE"]
writes = 0
real_write, real_replace = cache.write_atomically, os.replace


def die():
    os.kill(os.getpid(), signal.SIGKILL)


def replace_then_maybe_die(src, dst, *args, **kwargs):
    if writes == kill_at and mode == "before-rename":
        die()
    return real_replace(src, dst, *args, **kwargs)


def counting_write(path, data):
    global writes
    if "maps-v1" not in str(path):  # the model's one-time ONNX export: not a map cache file
        return real_write(path, data)
    writes += 1
    if writes == kill_at and mode == "torn":
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data[: len(data) // 2])
        die()
    return real_write(path, data)


cache.write_atomically = counting_write
cache.os.replace = replace_then_maybe_die
sys.argv = ["mkdocs", "build", "-f", sys.argv[1]]
runpy.run_module("mkdocs", run_name="__main__")
"""


def crash_build(root: Path, kill_at: int, mode: str) -> None:
    script = root / "crashing_build.py"
    script.write_text(CRASHING_BUILD, encoding="utf-8")
    env = {**os.environ, "KILL_AT": str(kill_at), "KILL_MODE": mode}
    done = subprocess.run(
        [sys.executable, str(script), str(root / "mkdocs.yml")], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == -9, done.stderr[-2000:]  # it really died at that write


def site(tmp_path: Path, exported: Path) -> tuple[Path, Path]:
    """A diary of six papers, and its cache: empty but for the model, exported once per run
    (the crash is in the map cache's writes, after the export)."""
    root, cache = tmp_path / "site", seeded_cache(tmp_path / "cache", exported)
    files = {"index.md": "# Home\n", **dict(list(PAPERS.items())[:6])}
    write_site(root, files, {"plugins": [{"paperdiary": {"cache_dir": str(cache)}}]})
    return root, cache


# A cold build writes the embeddings first (write 1), then the finished map (write 2); the model's
# ONNX export, written before both, is not counted.
FOLDERS = {1: "embeddings", 2: "results"}


def test_killed_before_the_rename_the_next_build_is_clean(tmp_path: Path, paperdiary_cache: Path) -> None:
    root, cache = site(tmp_path, paperdiary_cache)
    crash_build(root, 2, "before-rename")
    leftovers = list(cache.rglob(".*.tmp"))
    assert len(leftovers) == 1  # the whole new file, under a temporary name only
    old = time.time() - 2 * 3600
    os.utime(leftovers[0], (old, old))  # as found the next morning

    again = build_site(root, None, strict=True)
    assert again.ok, again.error
    assert again.warnings() == []
    assert len(again.index()["papers"]) == 6
    assert not leftovers[0].exists()  # the killed build's temporary file is cleared away


@pytest.mark.parametrize("kill_at", [1, 2], ids=FOLDERS.values())
def test_a_torn_cache_file_is_rebuilt_with_a_warning(tmp_path: Path, paperdiary_cache: Path, kill_at: int) -> None:
    root, cache = site(tmp_path, paperdiary_cache)
    crash_build(root, kill_at, "torn")
    written = [p for p in cache.rglob("maps-v1/*/*") if not p.name.startswith(".")]
    assert len(written) == kill_at  # the earlier write whole, this one half written
    torn = next((cache / "maps-v1" / FOLDERS[kill_at]).iterdir())

    again = build_site(root, None)
    assert again.ok, again.error
    assert again.warnings() == [
        f"{torn}: Ignoring the unreadable map cache file ({reason}); it will be rebuilt."
        for reason in [w.split("(", 1)[1].rsplit(")", 1)[0] for w in again.warnings()]
    ]
    assert len(again.warnings()) == 1
    third = build_site(root, None, strict=True)  # the rewritten cache is trusted again
    assert third.ok and third.warnings() == []
    assert third.index()["papers"] == again.index()["papers"]
