"""A hand-kept diary list: the page where a diarist wrote down, month by month, what they read.

    ### July 2025
    * 23rd: [Title](topic/Note.md): what the paper does,
      wrapped over two lines.

Such lists are written by hand over years, so we tolerate what hands do: a heading without a
year, a missing bullet or colon, a day range, an empty or stale link. The list ends at the
first heading that is not a month (``## About``).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import unquote

from mkdocs_paperdiary.core.dates import MONTH, MONTH_NUMBERS, ordinal
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.frontmatter import SourceText, split_front_matter
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.markdown.scanner import strip_markdown

_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_MONTH_HEADING = re.compile(rf"^(?P<month>{MONTH}),?(?:\s+(?P<year>\d{{4}}))?$", re.IGNORECASE)
_ISO_HEADING = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?$")  # "2018-02", "2018-02-14"
_YEAR_HEADING = re.compile(r"^\d{4}$")  # "## 2018" groups months; it does not end the list
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_ENTRY = re.compile(
    rf"""^(?P<indent>\s*)(?:[-*+]\s+)?                        # the bullet, if any
    (?:(?P<day>{_DAY})(?:\s*(?:-|–|—|to)\s*{_DAY})?\s*[:.\-–—]?\s*)?  # "23rd:", "14th - 15th"
    \[(?P<title>(?:\\.|[^\]\\])*)\]                            # [Title]
    \((?P<target>\s*<[^>]*>|[^)\s]*)(?:\s+"[^"]*")?\s*\)       # (path.md "optional title")
    \s*(?:[:\-–—]\s*)?(?P<description>.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
# Any link, and a link in brackets: the "[[notes](notes/x.md)]" of a README's paper list.
_ANY_LINK = re.compile(r"\[(?P<text>(?:\\.|[^\[\]\\])*)\]\((?P<target>\s*<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\s*\)")
_LINK_GROUP = re.compile(
    r"\[\s*\[[^\[\]]*\]\([^)]*\)\s*\]|(?<!\S)\[(?:arxiv|pdf|notes?|code|paper|blog|video|slides)\]\([^)]*\)", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ITEM_START = re.compile(
    rf"^\s*(?:[-*+]\s|{_DAY}(?:\s*(?:-|–|—|to)\s*{_DAY})?\s*:)", re.IGNORECASE
)  # a new item, even without a link


@dataclass(frozen=True)
class ListEntry:
    """One line of the list (with its wrapped continuation lines)."""

    line: int
    title: str
    target: str
    date: ReadDate | None
    description: str = ""


@dataclass
class DiaryList:
    source: str
    entries: list[ListEntry] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class _Month:
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
    lines = front.body.split("\n")
    first = front.body_line
    months: list[_Month] = []
    sections: list[tuple[_Month, list[tuple[int, str]]]] = []
    for number, line in enumerate(lines, start=first):
        heading = _HEADING.match(line)
        if heading:
            month = _month_heading(heading, number)
            if month is not None:
                months.append(month)
                sections.append((month, []))
                continue
            if months and len(heading["hashes"]) <= months[-1].level and not _YEAR_HEADING.match(heading["text"]):
                break  # "## About": the list is over
        if sections:
            sections[-1][1].append((number, line))
    if not months:
        result.diagnostics.append(
            Diagnostic(
                source.path,
                None,
                "has no month headings such as '### July 2025' or '#### 2025-07'; no diary list was read.",
                code="diary-list",
            )
        )
        return result
    result.diagnostics.extend(_resolve_years(months, source.path))
    for month, body in sections:
        entries, found = _entries(month, body, source.path)
        result.entries.extend(entries)
        result.diagnostics.extend(found)
    return result


def _month_heading(heading: re.Match[str], number: int) -> _Month | None:
    text = strip_markdown(heading["text"])
    iso = _ISO_HEADING.match(text)
    if iso and 1 <= int(iso["month"]) <= 12:
        day = int(iso["day"]) if iso["day"] else None
        return _Month(number, len(heading["hashes"]), int(iso["month"]), int(iso["year"]), text, day)
    match = _MONTH_HEADING.match(text)
    if not match:
        return None
    month = MONTH_NUMBERS[match["month"].rstrip(".").casefold()]
    year = int(match["year"]) if match["year"] else None
    return _Month(number, len(heading["hashes"]), month, year, text)


def _newest_first(months: list[_Month]) -> bool:
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


def _resolve_years(months: list[_Month], path: str) -> list[Diagnostic]:
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


def _entries(month: _Month, body: list[tuple[int, str]], path: str) -> tuple[list[ListEntry], list[Diagnostic]]:
    entries: list[ListEntry] = []
    problems: list[Diagnostic] = []
    current: dict | None = None
    blank = False
    for number, line in body:
        if not line.strip():
            blank = True
            continue
        found = _read_line(line)
        if found:
            if current:
                entries.append(_entry(current, month, path, problems))
            current = {"line": number, "found": found, "more": []}
        elif current and not _ITEM_START.match(line) and not _HEADING.match(line) and (not blank or line[:1].isspace()):
            current["more"].append(line.strip())  # a description wrapped onto the next line
        else:
            if current:
                entries.append(_entry(current, month, path, problems))
                current = None
            if _ITEM_START.match(line):
                problems.append(
                    Diagnostic(
                        path,
                        number,
                        "this line of the diary list has no [Title](link); it was skipped.",
                        level="info",
                        code="diary-list",
                    )
                )
        blank = False
    if current:
        entries.append(_entry(current, month, path, problems))
    return entries, problems


def _read_line(line: str) -> dict[str, str] | None:
    """Day, title, note link and description of a list line, or None when it is no entry.

    `* 23rd: [Title](note.md): words` is read as written. A line may also name its note in any
    of its links, as `- Title [[arXiv](https://...)] [[notes](notes/x.md)]`: then the text
    around the links, or the first link's text, is the title.
    """
    match = _ENTRY.match(line)
    links = list(_ANY_LINK.finditer(line))
    note = next((link for link in links if _is_note(link["target"])), None)
    if match:
        target, description = match["target"].strip().strip("<>").strip(), match["description"]
        if note is not None and not _is_note(target):
            target, description = note["target"], _LINK_GROUP.sub("", description)
        return {"day": match["day"] or "", "title": match["title"], "target": target, "description": description}
    if not links or not _BULLET.match(line):
        return None
    text = strip_markdown(_LINK_GROUP.sub("", _BULLET.sub("", line))).strip(" -–—:|")
    return {
        "day": "",
        "title": text or links[0]["text"],
        "target": note["target"].strip("<>") if note else "",
        "description": "",
    }


def _is_note(target: str) -> bool:
    """Whether a link leads to a page of the site (`notes/x.md`), not out of it or to an anchor."""
    target = target.strip().strip("<>")
    return bool(target) and "://" not in target and not target.startswith(("#", "mailto:"))


def _entry(found: dict, month: _Month, path: str, problems: list[Diagnostic]) -> ListEntry:
    line: dict[str, str] = found["found"]
    date = None
    if month.year is not None:
        date = ReadDate(month.year, month.month)
        day = int(re.findall(r"\d+", line["day"])[0]) if line["day"] else month.day
        if day is not None:
            try:
                date = ReadDate.from_date(dt.date(month.year, month.month, day))
            except ValueError:
                problems.append(
                    Diagnostic(
                        path,
                        found["line"],
                        f"{month.text} has no {ordinal(day)}; the entry is dated by its month only.",
                        code="diary-list",
                    )
                )
    description = strip_markdown(" ".join([line["description"], *found["more"]]))
    return ListEntry(
        line=found["line"],
        title=strip_markdown(re.sub(r"\\(.)", r"\1", line["title"])),
        target=line["target"],
        date=date,
        description=description,
    )


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
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).strip()
    if not path or "://" in path or path.startswith("mailto:"):
        return None
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(list_source), path)
    joined = posixpath.normpath(joined)
    candidates = [joined]
    if target.endswith("/"):
        candidates += [joined + ".md", joined + "/index.md"]
    return next((index.by_source[c] for c in candidates if c in index.by_source), None)
