"""A hand-kept diary list: the page where a diarist wrote down, month by month, what they read.

    ### July 2025
    * 23rd: [Title](topic/Note.md): what the paper does,
      wrapped over two lines.

Such lists are written by hand over years, so we tolerate what hands do: a heading without a
year or with words after it (`#### 2016-11 (ICLR Edition)`), a missing bullet or colon, a day
range, an empty or stale link, entries grouped under plain labels ("NLP", "Vision"). Headings
are the scanner's, so a heading inside a code block is no heading. The list ends at the first
heading that is not a month (``## About``).
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import unquote

from mkdocs_paperdiary.authoring.listlines import ListEntry, is_note, read_entries
from mkdocs_paperdiary.core.dates import MONTH, MONTH_NUMBERS
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText, split_front_matter
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.links.targets import resolve
from mkdocs_paperdiary.markdown.scanner import Heading, Lines, headings, mask, strip_markdown

# Words may follow a month: "July 2025 (conference season)", "2016-11 (ICLR Edition)".
_AFTER = r"(?:\s*[(\[:\-–—,].*|\s+\S.*)?"
_MONTH_HEADING = re.compile(rf"^(?P<month>{MONTH}),?(?:\s+(?P<year>\d{{4}}))?{_AFTER}$", re.IGNORECASE)
_ISO_HEADING = re.compile(rf"^(?P<year>\d{{4}})-(?P<month>\d{{1,2}})(?:-(?P<day>\d{{1,2}}))?(?![\d-]){_AFTER}$")
_YEAR_HEADING = re.compile(r"^\d{4}$")  # "## 2018" groups months; it does not end the list

__all__ = ["DiaryList", "ListEntry", "ListMatches", "Match", "list_diagnostics", "match_list", "parse_diary_list"]


@dataclass
class DiaryList:
    source: str
    entries: list[ListEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class Month:
    """A month heading; a yearless one takes its year from its neighbours (`_resolve_years`)."""

    line: int
    level: int
    month: int
    year: int | None
    text: str
    day: int | None = None  # a "#### 2018-02-14" heading dates its entries to the day


def parse_diary_list(source: SourceText) -> DiaryList:
    """Entries of the month sections of a page; lines the parser cannot read are reported."""
    front, problems = split_front_matter(source)
    result = DiaryList(source.path, diagnostics=list(problems))
    sections = _sections(front.body, front.body_line)
    if not sections:
        message = "has no month headings such as '### July 2025' or '#### 2025-07'; no diary list was read."
        result.diagnostics.append(Diagnostic(source.path, None, message, code="diary-list"))
        return result
    months = [month for month, _ in sections]
    result.diagnostics.extend(_resolve_years(months, source.path))
    for month, body in sections:
        entries, found = read_entries(month.year, month.month, month.day, month.text, body, source.path)
        result.entries.extend(entries)
        result.diagnostics.extend(found)
    return result


def _sections(body: str, first_line: int) -> list[tuple[Month, list[tuple[int, str]]]]:
    """Each month heading with its lines, until a heading that ends the list.

    Code blocks are blanked, and so are other headings ("##### NLP" inside a month): they end
    an entry's wrapped lines as a blank line does.
    """
    masked = mask(body)
    rows = masked.split("\n")
    months: list[tuple[Month, int]] = []  # with the heading's line in the body
    end = len(rows)
    for heading in headings(body, masked, Lines(body)):
        month = _month_heading(heading, first_line)
        if month is not None:
            months.append((month, heading.line))
        elif months and heading.level <= months[-1][0].level and not _YEAR_HEADING.match(heading.text):
            end = heading.line - 1  # "## About": the list is over
            break
        rows[heading.line - 1] = ""
    sections = []
    for at, (month, line) in enumerate(months):
        last = months[at + 1][1] - 1 if at + 1 < len(months) else end
        sections.append((month, [(number + first_line - 1, rows[number - 1]) for number in range(line + 1, last + 1)]))
    return sections


def _month_heading(heading: Heading, first_line: int) -> Month | None:
    text = strip_markdown(heading.text)
    line, level = heading.line + first_line - 1, heading.level
    iso = _ISO_HEADING.match(text)
    if iso and 1 <= int(iso["month"]) <= 12:
        day = int(iso["day"]) if iso["day"] else None
        return Month(line, level, int(iso["month"]), int(iso["year"]), text, day)
    match = _MONTH_HEADING.match(text)
    if not match:
        return None
    month = MONTH_NUMBERS[match["month"].rstrip(".").casefold()]
    return Month(line, level, month, int(match["year"]) if match["year"] else None, text)


def _newest_first(months: list[Month]) -> bool:
    """Which way the list runs, by a vote of neighbouring headings (a year boundary is one vote)."""
    votes = 0
    for before, after in pairwise(months):
        a: tuple[int, ...]
        b: tuple[int, ...]
        if before.year is not None and after.year is not None:
            a, b = (before.year, before.month), (after.year, after.month)
        else:
            a, b = (before.month,), (after.month,)
        votes += (a > b) - (a < b)
    return votes >= 0


def _resolve_years(months: list[Month], path: str) -> list[Diagnostic]:
    """Give yearless headings the year their neighbours imply, in whichever order the list runs."""
    step = -1 if _newest_first(months) else 1  # how the year moves going down the list
    for before, current in pairwise(months):
        if current.year is None and before.year is not None:
            wraps = current.month > before.month if step < 0 else current.month < before.month
            current.year = before.year + step if wraps else before.year
    for current, after in reversed(list(pairwise(months))):
        if current.year is None and after.year is not None:
            wraps = current.month < after.month if step < 0 else current.month > after.month
            current.year = after.year - step if wraps else after.year
    return [
        Diagnostic(
            path,
            month.line,
            f"month heading '{month.text}' has no year and no heading near it has one; its entries are undated.",
            code="diary-list",
        )
        for month in months
        if month.year is None
    ]


# ---- matching entries with notes -------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    entry: ListEntry
    paper: Paper
    by_title: bool  # the link was empty or wrong, so the title found the note


@dataclass
class ListMatches:
    """How a diary list and the notes on disk line up."""

    matched: list[Match] = field(default_factory=list)
    without_note: list[ListEntry] = field(default_factory=list)
    not_listed: list[Paper] = field(default_factory=list)

    def by_source(self) -> dict[str, Match]:
        return {match.paper.source: match for match in self.matched}


def match_list(diary: DiaryList, index: PaperIndex) -> ListMatches:
    """Find each entry's note by its link, else by its title; report what is left on either side."""
    titles = _title_lookup(index.papers)
    result = ListMatches()
    seen: set[str] = set()
    for entry in diary.entries:
        paper = _linked(entry.target, diary.source, index)
        by_title = paper is None
        if paper is None:
            candidates = titles.get(normalise_title(entry.title), [])
            paper = candidates[0] if len(candidates) == 1 else None
        if paper is None:
            result.without_note.append(entry)
        elif paper.source not in seen:
            seen.add(paper.source)
            result.matched.append(Match(entry, paper, by_title))
    result.not_listed = [paper for paper in index.papers if paper.source not in seen and paper.source != diary.source]
    return result


