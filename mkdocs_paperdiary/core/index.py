"""The paper index: which docs files are paper summaries, and what each one says.

Front matter wins; anything it leaves out is inferred from the note's body and file name.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pathspec

from mkdocs_paperdiary.core.dates import DateSettings, date_from_filename
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText, split_front_matter, validate
from mkdocs_paperdiary.core.inference import infer
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.topics import humanise, topic_name, topic_of
from mkdocs_paperdiary.core.urls import page_url

DEFAULT_INCLUDE = ("*/**/*.md",)
DEFAULT_EXCLUDE = ("**/index.md", "**/README.md")


@dataclass(frozen=True)
class IndexSettings:
    """Which files are papers and how their metadata is read."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    topic_names: Mapping[str, str] = field(default_factory=dict)
    dates: DateSettings = DateSettings()
    use_directory_urls: bool = True

    def matches(self, source: str) -> bool:
        """Whether a path (relative to docs_dir) is a paper by the globs alone."""
        return _spec(self.include).match_file(source) and not _spec(self.exclude).match_file(source)


@lru_cache(maxsize=32)
def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    return pathspec.GitIgnoreSpec.from_lines(patterns)


@dataclass(frozen=True)
class Topic:
    key: str
    name: str
    papers: tuple[Paper, ...]


@dataclass
class PaperIndex:
    """Every paper of the site in chronological order, with lookups by key and source."""

    papers: list[Paper] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.papers.sort(key=Paper.sort_key)
        self.by_key = {paper.key: paper for paper in self.papers}
        self.by_source = {paper.source: paper for paper in self.papers}

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self):
        return iter(self.papers)

    def topics(self) -> list[Topic]:
        grouped: dict[str, list[Paper]] = defaultdict(list)
        for paper in self.papers:
            grouped[paper.topic].append(paper)
        topics = [Topic(key, papers[0].topic_name, tuple(papers)) for key, papers in grouped.items()]
        return sorted(topics, key=lambda t: (t.key == "", t.name.casefold()))


def read_paper(
    source: SourceText, settings: IndexSettings, page: str | None = None
) -> tuple[Paper | None, list[Diagnostic]]:
    """The paper a file describes, or None when the file is not a paper."""
    if any(d.code == "binary" for d in source.diagnostics):
        return None, []  # named once already, by its decoding
    front, problems = split_front_matter(source)
    values, schema_problems = validate(front, source.path, settings.dates)
    wanted = values.get("paper")
    if wanted is False or (wanted is None and not settings.matches(source.path)):
        return None, []
    problems = [*problems, *schema_problems]
    inferred, inference_problems = infer(
        front.body, source.path, front.body_line, settings.dates, known=[key for key, value in values.items() if value]
    )
    stem = posixpath.splitext(posixpath.basename(source.path))[0]
    from_name = date_from_filename(stem)
    name = from_name[1] if from_name else stem
    fallback_title = humanise(name.replace("-", " "))

    title = values.get("title") or inferred.title
    if not front.body.strip() and "title" not in values:
        problems.append(
            Diagnostic(
                source.path, None, f"is empty; it is listed as '{fallback_title}' until it has a heading.", code="empty"
            )
        )
    elif title is None:
        problems.append(
            Diagnostic(
                source.path,
                None,
                f"{_no_title(inferred.section_heading)} and no 'title' in front matter; using the file name '{fallback_title}' as the title.",
                code="title",
            )
        )
    date = values.get("date") or inferred.date or (from_name[0] if from_name else None)
    if "date" not in values:
        problems.extend(inference_problems)
    if date is None and not any(p.code in ("date", "empty") for p in problems):
        problems.append(
            Diagnostic(
                source.path,
                None,
                "has no read date (add 'date:' to its front matter); it is listed as undated.",
                level="info",
                code="date",
            )
        )

    topic = values.get("topic") or topic_of(source.path)
    paper = Paper(
        key=name,
        source=source.path,
        title=title or fallback_title,
        topic=topic,
        topic_name=topic_name(topic, settings.topic_names),
        page=page if page is not None else page_url(source.path, settings.use_directory_urls),
        date=date,
        url=values.get("url") or inferred.url,
        description=values.get("description") or inferred.description or "",
        tags=values.get("tags") or inferred.tags,
        authors=values.get("authors") or inferred.authors,
        venue=values.get("venue") or inferred.venue,
        year=values.get("year") or inferred.year,
        aliases=values.get("aliases", ()),
        title_line=None if "title" in values else inferred.title_line,
    )
    return paper, problems


def build_index(
    sources: Iterable[SourceText],
    settings: IndexSettings,
    pages: Mapping[str, str] | None = None,
    read: Callable[[SourceText, IndexSettings, str | None], tuple[Paper | None, list[Diagnostic]]] = read_paper,
) -> PaperIndex:
    """Read every source into one index; keys are file stems, made unique with their folder.

    `read` is `read_paper`, or a cache of it (`index_cache.py`) under `mkdocs serve`."""
    papers: list[Paper] = []
    problems: list[Diagnostic] = []
    for source in sources:
        problems.extend(source.diagnostics)
        paper, found = read(source, settings, (pages or {}).get(source.path))
        problems.extend(found)
        if paper is not None:
            papers.append(paper)
    papers = _unique_keys(papers)
    problems.extend(_duplicate_titles(papers))
    return PaperIndex(papers, problems)


def _no_title(section: str | None) -> str:
    return f"has no heading that names the paper ('{section}' names a section)" if section else "has no heading"


def _unique_keys(papers: list[Paper]) -> list[Paper]:
    counts: dict[str, int] = defaultdict(int)
    for paper in papers:
        counts[paper.key.casefold()] += 1
    return [paper if counts[paper.key.casefold()] == 1 else _rekey(paper) for paper in papers]


def _rekey(paper: Paper) -> Paper:
    return replace(paper, key=posixpath.splitext(paper.source)[0])


def _duplicate_titles(papers: list[Paper]) -> list[Diagnostic]:
    """One warning per repeated title; one line for a title many notes got from a shared heading."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.source):
        groups[paper.title.casefold()].append(paper)
    problems = []
    for same in groups.values():
        if len(same) >= SHARED_HEADING and all(p.title_line is not None for p in same):
            problems.append(_shared_heading(same))
            continue
        problems += [
            Diagnostic(
                paper.source,
                paper.title_line,
                f"has the same title as {same[0].source} ('{paper.title}'); references by title to either are ambiguous.",
                code="duplicate-title",
            )
            for paper in same[1:]
        ]
    return problems


SHARED_HEADING = 3  # this many notes titled alike by their heading: the heading is a template's


def _shared_heading(same: list[Paper]) -> Diagnostic:
    others = ", ".join(p.source for p in same[1:3]) + (f" and {len(same) - 3} more" if len(same) > 3 else "")
    return Diagnostic(
        same[0].source,
        same[0].title_line,
        f"{len(same)} notes are titled '{same[0].title}' by the same heading (this one, {others}); "
        "give each a 'title:' in front matter or a 'Title:' line.",
        code="duplicate-title",
    )
