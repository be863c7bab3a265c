"""Markdown for the generated pages, from Jinja2 templates.

Generated pages are markdown, not HTML, so they take the site's theme, search and link
checking like any page. User text is escaped for both HTML and markdown on the way in.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache

import jinja2

from .dates import ordinal
from .diary import Chronology, Stats, chronology
from .index import Topic
from .paper import Paper
from .urls import relative_source

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def md_text(text: str) -> str:
    """User text shown literally in markdown: no HTML, no emphasis, no stray links."""
    escaped = html.escape(text, quote=False).replace("|", "&#124;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def long_date(value) -> str:
    return f"{ordinal(value.day)} {value:%B %Y}" if value else ""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_paperdiary", "templates"),
        autoescape=False,  # the output is markdown; user text goes through the `md` filter
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_text
    env.filters["long_date"] = long_date
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def diary_markdown(papers: Sequence[Paper], from_source: str, *, newest_first: bool = True, title: str | None = "Full Diary", level: int = 2) -> str:
    """The full diary as markdown, with links written relative to `from_source`."""
    return render(
        "diary.md.j2",
        chron=chronology(papers, newest_first),
        link=lambda paper: relative_source(paper.source, from_source),
        title=title,
        hashes="#" * level,
    )


def stats_sentence(stats: Stats) -> str:
    return render("stats_line.md.j2", stats=stats).strip()


def topics_markdown(topics: Sequence[Topic], from_source: str, *, title: str = "Topics") -> str:
    return render(
        "topics.md.j2",
        topics=topics,
        link=lambda paper: relative_source(paper.source, from_source),
        title=title,
        latest=_latest_read,
    )


def _latest_read(topic: Topic) -> str:
    dates = [paper.date for paper in topic.papers if paper.date]
    return max(dates).iso() if dates else "–"


__all__ = ["Chronology", "diary_markdown", "md_text", "render", "stats_sentence", "topics_markdown"]
