"""`paperdiary export`: every paper of the diary as JSON, CSV or BibTeX."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.cli.common import UsageError, count
from mkdocs_paperdiary.cli.project import load_project
from mkdocs_paperdiary.core.files import write_atomically
from mkdocs_paperdiary.pages.export import FORMATS

SUFFIXES = {".json": "json", ".csv": "csv", ".bib": "bibtex"}


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    fmt = args.format or export_format(args.output)
    project = load_project(args.config_file)
    text = FORMATS[fmt](project.index)
    if not args.output:
        out.write(text)
        return 0
    target = Path(args.output)
    if target.is_dir():
        raise UsageError(f"cannot write '{args.output}': it is a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, text.encode("utf-8"))
    except OSError as error:
        raise UsageError(f"cannot write '{args.output}': {error.strerror}") from None
    print(f"Wrote {count(len(project.index), 'paper')} to {args.output} ({fmt}).", file=err)
    return 0


def export_format(output: str | None) -> str:
    """The format an output file's suffix names (`diary.bib` is BibTeX), as `--format` would."""
    suffix = Path(output).suffix.lower() if output else ""
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    known = ", ".join(SUFFIXES)
    if output:
        raise UsageError(f"cannot tell the format of '{output}' from its suffix ({known}); add --format")
    raise UsageError(f"add --format ({', '.join(sorted(FORMATS))}), or -o FILE ending in {known}")
