"""What paperdiary puts into `page.meta`, and when.

Material's nav template reads a nav item's `meta.icon`, `.subtitle` and `.status` only when the
page's meta is not empty, and it draws the whole nav on every page: filling the meta of every
paper (a note without front matter gets its inferred description) made each page's nav cost
more for every other paper, N² in the number of papers. Values a page's meta already has are
escaped in place; values it lacks (the description) are set only while that page renders.
"""

from __future__ import annotations

import html

from mkdocs.structure.pages import Page

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.pagemeta import theme_safe_meta


class PageMeta:
    def __init__(self) -> None:
        self._own: dict[str, dict[str, str]] = {}  # source -> meta shown only while it renders

    def fill(self, page: Page, paper: Paper | None, tags_property: str | None) -> None:
        """At on_page_markdown: escape what themes print; keep what the page adds for its own render."""
        safe = theme_safe_meta(page.meta, paper)
        page.meta.update({key: value for key, value in safe.items() if key in page.meta})
        self._own[page.file.src_uri] = {key: value for key, value in safe.items() if key not in page.meta}
        if paper is not None and tags_property and paper.tags:
            # Material's tags plugin reads a page's tags from its meta and prints them unescaped;
            # front matter may write one "a, b" string: always a list, always escaped.
            page.meta[tags_property] = [html.escape(tag) for tag in paper.tags]

    def show(self, page: Page) -> None:
        """At on_page_context: the page's own values, for its template."""
        page.meta.update(self._own.get(page.file.src_uri, {}))

    def hide(self, page: Page) -> None:
        """At on_post_page: the meta back as the other pages' navs read it."""
        for key in self._own.get(page.file.src_uri, {}):
            page.meta.pop(key, None)
