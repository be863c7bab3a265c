"""Markdown and HTML for the generated pages, from Jinja2 templates.

Generated pages are markdown, so they take the site's theme, table of contents and search
like any page. Their long link lists are HTML (`link_list`) put in a `stash.HtmlStash`, which
skips the markdown pass: those links come from the index, so they need no checking. User text
is escaped for markdown by the `md` filter and for HTML by `link_list`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence

from mkdocs_paperdiary.core.index import Topic
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.diary import Chronology, DiaryEntry, chronology
from mkdocs_paperdiary.pages.jinja import render

Href = Callable[[str], str]  # a docs file's source path -> its URL relative to the page being written
Stash = Callable[[str], str]  # HTML -> the placeholder that stands for it in markdown
SITE_ASSET_DIR = "assets/paperdiary"  # the plugin's CSS and scripts in the built site (here: no plotly lookup)


def link_list(items: Iterable[tuple[str, str, str, str]]) -> str:
    """A ``<ul>`` of links from (before, href, label, after) plain-text items, escaped here.

    Each link is a `<cite>`: titles of works, in italics in any theme, so the links stand apart
    from the dates and descriptions beside them by more than colour (no stylesheet reaches
    the diary, topics and tags pages to underline them).

    Written out rather than templated: a big diary has thousands of these lists, and a Jinja
    render per list cost more than the rest of the plugin's page work together.
    """
    escape = html.escape
    rows = "".join(
        f'<li>{escape(before, False)}<cite><a href="{escape(href)}">{escape(label, False)}</a></cite>{escape(after, False)}</li>\n'
        for before, href, label, after in items
    )
    return f'<ul class="paperdiary-links">\n{rows}</ul>'


def paper_list(entries: Iterable[DiaryEntry | Paper], href: Href, *, dates: bool = False) -> str:
    """Diary entries ("23rd: Title: description") or papers ("Title (2025-06-23): description")."""
    items = []
    for entry in entries:
        day, paper = (entry.day, entry.paper) if isinstance(entry, DiaryEntry) else (None, entry)
        after = f" ({paper.date.iso()})" if dates and paper.date else ""
        after += f": {paper.description}" if paper.description else ""
        items.append((f"{day}: " if day else "", href(paper.source), paper.title, after))
    return link_list(items)


def diary_markdown(
    papers: Sequence[Paper],
    href: Href,
    stash: Stash,
    *,
    newest_first: bool = True,
    title: str | None = "Full Diary",
    level: int = 2,
    stylesheet: str = "",
) -> str:
    """The full diary: month headings in markdown, each month's entries as stashed HTML."""
    return render(
        "diary.md.j2",
        sheet=_sheet(stylesheet, stash),
        chron=chronology(papers, newest_first),
        papers=lambda entries: stash(paper_list(entries, href)),
        title=title,
        hashes="#" * level,
    )


def topics_markdown(
    topics: Sequence[Topic], href: Href, stash: Stash, *, title: str | None = "Topics", stylesheet: str = ""
) -> str:
    """The topics table and each topic's papers; without a title when a page embeds them."""
    return render(
        "topics.md.j2",
        sheet=_sheet(stylesheet, stash),
        topics=topics,
        papers=lambda papers: stash(paper_list(papers, href, dates=True)),
        title=title,
        latest=_latest_read,
    )


def tags_markdown(
    papers: Sequence[Paper], href: Href, stash: Stash, *, title: str = "Tags", stylesheet: str = ""
) -> str:
    """Papers by tag, for sites without Material's tags plugin; tags sorted ignoring case."""
    by_tag: dict[str, list[Paper]] = {}
    for paper in papers:
        for tag in paper.tags:
            by_tag.setdefault(tag, []).append(paper)
    tags = sorted(by_tag.items(), key=lambda item: (item[0].casefold(), item[0]))
    return render(
        "tags.md.j2",
        sheet=_sheet(stylesheet, stash),
        title=title,
        tags=[(tag, list(reversed(tagged))) for tag, tagged in tags],
        tagged=sum(1 for paper in papers if paper.tags),
        papers_html=lambda tagged: stash(paper_list(tagged, href, dates=True)),
    )


def _sheet(stylesheet: str, stash: Stash) -> str:
    """The plugin's stylesheet for a page of link lists (their links' contrast), or "" without one."""
    return stash(f'<link rel="stylesheet" href="{html.escape(stylesheet)}">') if stylesheet else ""


def _latest_read(topic: Topic) -> str:
    dates = [paper.date for paper in topic.papers if paper.date]
    return max(dates).iso() if dates else "–"


__all__ = [
    "Chronology",
    "Href",
    "Stash",
    "diary_markdown",
    "link_list",
    "paper_list",
    "tags_markdown",
    "topics_markdown",
]
