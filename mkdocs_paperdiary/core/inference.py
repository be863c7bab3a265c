"""Zero-config metadata for summaries written without front matter.

Most existing diaries are plain notes: a heading, a ``Date: 20th July 2025`` line, a link
labelled "arXiv", labelled fields (``* **Title**: ...``) and a first paragraph. We read those
shapes, near the top of the file only, so a date mentioned deep in the discussion is never
taken for the day the paper was read.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from mkdocs_paperdiary.core.dates import DateError, DateSettings, looks_like_month_only, parse_read_date
from mkdocs_paperdiary.core.descriptions import (
    DESCRIPTION_CHARS,
    HEADING,
    LINK,
    READ_CHARS,
    TOP_LINES,
    describe,
    first_sentence,
    is_intro,
    plain,
    shorten,
)
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.fields import Fields, is_section_name, read_fields, venue_line
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.markdown.scanner import code_lines

_LINK_HEADING = re.compile(r"^\[(?P<text>.+?)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)(?P<extra>.*)$")
# A note that opens with a lone "[Title](https://...)" line instead of a heading.
_BARE_LINK = re.compile(
    r"^\s*(?:\*\*|__)?\[(?P<text>[^\]!][^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)(?:\*\*|__)?\s*$"
)
_URL_LINE = re.compile(r"^\s*(?:[-*+]\s+)?<?(?P<url>https?://[^\s<>]+?)>?[.,;]?\s*$")
_LINK_LABEL = re.compile(r"\b(arxiv|paper|pdf|blog|openreview|preprint|article|link|publication)\b", re.IGNORECASE)
# Link texts that name a kind of link, not a paper: "[arXiv link](...)" on its own is no title.
_LINK_WORDS = re.compile(
    r"^(?:\W*(?:arxiv|paper|pdf|blog|openreview|preprint|article|link|publication|here|code|project|website|page)\W*)+$",
    re.IGNORECASE,
)
_EMPH = r"(?:\*\*|__|\*|_)?"
_DATE_LABEL = re.compile(
    rf"^\s*(?:[-*+>]\s+)?{_EMPH}\s*(?:date(?:\s+read)?|read(?:\s+on)?|reading\s+date|read\s+date)\s*{_EMPH}\s*:\s*{_EMPH}\s*(?P<value>.*?)\s*{_EMPH}\s*$",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FIELDS = frozenset({"title", "url", "authors", "tags", "year", "venue"})

__all__ = ["DESCRIPTION_CHARS", "Inferred", "first_sentence", "infer", "shorten"]


@dataclass(frozen=True)
class Inferred:
    """What a note's body says about its paper; line numbers are 1-based in the file."""

    title: str | None = None
    title_line: int | None = None
    url: str | None = None
    date: ReadDate | None = None
    date_line: int | None = None
    description: str | None = None
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    section_heading: str | None = None  # with no title: the first heading, which names a section ("Paper")


def infer(
    body: str, path: str, first_line: int = 1, settings: DateSettings = DateSettings(), known: Collection[str] = ()
) -> tuple[Inferred, list[Diagnostic]]:
    """Read title, link, authors, tags, year, venue, read date and description from a body.

    Fields in `known` (given by front matter) are not looked for: a big diary written with
    front matter then pays almost nothing for inference. A labelled `Title:` or `Link:` line
    wins over the heading.
    """
    lines = _prose_lines(body)
    known = set(known)
    fields = read_fields(lines[:TOP_LINES]) if not known >= _FIELDS else Fields()
    heading = _title(lines) if not known >= {"title", "url"} else (None, None, None)
    title, title_line = (fields.title, fields.title_line) if fields.title else heading[:2]
    venue = _venue(lines, heading[1]) if not known >= {"venue", "year"} else (None, None)
    date, date_line, date_problem = _date(lines, settings) if "date" not in known else (None, None, None)
    problems: list[Diagnostic] = []
    if date_problem is not None:
        problems.append(
            Diagnostic(
                path,
                date_problem[0] + first_line - 1,
                date_problem[1] + "; the paper is listed as undated.",
                code="date",
            )
        )
    found = Inferred(
        title=title,
        title_line=title_line + first_line - 1 if title_line is not None else None,
        url=fields.url or heading[2] or (_labelled_link(lines) if "url" not in known else None),
        date=date,
        date_line=date_line + first_line - 1 if date_line is not None else None,
        description=describe(lines) if "description" not in known else None,
        authors=fields.authors,
        tags=fields.tags,
        year=fields.year or venue[1],
        venue=fields.venue or venue[0],
        section_heading=_section_heading(lines) if title is None and "title" not in known else None,
    )
    return found, problems


