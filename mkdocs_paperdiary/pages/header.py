"""The paper header: what a summary's front matter says about its paper, shown under its title.

The header is HTML (stashed, so markdown leaves it alone) and part of the page's content, so
the site's search indexes the authors, venue and tags with the note. The "Cite this paper"
block holds the same BibTeX entry `paperdiary export --format bibtex` writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import quote

from mkdocs_paperdiary.core.dates import month_label, ordinal
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.urls import safe_url
from mkdocs_paperdiary.markdown.scanner import Heading, Lines, headings, mask
from mkdocs_paperdiary.pages.jinja import render

MARKER = "header"  # <!-- paperdiary:header --> places the header by hand
_LINK_LOOKAHEAD = 4  # lines under the title where a note's own paper link counts as "already shown"


class Link(NamedTuple):
    text: str
    href: str | None  # None: shown as plain text (its page is off)


@dataclass(frozen=True)
class HeaderLinks:
    """Where the header's links go, relative to the summary page; None where that page is off."""

    slug: Callable[[str], str]  # heading text -> its anchor, as the site's toc extension makes it
    diary: str | None = None
    topics: str | None = None
    tags: str | None = None
    map: str | None = None
    css: str | None = None


def header_html(
    paper: Paper,
    links: HeaderLinks,
    *,
    citation: str | None = None,
    max_authors: int = 3,
    link_title: bool = True,
    show_tags: bool = True,
) -> str:
    """The header's HTML; every piece of user text is escaped by the template."""
    url = safe_url(paper.url or "")
    return render(
        "header.html.j2",
        paper=paper,
        url=url if link_title else None,
        authors=short_authors(paper.authors, max_authors),
        all_authors=", ".join(paper.authors),
        venue=venue_and_year(paper),
        read=_read(paper, links),
        topic=Link(paper.topic_name, _anchor(links.topics, links.slug(paper.topic_name))) if paper.topic_name else None,
        tags=[Link(tag, _anchor(links.tags, links.slug(tag))) for tag in paper.tags] if show_tags else [],
        map_href=f"{links.map}#paper={quote(paper.key, safe='')}" if links.map else None,
        citation=citation,
        css=links.css,
    ).strip()


def short_authors(authors: tuple[str, ...], limit: int) -> str:
    """ "A, B, C et al." past `limit` names; a list that ends in "et al." keeps it."""
    names = [name for name in authors if name.strip().rstrip(".").casefold() not in ("et al", "others")]
    cut = len(names) > max(limit, 1) or len(names) < len(authors)
    shown = names[: max(limit, 1)]
    return ", ".join(shown) + (" et al." if cut else "")


def venue_and_year(paper: Paper) -> str:
    """ "NeurIPS 2023", or the venue and year joined when the venue does not already say the year."""
    venue = (paper.venue or "").strip()
    year = str(paper.year) if paper.year else ""
    if venue and year and year not in venue:
        return f"{venue}, {year}"
    return venue or year


def place_header(markdown: str, block: str, where: str) -> str:
    """The note with `block` under its first title heading (`below-title`) or above everything (`top`)."""
    if where == "off" or not block:
        return markdown
    title = first_title(markdown) if where == "below-title" else None
    if title is None:
        return f"{block}\n\n{markdown}"
    return f"{markdown[: title.end].rstrip()}\n\n{block}\n\n{markdown[title.end :].lstrip(chr(10))}"


@lru_cache(maxsize=4)  # asked twice per page (where the header goes, whether it links the title)
def first_title(markdown: str) -> Heading | None:
    """The note's title: its first level-1 heading, else its first heading of any level."""
    found = headings(markdown, mask(markdown), Lines(markdown))
    return next((h for h in found if h.level == 1), found[0] if found else None)


def shows_link(markdown: str, url: str | None) -> bool:
    """Whether the note already links `url` in its title or the few lines right under it."""
    title = first_title(markdown)
    if not url or title is None:
        return False
    below = markdown[title.end :].lstrip("\n").split("\n")[:_LINK_LOOKAHEAD]
    return url in title.text or any(url in line for line in below)


def _read(paper: Paper, links: HeaderLinks) -> tuple[str, Link] | None:
    """("Read on", "4th March 2025" linked to that month in the diary), or None when undated."""
    date = paper.date
    if date is None:
        return None
    month = month_label(date.year, date.month)
    href = _anchor(links.diary, links.slug(month))
    if date.day is None:
        return ("Read in", Link(month, href))
    return ("Read on", Link(f"{ordinal(date.day)} {month}", href))


def _anchor(page: str | None, anchor: str) -> str | None:
    return f"{page}#{anchor}" if page is not None else None
