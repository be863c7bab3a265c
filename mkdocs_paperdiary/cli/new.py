"""`paperdiary new`: a summary file with front matter and the usual headings.

With `--arxiv` or `--doi` the title, authors, year, venue and link come from the arXiv API or
the DOI's metadata (one request, `--no-fetch` makes none), and the abstract's first sentence
becomes a draft description; anything given by flag wins over what was fetched.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any, TextIO

from mkdocs_paperdiary.authoring.newentry import Entry, entry_markdown, file_stem, vote_topic
from mkdocs_paperdiary.authoring.sources import Metadata, PaperId, SourceError, Unreachable
from mkdocs_paperdiary.authoring.stubs import KnownPapers, entry_from, metadata_keys
from mkdocs_paperdiary.cli.common import UsageError, read_date, shown, topic_folder
from mkdocs_paperdiary.cli.project import Project, load_project
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.schema import SchemaError, parse_year
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.maps.types import maps_available
from mkdocs_paperdiary.site.settings import cache_dir, map_settings, maps_on

PROG = "paperdiary new"
MOST_SIMILAR = 5  # papers that vote on the suggested topic
MIN_PAPERS_TO_SUGGEST = 3


def run_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    project = load_project(args.config_file)
    paper_id = _paper_id(args)
    flags = _flags(args)
    date = read_date(args.date, project)
    folder = topic_folder(args.topic, args.new_topic, project)
    metadata = paper_id.metadata() if paper_id else Metadata()
    known = KnownPapers(project.index.papers)
    if paper_id and _already_there(known, metadata, paper_id, project, err):
        return 1  # found by its link alone: no request needed
    if paper_id and not args.no_fetch:
        try:
            metadata = paper_id.fetch(timeout=args.timeout)
        except SourceError as error:
            hint = (
                "; give the title and --no-fetch to write the note without it" if isinstance(error, Unreachable) else ""
            )
            print(f"{PROG}: error: {error}{hint}", file=err)
            return 1
        if _already_there(known, metadata, paper_id, project, err):
            return 1
    entry = replace(entry_from(metadata, date), **flags)
    if paper_id and not args.topic and not args.no_fetch:
        folder = _suggested_folder(entry, project, err)
    return _write(entry, folder, project, out, err)


def _paper_id(args: argparse.Namespace) -> PaperId | None:
    if args.arxiv and args.doi:
        raise UsageError("give --arxiv or --doi, not both")
    if not args.timeout > 0:
        raise UsageError(f"--timeout must be more than 0 seconds, got {args.timeout:g}")
    if args.arxiv:
        found = PaperId.parse("arXiv", args.arxiv)
        if found is None:
            raise UsageError(f"--arxiv: '{args.arxiv}' is not an arXiv id or arxiv.org link")
        return found
    if args.doi:
        found = PaperId.parse("doi", args.doi)
        if found is None:
            raise UsageError(f"--doi: '{args.doi}' is not a DOI or doi.org link")
        return found
    if args.no_fetch:
        raise UsageError("--no-fetch goes with --arxiv or --doi")
    return None


def _flags(args: argparse.Namespace) -> dict[str, Any]:
    """The front-matter values given by hand; they win over fetched ones."""
    flags: dict[str, object] = {}
    title = (args.title or "").strip()
    if title:
        flags["title"] = title
    elif args.title is not None or not (args.arxiv or args.doi):
        raise UsageError(
            "the title is empty" if args.title is not None else "give the paper's title, --arxiv ID or --doi DOI"
        )
    elif args.no_fetch:
        raise UsageError("--no-fetch needs the paper's title")
    if args.url:
        if safe_url(args.url) is None:
            raise UsageError(f"--url must be an http(s) link, got '{args.url}'")
        flags["url"] = args.url.strip()
    if args.authors:
        flags["authors"] = _list(args.authors)
    if args.year:
        try:
            flags["year"] = parse_year(args.year)
        except SchemaError as error:
            raise UsageError(f"--year {error}") from None
    if args.venue and args.venue.strip():
        flags["venue"] = args.venue.strip()
    if args.alias:
        flags["aliases"] = _list(args.alias, split=False)
    tags = _list([args.tags] if args.tags else []) + _list(args.tag)
    if tags:
        flags["tags"] = tags
    if args.description and args.description.strip():
        flags["description"] = args.description.strip()
        flags["draft"] = False
    return flags


def _list(values: list[str] | None, split: bool = True) -> tuple[str, ...]:
    """Repeated options, each maybe a comma list: `--authors "A B, C D" --authors "E F"`."""
    parts = [part for value in values or [] for part in (value.split(",") if split else [value])]
    return tuple(part.strip() for part in parts if part.strip())


def _already_there(known: KnownPapers, metadata: Metadata, paper_id: PaperId, project: Project, err: TextIO) -> bool:
    found = known.find(metadata_keys(metadata))
    if not isinstance(found, Paper):
        return False
    where = shown(project.path(found.source))
    print(f"{where} already has {paper_id} ({found.title}); not writing another note.", file=err)
    return True


def _suggested_folder(entry: Entry, project: Project, err: TextIO) -> str:
    """The topic folder of the papers most similar to this one by embedding, when maps are on."""
    if not maps_on(project.plugin) or not maps_available():
        return ""
    folders = set(project.topic_folders())
    papers = [paper for paper in project.index.papers if paper.source.split("/", 1)[0] in folders]
    if len(papers) < MIN_PAPERS_TO_SUGGEST:
        return ""
    # The map engine (and through it torch) loads only when a topic is suggested; other commands never import it.
    from mkdocs_paperdiary.maps.cache import MapCache
    from mkdocs_paperdiary.maps.model_source import ModelUnavailable
    from mkdocs_paperdiary.maps.similar_text import similar_to_text
    from mkdocs_paperdiary.pages.maptext import embed_sentence, map_items

    text = embed_sentence(entry.title, entry.description, project.plugin.map_text)
    cache, _ = cache_dir(project.plugin, project.site)
    print("Suggesting a topic from the most similar papers (--topic skips this)...", file=err)
    try:
        keys = similar_to_text(
            map_items(papers, project.plugin.map_text),
            text,
            map_settings(project.plugin, project.site),
            MapCache(cache),
            MOST_SIMILAR,
            say=lambda line: print(line, file=err),
        )
    except ModelUnavailable as error:
        print(f"note: no topic suggested: {error.reason}", file=err)
        return ""
    by_key = {paper.key: paper for paper in papers}
    near = [by_key[key] for key in keys]
    folder = vote_topic([paper.source.split("/", 1)[0] for paper in near]) or ""
    if folder:
        names = ", ".join(paper.key for paper in near if paper.source.startswith(f"{folder}/"))
        print(f"topic: {folder}, where its most similar papers are ({names}); --topic chooses another.", file=err)
    return folder


def _write(entry: Entry, folder: str, project: Project, out: TextIO, err: TextIO) -> int:
    source = f"{folder}/{file_stem(entry.title)}.md" if folder else f"{file_stem(entry.title)}.md"
    path = project.path(source)
    if path.exists():
        print(f"{shown(path)} already exists; not overwriting it (choose another title or edit that file).", file=err)
        return 1
    text = entry_markdown(entry, paper=not project.settings.matches(source))
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
