"""What the commands share: the usage error, the diary-list loader and plain-text output helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from mkdocs_paperdiary.authoring.diarylist import DiaryList, ListMatches, match_list, parse_diary_list
from mkdocs_paperdiary.authoring.newentry import choose_topic, valid_folder_name
from mkdocs_paperdiary.cli.project import Project
from mkdocs_paperdiary.core.dates import DateError, parse_read_date
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import ReadDate


class UsageError(Exception):
    """A bad argument the parser could not catch; one line for the user, exit status 2."""


def load_diary_list(page: str, project: Project) -> tuple[DiaryList, ListMatches]:
    diary = parse_diary_list(project.sources[project.page_source(page)])
    return diary, match_list(diary, project.index)


def topic_folder(topic: str | None, new_topic: bool, project: Project) -> str:
    """The folder `--topic` names (`--new-topic` creates it); '' for none."""
    if not topic:
        if new_topic:
            raise UsageError("--new-topic needs --topic NAME")
        return ""
    folders = project.topic_folders()
    choice = choose_topic(topic, folders)
    if choice.folder is not None:
        return choice.folder
    if new_topic:
        name = topic.strip()
        if not valid_folder_name(name):
            raise UsageError(f"'{topic}' cannot be a folder name (one name, no slashes, not starting with '.')")
        return name
    if choice.suggestion:
        raise UsageError(f"no topic '{topic}'; did you mean '{choice.suggestion}'?")
    known = ", ".join(folders) if folders else "none yet"
    raise UsageError(f"no topic '{topic}' (topics: {known}); add --new-topic to create it")


def read_date(text: str | None, project: Project) -> ReadDate:
    """`--date` as the diary reads dates; today when not given."""
    if not text:
        return ReadDate.from_date(dt.date.today())
    try:
        return parse_read_date(text, project.settings.dates)
    except DateError as error:
        raise UsageError(f"--date: {error}") from None


def diagnostic_line(problem: Diagnostic) -> str:
    where = problem.location()
    return f"{where}: {problem.level}: {problem.message}" if where else f"{problem.level}: {problem.message}"


def table(rows: Sequence[Sequence[str]]) -> str:
    """Plain columns padded to line up; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]).rstrip() for row in rows
    )


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
