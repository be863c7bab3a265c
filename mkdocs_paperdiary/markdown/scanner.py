"""Reading markdown source the way Python-Markdown will: what is code, where links and headings are.

This is the one place that knows what is code. Fences open with three or more backticks or
tildes and close with a run of the same character at least as long (so a ```` fence can show a
``` fence, and a ~~~ fence can hold backticks); an indented block is code after a blank line
unless it continues a list item, an admonition, a content tab or a footnote. Inline code spans
and HTML comments are found with one pattern, so a backtick inside a comment opens nothing.

The scanners work on a *masked* copy of the text in which code, comments and front matter are
blanked with spaces (newlines kept), so offsets and line numbers match the original while
nothing inside code counts as a link, a heading or a marker.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

# Same pattern as mkdocs.utils.meta.YAML_RE.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_NOT_NEWLINE = re.compile(r"[^\n]")
_FENCE_LINE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<rest>[^\n]*)$", re.MULTILINE)
# Lines whose indented continuation is their content, not code: list items, admonitions
# (`!!!`, `???`), content tabs (`===`) and footnote definitions.
_CONTAINER = re.compile(r"^[ ]{0,3}(?:[-*+][ \t]|\d+[.)][ \t]|[-*+]$|\d+[.)]$|!!!|\?\?\?|===[ \t]|\[\^[^\]\n]+\]:)")
_INLINE_CODE = re.compile(
    r"(?<![`\\])(?P<ticks>`+)(?!`)(?:[^`\n]|\n(?![ \t]*\n)|`+(?!`))*?(?<!`)(?P=ticks)(?!`)",
    re.DOTALL,
)

# Link text: anything but brackets, escapes, or one level of nested brackets; no blank line.
_TEXT = r"(?:[^\[\]\\\n]|\\.|\n(?![ \t]*\n)|\[(?:[^\[\]\\\n]|\\.)*\])*"
INLINE_LINK = re.compile(rf"(?<![!\\])\[(?P<text>{_TEXT})\]\((?P<inner>(?:[^()\\\n]|\\.|\([^()\n]*\))*)\)")
REFERENCE_LINK = re.compile(rf"(?<![!\\\]])\[(?P<text>{_TEXT})\][ ]?\[(?P<label>[^\[\]\n]*)\]")
REFERENCE_DEFINITION = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n^][^\]\n]*)\]:[ \t]*(?P<inner>[^\n]*)$", re.MULTILINE)

_ATX = re.compile(r"^(?P<hashes>#{1,6})(?P<text>[^\n]*?)#*[ \t]*$", re.MULTILINE)
_UNDERLINE = re.compile(r"^(?:=+|-+)[ \t]*$", re.MULTILINE)
_NOT_SETEXT_TEXT = re.compile(r"^\s*(?:[-*+][ \t]|\d+[.)][ \t]|#|>|\||<|[=-]+\s*$)")
_ATTR_LIST = re.compile(r"[ \t]*\{:?[ \t]*(?:[#.][^}\n]*|[\w-]+=[^}\n]*)\}[ \t]*$")
_ATTR_ID = re.compile(r"\{:?[^}\n]*?#(?P<id>[^\s}#.]+)[^}\n]*\}")
_HTML_ID = re.compile(r"""<[a-zA-Z][^>]*?\s(?:id|name)\s*=\s*["'](?P<id>[^"']+)["']""")
_MARKUP = re.compile(r"[\[\]`*_<>&\\!]|\s\s")
_TAG = re.compile(r"<[^>\n]+>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_BLOCK_START = re.compile(r"^\s*(?:[-*+][ \t]|\d+[.)][ \t]|>)")
_ONE_LINE_BLOCK = re.compile(r"^\s*(?:#|\|)")
_LIST_MARKER = re.compile(r"^\s*(?:>\s*)*(?:(?:[-*+]|\d+[.)]|#{1,6})[ \t]+)?(?:\[[ xX]\][ \t]+)?")


def blank(text: str) -> str:
    """The same text with every character but newlines turned into a space."""
    return _NOT_NEWLINE.sub(" ", text)


def mask(text: str, *, front_matter: bool = False, comments: bool = True) -> str:
    """`text` with code blocks, inline code and HTML comments (and front matter) blanked.

    With `comments=False` comments stay, so a `<!-- paperdiary:... -->` marker can be found
    everywhere but in code.
    """
    spans = []
    if front_matter and (match := FRONT_MATTER.match(text)):
        spans.append((0, match.end()))
    spans += code_blocks(text, spans[0][1] if spans else 0)
    masked = _blank_spans(text, spans)

    return _blank_spans(masked, [(start, end) for start, end, is_code in _inline_spans(masked) if comments or is_code])


def _inline_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_code) of inline code spans and HTML comments, whichever starts first
    winning, so a backtick in a comment opens nothing and a comment in code is code.

    Comments are found with `str.find`: a regex tried at each of thousands of unclosed
    `<!--` scans to the end every time (minutes on a hostile note); here the first unclosed
    one ends the search, since no later one can close either.
    """
    spans, pos, comments_left = [], 0, "<!--" in text
    code = _INLINE_CODE.search(text, pos)
    while True:
        comment = text.find("<!--", pos) if comments_left else -1
        if code is not None and code.start() < pos:
            code = _INLINE_CODE.search(text, pos)
        if comment != -1 and (code is None or comment < code.start()):
            close = text.find("-->", comment + 4)
            if close == -1:
                comments_left = False
                continue
            spans.append((comment, close + 3, False))
            pos = close + 3
        elif code is not None:
            spans.append((code.start(), code.end(), True))
            pos = code.end()
        else:
            return spans


