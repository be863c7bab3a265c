"""Placeholders such as ``<!-- paperdiary:diary -->`` that pages use to pull in generated views.

A marker counts only outside code (see `scanner`): one shown in a fenced, indented or inline
code example is left as it is and fills nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from mkdocs_paperdiary.markdown.scanner import mask

MARKER = re.compile(r"^[ \t]*<!--\s*paperdiary:(?P<name>[a-z-]+)\s*-->[ \t]*$", re.MULTILINE)


def fill_markers(markdown: str, fillers: Mapping[str, Callable[[], str]]) -> tuple[str, list[tuple[int, str]]]:
    """Replace each marker alone on its line (outside code) with its filler's output.

    Returns the new markdown and the (line, name) of markers nobody fills, so they can be reported.
    """
    parts, unknown, last = [], [], 0
    for match in _markers(markdown):
        name = match["name"]
        if name not in fillers:
            unknown.append((markdown.count("\n", 0, match.start()) + 1, name))
            continue
        parts += [markdown[last : match.start()], fillers[name]().strip("\n")]
        last = match.end()
    parts.append(markdown[last:])
    return "".join(parts), unknown


def find_markers(text: str) -> list[tuple[int, str]]:
    """(line, name) of every marker outside code and front matter."""
    if "paperdiary:" not in text:
        return []
    masked = mask(text, front_matter=True, comments=False)
    return [(masked.count("\n", 0, match.start()) + 1, match["name"]) for match in MARKER.finditer(masked)]


def has_marker(markdown: str, name: str) -> bool:
    """True when the page places `<!-- paperdiary:name -->` itself (outside code)."""
    return any(match["name"] == name for match in _markers(markdown))


def _markers(markdown: str) -> Iterator[re.Match[str]]:
    if "paperdiary:" not in markdown:
        return iter(())
    # Matched on the masked text, whose offsets are the original's; code is blanked there.
    return MARKER.finditer(mask(markdown, comments=False))
