"""Metadata in a note's file name: `[2024 ECCV] Title.md`, `(CVPR 2020) Title.md`, `2020 Title.md`.

Diarists who keep no front matter often sort their folder by year and venue, so the name says
what the note's text does not. The same prefix at the start of the H1 (`# [2022 CVPR] Title`,
`# 2024 ECCV Title`) is the name's, not the paper's title, and is taken off it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_YEAR = r"(?:19[5-9]\d|20\d\d)"
# "[2024 ECCV] Title", "(CVPR 2020) Title", "【2023 ICCV】Title": a year and at most three words.
_BRACKETED = re.compile(
    rf"^\s*[\[(【（](?P<inner>(?:[^\W\d_][\w&.-]*\s*){{0,3}}{_YEAR}(?:\s*[^\W\d_][\w&.-]*){{0,3}})\s*[\])】）]\s*(?P<rest>\S.*)$"
)
# "2020 Title", "2024 ECCV Title" (never Jekyll's "2020-01-06-title": the year is followed by a space).
_YEAR_FIRST = re.compile(rf"^\s*(?P<year>{_YEAR})\s+(?P<rest>[^\W\d_].*)$")
_YEAR_IN = re.compile(rf"(?<!\d){_YEAR}(?!\d)")


@dataclass(frozen=True)
class NameMeta:
    """What a name's prefix says, and the name without it."""

    year: int | None
    venue: str | None
    rest: str


def name_metadata(stem: str) -> NameMeta | None:
    """The year and venue a file stem starts with; None when it starts with neither."""
    bracketed = _BRACKETED.match(stem)
    year = _YEAR_IN.search(bracketed["inner"]) if bracketed else None
    if bracketed and year and _past(year.group(0)):
        words = " ".join(_YEAR_IN.sub(" ", bracketed["inner"]).split())
        return NameMeta(int(year.group(0)), f"{words} {year.group(0)}" if words else None, bracketed["rest"].strip())
    first = _YEAR_FIRST.match(stem)
    if first and _past(first["year"]):
        return NameMeta(int(first["year"]), None, first["rest"].strip())
    return None


def _past(year: str) -> bool:
    """A year a paper can have been published in: "2048 Tiles" names a game, not a year."""
    return int(year) <= dt.date.today().year + 1


def without_prefix(title: str, name: NameMeta) -> str:
    """`title` without the name's prefix at its start (`[2022 CVPR] `, `2024 ECCV `, `2020 `)."""
    heading = name_metadata(title)
    if heading is None or heading.year != name.year:
        return title
    rest = heading.rest
    words = (name.venue or "").casefold().split()[:-1]  # the venue's words, without its year
    if heading.venue is None and words and [w.casefold() for w in rest.split()[: len(words)]] == words:
        rest = rest.split(None, len(words))[-1] if len(rest.split()) > len(words) else rest
    return rest or title
