"""`paperdiary import`: inferred metadata written into the front matter of legacy notes."""

from __future__ import annotations

import argparse
from typing import TextIO

from mkdocs_paperdiary.authoring.diarylist import DiaryList
from mkdocs_paperdiary.authoring.importer import ImportPlan, apply, plan_import
from mkdocs_paperdiary.cli.common import count, diagnostic_line, load_diary_list, short, table
from mkdocs_paperdiary.cli.project import ProjectError, load_project


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    diary, matches = load_diary_list(args.diary_list, project)
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
        rows = [("  path", "note", "list", "kept")]
        rows += [
            ("  " + c.source, c.note.iso(), c.listed.iso(), c.kept + (" (front matter)" if c.locked else ""))
            for c in plan.conflicts
        ]
        say(
            "",
            f"Date conflicts between notes and the list ({len(plan.conflicts)}); --prefer {args.prefer}:",
            table(rows),
        )
    if plan.by_title:
        rows = [
            (
                f"  {diary.source}:{m.entry.line}",
                f"[{short(m.entry.title)}]({short(m.entry.target)})",
                f"-> {m.paper.source}",
            )
            for m in plan.by_title
        ]
        say("", f"Links in the list that do not lead to their note, matched by title ({len(rows)}):", table(rows))
    if plan.without_note:
        rows = [(f"  {diary.source}:{e.line}", short(e.title, 70)) for e in plan.without_note]
        say("", f"Listed without a note ({len(rows)}):", table(rows))
    if diary is not None and plan.not_listed:
        say("", f"Notes not in the list ({len(plan.not_listed)}):", *(f"  {p.source}" for p in plan.not_listed))
    problems = [*plan.list_problems, *plan.skipped]
    if problems:
        say("", f"Left as they are ({len(problems)}):", *(f"  {diagnostic_line(d)}" for d in problems))
    if args.dry_run:
        say("", "Dry run: nothing was written.")
