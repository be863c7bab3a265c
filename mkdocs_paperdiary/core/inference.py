"""Zero-config metadata for summaries written without front matter.

Most existing diaries are plain notes: a heading, a ``Date: 20th July 2025`` line, a link
labelled "arXiv" and a first paragraph. We read those shapes, near the top of the file only,
so a date mentioned deep in the discussion is never taken for the day the paper was read.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from dataclasses import dataclass

from mkdocs_paperdiary.core.dates import DateError, DateSettings, looks_like_month_only, parse_read_date
from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.markdown.scanner import code_lines, strip_markdown

TOP_LINES = 25  # how far down "near the top" reaches
DESCRIPTION_CHARS = 300  # an inferred description is a line in a list, not the note
_READ_CHARS = 4 * DESCRIPTION_CHARS  # enough text to find the first sentence in

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_LINK_HEADING = re.compile(r"^\[(?P<text>.+?)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)(?P<extra>.*)$")
_LINK = re.compile(r"(?<!!)\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_LINK_LABEL = re.compile(r"\b(arxiv|paper|pdf|blog|openreview|preprint|article|link|publication)\b", re.IGNORECASE)
_EMPH = r"(?:\*\*|__|\*|_)?"
_DATE_LABEL = re.compile(
    rf"^\s*(?:[-*+>]\s+)?{_EMPH}\s*(?:date(?:\s+read)?|read(?:\s+on)?|reading\s+date|read\s+date)\s*{_EMPH}\s*:\s*{_EMPH}\s*(?P<value>.*?)\s*{_EMPH}\s*$",
    re.IGNORECASE,
)
_TLDR = re.compile(rf"^\s*{_EMPH}\s*tl\s*;?\s*dr\s*{_EMPH}\s*[:.\-–]\s*{_EMPH}\s*(?P<text>.+)$", re.IGNORECASE)
_META_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*[A-Z][\w ]{0,24}(?:\*\*|__)?\s*:\s*\S", re.IGNORECASE)
# A leading section whose first words, list items included, say what the paper is about.
_INTRO = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:\*\*|__)?\s*(?:[\dIVX]+[.)]?\s+)?"
    r"(?:introduction|intro|summary|abstract|tl\s*;?\s*dr|overview|synopsis|in\s+(?:short|brief|a\s+nutshell)"
    r"|key\s+ideas?|main\s+ideas?|the\s+idea|idea|motivation|background|problem|contributions?)"
    r"\s*:?\s*(?:\*\*|__)?\s*:?\s*#*\s*$",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(?P<text>.*)$")
_NOT_PROSE = re.compile(r"^\s*(?:\{[%{]|[-*+]\s|>|\||\d+[.)]\s|!!!|\?\?\?|<|\[\^|={3,}|-{3,}|\$\$)")
_ABBREVIATIONS = {"e.g", "i.e", "et al", "al", "vs", "etc", "cf", "fig", "eq", "approx", "resp", "dr", "mr", "ms"}


@dataclass(frozen=True)
class Inferred:
    """What a note's body says about its paper; line numbers are 1-based in the file."""

    title: str | None = None
    title_line: int | None = None
    url: str | None = None
    date: ReadDate | None = None
    date_line: int | None = None
    description: str | None = None


