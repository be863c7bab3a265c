"""The paper index: which docs files are paper summaries, and what each one says.

Front matter wins; anything it leaves out is inferred from the note's body and file name.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pathspec

from mkdocs_paperdiary.core.dates import DateSettings, date_from_filename
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.filenames import NameMeta, name_metadata, without_prefix
from mkdocs_paperdiary.core.frontkeys import FIELD_SET, field_keys, origin
from mkdocs_paperdiary.core.frontmatter import SourceText, split_front_matter
from mkdocs_paperdiary.core.index_checks import duplicate_titles, no_links
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.core.topics import humanise, topic_name, topic_of
from mkdocs_paperdiary.core.urls import page_url

DEFAULT_INCLUDE = ("*/**/*.md",)
DEFAULT_EXCLUDE = ("**/index.md", "**/README.md")
# Every page extension MkDocs reads (`mkdocs.utils.markdown_extensions`; a test keeps them alike).
EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


@dataclass(frozen=True)
class IndexSettings:
    """Which files are papers and how their metadata is read."""

    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    topic_names: Mapping[str, str] = field(default_factory=dict)
    dates: DateSettings = DateSettings()
    use_directory_urls: bool = True
    fields: Mapping[str, str] = field(default_factory=dict)  # field -> the front-matter key that holds it

    def matches(self, source: str) -> bool:
        """Whether a path (relative to docs_dir) is a paper by the globs alone.

        A glob written for `.md` also takes the other page extensions MkDocs reads
        (`post.markdown` is matched as `post.md`): a Jekyll blog's posts are papers, and its
        `index.markdown` is not, with no config.
        """
        include, exclude = _spec(self.include), _spec(self.exclude)
        if source.endswith(".md") or not source.endswith(EXTENSIONS):
            return include.match_file(source) and not exclude.match_file(source)
        alike = (source, posixpath.splitext(source)[0] + ".md")
        return any(include.match_file(path) for path in alike) and not any(exclude.match_file(path) for path in alike)


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
    # Imported here: a warm build takes every paper from its stored cache and never reads a note.
    from mkdocs_paperdiary.core.inference import infer
    from mkdocs_paperdiary.core.schema import validate

    if any(d.code == "binary" for d in source.diagnostics):
        return None, []  # named once already, by its decoding
    front, problems = split_front_matter(source)
    keys = field_keys(front.data, settings.fields) if front.data else {}
    values, schema_problems = validate(front, source.path, settings.dates, keys)
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
    named = _named(name_metadata(name), _heading_metadata(inferred.title))
    if "date" not in values:
        problems.extend(inference_problems)
    found = _Found(keys, values)
    title = found.pick("title", (_title(inferred.title, named), TEXT))
    fallback_title = "" if title else humanise((named.rest if named and named.rest else name).replace("-", " "))
    found.pick("date", (inferred.date, TEXT), (from_name[0] if from_name else None, FILE_NAME))
    found.pick("url", (inferred.url, TEXT))
    found.pick("description", (inferred.description, TEXT))
    found.pick("tags", (inferred.tags, TEXT))
    found.pick("authors", (inferred.authors, TEXT))
    found.pick("venue", (inferred.venue, TEXT), (named.venue if named else None, FILE_NAME))
    found.pick("year", (inferred.year, TEXT), (named.year if named else None, FILE_NAME))
    date_problem = any(p.code == "date" for p in problems)
    problems += _title_and_date_problems(
        source.path, front.body, found, inferred.section_heading, fallback_title, date_problem
    )
    topic = values.get("topic") or topic_of(source.path)
    paper = Paper(
        key=name,
        source=source.path,
        title=title or fallback_title,
        topic=topic,
        topic_name=topic_name(topic, settings.topic_names),
        page=page if page is not None else page_url(source.path, settings.use_directory_urls),
        date=found.values.get("date"),
        url=found.values.get("url"),
        description=found.values.get("description") or "",
        tags=found.values.get("tags") or (),
        authors=found.values.get("authors") or (),
        venue=found.values.get("venue"),
        year=found.values.get("year"),
        aliases=values.get("aliases", ()),
        title_line=None if "title" in values else inferred.title_line,
        origins=tuple(sorted(found.origins.items())),
    )
    return paper, problems


TEXT, FILE_NAME, GIT = "text", "file name", "git"  # where a field came from, besides front matter


class _Found:
    """Each field's value and where it came from: front matter first, then the candidates given."""

    def __init__(self, keys: Mapping[str, str], values: Mapping[str, object]) -> None:
        self.values: dict[str, Any] = {}
        self.origins: dict[str, str] = {}
        for name in FIELD_SET & values.keys():
            if values[name]:
                key = keys.get(name) or (keys.get("year", name) if name == "venue" else name)  # "paper_year: ISCA 2020"
                self.values[name], self.origins[name] = values[name], origin(name, key)

    def pick(self, name: str, *candidates: tuple[object, str]) -> Any:
        if name not in self.values:
            for value, where in candidates:
                if value:
                    self.values[name], self.origins[name] = value, where
                    break
        return self.values.get(name)