def code_blocks(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of the fenced and indented code blocks from `start` on, in order."""
    fenced = _fenced_spans(text, start) if "```" in text or "~~~" in text else []
    if "    " not in text and "\t" not in text:  # most notes: no indented line, so no indented code
        return fenced
    return sorted(fenced + _indented_spans(_blank_spans(text, fenced), start))


def code_lines(text: str) -> set[int]:
    """1-based numbers of the lines inside code blocks, fence lines included."""
    lines = Lines(text)
    return {
        number
        for start, end in code_blocks(text)
        for number in range(lines.number(start), lines.number(max(start, end - 1)) + 1)
    }


def _indented_spans(text: str, start: int) -> list[tuple[int, int]]:
    """Indented code: four spaces (or a tab) after a blank line, outside any container's content."""
    spans: list[tuple[int, int]] = []
    offset, blank_before, contained, block = start, True, False, None
    for line in text[start:].split("\n"):
        end = offset + len(line)
        if not line.strip():
            blank_before = True
        elif block is not None and _indent(line) >= 4:
            block = (block[0], end)
            blank_before = False
        else:
            if block is not None:
                spans.append(block)
                block = None
            if _indent(line) >= 4 and blank_before and not contained:
                block = (offset, end)
            elif _indent(line) < 4:
                if _CONTAINER.match(line):
                    contained = True
                elif blank_before:
                    contained = False  # a new paragraph, heading or quote ends the list before it
            blank_before = False
        offset = end + 1
    if block is not None:
        spans.append(block)
    return spans


def _indent(line: str) -> int:
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _fenced_spans(text: str, start: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    opening: re.Match[str] | None = None
    for match in _FENCE_LINE.finditer(text, start):
        fence = match["fence"]
        if opening is None:
            if not (fence[0] == "`" and "`" in match["rest"]):  # ```code``` on one line is inline code
                opening = match
        elif fence[0] == opening["fence"][0] and len(fence) >= len(opening["fence"]) and not match["rest"].strip():
            spans.append((opening.start(), match.end()))
            opening = None
    if opening is not None:
        spans.append((opening.start(), len(text)))
    return spans


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], blank(text[start:end])]
        last = end
    parts.append(text[last:])
    return "".join(parts)


