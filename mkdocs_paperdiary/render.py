"""Markdown for the generated pages, from Jinja2 templates.

Generated pages are markdown, so they take the site's theme, table of contents and search
like any page. Their long link lists are HTML put in a `stash.HtmlStash`, which skips the
markdown pass: their links come from the index, so they need no checking. User text is
escaped for markdown in the `.md` templates and by autoescaping in the `.html` ones.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import jinja2

from .dates import ordinal
from .diary import Chronology, Stats, chronology
from .index import Topic
from .paper import Paper

Href = Callable[[str], str]  # a docs file's source path -> its URL relative to the page being written
Stash = Callable[[str], str]  # HTML -> the placeholder that stands for it in markdown

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
    _add_common(env)
    env.globals["render_html"] = render_html
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("mkdocs_paperdiary", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    _add_common(env)
    return env


def _add_common(env: jinja2.Environment) -> None:
    env.filters["long_date"] = long_date
    env.filters["day_and_paper"] = lambda entry: (entry.day, entry.paper)
    env.filters["no_day"] = lambda paper: (None, paper)


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def render_html(template: str, **context: object) -> str:
    return html_environment().get_template(template).render(**context)


def diary_markdown(papers: Sequence[Paper], href: Href, stash: Stash, *, newest_first: bool = True, title: str | None = "Full Diary", level: int = 2) -> str:
    """The full diary: month headings in markdown, each month's entries as stashed HTML."""
    return render(
        "diary.md.j2",
        chron=chronology(papers, newest_first),
        href=href,
        stash=stash,
        title=title,
        hashes="#" * level,
    )


def stats_sentence(stats: Stats) -> str:
    return render("stats_line.md.j2", stats=stats).strip()


def topics_markdown(topics: Sequence[Topic], href: Href, stash: Stash, *, title: str = "Topics") -> str:
    return render(
        "topics.md.j2",
        topics=topics,
        href=href,
        stash=stash,
        title=title,
        latest=_latest_read,
    )


def _latest_read(topic: Topic) -> str:
    dates = [paper.date for paper in topic.papers if paper.date]
    return max(dates).iso() if dates else "–"


__all__ = ["Chronology", "Href", "Stash", "diary_markdown", "md_text", "render", "render_html", "stats_sentence", "topics_markdown"]
