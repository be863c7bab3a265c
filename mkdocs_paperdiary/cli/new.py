"""`paperdiary new`: a summary file with front matter and the usual headings."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TextIO

from mkdocs_paperdiary.authoring.newentry import choose_topic, entry_markdown, file_stem, valid_folder_name
from mkdocs_paperdiary.cli.common import UsageError, shown
from mkdocs_paperdiary.cli.project import Project, load_project
from mkdocs_paperdiary.core.dates import DateError, parse_read_date
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.core.urls import safe_url


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    title = args.title.strip()
    if not title:
        raise UsageError("the title is empty")
    date = _date_argument(args.date, project) if args.date else ReadDate.from_date(dt.date.today())
    if args.url and safe_url(args.url) is None:
        raise UsageError(f"--url must be an http(s) link, got '{args.url}'")
    tags = [tag.strip() for tag in (args.tags or "").split(",") if tag.strip()]
    folder = _topic_folder(args, project)
    source = f"{folder}/{file_stem(title)}.md" if folder else f"{file_stem(title)}.md"
    path = project.path(source)
    if path.exists():
        print(f"{shown(path)} already exists; not overwriting it (choose another title or edit that file).", file=err)
        return 1
    text = entry_markdown(title, date, url=args.url, tags=tags, paper=not project.settings.matches(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"{shown(path)} already exists; not overwriting it.", file=err)
        return 1
    clash = project.index.by_key.get(path.stem)
    if clash is not None:
        print(f"note: {clash.source} has the same file name; both papers are keyed by folder and name.", file=err)
    print(shown(path), file=out)
    return 0


def _topic_folder(args: argparse.Namespace, project: Project) -> str:
    if not args.topic:
        if args.new_topic:
            raise UsageError("--new-topic needs --topic NAME")
        return ""
    folders = project.topic_folders()
    choice = choose_topic(args.topic, folders)
    if choice.folder is not None:
        return choice.folder
    if args.new_topic:
        name = args.topic.strip()
        if not valid_folder_name(name):
            raise UsageError(f"'{args.topic}' cannot be a folder name (one name, no slashes, not starting with '.')")
        return name
    if choice.suggestion:
        raise UsageError(f"no topic '{args.topic}'; did you mean '{choice.suggestion}'?")
    known = ", ".join(folders) if folders else "none yet"
    raise UsageError(f"no topic '{args.topic}' (topics: {known}); add --new-topic to create it")


def _date_argument(text: str, project: Project) -> ReadDate:
    try:
        return parse_read_date(text, project.settings.dates)
    except DateError as error:
        raise UsageError(f"--date: {error}") from None
