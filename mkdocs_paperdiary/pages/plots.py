"""HTML fragments for the paper map and the reading stats.

Pure functions: they take data the adapter built and return HTML; nothing here imports
MkDocs. Drawing happens in the browser (`assets/paperdiary-maps.js` with Plotly); Python
only shapes the data and computes the numbers a reader sees as text.

Each fragment is one `<div>` holding its data as JSON in a `data-paperdiary` attribute.

Assets: the adapter adds every entry of `ASSET_FILES` to the site as a generated file
(site path -> source file). Each fragment loads what it needs itself: a `<link>` for the
CSS and `<script src>` tags for Plotly and the maps script, so pages without plots load
nothing and the adapter need not touch `extra_css` or `extra_javascript`.
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import markupsafe

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.jinja import render
from mkdocs_paperdiary.pages.mapview import ClusterView, MapView, PointView
from mkdocs_paperdiary.pages.render import SITE_ASSET_DIR
from mkdocs_paperdiary.pages.stats import chart_data, chart_numbers, month_rows

__all__ = [
    "ASSET_FILES",
    "map_html",
    "plotly_js_path",
    "plotly_src",
    "safe_json",
    "stats_html",
]

MIN_MAP_POINTS = 3
PROJECTIONS = {"tsne": "t-SNE", "umap": "UMAP"}

_HERE = Path(__file__).parent  # assets/ sits beside this module


def plotly_js_path() -> Path:
    """The `plotly.min.js` bundled with the `plotly` package, so sites build offline."""
    spec = importlib.util.find_spec("plotly")  # its path only: importing plotly costs a warm build time
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the plotly package is not installed")
    path = Path(spec.origin).parent / "package_data" / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


ASSET_FILES: dict[str, Path] = {
    f"{SITE_ASSET_DIR}/plotly.min.js": plotly_js_path(),
    f"{SITE_ASSET_DIR}/paperdiary-maps.js": _HERE / "assets" / "paperdiary-maps.js",
    f"{SITE_ASSET_DIR}/paperdiary.css": _HERE / "assets" / "paperdiary.css",
}


def plotly_src(base: str, cdn_url: str | None = None) -> str:
    """Where pages load Plotly from: the bundled copy unless the user opted into a CDN."""
    return cdn_url or f"{base}{SITE_ASSET_DIR}/plotly.min.js"


def safe_json(data: object) -> markupsafe.Markup:
    """JSON for the container's single-quoted `data-paperdiary` attribute.

    `<`, `>`, `&` and `'` become `\\u003c` etc., so the text can neither end the attribute nor
    start a tag or an entity, and stays inert wherever it is pasted, `<script>` included; double
    quotes stay as they are (as `&#34;` they would weigh five times as much). Only for a
    single-quoted attribute: the result is marked safe for Jinja.

    The data does not live in `<script type="application/json">` because Material's instant
    navigation re-creates every script in the content without its attributes: the JSON would
    run as JavaScript, throw, and stop the page's other scripts from loading.
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escape)
    return markupsafe.Markup(text)


def _render(template: str, **context: Any) -> str:
    return render(template, **context).strip() + "\n"


def _assets(base: str, cdn_url: str | None) -> dict[str, str]:
    return {
        "css": f"{base}{SITE_ASSET_DIR}/paperdiary.css",
        "plotly": plotly_src(base, cdn_url),
        "script": f"{base}{SITE_ASSET_DIR}/paperdiary-maps.js",
    }


# --- the map -------------------------------------------------------------------------


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
    its cluster/sub-topic per projection, `l` the positions of the papers it cites. The
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
    if point.get("topics"):
        item["s"] = [point["topics"].get(name, -1) for name in projections]
    links = sorted({index[key] for key in point.get("cites", ()) if key in index and key != point["key"]})
    if links:
        item["l"] = links
    return item


def _by_cluster(points: list[_Item], clusters: list[ClusterView]) -> list[tuple[str, list[_Item]]]:
    """Papers per cluster of the first projection, biggest first and noise last, for the list under the map."""
    layout = next((c["layout"] for c in clusters), "")
    names = {c["id"]: c["name"] for c in clusters if c["layout"] == layout and c["level"] == 0}
    groups: dict[int, list[_Item]] = {}
    for point in points:
        groups.setdefault(point["c"][0], []).append(point)
    order = sorted(groups, key=lambda cid: (cid < 0, -len(groups[cid]), cid))
    return [
        (names.get(cid, f"Cluster {cid}"), sorted(groups[cid], key=lambda p: p["title"].casefold())) for cid in order
    ]


def _why_no_map(points: Sequence[PointView], projections: list[str]) -> str | None:
    if len(points) < MIN_MAP_POINTS:
        return f"The map needs at least {MIN_MAP_POINTS} papers; this diary has {len(points)}."
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
        return _render("map_missing.html.j2", element_id=element_id, reason=reason)
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
        "topics": [_cluster_rows(view["clusters"], p, 1) for p in projections],
    }
    return _render(
        "map.html.j2",
        element_id=element_id,
        full_page=full_page,
        base=base,
        assets=_assets(base, cdn_url),
        data=safe_json(data),
        projections=[(p, PROJECTIONS[p]) for p in projections],
        groups=_by_cluster(points, [c for c in view["clusters"] if c["layout"] == projections[0]])
        if len(points) <= LIST_MAX
        else [],
        count=len(points),
        list_max=LIST_MAX,
    )


def _cluster_rows(clusters: list[ClusterView], layout: str, level: int) -> list[list[Any]]:
    return [[c["id"], c["name"], c["size"]] for c in clusters if c["layout"] == layout and c["level"] == level]


def stats_html(
    papers: Iterable[Paper],
    *,
    base: str,
    element_id: str = "paperdiary-stats",
    cdn_url: str | None = None,
) -> str:
    """Cumulative reads, papers per month by topic and a reading calendar.

    Undated papers are left out of the charts and counted in a note.
    """
    papers = list(papers)
    numbers = chart_numbers(papers)
    charts = chart_data(papers)
    if charts is None:
        return _render("stats_missing.html.j2", element_id=element_id, stats=numbers)
    return _render(
        "stats.html.j2",
        element_id=element_id,
        assets=_assets(base, cdn_url),
        data=safe_json({"kind": "stats", **charts}),
        stats=numbers,
        months=month_rows(charts["monthly"]),
        has_calendar=charts["calendar"] is not None,
    )
