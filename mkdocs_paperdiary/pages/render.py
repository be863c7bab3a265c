"""The list pages: the diary, topics and tags as markdown, from Jinja2 templates.

Generated pages are markdown, so they take the site's theme, table of contents and search
like any page. Their long link lists are HTML (`linklist.py`) put in a `stash.HtmlStash`, which
skips the markdown pass: those links come from the index, so they need no checking. User text
is escaped for markdown by the `md` filter and for HTML by `link_list`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from mkdocs_paperdiary.core.index import Topic
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.diary import chronology
from mkdocs_paperdiary.pages.jinja import render
from mkdocs_paperdiary.pages.linklist import Href, Stash, paper_list


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
