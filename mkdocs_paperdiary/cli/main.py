"""The `paperdiary` command line: the argument parser and `main`; each command lives in its own module.

Every command reads the site the way `mkdocs build` does (see `project.py`). User mistakes are
one line on stderr with exit status 2; problems found in the diary make `check` exit 1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.authoring.sources import TIMEOUT
from mkdocs_paperdiary.cli import engines, fields, init, model
from mkdocs_paperdiary.cli.check import run_check
from mkdocs_paperdiary.cli.common import UsageError
from mkdocs_paperdiary.cli.describe import run_describe
from mkdocs_paperdiary.cli.export import run_export
from mkdocs_paperdiary.cli.importing import run_import
from mkdocs_paperdiary.cli.new import run_new
from mkdocs_paperdiary.cli.project import ProjectError
from mkdocs_paperdiary.pages.export import FORMATS
from mkdocs_paperdiary.stage.config import StageError

PROG = "paperdiary"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, not argparse's usage block: the user asked for help or made a typo, not both.
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
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
        description="Create a summary file with front matter and the usual headings; prints its path. "
        "With --arxiv or --doi the metadata is fetched (one request); options given here win.",
    )
    new.add_argument("title", nargs="?", help="the paper's title (optional with --arxiv or --doi)")
    new.add_argument(
        "--arxiv", metavar="ID", help="an arXiv id or link, e.g. 1706.03762 or https://arxiv.org/abs/1706.03762v5"
    )
    new.add_argument("--doi", metavar="DOI", help="a DOI or doi.org link, e.g. 10.1038/nature14236")
    new.add_argument("--no-fetch", action="store_true", help="with --arxiv/--doi: make no request, only link the paper")
    new.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"how long to wait for an answer (default: {TIMEOUT:g})",
    )
    new.add_argument("--topic", "-t", help="topic folder (matched ignoring case, '_', '-' and spaces)")
    new.add_argument("--new-topic", action="store_true", help="create the topic folder when it does not exist")
    new.add_argument("--url", "-u", help="link to the paper (http or https)")
    new.add_argument("--date", "-d", help="the day it was read, e.g. 2025-07-20 or '20th July 2025' (default: today)")
    new.add_argument("--description", metavar="TEXT", help="one sentence on what the paper does, in your words")
    new.add_argument("--authors", action="append", metavar="NAMES", help="author names, comma-separated; repeatable")
    new.add_argument("--year", help="the year the paper appeared")
    new.add_argument("--venue", help="where it appeared, e.g. NeurIPS")
    new.add_argument("--alias", action="append", metavar="NAME", help="a name you cite it by, e.g. PPO; repeatable")
    new.add_argument("--tag", action="append", metavar="TAG", help="one tag; repeatable")
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
        help="print a unified diff of the changes (the summary goes to stderr), or with --bibtex the notes it would write; write nothing",
    )
    imp.add_argument(
        "--bibtex",
        metavar="FILE",
        help="write a stub note for each entry of this BibTeX library that the diary lacks",
    )
    imp.add_argument("--topic", "-t", help="with --bibtex: the topic folder of the stubs")
    imp.add_argument("--new-topic", action="store_true", help="with --bibtex: create the topic folder")
    imp.add_argument("--date", "-d", help="with --bibtex: the date of the stubs (default: today)")
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
    export.add_argument(
        "--format", choices=sorted(FORMATS), help="output format (default: from the suffix of -o: .json, .csv, .bib)"
    )
    export.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(run=run_export)

    describe = commands.add_parser(
        "describe",
        parents=[common],
        help="draft a one-sentence description with an LLM for notes that have none",
        description="Ask the LLM under `llm:` for a one-sentence description of each note without one "
        "(its title and the start of its body are sent); write it into the front matter, marked # DRAFT.",
    )
    describe.add_argument("paths", nargs="*", metavar="PATH", help="notes or folders to describe (default: all)")
    describe.add_argument("--dry-run", "-n", action="store_true", help="print what would be written; write nothing")
    describe.add_argument("--force", action="store_true", help="also replace descriptions already in front matter")
    describe.add_argument("--limit", type=int, metavar="N", help="describe at most N notes")
    describe.set_defaults(run=run_describe)

    engines.add_parsers(commands, common)
    init.add_parser(commands)
    model.add_parser(commands)
    fields.add_parser(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as done:  # --help, --version and bad arguments
        return done.code if isinstance(done.code, int) else 2
    try:
        return args.run(args, sys.stdout, sys.stderr)
    except (ProjectError, UsageError, StageError) as error:
        print(f"{PROG} {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`paperdiary export ... | head`); stay quiet like other Unix tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