def _heading_metadata(title: str | None) -> NameMeta | None:
    """`# [2022 CVPR] Title`: a bracketed prefix in the heading says what a file name would."""
    return name_metadata(title) if title and title.lstrip()[:1] in "[(【（" else None


def _named(name: NameMeta | None, heading: NameMeta | None) -> NameMeta | None:
    """The file name's prefix, with the venue a heading's own bracketed prefix adds to it."""
    if name and heading and name.venue is None and name.year == heading.year:
        return replace(name, venue=heading.venue)
    return name or heading


def _title(title: str | None, named: NameMeta | None) -> str | None:
    return without_prefix(title, named) if title and named else title


def _title_and_date_problems(
    path: str, body: str, found: _Found, section: str | None, fallback_title: str, date_problem: bool
) -> list[Diagnostic]:
    if not body.strip() and "title" not in found.values:
        return [
            Diagnostic(
                path, None, f"is empty; it is listed as '{fallback_title}' until it has a heading.", code="empty"
            )
        ]
    problems = []
    if "title" not in found.values:
        problems.append(
            Diagnostic(
                path,
                None,
                f"{_no_title(section)} and no 'title' in front matter; using the file name '{fallback_title}' as the title.",
                code="title",
            )
        )
    if "date" not in found.values and not date_problem:
        problems.append(Diagnostic(path, None, UNDATED, level="info", code="date"))
    return problems


UNDATED = "has no read date (add 'date:' to its front matter); it is listed as undated."


def build_index(
    sources: Iterable[SourceText],
    settings: IndexSettings,
    pages: Mapping[str, str] | None = None,
    read: Callable[[SourceText, IndexSettings, str | None], tuple[Paper | None, list[Diagnostic]]] = read_paper,
    git_dates: Callable[[], Mapping[str, ReadDate]] | None = None,
) -> PaperIndex:
    """Read every source into one index; keys are file stems, made unique with their folder.

    `read` is `read_paper`, or a cache of it (`index_cache.py`) under `mkdocs serve`. A paper
    dated nowhere else takes the day git first saw its file (`git_dates()`, by source path,
    asked for only when a paper needs it)."""
    papers: list[Paper] = []
    problems: list[Diagnostic] = []
    for source in sources:
        problems.extend(source.diagnostics)
        paper, found = read(source, settings, (pages or {}).get(source.path))
        day = git_dates().get(source.path) if paper is not None and paper.date is None and git_dates else None
        if paper is not None and day is not None:
            paper = replace(paper, date=day, origins=tuple(sorted([*paper.origins, ("date", GIT)])))
            found = [problem for problem in found if problem.message != UNDATED]
        problems.extend(found)
        if paper is not None:
            papers.append(paper)
    papers = _unique_keys(papers)
    problems = no_links(problems)
    problems.extend(duplicate_titles(papers))
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
