"""Between the paper index and the map engine: what is embedded, what the map page draws,
which papers a summary page calls related, and the map fields of `paperdiary.json`.

Plain functions over `Paper` and `MapResult`, so the plugin and the CLI share them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypedDict

from mkdocs_paperdiary.core.dates import long_date
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.maps.types import MapItem, MapResult
from mkdocs_paperdiary.pages.render import Href, Stash, link_list


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


def embed_text(paper: Paper, embed: str) -> str:
    """The sentence the model reads. A paper without a description falls back to its title."""
    return embed_sentence(paper.title, paper.description, embed)


def embed_sentence(title: str, description: str, embed: str) -> str:
    title, description = title.strip(), description.strip()
    if embed == "title" or not description:
        return title
    if embed == "description":
        return description
    return f"{title.rstrip('.')}. {description}"


def map_items(papers: Sequence[Paper], embed: str = "title+description") -> list[MapItem]:
    return [MapItem(paper.key, paper.title, embed_text(paper, embed)) for paper in papers]


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
    return "## Related papers\n" + stash(link_list(items))


def map_json(paper: Paper, result: MapResult | None) -> dict[str, Any]:
    """The map fields of one paper in `paperdiary.json` (nulls where the map was not drawn):
    `cluster`/`cluster_name` in the layout the map opens on, `clusters` in every layout."""
    point = result.points.get(paper.key) if result else None
    if result is None or point is None or result.missing_reason:
        return {
            "cluster": None,
            "cluster_name": None,
            "clusters": None,
            "tsne": None,
            "umap": None,
            "related": list(point.related) if point else [],
        }
    return {
        "cluster": point.cluster,
        "cluster_name": result.cluster_name(point),
        "clusters": {
            layout: {"id": cluster, "name": result.cluster_name(point, layout)}
            for layout, cluster in point.clusters.items()
        },
        "tsne": [round(v, 6) for v in point.tsne],
        "umap": [round(v, 6) for v in point.umap],
        "related": list(point.related),
    }
