"""The page metadata a theme prints, made safe to print raw.

Themes print `page.meta` values without escaping: Material writes the description into
``<meta name="description" content="...">`` and the title into ``<title>`` and the nav. A title
or description is text, never markup, so the values handed to the theme are HTML-escaped,
quotes included, which is right in both places: an entity reads as its character.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from mkdocs_paperdiary.core.paper import Paper

PRINTED_KEYS = ("title", "description")  # the page meta themes print unescaped


def theme_safe_meta(meta: Mapping[str, object], paper: Paper | None) -> dict[str, str]:
    """The `page.meta` entries to set: printed values escaped, and a paper's inferred
    description supplied where front matter gives none (themes print it for search engines)."""
    values = {key: meta[key] for key in PRINTED_KEYS if meta.get(key) is not None}
    if paper is not None and paper.description and "description" not in values:
        values["description"] = paper.description
    return {key: html.escape(str(value), quote=True) for key, value in values.items()}
