"""What paperdiary puts into `page.meta`, and when.

Material's nav template reads a nav item's `meta.icon`, `.subtitle` and `.status` only when the
page's meta is not empty, and it draws the whole nav on every page: filling the meta of every
paper (a note without front matter gets its inferred description) made each page's nav cost
more for every other paper, N² in the number of papers. Values a page's meta already has are
escaped in place; values it lacks (the description) are set only while that page renders.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from mkdocs_paperdiary.core.fields import is_section_name
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.pages.pagemeta import theme_safe_meta
from mkdocs_paperdiary.plugin import internals


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


# Themes print a page's title into `<title>` through Jinja's `striptags`, which turns entities
# back into characters: a title that reads like a tag would become one there.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def show_index_titles(files: Iterable[File], papers: Mapping[str, Paper]) -> None:
    """Navs and `<title>` name a paper as the diary does when its note has no heading that names it.

    MkDocs titles a page by its first H1, else by its file name: a note that opens with a generic
    `# Paper` over a labelled `Title:`, or with a bare `[Title](url)` line, would be listed as
    "Paper" or by its file name in every nav. Run after every page is read (on_env), so pages a
    dirty build keeps are titled alike. Page titles are HTML text, as MkDocs renders them; a "<"
    that would open a tag is shown as "‹".
    """
    for file in files:
        page, paper = file.page, papers.get(file.src_uri)
        if page is None or paper is None or "title" in page.meta:
            continue
        heading = internals.rendered_title(page)
        if heading is None or is_section_name(html.unescape(heading)):
            page.title = html.escape(_TAG_START.sub("‹", paper.title), quote=False)