def _prose_lines(body: str) -> list[tuple[int, str]]:
    """Numbered lines outside code blocks, each cut to what inference can use.

    Control characters (a stray NUL) never reach a title. Titles, dates and links are short; cutting a megabyte line keeps the patterns below linear
    in the note's size (a line of 50,000 `[` took minutes).
    """
    code = code_lines(body)
    lines = enumerate((_CONTROL.sub("", body) if _CONTROL.search(body) else body).split("\n"), start=1)
    return [(number, line[:READ_CHARS]) for number, line in lines if number not in code]


def _title(lines: list[tuple[int, str]]) -> tuple[str | None, int | None, str | None]:
    """A lone `[Title](url)` first line, else the first heading that is not a section's name."""
    number, first = next(((n, line) for n, line in lines if line.strip()), (0, ""))
    opening = HEADING.match(first)  # "### [Title](url)" of any level opens the note as a bare link does
    bare = _BARE_LINK.match(opening.group(2) if opening else first)
    url = safe_url(bare["url"]) if bare else None
    if bare and url and not _LINK_WORDS.match(plain(bare["text"])):
        return plain(bare["text"]) or None, number, url
    for number, line in lines:
        match = HEADING.match(line)
        if match and len(match.group(1)) <= 2 and not is_intro(line) and not is_section_name(match.group(2)):
            heading = match.group(2).strip()
            link = _LINK_HEADING.match(heading)
            url = safe_url(link["url"]) if link else None
            return plain(heading) or None, number, url
    return None, None, None


def _section_heading(lines: list[tuple[int, str]]) -> str | None:
    """The first top-level heading, when no title was found: it only names a section."""
    for _, line in lines:
        match = HEADING.match(line)
        if match and len(match.group(1)) <= 2:
            return plain(match.group(2)) or None
    return None


def _date(
    lines: list[tuple[int, str]], settings: DateSettings
) -> tuple[ReadDate | None, int | None, tuple[int, str] | None]:
    for number, line in lines[:TOP_LINES]:
        label = _DATE_LABEL.match(line)
        if label:
            try:
                return parse_read_date(label["value"], settings), number, None
            except DateError as error:
                return None, None, (number, str(error))
        if looks_like_month_only(line):
            return parse_read_date(line, settings), number, None
    return None, None, None


def _labelled_link(lines: list[tuple[int, str]]) -> str | None:
    """A link labelled "arXiv", "paper"... near the top, else a line that is only a URL."""
    for _, line in lines[:TOP_LINES]:
        for match in LINK.finditer(line):
            url = safe_url(match["url"])
            if url and _LINK_LABEL.search(match["label"]):
                return url
    for _, line in lines[:TOP_LINES]:
        bare = _URL_LINE.match(line)
        if bare:
            return safe_url(bare["url"])
    return None


def _venue(lines: list[tuple[int, str]], title_line: int | None) -> tuple[str | None, int | None]:
    """A short line right after the title that is a venue and a year ("CVPR2023", "NeurIPS 2022")."""
    after = [line for number, line in lines[:TOP_LINES] if title_line is None or number > title_line]
    for at, line in enumerate([line for line in after if line.strip()][:3]):
        found = venue_line(line)
        if found:
            return found
        if at and HEADING.match(line):  # the next section: the venue would have come before it
            break
    return None, None
