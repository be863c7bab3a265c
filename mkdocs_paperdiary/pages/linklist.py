"""The link lists of the generated pages and sections, written as HTML that skips the markdown
pass (see `stash`), and the two callables every view is handed: where a docs file's page is from
here (`Href`) and how HTML rides through markdown (`Stash`)."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.diary import DiaryEntry

Href = Callable[[str], str]  # a docs file's source path -> its URL relative to the page being written
Stash = Callable[[str], str]  # HTML -> the placeholder that stands for it in markdown


def link_list(items: Iterable[tuple[str, str, str, str]], *, searchable: bool = True) -> str:
    """A ``<ul>`` of links from (before, href, label, after) plain-text items, escaped here.

    A list that is not `searchable` carries `data-search-exclude`, which Material's search
    honours: a paper page's lists of other papers (related, "Cited in") name papers whose own
    pages the search finds, and would make every neighbour a hit for each of their titles.

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
    exclude = "" if searchable else " data-search-exclude"
    return f'<ul class="paperdiary-links"{exclude}>\n{rows}</ul>'


def paper_list(entries: Iterable[DiaryEntry | Paper], href: Href, *, dates: bool = False) -> str:
    """Diary entries ("23rd: Title: description") or papers ("Title (2025-06-23): description")."""
    items = []
    for entry in entries:
        day, paper = (entry.day, entry.paper) if isinstance(entry, DiaryEntry) else (None, entry)
        after = f" ({paper.date.iso()})" if dates and paper.date else ""
        after += f": {paper.description}" if paper.description else ""
        items.append((f"{day}: " if day else "", href(paper.source), paper.title, after))
    return link_list(items)
