"""Stub notes for papers not yet in the diary, and how we tell that a paper is already there.

"The same paper" means the same arXiv id, DOI or link, or the same title compared loosely
(accents, case and punctuation aside), whichever the two records have in common.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, count

from mkdocs_paperdiary.authoring.bibtex import BibEntry, Library
from mkdocs_paperdiary.authoring.diarylist import normalise_title
from mkdocs_paperdiary.authoring.newentry import Entry, entry_markdown, file_stem
from mkdocs_paperdiary.authoring.sources import Metadata
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.identifiers import arxiv_url, doi_url, identity_keys
from mkdocs_paperdiary.core.paper import Paper, ReadDate


def metadata_keys(metadata: Metadata) -> set[str]:
    keys = identity_keys(
        metadata.url,
        doi_url(metadata.doi) if metadata.doi else None,
        arxiv_url(metadata.arxiv) if metadata.arxiv else None,
    )
    title = normalise_title(metadata.title)
    return keys | {f"title:{title}"} if title else keys


def paper_keys(paper: Paper) -> set[str]:
    titles = {normalise_title(name) for name in (paper.title, *paper.aliases)} - {""}
    return identity_keys(paper.url) | {f"title:{title}" for title in titles}


class KnownPapers:
    """The papers of the diary (and those about to be written), found by any of their keys."""

    def __init__(self, papers: Iterable[Paper] = ()) -> None:
        self._by_key: dict[str, Paper | BibEntry] = {}
        for paper in papers:
            self.add(paper_keys(paper), paper)

    def add(self, keys: set[str], what: Paper | BibEntry) -> None:
        for key in keys:
            self._by_key.setdefault(key, what)

    def find(self, keys: set[str]) -> Paper | BibEntry | None:
        return next((self._by_key[key] for key in sorted(keys) if key in self._by_key), None)


def entry_from(metadata: Metadata, date: ReadDate) -> Entry:
    """A new note's front matter from fetched or imported metadata; the abstract gives a draft description."""
    draft = metadata.draft_description()
    return Entry(
        title=metadata.title,
        date=date,
        url=metadata.url,
        authors=metadata.authors,
        year=metadata.year,
        venue=metadata.venue,
        description=draft,
        draft=bool(draft),
    )


@dataclass(frozen=True)
class Stub:
    source: str  # where the note goes, relative to docs_dir
    entry: BibEntry
    text: str


@dataclass
class StubPlan:
    """What `paperdiary import --bibtex` would write, and what it leaves out and why."""

    stubs: list[Stub] = field(default_factory=list)
    present: list[tuple[BibEntry, Paper]] = field(default_factory=list)  # already in the diary
    repeated: list[tuple[BibEntry, BibEntry]] = field(default_factory=list)  # twice in the .bib file
    skipped: list[Diagnostic] = field(default_factory=list)


def plan_stubs(
    library: Library,
    papers: Iterable[Paper],
    folder: str,
    date: ReadDate,
    *,
    taken: Callable[[str], bool],
    is_paper: Callable[[str], bool],
) -> StubPlan:
    """One stub per entry the diary lacks, in `folder`; `taken(source)` says a file exists there."""
    known = KnownPapers(papers)
    plan = StubPlan(skipped=list(library.diagnostics))
    sources: set[str] = set()
    for bib in library.entries:
        if not bib.metadata.title:
            plan.skipped.append(
                Diagnostic(
                    library.source, bib.line, f"entry '{bib.key}' has no title; no note was written.", code="bibtex"
                )
            )
            continue
        keys = metadata_keys(bib.metadata)
        found = known.find(keys)
        if isinstance(found, Paper):
            plan.present.append((bib, found))
            continue
        if isinstance(found, BibEntry):
            plan.repeated.append((bib, found))
            continue
        source = _free_source(folder, bib.metadata, lambda s: s in sources or taken(s))
        sources.add(source)
        known.add(keys, bib)
        text = entry_markdown(entry_from(bib.metadata, date), paper=not is_paper(source))
        plan.stubs.append(Stub(source, bib, text))
    plan.skipped.sort(key=lambda problem: problem.line or 0)
    return plan


def _free_source(folder: str, metadata: Metadata, taken: Callable[[str], bool]) -> str:
    """A file name of the title not yet used: `Stem.md`, else `Stem2017.md`, `Stem2017-2.md`..."""
    stem = file_stem(metadata.title)
    dated = f"{stem}{metadata.year}" if metadata.year else stem
    prefix = f"{folder}/" if folder else ""
    names = chain([stem, dated], (f"{dated}-{number}" for number in count(2)))
    return next(f"{prefix}{name}.md" for name in names if not taken(f"{prefix}{name}.md"))
