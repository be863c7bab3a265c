"""The chronology: papers grouped by the month they were read, and reading statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from mkdocs_paperdiary.core.dates import month_label, ordinal
from mkdocs_paperdiary.core.paper import Paper

UNDATED_DAY = "undated day"


@dataclass(frozen=True)
class DiaryEntry:
    paper: Paper
    day: str | None  # "23rd"; UNDATED_DAY or None (a month of such papers only) when only the month is known


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    entries: tuple[DiaryEntry, ...]

    @property
    def label(self) -> str:
        return month_label(self.year, self.month)

    @property
    def anchor(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Stats:
    papers: int
    dated: int
    days: int  # calendar days from the first read to the last, inclusive
    reading_days: int  # distinct days on which something was read
    papers_per_day: float
    longest_streak: int
    streak_start: dt.date | None
    streak_end: dt.date | None
    first: dt.date | None
    last: dt.date | None


@dataclass(frozen=True)
class Chronology:
    months: tuple[Month, ...]
    undated: tuple[Paper, ...]
    stats: Stats


def chronology(papers: Sequence[Paper], newest_first: bool = True) -> Chronology:
    """Group papers by month; within a day papers keep a stable title order either way."""
    dated = sorted(((p, p.date) for p in papers if p.date), key=lambda item: item[0].sort_key())
    months = []
    for (year, month), group in groupby(dated, key=lambda item: item[1].month_key()):
        items = list(group)
        by_day = [(p, date.day) for p, date in items if date.day is not None]
        month_only = [p for p, date in items if date.day is None]
        if newest_first:
            by_day = _reverse_days(by_day)
        entries = [DiaryEntry(p, ordinal(day)) for p, day in by_day]
        # A paper dated by its month sits after the days; beside them it says it has no day.
        entries += [DiaryEntry(p, UNDATED_DAY if by_day else None) for p in month_only]
        months.append(Month(year, month, tuple(entries)))
    if newest_first:
        months.reverse()
    undated = tuple(sorted((p for p in papers if not p.date), key=Paper.sort_key))
    return Chronology(tuple(months), undated, reading_stats(papers))


def _reverse_days(papers: list[tuple[Paper, int]]) -> list[tuple[Paper, int]]:
    days = [list(g) for _, g in groupby(papers, key=lambda item: item[1])]
    return [item for day in reversed(days) for item in day]


def reading_stats(papers: Sequence[Paper]) -> Stats:
    """Totals as a diarist quotes them: N papers in D days, X per day, longest streak."""
    dates = [p.date for p in papers if p.date]
    days = sorted({date.as_date() for date in dates if date.day is not None})
    all_days = sorted({date.as_date() for date in dates})
    first, last = (all_days[0], all_days[-1]) if all_days else (None, None)
    span = (last - first).days + 1 if first and last else 0
    streak, start, end = _longest_streak(days)
    return Stats(
        papers=len(papers),
        dated=len(dates),
        days=span,
        reading_days=len(days),
        papers_per_day=round(len(dates) / span, 2) if span else 0.0,
        longest_streak=streak,
        streak_start=start,
        streak_end=end,
        first=first,
        last=last,
    )


def _longest_streak(days: list[dt.date]) -> tuple[int, dt.date | None, dt.date | None]:
    best: tuple[int, dt.date | None, dt.date | None] = (0, None, None)
    run_start = days[0] if days else dt.date.min
    for index, day in enumerate(days):
        if index == 0 or (day - days[index - 1]).days != 1:
            run_start = day
        length = (day - run_start).days + 1
        if length > best[0]:
            best = (length, run_start, day)
    return best
