"""`paperdiary export`: every paper of the diary as JSON, CSV or BibTeX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.cli.common import UsageError, count
from mkdocs_paperdiary.cli.project import load_project
from mkdocs_paperdiary.core.files import write_atomically
from mkdocs_paperdiary.pages.export import FORMATS


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
    print(f"Wrote {count(len(project.index), 'paper')} to {args.output} ({args.format}).", file=err)
    return 0
