"""The `paperdiary` command: new summaries, importing legacy notes, checking and exporting a diary.

Every command reads the site the way `mkdocs build` does (see `project.py`). User mistakes are
one line on stderr with exit status 2; problems found in the diary make `check` exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.authoring.diarylist import DiaryList, ListMatches, list_diagnostics, match_list, parse_diary_list
from mkdocs_paperdiary.authoring.importer import ImportPlan, apply, plan_import, write_atomically
from mkdocs_paperdiary.authoring.newentry import choose_topic, entry_markdown, file_stem, valid_folder_name
from mkdocs_paperdiary.cli import init, model
from mkdocs_paperdiary.cli.project import Project, ProjectError, load_project
from mkdocs_paperdiary.core.dates import DateError, parse_read_date
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.links.analysis import analyse_links
from mkdocs_paperdiary.pages.export import FORMATS

PROG = "paperdiary"


class UsageError(Exception):
    """A bad argument the parser could not catch; one line for the user, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the user asked for help or made a typo, not both.
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f", "--config-file", metavar="FILE", help="the site's MkDocs config (default: mkdocs.yml here)"
    )

    parser = _Parser(
        prog=PROG, description="Keep a paper diary: add summaries, import legacy notes, check and export the diary."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, required=True)

    new = commands.add_parser(
        "new",
        parents=[common],
        help="create a summary file for a paper",
        description="Create a summary file with front matter and the usual headings; prints its path.",
    )
    new.add_argument("title", help="the paper's title")
    new.add_argument("--topic", "-t", help="topic folder (matched ignoring case, '_', '-' and spaces)")
    new.add_argument("--new-topic", action="store_true", help="create the topic folder when it does not exist")
    new.add_argument("--url", "-u", help="link to the paper (http or https)")
    new.add_argument("--date", "-d", help="the day it was read, e.g. 2025-07-20 or '20th July 2025' (default: today)")
    new.add_argument("--tags", help="comma-separated tags, e.g. rl,policy-gradient")
    new.set_defaults(run=run_new)

    imp = commands.add_parser(
        "import",
        parents=[common],
        help="write inferred metadata into the front matter of legacy notes",
        description="Add the title, date, link and description inferred from each note to its front matter. Existing keys and the note's body are never changed.",
    )
    imp.add_argument(
        "--diary-list",
        metavar="PAGE",
        help="a hand-kept diary list to take dates and descriptions from (path relative to docs_dir, e.g. index.md)",
    )
    imp.add_argument(
        "--prefer",
        choices=("note", "list"),
        default="note",
        help="whose date wins when the note and the list disagree (default: note)",
    )
    imp.add_argument(
        "--dry-run",
        "-n",
        action="store_true",
        help="print a unified diff of the changes (the summary goes to stderr) and write nothing",
    )
    imp.set_defaults(run=run_import)

    check = commands.add_parser(
        "check",
        parents=[common],
        help="report what a build would warn about",
        description="Report metadata, date and link problems; exit status 1 when there are warnings.",
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (one line per problem) or json (a list of objects)",
    )
    check.add_argument("--diary-list", metavar="PAGE", help="also report papers missing from this hand-kept diary list")
    check.set_defaults(run=run_check)

    export = commands.add_parser(
        "export",
        parents=[common],
        help="export the index as JSON, CSV or BibTeX",
        description="Write every paper of the diary in a machine-readable format.",
    )
    export.add_argument("--format", choices=sorted(FORMATS), required=True, help="output format")
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(run=run_export)

    init.add_parser(commands)
    model.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and bad arguments
        return done.code if isinstance(done.code, int) else 2
    try:
        return args.run(args, sys.stdout, sys.stderr)
    except (ProjectError, UsageError) as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`paperdiary export ... | head`); stay quiet like other Unix tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


