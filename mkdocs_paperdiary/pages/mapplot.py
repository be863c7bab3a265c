"""The map's HTML fragment: the points as the script reads them, the controls, and the list
of papers by cluster that stands in for the map without JavaScript or sight.

Pure functions: nothing here imports MkDocs. Drawing happens in the browser
(`assets/paperdiary-plots-*.js` and `paperdiary-maps-*.js` with Plotly).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from mkdocs_paperdiary.maps.types import MIN_MAP, too_few
from mkdocs_paperdiary.pages.mapview import ClusterView, MapView, PointView
from mkdocs_paperdiary.pages.plotassets import MAP_SCRIPTS, fragment_assets, render_fragment, safe_json

__all__ = ["PROJECTIONS", "map_html"]

PROJECTIONS = {"tsne": "t-SNE", "umap": "UMAP"}


def _finite_xy(value: object) -> bool:
    return (
        isinstance(value, (list, tuple))
        and len(value) == 2
        and all(isinstance(v, (int, float)) and math.isfinite(v) for v in value)
    )


def _projections(points: Sequence[PointView]) -> list[str]:
    """Projections every point has coordinates for; a partial one would drop papers."""
    return [name for name in PROJECTIONS if all(_finite_xy(p.get(name)) for p in points)]


def _safe_page(page: str) -> bool:
    """Summary pages are site-relative; anything with a scheme or host is not ours."""
    parts = urlsplit(page)
    return not (parts.scheme or parts.netloc or page.startswith("/"))


_Item = dict[str, Any]  # a point as sent to the browser
COORD_DECIMALS = 3  # a thousandth of the map's width: finer than a pixel on any screen
LIST_MAX = 1000  # papers; a longer list under the map would outweigh the map (the diary page lists them all)


def _map_point(point: PointView, projections: list[str], index: dict[str, int], topics: dict[str, int]) -> _Item:
    """A point as the script reads it: short fields that are left out when empty, so a map
    of thousands of papers stays light; `t` its topic's position in `topic_names`, `c`/`s`
    its cluster/sub-topic per projection, `l` the positions of the papers it cites, `a`/`g` its authors and tags (for the search). The
    reading order is the order of the dated points."""
    item: _Item = {"key": point["key"], "title": point["title"], "t": topics.setdefault(point["topic"], len(topics))}
    page = point.get("page")
    if page and _safe_page(str(page)):
        item["page"] = page  # else the script and the list show the title without a link
    if point.get("date") is not None:
        item["date"] = point["date"]
    for name in projections:
        item[name] = [round(float(v), COORD_DECIMALS) for v in point[name]]  # type: ignore[literal-required]
    item["c"] = [point["clusters"].get(name, -1) for name in projections]
    if point.get("subtopics"):
        item["s"] = [point["subtopics"].get(name, -1) for name in projections]
    if point.get("authors"):
        item["a"] = "; ".join(point.get("authors", ()))
    if point.get("tags"):
        item["g"] = list(point.get("tags", ()))
    links = sorted({index[key] for key in point.get("cites", ()) if key in index and key != point["key"]})
    if links:
        item["l"] = links
    return item


def _by_cluster(points: list[_Item], clusters: list[ClusterView]) -> list[dict[str, Any]]:
    """Papers per cluster of the first projection, biggest first and noise last: the list
    under the map and its description, in the order Page Down walks the clusters."""
    layout = next((c["layout"] for c in clusters), "")
    names = {c["id"]: c["name"] for c in clusters if c["layout"] == layout and c["level"] == 0}
    groups: dict[int, list[_Item]] = {}
    for point in points:
        groups.setdefault(point["c"][0], []).append(point)
    order = sorted(groups, key=lambda cid: (cid < 0, -len(groups[cid]), cid))
    return [
        {
            "id": cid,
            "name": names.get(cid, f"Cluster {cid}"),
            "points": sorted(groups[cid], key=lambda p: p["title"].casefold()),
        }
        for cid in order
    ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def map_description(groups: list[dict[str, Any]], count: int) -> str:
    """The plot's accessible description (the script says the same after a projection switch)."""
    named = [f"{g['name']} ({len(g['points'])})" for g in groups if g["id"] >= 0]
    clusters = f": {', '.join(named)}" if named else ""
    return (
        f"{_plural(count, 'paper')} in {_plural(len(named), 'cluster')}{clusters}. Arrow keys move between papers, "
        "Page Up and Page Down between clusters, Enter opens a paper or zooms to a cluster, Escape clears, / searches."
    )


def _why_no_map(points: Sequence[PointView], projections: list[str]) -> str | None:
    if len(points) < MIN_MAP:
        return too_few(len(points))
    if not projections:
        return "No projection has coordinates for every paper yet."
    return None


def map_html(
    view: MapView,
    *,
    base: str,
    element_id: str = "paperdiary-map",
    missing_reason: str | None = None,
    cdn_url: str | None = None,
    full_page: bool = False,
) -> str:
    """The map fragment, or a note saying why there is no map.

    `base` is the relative path from the page to the site root ("" on the home page), so
    the same fragment works on `map/` and embedded in `index.md`. Two maps on one page
    need different `element_id`s. `full_page`: the map is its page's content and takes the
    width and most of the height of the screen.
    """
    projections = _projections(view["points"])
    reason = missing_reason or _why_no_map(view["points"], projections)
    if reason:
        return render_fragment("map_missing.html.j2", element_id=element_id, reason=reason)
    index = {p["key"]: i for i, p in enumerate(view["points"])}
    topics: dict[str, int] = {}
    points = [_map_point(p, projections, index, topics) for p in view["points"]]
    data = {
        "kind": "map",
        "base": base,
        "projections": [{"id": p, "label": PROJECTIONS[p]} for p in projections],
        "topic_names": list(topics),
        "points": points,
        # Per projection, its regions and sub-topics: [[id, name, size], ...]
        "clusters": [_cluster_rows(view["clusters"], p, 0) for p in projections],
        "subtopics": [_cluster_rows(view["clusters"], p, 1) for p in projections],
    }
    groups = _by_cluster(points, [c for c in view["clusters"] if c["layout"] == projections[0]])
    return render_fragment(
        "map.html.j2",
        element_id=element_id,
        full_page=full_page,
        base=base,
        assets=fragment_assets(base, cdn_url, MAP_SCRIPTS),
        data=safe_json(data),
        projections=[(p, PROJECTIONS[p]) for p in projections],
        groups=groups if len(points) <= LIST_MAX else [],
        description=map_description(groups, len(points)),
        count=len(points),
        list_max=LIST_MAX,
    )


def _cluster_rows(clusters: list[ClusterView], layout: str, level: int) -> list[list[Any]]:
    return [[c["id"], c["name"], c["size"]] for c in clusters if c["layout"] == layout and c["level"] == level]
