"""`paperdiary model download [--to DIR]`: fetch the embedding model ahead of the first build,
for air-gapped machines and CI caches."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from mkdocs_paperdiary.maps.model_source import DEFAULT_MODEL, ModelUnavailable, download, hub_id


def add_parser(commands: argparse._SubParsersAction) -> None:
    model = commands.add_parser(
        "model", help="download the embedding model ahead of time", description="The embedding model the maps use."
    )
    actions = model.add_subparsers(dest="action", metavar="ACTION", parser_class=type(model), required=True)
    fetch = actions.add_parser(
        "download",
        help="fetch the model from the Hugging Face Hub",
        description="Fetch the model into the Hugging Face cache, where builds find it offline, or into a folder "
        "to use as `model: DIR`.",
    )
    fetch.add_argument("--model", default=DEFAULT_MODEL, help=f"a Hugging Face model name (default: {DEFAULT_MODEL})")
    fetch.add_argument(
        "--to", metavar="DIR", type=Path, help="a folder to put it in, instead of the Hugging Face cache"
    )
    fetch.set_defaults(run=run_download)


def run_download(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    repo = hub_id(args.model)
    try:
        folder = download(repo, args.to, say=lambda line: print(line, file=err))
    except ModelUnavailable as problem:
        print(f"paperdiary model download: {problem.reason}", file=err)
        print("Check the network (a proxy needs HTTPS_PROXY), or copy the model's folder here by hand.", file=err)
        return 1
    print(folder, file=out)
    if args.to:
        print(f"Use it with `model: {args.to}` in the plugin's settings.", file=err)
    else:
        print("Builds on this machine now find it in the Hugging Face cache, offline.", file=err)
    return 0
