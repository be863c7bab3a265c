"""The entries under one month of a hand-kept diary list: `* 23rd: [Title](note.md): words`.

A line may also name its note in any of its links (`- Title [[arXiv](https://...)]
[[notes](notes/x.md)]`), wrap its description onto the next lines, or sit under a plain label
that groups entries ("NLP", then its items). Links are read by the scanner's one link pattern
and their destinations as Python-Markdown reads them (`links.targets`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mkdocs_paperdiary.core.dates import ordinal
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.links.targets import SCHEME, parse_destination
from mkdocs_paperdiary.markdown.scanner import INLINE_LINK, strip_markdown

_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# What may stand before an entry's link: a bullet, a day or a day range ("23rd:", "14th - 15th").
_BEFORE_LINK = re.compile(
    rf"^\s*(?:[-*+]\s+)?(?:(?P<day>{_DAY})(?:\s*(?:-|–|—|to)\s*{_DAY})?\s*[:.\-–—]?\s*)?$", re.IGNORECASE
)
_AFTER_LINK = re.compile(r"^\s*(?:[:\-–—]\s*)?")
# A link in brackets, or a link named for its kind: the "[[notes](notes/x.md)]" of a README's list.
_LINK_GROUP = re.compile(
    r"\[\s*\[[^\[\]]*\]\([^)]*\)\s*\]|(?<!\S)\[(?:arxiv|pdf|notes?|code|paper|blog|video|slides)\]\([^)]*\)", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_ITEM_START = re.compile(rf"^\s*(?:[-*+]\s|{_DAY}(?:\s*(?:-|–|—|to)\s*{_DAY})?\s*:)", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:\*\*|__)?[^\W\d][\w&/+ -]{0,30}?(?:\*\*|__)?:?\s*$")  # "NLP", "**Vision**"


@dataclass(frozen=True)
class ListEntry:
    """One entry of the list (with its wrapped continuation lines)."""

    line: int
    title: str
    target: str
    date: ReadDate | None
    description: str = ""


@dataclass(frozen=True)
class _Line:
    """What one line of the list says, before its month dates it."""

    day: int | None
    title: str
    target: str
    description: str


@dataclass
class _Open:
    """The entry being read, and the lines it wraps onto."""

    line: int
    found: _Line
    more: list[str] = field(default_factory=list)


def read_entries(
    year: int | None, month: int, day: int | None, heading: str, body: list[tuple[int, str]], path: str
) -> tuple[list[ListEntry], list[Diagnostic]]:
    """The entries of one month's lines; `day` is the heading's own ("#### 2018-02-14")."""
    entries: list[ListEntry] = []
    problems: list[Diagnostic] = []
    current: _Open | None = None
    blank = False
    for at, (number, line) in enumerate(body):
        if not line.strip():
            blank = True
            continue
        found = _read_line(line)
        wraps = current is not None and not _ITEM_START.match(line) and (not blank or line[:1].isspace())
        if found is None and wraps and not _group_label(line, body[at + 1 :]):
            assert current is not None
            current.more.append(line.strip())  # a description wrapped onto the next line
        else:
            if current:
                entries.append(_entry(current, year, month, day, heading, path, problems))
            current = _Open(number, found) if found else None
            if found is None and _ITEM_START.match(line):
                message = "this line of the diary list has no [Title](link); it was skipped."
                problems.append(Diagnostic(path, number, message, level="info", code="diary-list"))
        blank = False
    if current:
        entries.append(_entry(current, year, month, day, heading, path, problems))
    return entries, problems


def _group_label(line: str, rest: list[tuple[int, str]]) -> bool:
    """A short plain line ("NLP", "**Vision**") followed by an item labels a group; it wraps nothing."""
    after = next((other for _, other in rest if other.strip()), "")
    return _LABEL.match(line) is not None and len(line.split()) <= 3 and _ITEM_START.match(after) is not None


def _read_line(line: str) -> _Line | None:
    """Day, title, note link and description of a list line, or None when it is no entry.

    `* 23rd: [Title](note.md): words` is read as written. A line may also name its note in any
    of its links: then the text around the links, or the first link's text, is the title.
    """
    links = list(INLINE_LINK.finditer(line))
    if not links:
        return None
    targets = [parse_destination(link["inner"]).href for link in links]
    note = next((target for target in targets if is_note(target)), None)
    first = links[0]
    before = _BEFORE_LINK.match(line[: first.start()])
    if before:
        target, description = targets[0], _AFTER_LINK.sub("", line[first.end() :], count=1)
        if note is not None and not is_note(target):
            target, description = note, _LINK_GROUP.sub("", description)
        day = int(re.findall(r"\d+", before["day"])[0]) if before["day"] else None
        return _Line(day, first["text"], target, description.strip())
    if not _BULLET.match(line):
        return None
    text = strip_markdown(_LINK_GROUP.sub("", _BULLET.sub("", line))).strip(" -–—:|")
    return _Line(None, text or first["text"], note or "", "")


def is_note(target: str) -> bool:
    """Whether a link leads to a page of the site (`notes/x.md`), not out of it or to an anchor."""
    target = target.strip()
    return bool(target) and not SCHEME.match(target) and not target.startswith("#")


def _entry(
    current: _Open, year: int | None, month: int, day: int | None, heading: str, path: str, problems: list[Diagnostic]
) -> ListEntry:
    found = current.found
    date = None
    if year is not None:
        date = ReadDate(year, month)
        day = found.day if found.day is not None else day
        if day is not None:
            try:
                date = ReadDate.from_date(dt.date(year, month, day))
            except ValueError:
                message = f"{heading} has no {ordinal(day)}; the entry is dated by its month only."
                problems.append(Diagnostic(path, current.line, message, code="diary-list"))
    return ListEntry(
        line=current.line,
        title=strip_markdown(re.sub(r"\\(.)", r"\1", found.title)),
        target=found.target,
        date=date,
        description=strip_markdown(" ".join([found.description, *current.more])),
    )