# ---- new ---------------------------------------------------------------------------------


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
        print(f"{_shown(path)} already exists; not overwriting it (choose another title or edit that file).", file=err)
        return 1
    text = entry_markdown(title, date, url=args.url, tags=tags, paper=not project.settings.matches(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        print(f"{_shown(path)} already exists; not overwriting it.", file=err)
        return 1
    clash = project.index.by_key.get(path.stem)
    if clash is not None:
        print(f"note: {clash.source} has the same file name; both papers are keyed by folder and name.", file=err)
    print(_shown(path), file=out)
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


# ---- import ------------------------------------------------------------------------------


def run_import(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    diary, matches = _diary_list(args.diary_list, project)
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
        say(f"{diary.source}: diary list with {_count(len(diary.entries), 'entry', 'entries')}.")
    if plan.updates:
        say(f"{'Would add' if args.dry_run else 'Added'} front matter to {_count(len(plan.updates), 'note')}:")
        say(_table([("  " + u.source, ", ".join(u.added)) for u in plan.updates]))
    else:
        say("Nothing to import: every note already has the metadata we can infer.")
    if plan.complete:
        say(f"{_count(len(plan.complete), 'note')} already complete.")
    if plan.conflicts:
        rows = [("  path", "note", "list", "kept")]
        rows += [
            ("  " + c.source, c.note.iso(), c.listed.iso(), c.kept + (" (front matter)" if c.locked else ""))
            for c in plan.conflicts
        ]
        say(
            "",
            f"Date conflicts between notes and the list ({len(plan.conflicts)}); --prefer {args.prefer}:",
            _table(rows),
        )
    if plan.by_title:
        rows = [
            (
                f"  {diary.source}:{m.entry.line}",
                f"[{_short(m.entry.title)}]({_short(m.entry.target)})",
                f"-> {m.paper.source}",
            )
            for m in plan.by_title
        ]
        say("", f"Links in the list that do not lead to their note, matched by title ({len(rows)}):", _table(rows))
    if plan.without_note:
        rows = [(f"  {diary.source}:{e.line}", _short(e.title, 70)) for e in plan.without_note]
        say("", f"Listed without a note ({len(rows)}):", _table(rows))
    if diary is not None and plan.not_listed:
        say("", f"Notes not in the list ({len(plan.not_listed)}):", *(f"  {p.source}" for p in plan.not_listed))
    problems = [*plan.list_problems, *plan.skipped]
    if problems:
        say("", f"Left as they are ({len(problems)}):", *(f"  {_diagnostic_line(d)}" for d in problems))
    if args.dry_run:
        say("", "Dry run: nothing was written.")


# ---- check -------------------------------------------------------------------------------


def run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    problems = check_project(project, args.diary_list)
    if args.format == "json":
        json.dump([problem.as_dict() for problem in problems], out, indent=2, ensure_ascii=False)
        out.write("\n")
    else:
        for problem in problems:
            print(_diagnostic_line(problem), file=out)
        print(_check_summary(problems, project), file=out)
    return 1 if any(problem.level == "warning" for problem in problems) else 0


def check_project(project: Project, diary_list: str | None = None) -> list[Diagnostic]:
    """Everything a build would warn about, plus papers missing from a diary list."""
    index = project.index
    targets, problems = project.link_targets()
    docs = {source: text.text for source, text in project.sources.items()}
    links = analyse_links(index, docs, project.link_settings(), generated=targets)
    problems = [*project.config_warnings, *index.diagnostics, *problems, *links.diagnostics]
    if diary_list:
        diary, matches = _diary_list(diary_list, project)
        problems += list_diagnostics(diary, matches)
    return sorted(set(problems), key=lambda d: (d.source or "", d.line or 0, d.level, d.message))


def _check_summary(problems: list[Diagnostic], project: Project) -> str:
    warnings = sum(problem.level == "warning" for problem in problems)
    infos = len(problems) - warnings
    where = f"{_count(len(project.index), 'paper')} ({_count(len(project.sources), 'page')})"
    if not problems:
        return f"No problems in {where}."
    return f"{_count(warnings, 'warning')}, {_count(infos, 'info', 'infos')} in {where}."


# ---- export ------------------------------------------------------------------------------


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    text = FORMATS[args.format](project.index)
    if not args.output:
        out.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir() or not target.parent.is_dir():
        raise UsageError(f"cannot write '{args.output}': {'it is a folder' if target.is_dir() else 'no such folder'}")
    try:
        write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write '{args.output}': {error.strerror}") from None
    print(f"Wrote {_count(len(project.index), 'paper')} to {args.output} ({args.format}).", file=err)
    return 0


# ---- shared ------------------------------------------------------------------------------


def _diary_list(page: str | None, project: Project) -> tuple[DiaryList | None, ListMatches | None]:
    if not page:
        return None, None
    diary = parse_diary_list(project.sources[project.page_source(page)])
    return diary, match_list(diary, project.index)


def _diagnostic_line(problem: Diagnostic) -> str:
    where = problem.location()
    return f"{where}: {problem.level}: {problem.message}" if where else f"{problem.level}: {problem.message}"


def _table(rows: Sequence[Sequence[str]]) -> str:
    """Plain columns padded to line up; the last column is not padded."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths)), row[-1]]).rstrip() for row in rows)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _shown(path: Path) -> str:
    """A path relative to the working directory when it is under it (what users type back)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
