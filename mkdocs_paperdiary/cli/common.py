"""What the commands share: the usage error, the diary-list loader and plain-text output helpers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mkdocs_paperdiary.authoring.diarylist import DiaryList, ListMatches, match_list, parse_diary_list
from mkdocs_paperdiary.cli.project import Project
from mkdocs_paperdiary.core.diagnostics import Diagnostic


class UsageError(Exception):
    """A bad argument the parser could not catch; one line for the user, exit status 2."""


def load_diary_list(page: str | None, project: Project) -> tuple[DiaryList | None, ListMatches | None]:
    if not page:
        return None, None
    diary = parse_diary_list(project.sources[project.page_source(page)])
    return diary, match_list(diary, project.index)


def diagnostic_line(problem: Diagnostic) -> str:
    where = problem.location()
    return f"{where}: {problem.level}: {problem.message}" if where else f"{problem.level}: {problem.message}"


def table(rows: Sequence[Sequence[str]]) -> str:
    """Plain columns padded to line up; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows)


def short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def shown(path: Path) -> str:
    """A path relative to the working directory when it is under it (what users type back)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
