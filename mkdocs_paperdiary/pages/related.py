"""A summary's "Related papers": the nearest papers by embedding, closest first."""

from __future__ import annotations

from mkdocs_paperdiary.core.dates import long_date
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.pages.linklist import Href, Stash, link_list


def related_papers(paper: Paper, result: MapResult, by_key: dict[str, Paper]) -> list[Paper]:
    point = result.points.get(paper.key)
    if point is None:
        return []
    return [by_key[key] for key in point.related if key in by_key and key != paper.key]


def related_markdown(paper: Paper, result: MapResult, by_key: dict[str, Paper], href: Href, stash: Stash) -> str:
    """The "Related papers" section of a summary page: nearest papers by embedding, closest first."""
    related = related_papers(paper, result, by_key)
    if not related:
        return ""
    items = [
        (
            "",
            href(other.source),
            other.title,
            f" — {long_date(other.date.as_date())}" if other.date and other.date.day else "",
        )
        for other in related
    ]
    return "## Related papers\n" + stash(link_list(items, searchable=False))
