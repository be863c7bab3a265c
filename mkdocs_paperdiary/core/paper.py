"""The `Paper` value object and the read date it carries."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace


@functools.total_ordering
@dataclass(frozen=True)
class ReadDate:
    """The day a paper was read; `day` is None when only the month is known.

    Ordered by `sort_key`, so a month-only date sorts before the days of its month instead
    of failing to compare None with a day.
    """

    year: int
    month: int
    day: int | None = None

    @classmethod
    def from_date(cls, value: dt.date) -> ReadDate:
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month"

    def iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_date(self) -> dt.date:
        """The first day the value could mean (month precision sorts at the start)."""
        return dt.date(self.year, self.month, self.day or 1)

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def month_key(self) -> tuple[int, int]:
        return (self.year, self.month)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ReadDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()


@dataclass(frozen=True)
class Paper:
    """One summary page: what the diary, links and maps know about a paper.

    `key` is the file stem (unique across the index; clashes get a folder prefix),
    `source` the path relative to docs_dir with forward slashes, `page` the site-relative
    URL of the rendered summary (e.g. ``marl/TiZero/``).
    """

    key: str
    source: str
    title: str
    topic: str
    topic_name: str
    page: str = ""
    date: ReadDate | None = None
    url: str | None = None
    description: str = ""
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None
    aliases: tuple[str, ...] = ()
    title_line: int | None = None
    # Where each field came from, as (field, origin) pairs: "front matter", "front matter 'paper_link'",
    # "text", "file name" or "git"; the field report and `paperdiary.json` say it to the diarist.
    origins: tuple[tuple[str, str], ...] = ()

    def origin(self, name: str) -> str | None:
        """Where the field `name` came from; None when the paper has no such field."""
        return dict(self.origins).get(name)

    def with_page(self, page: str) -> Paper:
        return replace(self, page=page)

    def sort_key(self) -> tuple[object, ...]:
        """Stable chronological order: date, then title, then source path."""
        date = self.date.sort_key() if self.date else (0, 0, 0)
        return (date, self.title.casefold(), self.source)
