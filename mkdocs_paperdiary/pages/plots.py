"""HTML fragments for the paper map and the reading stats.

Pure functions: they take data the adapter built and return HTML; nothing here imports
MkDocs. Drawing happens in the browser (`assets/paperdiary-*.js` with Plotly); Python
only shapes the data and computes the numbers a reader sees as text.

Each fragment is one `<div>` holding its data as JSON in a `data-paperdiary` attribute. The
map's fragment lives in `mapplot.py`, the assets both share in `plotassets.py`.
"""

from __future__ import annotations

from collections.abc import Iterable

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.mapplot import map_html
from mkdocs_paperdiary.pages.plotassets import (
    ASSET_FILES,
    MAP_SCRIPTS,
    SITE_ASSET_DIR,
    STATS_SCRIPTS,
    fragment_assets,
    plotly_js_path,
    plotly_src,
    render_fragment,
    safe_json,
)
from mkdocs_paperdiary.pages.stats import chart_data, chart_numbers, month_rows

__all__ = [
    "ASSET_FILES",
    "MAP_SCRIPTS",
    "SITE_ASSET_DIR",
    "STATS_SCRIPTS",
    "map_html",
    "plotly_js_path",
    "plotly_src",
    "safe_json",
    "stats_html",
]


def stats_html(
    papers: Iterable[Paper],
    *,
    base: str,
    element_id: str = "paperdiary-stats",
    cdn_url: str | None = None,
) -> str:
    """Cumulative reads, papers per month by topic and a reading calendar (numbers and chart
    data from `stats`), with papers per month as a table.

    Undated papers are left out of the charts and counted in a note.
    """
    papers = list(papers)
    numbers = chart_numbers(papers)
    charts = chart_data(papers)
    if charts is None:
        return render_fragment("stats_missing.html.j2", element_id=element_id, stats=numbers)
    return render_fragment(
        "stats.html.j2",
        element_id=element_id,
        assets=fragment_assets(base, cdn_url, STATS_SCRIPTS),
        data=safe_json({"kind": "stats", **charts}),
        stats=numbers,
        months=month_rows(charts["monthly"]),
        has_calendar=charts["calendar"] is not None,
    )