def infer(
    body: str, path: str, first_line: int = 1, settings: DateSettings = DateSettings(), known: Collection[str] = ()
) -> tuple[Inferred, list[Diagnostic]]:
    """Read title, link, read date and description from a note's body.

    Fields in `known` (given by front matter) are not looked for: a big diary written with
    front matter then pays almost nothing for inference.
    """
    lines = _prose_lines(body)
    problems: list[Diagnostic] = []
    title, title_line, title_url = _title(lines) if not {"title", "url"} <= set(known) else (None, None, None)
    date, date_line, date_problem = _date(lines, settings) if "date" not in known else (None, None, None)
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
        url=title_url or (_labelled_link(lines) if "url" not in known else None),
        date=date,
        date_line=date_line + first_line - 1 if date_line is not None else None,
        description=_description(lines) if "description" not in known else None,
    )
    return found, problems


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—(") + "…"


def first_sentence(text: str) -> str:
    """The first sentence of plain text, not fooled by 'e.g.' or 'et al.'."""
    for match in re.finditer(r"[.!?](?=\s+[A-Z0-9(\"'\[]|\s*$)", text):
        word = re.search(r"([\w.]+)$", text[: match.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        return text[: match.end()].strip()
    return text.strip()


def _prose_lines(body: str) -> list[tuple[int, str]]:
    """Numbered lines outside code blocks, each cut to what inference can use.

    Control characters (a stray NUL) never reach a title. Titles, dates and links are short; cutting a megabyte line keeps the patterns below linear
    in the note's size (a line of 50,000 `[` took minutes).
    """
    code = code_lines(body)
    lines = enumerate(body.split("\n"), start=1)
    return [(number, _CONTROL.sub("", line[:_READ_CHARS])) for number, line in lines if number not in code]


def _title(lines: list[tuple[int, str]]) -> tuple[str | None, int | None, str | None]:
    for number, line in lines:
        match = _HEADING.match(line)
        if match and len(match.group(1)) <= 2 and not _INTRO.match(line):
            heading = match.group(2).strip()
            link = _LINK_HEADING.match(heading)
            url = safe_url(link["url"]) if link else None
            return _plain(heading) or None, number, url
    return None, None, None


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
    for _, line in lines[:TOP_LINES]:
        for match in _LINK.finditer(line):
            url = safe_url(match["url"])
            if url and _LINK_LABEL.search(match["label"]):
                return url
    return None


def _tldr(lines: list[tuple[int, str]]) -> str | None:
    for _, line in lines[:TOP_LINES]:
        match = _TLDR.match(line)
        if match:
            return _plain(match["text"]) or None
    return None


def _description(lines: list[tuple[int, str]]) -> str | None:
    found = _tldr(lines) or _first_sentence(lines)
    return shorten(found) if found else None


def _first_sentence(lines: list[tuple[int, str]]) -> str | None:
    """The first sentence of the opening paragraph; list items count under an intro heading."""
    paragraph: list[str] = []
    size, in_intro, in_item = 0, False, False
    for _, line in lines:
        stripped = line.strip()
        if paragraph:
            new_item = in_item and _LIST_ITEM.match(line) and not paragraph[-1].endswith(":")
            if not stripped or new_item or _HEADING.match(stripped) or size > _READ_CHARS:
                break
            if in_item:  # an item ending in a colon goes on in its nested items
                stripped = _LIST_ITEM.sub(r"\g<text>", stripped)
            paragraph.append(stripped)
            size += len(stripped)
            continue
        if not stripped:
            continue
        if _INTRO.match(stripped):
            in_intro = True
            continue
        item = _LIST_ITEM.match(line)
        if in_intro and item and item["text"].strip():
            paragraph, size, in_item = [item["text"].strip()], len(item["text"]), True
            continue
        if _HEADING.match(stripped):
            in_intro = False
        if _skippable(stripped):
            continue
        paragraph, size = [stripped], len(stripped)
    text = _plain(" ".join(paragraph))
    return first_sentence(text) or None


def _plain(markdown: str) -> str:
    """Plain text of inline markdown, entities decoded: `&amp;` is an ampersand in a title."""
    return html.unescape(strip_markdown(markdown))


def _skippable(line: str) -> bool:
    """Lines at the top that are not the opening paragraph: headings, metadata, link lines."""
    stripped = line.strip()
    if _HEADING.match(stripped) or _NOT_PROSE.match(stripped) or _META_LINE.match(stripped):
        return True
    if looks_like_month_only(stripped) or not strip_markdown(stripped):  # e.g. an image alone
        return True
    return not _LINK.sub("", stripped).strip(" .,:;-|")
