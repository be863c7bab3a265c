"""`paperdiary describe`: ask the site's LLM (`llm:` in mkdocs.yml) for a one-sentence
description of each note that has none, and write it into the note's front matter."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.authoring.describe import SYSTEM, prompt, read_note, with_description
from mkdocs_paperdiary.cli.common import UsageError
from mkdocs_paperdiary.cli.project import Project, ProjectError, load_project
from mkdocs_paperdiary.core.files import write_atomically
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.llm import MAX_DESCRIPTION, ChatClient, LlmError, clean
from mkdocs_paperdiary.site.settings import llm_settings

NO_LLM = "describe needs an `llm:` block (base_url, model) in the paperdiary plugin's config; see https://mkdocs-paperdiary.github.io/mkdocs-paperdiary/maps/#llm-names-and-describe-optional"


def run_describe(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    settings = llm_settings(project.plugin)
    if settings is None:
        raise UsageError(NO_LLM)
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    client = ChatClient(settings)
    written = kept = 0
    for paper in _chosen(project, args.paths):
        if args.limit is not None and written == args.limit:
            break
        path = project.path(paper.source)
        try:
            note = read_note(paper.source, path.read_bytes())
        except (OSError, ValueError) as error:
            print(f"{paper.source}: {error}", file=err)
            continue
        if note.described and not args.force:
            kept += 1
            continue
        try:
            answer = clean(
                client.ask(SYSTEM, prompt(paper.title, note), max_tokens=120), MAX_DESCRIPTION, sentence=True
            )
        except LlmError as error:
            print(f"paperdiary describe: no answer from {settings.endpoint} ({error}); stopped.", file=err)
            return 1
        if not answer:
            print(f"{paper.source}: the answer held no sentence; left as it is.", file=err)
            continue
        try:
            new = with_description(note, answer, settings.model)
            if not args.dry_run:
                write_atomically(path, new)
        except ValueError as error:
            print(f"{paper.source}: {error}", file=err)
            continue
        except OSError as error:
            raise ProjectError(f"cannot write {paper.source}: {error.strerror or error}") from None
        written += 1
        print(f"{paper.source}: description: {answer}", file=out)
    verb = "would write" if args.dry_run else "wrote"
    print(f"{verb} {written} description{'s' if written != 1 else ''}; {kept} kept as written.", file=err)
    return 0


def _chosen(project: Project, paths: list[str]) -> list[Paper]:
    """The papers under the given files or folders (all of them without any), in diary order."""
    if not paths:
        return list(project.index.papers)
    wanted = [Path(path).resolve() for path in paths]
    missing = [path for path, resolved in zip(paths, wanted, strict=True) if not resolved.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {missing[0]}")
    chosen = []
    for paper in project.index.papers:
        file = project.path(paper.source).resolve()
        if any(file == path or path in file.parents for path in wanted):
            chosen.append(paper)
    return chosen
