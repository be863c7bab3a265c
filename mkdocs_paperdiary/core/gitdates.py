"""Dates from git history: the day each note was first committed, for notes dated nowhere else.

Many diarists never write a date: git knows when each note arrived. One `git log` call reads
the whole diary (every add and rename under docs_dir, newest first, followed back through
renames), and the answer is kept next to the map cache under the commit it was read at, so a
warm build only asks git which commit HEAD is.

A shallow clone (CI's default) has lost the commits that added older notes; its oldest commit
would seem to add them all. Those adds are never used, and one warning names the clone.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import Diagnostic, first_line
from mkdocs_paperdiary.core.files import write_atomically
from mkdocs_paperdiary.core.paper import ReadDate

CACHE_FILE = "git-dates.json"
CACHE_VERSION = 1
SHALLOW = (
    "docs_dir is in a shallow git clone (CI checks out one commit by default); notes added before its oldest "
    "commit get no git date. Check out full history (actions/checkout with 'fetch-depth: 0')."
)
_HEADER = "\x01"  # starts each commit's line in the log, which no status or path does


@dataclass(frozen=True)
class _Repo:
    """Where docs_dir sits in its repository, and the commit HEAD names."""

    prefix: str
    shallow: bool
    head: str


class GitHistory:
    """The day git first saw each file under docs_dir, read on the first call of `dates`.

    Nothing is asked of git until a note needs a date; then `diagnostics` holds at most one
    line: git is missing, the repository is broken, or the clone is shallow.
    """

    def __init__(self, docs_dir: Path, cache_dir: Path | None) -> None:
        self.docs_dir, self.cache_dir = docs_dir, cache_dir
        self.diagnostics: list[Diagnostic] = []
        self._dates: dict[str, ReadDate] | None = None

    def dates(self) -> Mapping[str, ReadDate]:
        if self._dates is None:
            self._dates = self._read()
        return self._dates

    def _read(self) -> dict[str, ReadDate]:
        repo = self._repo()
        if repo is None:
            return {}
        if repo.shallow:
            self.diagnostics.append(Diagnostic(None, None, SHALLOW, code="git-dates"))
        cached = self._cached(repo)
        if cached is not None:
            return cached
        log = self._git("log", "-z", "--relative", "-M", "--diff-filter=AR", "--name-status", "--date=short")
        if log is None:
            return {}
        dates = first_added(log, skip_roots=repo.shallow)
        self._save(repo, dates)
        return dates

    def _repo(self) -> _Repo | None:
        found = self._git("rev-parse", "--show-prefix", "--is-shallow-repository", "HEAD")
        lines = found.split("\n") if found is not None else []
        if len(lines) < 3:
            return None
        return _Repo(prefix=lines[0], shallow=lines[1] == "true", head=lines[2])

    def _git(self, command: str, *args: str) -> str | None:
        """Git's output, or None (with an info line, unless docs_dir is simply not in a repository)."""
        extra = ("--format=" + _HEADER + "%ad %P", "--", ".") if command == "log" else ()
        try:
            done = subprocess.run(
                ["git", "-c", "log.showSignature=false", command, *args, *extra],
                cwd=self.docs_dir,
                capture_output=True,
                check=False,
            )
        except OSError as error:  # no git on PATH
            self._info(f"git could not run ({first_line(error)}); notes dated nowhere else stay undated.")
            return None
        err = done.stderr.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            if "not a git repository" not in err and "unknown revision" not in err:
                said = err.splitlines()[0] if err else f"exit status {done.returncode}"
                self._info(f"git could not read the history of docs_dir ({said}); no git dates.")
            return None
        out = done.stdout.decode("utf-8", "replace")  # a name that is not UTF-8 names no note MkDocs read
        return out if command == "log" else out.strip("\n")

    def _info(self, message: str) -> None:
        self.diagnostics.append(Diagnostic(None, None, message, level="info", code="git-dates"))

    def _cache_file(self) -> Path | None:
        return self.cache_dir / CACHE_FILE if self.cache_dir is not None else None

    def _cached(self, repo: _Repo) -> dict[str, ReadDate] | None:
        path = self._cache_file()
        try:
            saved = json.loads(path.read_text("utf-8")) if path is not None else None
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("key") != [CACHE_VERSION, repo.head, repo.prefix]:
            return None
        return {source: _day(day) for source, day in saved["dates"].items()}

    def _save(self, repo: _Repo, dates: Mapping[str, ReadDate]) -> None:
        path = self._cache_file()
        if path is None:
            return
        data = {"key": [CACHE_VERSION, repo.head, repo.prefix], "dates": {k: v.iso() for k, v in dates.items()}}
        with contextlib.suppress(OSError):  # a cache that cannot be written costs a git call next time
            write_atomically(path, json.dumps(data, ensure_ascii=False).encode())


def first_added(log: str, skip_roots: bool = False) -> dict[str, ReadDate]:
    """Each path's first add in `git log -z --name-status` output (newest first), through renames.

    Walking back in time, a rename sends the new name's history on to the old name; an add ends
    it. `skip_roots` leaves out commits without parents: in a shallow clone, they add everything.
    """
    dates: dict[str, ReadDate] = {}
    later: dict[str, str] = {}  # an older name -> the name the file has now
    tokens = iter(log.split("\0"))
    day: ReadDate | None = None
    for token in tokens:
        token = token.strip("\n")
        if token.startswith(_HEADER):
            stamp, *parents = token[1:].split(" ")
            day = None if skip_roots and not any(parents) else _day(stamp)
        elif token.startswith("R"):
            old, new = next(tokens, ""), next(tokens, "")
            now = later.pop(new, new)
            if now not in dates:
                later[old] = now
        elif token == "A":
            now = later.pop(path := next(tokens, ""), path)
            if day is not None and now not in dates:
                dates[now] = day
    return dates


def _day(stamp: str) -> ReadDate:
    year, month, day = stamp.split("-")
    return ReadDate(int(year), int(month), int(day))
