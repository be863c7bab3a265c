"""The site assets of the plots and what the map and stats fragments share.

The adapter adds every entry of `ASSET_FILES` to the site as a generated file (site path ->
source file). Each fragment loads what it needs itself: a `<link>` for the CSS and `<script
src>` tags for Plotly and the plot scripts, so pages without plots load nothing and the
adapter need not touch `extra_css` or `extra_javascript`.

The browser side is plain scripts, one job each, named by the pages that load them
(`assets/paperdiary-plots-*.js` both, `paperdiary-maps-*.js` the map, `paperdiary-stats-*.js`
the stats), not ES modules: those do not load from `file://`, and a site should open from its
folder too.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import markupsafe

from mkdocs_paperdiary.pages.asseturls import SITE_ASSET_DIR, STYLESHEET, asset_url, stylesheet_url
from mkdocs_paperdiary.pages.jinja import render

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


# The browser side in plain scripts, one job each, loaded in this order (no build step, and
# they work from file://): what both pages share, then each page's own parts and its entry.
_SHARED_SCRIPTS = ("paperdiary-plots-theme", "paperdiary-plots-colours", "paperdiary-plots-data")
_MAP_PARTS = ("geometry", "labels", "traces", "keys", "map")
MAP_SCRIPTS = (
    *_SHARED_SCRIPTS,
    *(f"paperdiary-maps-{part}" for part in _MAP_PARTS),
    "paperdiary-plots-life",
    "paperdiary-maps-page-map",
)
STATS_SCRIPTS = (*_SHARED_SCRIPTS, "paperdiary-stats-charts", "paperdiary-plots-life", "paperdiary-stats-page")

ASSET_FILES: dict[str, Path] = {
    f"{SITE_ASSET_DIR}/plotly.min.js": plotly_js_path(),
    **{
        f"{SITE_ASSET_DIR}/{name}.js": _HERE / "assets" / f"{name}.js"
        for name in dict.fromkeys(MAP_SCRIPTS + STATS_SCRIPTS)
    },
    f"{SITE_ASSET_DIR}/{STYLESHEET}": _HERE / "assets" / STYLESHEET,
}


def plotly_src(base: str, cdn_url: str | None = None) -> str:
    """Where pages load Plotly from: the bundled copy unless the user opted into a CDN."""
    return cdn_url or asset_url(base, "plotly.min.js")


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


def render_fragment(template: str, **context: Any) -> str:
    """A template rendered as one HTML block (no blank lines around it)."""
    return render(template, **context).strip() + "\n"


def fragment_assets(base: str, cdn_url: str | None, scripts: Sequence[str]) -> dict[str, Any]:
    """The stylesheet and the scripts, in order, that a fragment loads itself."""
    return {
        "css": stylesheet_url(base),
        "scripts": [
            plotly_src(base, cdn_url),
            *(asset_url(base, f"{name}.js") for name in scripts),
        ],
    }