class Lines:
    """Offsets to 1-based line numbers, and the lines themselves, for one text."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def number(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def paragraph(self, line: int) -> str:
        """The list item, table row or paragraph that contains a line, as one string."""
        lines, index = self.lines, line - 1
        start, end = index, index + 1
        if not _ONE_LINE_BLOCK.match(lines[index]):
            while start > 0 and not _BLOCK_START.match(lines[start]) and _continues(lines[start - 1]):
                start -= 1
            while end < len(lines) and _continues(lines[end]) and not _BLOCK_START.match(lines[end]):
                end += 1
        return " ".join(_LIST_MARKER.sub("", lines[i], count=1).strip() for i in range(start, end))


def _continues(line: str) -> bool:
    return bool(line.strip()) and not _ONE_LINE_BLOCK.match(line)


@dataclass(frozen=True)
class Heading:
    """A heading as written: `text` is the raw markdown of its title (attribute list removed)."""

    start: int  # offset of the heading's first character
    end: int  # offset just after its last line
    line: int
    level: int
    text: str
    explicit_id: str | None = None


def headings(text: str, masked: str, lines: Lines) -> list[Heading]:
    """Every ATX (`## Title`) and setext (`Title` over `===`) heading, in document order."""
    found = [
        _heading(m.start(), m.end(), len(m["hashes"]), text[m.start("text") : m.end("text")], lines)
        for m in _ATX.finditer(masked)
    ]
    underlines = list(_UNDERLINE.finditer(masked))
    rows = masked.split("\n") if underlines else []
    for match in underlines:
        # A setext title is the first line of a block: the line above the underline, after a blank.
        number = lines.number(match.start())
        title, above = (rows[number - 2], rows[number - 3] if number > 2 else "") if number > 1 else ("", "")
        if not title.strip() or above.strip() or _NOT_SETEXT_TEXT.match(title):
            continue
        start = lines.starts[number - 2]
        level = 1 if match.group(0)[0] == "=" else 2
        found.append(_heading(start, match.end(), level, text[start : start + len(title)], lines))
    return sorted(found, key=lambda h: h.start)


def _heading(start: int, end: int, level: int, raw: str, lines: Lines) -> Heading:
    raw = raw.strip()
    attrs = _ATTR_LIST.search(raw) if "{" in raw else None
    explicit = None
    if attrs:
        found = _ATTR_ID.search(attrs.group(0))
        explicit = found["id"] if found else None
        raw = raw[: attrs.start()].rstrip()
    return Heading(start, end, lines.number(start), level, raw, explicit)


def other_ids(masked: str) -> set[str]:
    """Anchors that are not headings: attribute lists and raw HTML `id`/`name` attributes."""
    return {m["id"] for m in _ATTR_ID.finditer(masked)} | {m["id"] for m in _HTML_ID.finditer(masked)}


def plain(markdown: str, short_refs: Callable[[str], str] = lambda text: text) -> str:
    """What a reader sees of inline markdown: `short_refs` first turns `[[...]]` into text."""
    if not _MARKUP.search(markdown):
        return markdown.strip()
    text = strip_markdown(short_refs(markdown))
    text = _TAG.sub("", text)
    return html.unescape(_ESCAPE.sub(r"\1", text)).strip()


def shorten(text: str, width: int = 80) -> str:
    """At most `width` characters, cut at a word boundary with an ellipsis."""
    if len(text) <= width:
        return text
    cut = text[:width].rpartition(" ")[0] or text[: width - 1]
    return cut.rstrip(" ,;:.-–—") + "…"


def strip_markdown(text: str) -> str:
    """Plain text of inline markdown: links keep their text, emphasis and code marks go."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\[([^\]|]*\|)?([^\]]*)\]\]", r"\2", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", text)
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()