def list_diagnostics(diary: DiaryList, matches: ListMatches) -> list[Diagnostic]:
    """What `paperdiary check` says about a diary list: the notes it leaves out."""
    return [
        *(d for d in diary.diagnostics if d.level == "warning"),
        *(
            Diagnostic(paper.source, None, f"is missing from the diary list in {diary.source}.", code="diary-list")
            for paper in matches.not_listed
        ),
    ]


def normalise_title(title: str) -> str:
    """Titles compared loosely: accents, case, punctuation and spacing do not matter."""
    text = unicodedata.normalize("NFKD", strip_markdown(title)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _title_lookup(papers: Iterable[Paper]) -> dict[str, list[Paper]]:
    lookup: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        names = {normalise_title(name) for name in (paper.title, *paper.aliases)}
        for name in names - {""}:
            lookup[name].append(paper)
    return lookup


def _linked(target: str, list_source: str, index: PaperIndex) -> Paper | None:
    """The note a link reaches, by MkDocs' rule (`links.targets.resolve`); `/x.md` from docs_dir,
    and `x/` as the page `x.md` or `x/index.md` would have."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip()
    if not is_note(path):
        return None
    joined = posixpath.normpath(path.lstrip("/")) if path.startswith("/") else resolve(list_source, path)
    candidates = [joined, joined + ".md", joined + "/index.md"] if path.endswith("/") else [joined]
    return next((index.by_source[c] for c in candidates if c in index.by_source), None)
