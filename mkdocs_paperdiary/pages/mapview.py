"""What the map page draws: the points and clusters of a `MapResult`, with each paper's reading
order and cross-links, for `mapplot.map_html`.

What is embedded is in `maptext.py`, a summary's related papers in `related.py`, and the map's
fields of `paperdiary.json` in `jsonindex.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypedDict

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.maps.types import MapResult


class _PointFields(TypedDict):
    """One paper on the map, as the adapter builds it.

    `page` is the summary's URL relative to the site root (``marl/TiZero/``); `tsne` and
    `umap` are None where that projection is unavailable; `order` is the reading order.
    `clusters` and `subtopics` give its region and sub-topic per layout; `cites` the keys of
    the papers its page links to.
    """

    key: str
    title: str
    date: str | None
    topic: str
    clusters: dict[str, int]
    subtopics: dict[str, int]
    page: str
    tsne: list[float] | None
    umap: list[float] | None
    order: int | None
    cites: list[str]


class PointView(_PointFields, total=False):
    """A point with what the map's search reads besides its title, topic and cluster."""

    authors: list[str]
    tags: list[str]


class ClusterView(TypedDict):
    """A region of one layout (`level` 0) or a sub-topic in one (`level` 1); a negative id
    means noise: grey, with no outline or label."""

    id: int
    name: str
    size: int
    layout: str
    level: int


class MapView(TypedDict):
    """What the map page draws: `map_html` turns it into the page's data."""

    points: list[PointView]
    clusters: list[ClusterView]


def reading_order(papers: Sequence[Paper]) -> dict[str, int]:
    """Position of each dated paper in reading order (the index is already chronological)."""
    dated = [paper for paper in papers if paper.date is not None]
    return {paper.key: position for position, paper in enumerate(dated)}


def map_view(papers: Sequence[Paper], result: MapResult, cites: Callable[[Paper], list[str]] | None = None) -> MapView:
    """Points and clusters for `plots.map_html`; papers the result does not place are left out.
    `cites` gives the keys of the papers a paper's page links to (the map draws them as edges)."""
    order = reading_order(papers)
    points: list[PointView] = []
    for paper in papers:
        point = result.points.get(paper.key)
        if point is None:
            continue
        points.append(
            {
                "key": paper.key,
                "title": paper.title,
                "date": paper.date.iso() if paper.date else None,
                "topic": paper.topic_name,
                "clusters": dict(point.clusters),
                "subtopics": dict(point.subtopics),
                "page": paper.page,
                "tsne": list(point.tsne),
                "umap": list(point.umap),
                "order": order.get(paper.key),
                "cites": cites(paper) if cites else [],
                "authors": list(paper.authors),
                "tags": list(paper.tags),
            }
        )
    clusters: list[ClusterView] = [
        {"id": info.id, "name": info.name, "size": info.size, "layout": info.layout, "level": info.level}
        for info in result.clusters
    ]
    return {"points": points, "clusters": clusters}
