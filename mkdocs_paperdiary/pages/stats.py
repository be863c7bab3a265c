"""The reading stats page's numbers and chart data, from the papers' read dates.

`plots.stats_html` renders them: the numbers as sentences, the charts as JSON the maps
script draws, and papers per month as a table for readers who cannot see the charts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from mkdocs_paperdiary.core.dates import month_label
from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.pages.diary import reading_stats


@dataclass(frozen=True)
class ChartNumbers:
    """The numbers stated in words above the charts.

    `days` spans the first to the last read date inclusive (a month-only date counts
    as the first of its month); streaks use day-precision dates only.
    """

    total: int
    days: int
    per_day: float
    reading_days: int
    longest_streak: int
    undated: int
    month_only: int


def chart_numbers(papers: Iterable[Paper]) -> ChartNumbers:
    """The diary's own numbers (`diary.reading_stats`), plus what the charts leave out."""
    papers = list(papers)
    totals = reading_stats(papers)
    return ChartNumbers(
        total=totals.dated,
        days=totals.days,
        per_day=totals.dated / totals.days if totals.days else 0.0,
        reading_days=totals.reading_days,
        longest_streak=totals.longest_streak,
        undated=totals.papers - totals.dated,
        month_only=sum(1 for p in papers if p.date is not None and p.date.day is None),
    )


def chart_data(papers: Iterable[Paper]) -> dict[str, Any] | None:
    """What the charts draw: cumulative reads, papers per month by topic, the reading
    calendar (None without exact days); None when no paper has a read date."""
    reads = [(p.date, p.topic_name) for p in papers if p.date is not None]
    if not reads:
        return None
    dates = [date for date, _ in reads]
    return {"cumulative": _cumulative(dates), "monthly": _monthly(reads), "calendar": _calendar(dates)}


def month_rows(monthly: dict[str, Any]) -> list[tuple[str, int]]:
    """(month, papers) for each month of the monthly chart: its table for screen readers."""
    totals = [sum(counts) for counts in zip(*(topic["counts"] for topic in monthly["topics"]), strict=True)]
    labels = [month_label(int(month[:4]), int(month[5:])) for month in monthly["months"]]
    return list(zip(labels, totals, strict=True))


def _month(date: ReadDate) -> str:
    return f"{date.year:04d}-{date.month:02d}"


def _months(first: ReadDate, last: ReadDate) -> list[str]:
    """Every month from first to last, so a quiet month shows as an empty bar."""
    (year, month), out = first.month_key(), []
    while (year, month) <= last.month_key():
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _cumulative(dates: Sequence[ReadDate]) -> dict[str, list[Any]]:
    counts = Counter(d.as_date().isoformat() for d in dates)
    days = sorted(counts)
    totals = list(accumulate(counts[day] for day in days))
    return {"dates": days, "counts": totals}


def _monthly(reads: Sequence[tuple[ReadDate, str]]) -> dict[str, Any]:
    dates = [date for date, _ in reads]
    months = _months(min(dates, key=ReadDate.sort_key), max(dates, key=ReadDate.sort_key))
    per_topic: dict[str, Counter[str]] = {}
    for date, topic in reads:
        per_topic.setdefault(topic, Counter())[_month(date)] += 1
    ranked = sorted(per_topic.items(), key=lambda kv: (-kv[1].total(), kv[0].casefold()))
    return {
        "months": months,
        "topics": [{"name": name, "counts": [c[m] for m in months]} for name, c in ranked],
    }


def _calendar(dates: Sequence[ReadDate]) -> dict[str, Any] | None:
    """A weekday-by-week grid (Monday first) with a count per day; None if no exact days."""
    counts = Counter(d.as_date() for d in dates if d.day is not None)
    if not counts:
        return None
    first, last = min(counts), max(counts)
    start = first - dt.timedelta(days=first.weekday())
    weeks = (last - start).days // 7 + 1
    z: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    text: list[list[str]] = [[""] * weeks for _ in range(7)]
    for offset in range((last - start).days + 1):
        day = start + dt.timedelta(days=offset)
        week, weekday = divmod(offset, 7)
        text[weekday][week] = day.isoformat()
        if day >= first:  # days before the first read stay blank, not zero
            z[weekday][week] = counts.get(day, 0)
    mondays = [(start + dt.timedelta(weeks=w)).isoformat() for w in range(weeks)]
    return {"weeks": mondays, "z": z, "text": text}
