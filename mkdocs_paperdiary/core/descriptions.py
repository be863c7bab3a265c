"""A note's one-line description: what a diary list shows next to the paper's title.

Diarists open a note in many ways: a `TLDR;` line, a first paragraph, a bullet list under
"Introduction" or "Problem Statement", a label item ("* What") whose children say it. We take
the first sentence of the first of these, as plain text, and cap it at a line's length.
"""

from __future__ import annotations

import html
import re

from mkdocs_paperdiary.core.dates import looks_like_month_only
from mkdocs_paperdiary.core.fields import is_field_line, is_rating, is_section_name, venue_line
from mkdocs_paperdiary.markdown.scanner import strip_markdown

DESCRIPTION_CHARS = 300  # an inferred description is a line in a list, not the note
READ_CHARS = 4 * DESCRIPTION_CHARS  # enough text to find the first sentence in
TOP_LINES = 25  # how far down "near the top" reaches

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK = re.compile(r"(?<!!)\[(?P<label>[^\]]*)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_EM = r"(?:\*\*|__|\*|_)?"
_SEP = r"(?:[:;.,\-–—]\s*)?"
# "TLDR; x", "TL;DR: x", "tldr - x", "**TL;DR** x", "> **TL;DR:** x", in any case.
_TLDR = re.compile(
    rf"^\s*(?:[-*+>]\s+)?{_EM}\s*tl\s*;?\s*dr(?![\w])\s*{_SEP}{_EM}\s*{_SEP}{_EM}\s*(?P<text>[^\s*_].*)$",
    re.IGNORECASE,
)
_MARKER = re.compile(r"^(?:tl\s*;?\s*dr|summary|abstract)(?![\w])\s*[:;.\-–—]?\s*", re.IGNORECASE)
_META_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*[A-Z][\w ]{0,24}(?:\*\*|__)?\s*:\s*\S", re.IGNORECASE)
# A line (not a heading) that announces the opening: "**TL;DR**", "Summary:".
_INTRO = re.compile(
    r"^\s*(?:#{1,6}\s+)?(?:\*\*|__)?\s*(?:[\dIVX]+[.)]?\s+)?"
    r"(?:introduction|intro|summary|abstract|tl\s*;?\s*dr|overview|synopsis|in\s+(?:short|brief|a\s+nutshell)"
    r"|key\s+ideas?|main\s+ideas?|the\s+idea|idea|motivation|background|problem|contributions?)"
    r"\s*:?\s*(?:\*\*|__)?\s*:?\s*#*\s*$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"(?:\*\*|__)?[\w ]{1,25}(?:\*\*|__)?\s*:\s*(?:\*\*|__)?")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(?P<text>.*)$")
# Quote marks, and a GitHub alert's "> [!NOTE]" line, which says nothing itself.
_QUOTE = re.compile(r"^\s*(?:>\s?)+(?:\s*\[![A-Za-z]+\].*$)?")
_NOT_PROSE = re.compile(r"^\s*(?:\{[%{]|[-*+]\s|>|\||\d+[.)]\s|!!!|\?\?\?|<|\[\^|={3,}|-{3,}|\$\$)")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z0-9(\"'\[]|\s*$)|[。！？]")
_BARE_URL = re.compile(r"<?https?://[^\s<>]+>?")
# "See also [X](...)", "cf. the appendix": a pointer elsewhere, never what the paper does.
_POINTER = re.compile(
    r"^\W*(?:see\s+also\b|cf\.\s|see\s+(?=\[|<?https?:)|related(?:\s+(?:papers?|work))?\s*:|more\s+at\b)", re.IGNORECASE
)
# A line of names and affiliations under the title: "Tsinghua University, Alibaba; Zhang San, Li Si".
_NAME_PART = re.compile(  # "Zhang San", "University of Oxford", "清华大学"; never a clause of prose
    r"^(?:(?:[A-Z\u00c0-\u024f][\w.'\-]*|of|and|for|the|de|la|van|von)\s?){1,6}$"
    r"|^[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af·（）()]{1,12}$"
)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")
_SEPARATOR = re.compile(r"[,，;；、|]|\s{2,}")
_AFFILIATION = re.compile(r"Universit|Institute|Laborator|\bLab\b|College|Research|Inc\b|大学|学院|研究院|实验室|公司")
_ABBREVIATIONS = {"e.g", "i.e", "et al", "al", "vs", "etc", "cf", "fig", "eq", "approx", "resp", "dr", "mr", "ms"}

Lines = list[tuple[int, str]]


def describe(lines: Lines) -> str | None:
    """A `TLDR` line's text, else the first sentence of the opening, without its marker."""
    lines = [(number, _QUOTE.sub("", line)) for number, line in lines]  # a quoted abstract is prose
    found = _tldr(lines) or _opening(lines)
    found = _MARKER.sub("", found).strip() if found else None
    return shorten(found) if found else None


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """`text` cut at a word to at most `limit` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if cut.rfind(" ") > limit // 2:  # at a word; CJK text has few spaces, and is cut anywhere
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-–—(") + "…"


def first_sentence(text: str) -> str:
    """The first sentence of plain text, not fooled by 'e.g.' or 'et al.'."""
    for match in _SENTENCE_END.finditer(text):
        if match.group(0) in "。！？":
            return text[: match.end()].strip()
        word = re.search(r"([\w.]+)$", text[: match.start()])
        if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
            continue
        return text[: match.end()].strip()
    return text.strip()


def plain(markdown: str) -> str:
    """Plain text of inline markdown, entities decoded: `&amp;` is an ampersand in a title."""
    return html.unescape(strip_markdown(markdown))


def is_intro(line: str) -> bool:
    """Whether a line or heading only announces the opening ("## Introduction", "**TL;DR**")."""
    return _INTRO.match(line) is not None


def _tldr(lines: Lines) -> str | None:
    for _, line in lines[:TOP_LINES]:
        match = _TLDR.match(line)
        if match:
            return plain(match["text"]) or None
    return None


def _opening(lines: Lines) -> str | None:
    """The first sentence of the first paragraph or list item, whatever heading comes before."""
    for at, (_, line) in enumerate(lines):
        stripped = line.strip()
        if not stripped or _INTRO.match(stripped) or HEADING.match(stripped) or is_section_name(stripped):
            continue
        item = LIST_ITEM.match(line)
        if item:
            text = item["text"].strip()
            if text and not _skippable_item(text) and not _label_item(text, line, lines[at + 1 :]):
                return _paragraph(lines[at + 1 :], text, in_item=True)
            continue
        if not _skippable(stripped):
            return _paragraph(lines[at + 1 :], stripped, in_item=False)
    return None


def _paragraph(rest: Lines, first: str, in_item: bool) -> str | None:
    """The first sentence of the paragraph that starts with `first` and goes on in `rest`."""
    paragraph, size = [first], len(first)
    for _, line in rest:
        stripped = line.strip()
        new_item = in_item and LIST_ITEM.match(line) and not paragraph[-1].endswith(":")
        if not stripped or new_item or HEADING.match(stripped) or size > READ_CHARS:
            break
        if in_item:  # an item ending in a colon goes on in its nested items
            stripped = LIST_ITEM.sub(r"\g<text>", stripped)
        paragraph.append(stripped)
        size += len(stripped)
    return first_sentence(plain(_join(paragraph))) or None


def _join(lines: list[str]) -> str:
    """Wrapped lines as one: with a space, but none between two CJK characters (no spaces in 中文)."""
    text = lines[0]
    for line in lines[1:]:
        text += line if _CJK.match(text[-1:]) and _CJK.match(line[:1]) else " " + line
    return text


def _label_item(text: str, line: str, rest: Lines) -> bool:
    """An item of any wording ("What and why", "(1) Introduction") that only labels its children:
    short, no sentence of its own, and followed by a deeper item."""
    after = next((other for _, other in rest if other.strip()), "")
    if LIST_ITEM.match(after) is None or _indent(after) <= _indent(line):
        return False
    return len(text.split()) <= 5 and not _SENTENCE_END.search(strip_markdown(text))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _skippable_item(text: str) -> bool:
    """List items that are not the opening: labelled metadata, a label ("What", "Results:")
    whose children say it, a link or image alone."""
    if is_field_line(text) or is_section_name(text) or _NOT_PROSE.match(text) or is_rating(text):
        return True
    if _POINTER.match(text) or venue_line(text):
        return True
    words = strip_markdown(text)
    if text.rstrip("*_ ").endswith(":") and len(words.split()) <= 4:
        return True
    return not words or _only_links(text)


def _skippable(line: str) -> bool:
    """Lines at the top that are not the opening paragraph: headings, metadata, link lines."""
    stripped = line.strip()
    if HEADING.match(stripped) or _NOT_PROSE.match(stripped) or _META_LINE.match(stripped) or is_field_line(stripped):
        return True
    if looks_like_month_only(stripped) or (not stripped[:1].isalnum() and not strip_markdown(stripped)):
        return True  # e.g. an image alone (a line that starts with a letter keeps it in plain text)
    if venue_line(stripped) or is_rating(stripped) or _POINTER.match(stripped) or _names(stripped):
        return True
    return _only_links(stripped)


def _names(line: str) -> bool:
    """A line of authors and affiliations: short names apart by commas, never a sentence."""
    if not _SEPARATOR.search(line) or line.rstrip("*_ ").endswith((".", "。", "!", "?", "！", "？", ":", "：")):
        return False
    parts = [part.strip(" *_") for part in _SEPARATOR.split(line) if part.strip(" *_")]
    if not all(_NAME_PART.match(part) for part in parts):
        return False
    if _AFFILIATION.search(line):
        return len(parts) >= 2
    return len(parts) >= 3 and all(part.isascii() or len(part) <= 4 for part in parts)  # 张三 is a name


def _only_links(line: str) -> bool:
    """A line of links, perhaps after a label: "[arXiv](...) | [code](...)", "Links: [pdf](...)",
    "Official code: https://..."."""
    line = _BARE_URL.sub("[](url)", line)
    if not LINK.sub("", line).strip(" .,:;-|*_"):
        return True
    first = LINK.search(line)
    if first is None or not _LABEL.fullmatch(line[: first.start()].strip()):
        return False
    return not LINK.sub("", line[first.start() :]).strip(" .,:;-|*_()")
