"""`paperdiary.json`: the index in a stable, machine-readable shape for other tools."""

from __future__ import annotations

from typing import Any

from mkdocs_paperdiary import __version__
from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.links.analysis import LinkReport
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.pages.diary import reading_stats

FORMAT_VERSION = 1


def paper_json(paper: Paper) -> dict[str, Any]:
    return {
        "key": paper.key,
        "title": paper.title,
        "date": paper.date.iso() if paper.date else None,
        "date_source": paper.origin("date"),  # "text", "front matter", "file name" or "git"
        "url": paper.url,
        "topic": paper.topic,
        "topic_name": paper.topic_name,
        "page": paper.page,
        "source": paper.source,
        "description": paper.description,
        "tags": list(paper.tags),
        "authors": list(paper.authors),
        "venue": paper.venue,
        "year": paper.year,
        "aliases": list(paper.aliases),
    }


def links_json(paper: Paper, links: LinkReport) -> dict[str, Any]:
    """Where a paper is cited (each citing section once) and which papers its own page cites."""
    backlinks = [
        {"source": c.source, "anchor": c.anchor, "section": list(c.section), "line": c.line}
        for c in links.cited_sections(paper.key)
    ]
    return {"backlinks": backlinks, "cites": links.cites(paper.source)}


def index_json(index: PaperIndex, links: LinkReport | None = None, maps: MapResult | None = None) -> dict[str, Any]:
    """The index; with a link report, each paper also lists its backlinks and what it cites,
    and with a map its cluster, coordinates and related papers."""
    stats = reading_stats(index.papers)
    out: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "generator": f"mkdocs-paperdiary {__version__}",
        "stats": {
            "papers": stats.papers,
            "dated": stats.dated,
            "days": stats.days,
            "reading_days": stats.reading_days,
            "papers_per_day": stats.papers_per_day,
            "longest_streak": stats.longest_streak,
        },
        "papers": [
            {**paper_json(p), **(links_json(p, links) if links else {}), **(map_json(p, maps) if maps else {})}
            for p in index.papers
        ],
    }
    if maps is not None:
        out["map"] = {
            "missing_reason": maps.missing_reason,
            "clusters": [
                {"id": c.id, "name": c.name, "size": c.size, "terms": list(c.terms), "pinned": c.pinned, "llm": c.llm}
                for c in maps.clusters_of()
            ],
            # Every layout's regions ("level" 0) and, on large maps, their sub-topics ("level" 1).
            "layouts": [
                {
                    "layout": c.layout,
                    "level": c.level,
                    "id": c.id,
                    "name": c.name,
                    "size": c.size,
                    "terms": list(c.terms),
                    "pinned": c.pinned,
                    "llm": c.llm,  # the name came from the LLM (see the `llm` option)
                }
                for c in maps.clusters
            ],
        }
    return out


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
