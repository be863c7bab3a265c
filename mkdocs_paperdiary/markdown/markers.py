"""Placeholders such as ``<!-- paperdiary:diary -->`` that pages use to pull in generated views."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

MARKER = re.compile(r"^[ \t]*<!--\s*paperdiary:(?P<name>[a-z-]+)\s*-->[ \t]*$", re.MULTILINE)
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.MULTILINE)


def fill_markers(markdown: str, fillers: Mapping[str, Callable[[], str]]) -> tuple[str, list[tuple[int, str]]]:
    """Replace each marker alone on its line (outside fenced code) with its filler's output.

    Returns the new markdown and the (line, name) of markers nobody fills, so they can be reported.
    """
    fenced = _fenced_ranges(markdown)
    unknown: list[tuple[int, str]] = []

    def replace(match: re.Match[str]) -> str:
        if any(start <= match.start() < end for start, end in fenced):
            return match.group(0)
        name = match["name"]
        if name not in fillers:
            unknown.append((markdown.count("\n", 0, match.start()) + 1, name))
            return match.group(0)
        return fillers[name]().strip("\n")

    return MARKER.sub(replace, markdown), unknown


def has_marker(markdown: str, name: str) -> bool:
    return any(m["name"] == name for m in MARKER.finditer(markdown))


def _fenced_ranges(markdown: str) -> list[tuple[int, int]]:
    ranges, start = [], None
    for match in _FENCE.finditer(markdown):
        if start is None:
            start = match.start()
        else:
            ranges.append((start, match.end()))
            start = None
    if start is not None:
        ranges.append((start, len(markdown)))
    return ranges
