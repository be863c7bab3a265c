"""The field report: how many notes have each field, where it came from, and what config would
read more.

A diarist trying the plugin on an existing diary sees an empty stats page before anything
else; this says which field was missed and, when most notes keep it under a key of their own,
the one line of `fields:` that reads it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mkdocs_paperdiary.core.frontkeys import FIELDS, field_keys
from mkdocs_paperdiary.core.paper import Paper

EXAMPLES = 3  # notes named for each missing field
# Words in a front-matter key that hint at the field it holds.
HINTS = {
    "title": ("title", "name"),
    "date": ("date", "read", "reading", "day", "time"),
    "url": ("url", "link", "href", "arxiv", "pdf", "doi"),
    "authors": ("author", "authors", "by"),
    "tags": ("tag", "tags", "keyword", "keywords", "category", "categories", "topics", "labels"),
    "venue": ("venue", "conference", "conf", "journal", "booktitle", "published", "proceedings"),
    "year": ("year",),
    "description": ("description", "summary", "tldr", "abstract"),
}
# Keys that mean something else to the plugin or to MkDocs and its themes: never "unread".
OTHER_KEYS = frozenset(
    {"paper", "topic", "aliases", "excerpt", "template", "hide", "search", "status", "icon", "layout", "permalink"}
)
_WORDS = re.compile(r"[_\-\s]+|(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class FieldCount:
    """One field across the diary: how many notes have it, from where, and a few that miss it."""

    name: str
    have: int
    origins: tuple[tuple[str, int], ...]
    missing: tuple[str, ...]
    missing_count: int


@dataclass(frozen=True)
class Suggestion:
    """A `fields:` line that would read a field from a key most notes missing it carry."""

    field: str
    key: str
    notes: int


@dataclass
class FieldReport:
    papers: int = 0
    fields: list[FieldCount] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    unread: list[tuple[str, int]] = field(default_factory=list)  # keys most notes carry that nothing reads


def field_report(
    papers: Iterable[Paper], front_matter: Mapping[str, Mapping[str, object]], fields: Mapping[str, str]
) -> FieldReport:
    """The report for `papers`, given each one's front matter by source and the `fields:` option."""
    papers = list(papers)
    report = FieldReport(len(papers), [_count(name, papers) for name in FIELDS])
    unread: Counter[str] = Counter()
    for paper in papers:
        data = front_matter.get(paper.source, {})
        read = set(field_keys(data, fields).values())
        unread.update(key for key, value in data.items() if key not in read and key not in OTHER_KEYS and value)
    for count in report.fields:
        lacking = [p for p in papers if not p.origin(count.name)]
        suggestion = _suggest(count.name, lacking, front_matter, unread)
        if suggestion:
            report.suggestions.append(suggestion)
            unread.pop(suggestion.key, None)
    report.unread = [(key, n) for key, n in unread.most_common() if n * 2 >= len(papers)]
    return report


def _count(name: str, papers: list[Paper]) -> FieldCount:
    origins = Counter(origin for p in papers if (origin := p.origin(name)))
    missing = sorted(p.source for p in papers if not p.origin(name))
    return FieldCount(
        name, sum(origins.values()), tuple(origins.most_common()), tuple(missing[:EXAMPLES]), len(missing)
    )


def _suggest(
    name: str, lacking: list[Paper], front_matter: Mapping[str, Mapping[str, object]], unread: Counter[str]
) -> Suggestion | None:
    """The unread key with a hint of `name` that most of the notes missing it carry."""
    carried = Counter(
        key
        for paper in lacking
        for key, value in front_matter.get(paper.source, {}).items()
        if value and key in unread and _hints(key, name)
    )
    best = carried.most_common(1)
    if not best or best[0][1] * 2 < len(lacking) or best[0][1] < 2:
        return None
    return Suggestion(name, best[0][0], best[0][1])


def _hints(key: str, name: str) -> bool:
    words = {word.casefold() for word in _WORDS.split(key) if word}
    return bool(words & set(HINTS[name]))
