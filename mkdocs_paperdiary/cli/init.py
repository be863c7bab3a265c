"""`paperdiary init [DIR]`: a new diary site that builds, serves and publishes straight away."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.authoring.starter import starter_files
from mkdocs_paperdiary.cli.project import CONFIG_NAMES

DEFAULT_NAME = "My Paper Diary"


def add_parser(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init",
        help="start a new diary site in DIR (default: here)",
        description="Write mkdocs.yml (Material, light and dark), a home page with the diary and the map, "
        "a highlights page, one example summary, .gitignore and a GitHub Pages workflow. Never overwrites.",
    )
    init.add_argument("folder", nargs="?", default=".", metavar="DIR", help="where to create the site (default: here)")
    init.add_argument("--site-name", default=DEFAULT_NAME, help=f"the site's title (default: {DEFAULT_NAME})")
    init.add_argument(
        "--engine",
        choices=("mkdocs", "zensical"),
        default="mkdocs",
        help="what builds the site: its serve command and publishing workflow (default: mkdocs)",
    )
    init.set_defaults(run=run)


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    root = Path(args.folder)
    files = starter_files(args.site_name.strip() or DEFAULT_NAME, dt.date.today(), args.engine)
    taken = [name for name in (*files, *CONFIG_NAMES) if (root / name).exists()]
    if taken:
        print(
            f"{root}: {', '.join(dict.fromkeys(taken))} already there; `paperdiary init` never overwrites. "
            "Run it in an empty folder, or pass a new one: `paperdiary init my-diary`.",
            file=err,
        )
        return 1
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    print(_next_steps(root, files, args.engine), file=out)
    if args.engine == "zensical" and importlib.util.find_spec("zensical") is None:
        print("note: the site builds with Zensical: pip install 'mkdocs-paperdiary[zensical]'", file=err)
    elif args.engine == "mkdocs" and importlib.util.find_spec("material") is None:
        print("note: the site uses Material for MkDocs: pip install mkdocs-material", file=err)
    return 0


def _next_steps(root: Path, files: dict[str, str], engine: str) -> str:
    created = "\n".join(f"  {name}" for name in files)
    go = f"  cd {root}\n" if root != Path(".") else ""
    serve = "mkdocs serve                 " if engine == "mkdocs" else "paperdiary serve --engine zensical"
    return (
        f"Created a paper diary in {root}:\n{created}\n\nNext:\n{go}"
        f"  {serve}  # the diary at http://127.0.0.1:8000\n"
        '  paperdiary new "Paper title" --topic transformers --url https://arxiv.org/abs/...\n'
        "  push to GitHub: .github/workflows/publish.yml publishes it to GitHub Pages"
    )
