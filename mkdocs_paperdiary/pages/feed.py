"""The RSS 2.0 feed of the latest papers read, and the `<link>` that announces it in a page's head."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import urljoin

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.jinja import render

# Characters XML 1.0 does not allow at all, even escaped; a stray one would make the feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    description: str
    date: str  # RFC 822, as RSS 2.0 wants it
    category: str
    authors: str


def latest(papers: Sequence[Paper], count: int) -> list[Paper]:
    """The `count` most recently read papers, newest first (undated papers are left out)."""
    dated = [paper for paper in papers if paper.date]
    return sorted(dated, key=Paper.sort_key, reverse=True)[: max(count, 0)]


def feed_xml(
    papers: Sequence[Paper], *, site_url: str, feed_path: str, title: str, description: str = "", count: int = 20
) -> str:
    """The feed's XML; links are absolute, from `site_url`, and every text is XML-escaped."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    items = [
        FeedItem(
            title=_xml_text(paper.title),
            link=urljoin(base, paper.page),
            description=_xml_text(paper.description),
            date=_rfc822(paper),
            category=_xml_text(paper.topic_name),
            authors=_xml_text(", ".join(paper.authors)),
        )
        for paper in latest(papers, count)
    ]
    return render(
        "feed.xml.j2",
        title=_xml_text(title),
        description=_xml_text(description or title),
        site_url=base,
        feed_url=urljoin(base, feed_path),
        items=items,
    )


def head_link(href: str, title: str) -> str:
    """The `<link rel="alternate">` that lets feed readers find the feed from any page."""
    return f'<link rel="alternate" type="application/rss+xml" title="{html.escape(title)}" href="{html.escape(href)}">'


def _rfc822(paper: Paper) -> str:
    assert paper.date is not None
    day = paper.date.as_date()
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc))


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)
