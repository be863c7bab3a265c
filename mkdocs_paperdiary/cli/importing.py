"""`paperdiary import`: inferred metadata written into the front matter of legacy notes, or
(`--bibtex`) one stub note for each entry of a reference manager's library not yet in the diary."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.authoring.bibtex import read_bibtex
from mkdocs_paperdiary.authoring.diarylist import DiaryList
from mkdocs_paperdiary.authoring.importer import ImportPlan, apply, plan_import
from mkdocs_paperdiary.authoring.stubs import StubPlan, plan_stubs
from mkdocs_paperdiary.cli.common import (
    UsageError,
    count,
    diagnostic_line,
    load_diary_list,
    read_date,
    short,
    shown,
    table,
    topic_folder,
)
from mkdocs_paperdiary.cli.project import Project, ProjectError, load_project


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    if args.bibtex:
        return _run_bibtex(args, project, out)
    if args.topic or args.new_topic or args.date:
        raise UsageError("--topic, --new-topic and --date go with --bibtex")
    diary, matches = load_diary_list(args.diary_list, project) if args.diary_list else (None, None)
    try:
        plan = plan_import(
            project.index,
            lambda source: project.path(source).read_bytes(),
            project.settings.dates,
            diary,
            matches,
            args.prefer,
        )
    except OSError as error:
        raise ProjectError(f"cannot read {error.filename}: {error.strerror}") from None
    if args.dry_run:
        out.writelines(update.diff() for update in plan.updates)
        _import_report(plan, diary, args, err)
        return 0
    try:
        apply(plan, project.path)
    except OSError as error:
        raise ProjectError(f"cannot write {error.filename}: {error.strerror}") from None
    _import_report(plan, diary, args, out)
    return 0


def _import_report(plan: ImportPlan, diary: DiaryList | None, args: argparse.Namespace, out: TextIO) -> None:
    def say(*lines: str) -> None:
        for line in lines:
            print(line, file=out)

    if diary is not None:
        say(f"{diary.source}: diary list with {count(len(diary.entries), 'entry', 'entries')}.")
    if plan.updates:
        say(f"{'Would add' if args.dry_run else 'Added'} front matter to {count(len(plan.updates), 'note')}:")
        say(table([("  " + u.source, ", ".join(u.added)) for u in plan.updates]))
    else:
        say("Nothing to import: every note already has the metadata we can infer.")
    if plan.complete:
        say(f"{count(len(plan.complete), 'note')} already complete.")
    if plan.conflicts:
        rows: list[tuple[str, ...]] = [("  path", "note", "list", "kept")]
        rows += [
            ("  " + c.source, c.note.iso(), c.listed.iso(), c.kept + (" (front matter)" if c.locked else ""))
            for c in plan.conflicts
        ]
        say(
            "",
            f"Date conflicts between notes and the list ({len(plan.conflicts)}); --prefer {args.prefer}:",
            table(rows),
        )
    source = diary.source if diary is not None else ""
    if plan.by_title:
        rows = [
            (
                f"  {source}:{m.entry.line}",
                f"[{short(m.entry.title)}]({short(m.entry.target)})",
                f"-> {m.paper.source}",
            )
            for m in plan.by_title
        ]
        say("", f"Links in the list that do not lead to their note, matched by title ({len(rows)}):", table(rows))
    if plan.without_note:
        rows = [(f"  {source}:{e.line}", short(e.title, 70)) for e in plan.without_note]
        say("", f"Listed without a note ({len(rows)}):", table(rows))
    if diary is not None and plan.not_listed:
        say("", f"Notes not in the list ({len(plan.not_listed)}):", *(f"  {p.source}" for p in plan.not_listed))
    problems = [*plan.list_problems, *plan.skipped]
    if problems:
        say("", f"Left as they are ({len(problems)}):", *(f"  {diagnostic_line(d)}" for d in problems))
    if args.dry_run:
        say("", "Dry run: nothing was written.")


# ---- --bibtex ------------------------------------------------------------------------------


def _run_bibtex(args: argparse.Namespace, project: Project, out: TextIO) -> int:
    if args.diary_list:
        raise UsageError("--bibtex and --diary-list are two imports; run them one after the other")
    path = Path(args.bibtex)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"cannot read '{args.bibtex}': {error.strerror}") from None
    except UnicodeDecodeError:
        raise UsageError(f"'{args.bibtex}' is not UTF-8 text; export the library as UTF-8") from None
    library = read_bibtex(text, shown(path))
    folder = topic_folder(args.topic, args.new_topic, project)
    date = read_date(args.date, project)
    plan = plan_stubs(
        library,
        project.index.papers,
        folder,
        date,
        taken=lambda source: project.path(source).exists(),
        is_paper=project.settings.matches,
    )
    if not args.dry_run:
        for stub in plan.stubs:
            target = project.path(stub.source)
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                with open(target, "x", encoding="utf-8", newline="\n") as handle:
                    handle.write(stub.text)
            except OSError as error:
                raise ProjectError(f"cannot write {shown(target)}: {error.strerror}") from None
    _bibtex_report(plan, library.source, project, args.dry_run, out)
    return 0


def _bibtex_report(plan: StubPlan, source: str, project: Project, dry_run: bool, out: TextIO) -> None:
    def say(*lines: str) -> None:
        for line in lines:
            print(line, file=out)

    if plan.stubs:
        say(f"{'Would write' if dry_run else 'Wrote'} {count(len(plan.stubs), 'note')}:")
        say(
            table(
                [(f"  {shown(project.path(stub.source))}", short(stub.entry.metadata.title, 60)) for stub in plan.stubs]
            )
        )
    else:
        say(f"Nothing to write: every entry of {source} with a title is already in the diary.")
    if plan.present:
        rows = [(f"  {bib.key}", f"-> {paper.source}") for bib, paper in plan.present]
        say("", f"Already in the diary ({len(rows)}):", table(rows))
    if plan.repeated:
        rows = [(f"  {source}:{bib.line} {bib.key}", f"same paper as {first.key}") for bib, first in plan.repeated]
        say("", f"Repeated in {source} ({len(rows)}):", table(rows))
    if plan.skipped:
        say("", f"Left out ({len(plan.skipped)}):", *(f"  {diagnostic_line(d)}" for d in plan.skipped))
    if dry_run:
        say("", "Dry run: nothing was written.")
