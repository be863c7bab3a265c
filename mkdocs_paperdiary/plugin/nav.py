"""The site's navigation, when MkDocs builds it from the folders (no `nav:` in mkdocs.yml).

Folders that hold papers are titled as the topics page names them, and the generated pages
(diary, topics, map, stats, tags) sit together in one section instead of one-page sections
sorted in among the topics.
"""

from __future__ import annotations

import posixpath
from collections.abc import Collection, Iterable, Mapping

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from mkdocs_paperdiary.core.topics import folder_title


def arrange_nav(
    nav: Navigation,
    *,
    paper_sources: Iterable[str],
    topic_names: Mapping[str, str],
    generated: list[str],
    section_title: str,
    position: str,
) -> Navigation:
    """A new navigation with topic titles and the generated pages (in `generated` order) grouped."""
    folders = {folder for source in paper_sources for folder in _folders(source)}
    items = _retitle(list(nav.items), folders, topic_names, depth=0)
    if section_title:
        items, pages = _take(items, set(generated))
        pages.sort(key=lambda page: generated.index(page.file.src_uri))
        if pages:
            children: list[StructureItem] = list(pages)
            items.insert(_section_index(items, position), Section(section_title, children))
    return _linked(items)


def _folders(source: str) -> list[str]:
    parts = posixpath.dirname(source).split("/") if "/" in source else []
    return ["/".join(parts[: depth + 1]) for depth in range(len(parts))]


def _retitle(items: list, folders: Collection[str], names: Mapping[str, str], depth: int) -> list:
    for item in items:
        if not isinstance(item, Section):
            continue
        folder = _folder_of(item, depth)
        if folder is not None and folder in folders:
            item.title = folder_title(folder, names)
        _retitle(item.children, folders, names, depth + 1)
    return items


def _folder_of(section: Section, depth: int) -> str | None:
    """The folder an automatic section stands for: the first `depth + 1` folders of its pages."""
    for page in _pages(section.children):
        parts = page.file.src_uri.split("/")
        if len(parts) > depth + 1:
            return "/".join(parts[: depth + 1])
    return None


def _take(items: list, uris: Collection[str]) -> tuple[list, list[Page]]:
    """The items without the pages at `uris` (and sections left empty), and those pages."""
    kept, taken = [], []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in uris:
            taken.append(item)
        elif isinstance(item, Section):
            item.children, found = _take(item.children, uris)
            taken += found
            if item.children:
                kept.append(item)
        else:
            kept.append(item)
    return kept, taken


def _section_index(items: list, position: str) -> int:
    if position == "last":
        return len(items)
    home = items and isinstance(items[0], Page) and items[0].is_homepage
    return 1 if home else 0  # "first" keeps the home page at the top


def _linked(items: list) -> Navigation:
    """A Navigation with parents, previous and next links redone, as MkDocs' get_navigation does."""
    pages = _pages(items)
    for before, page, after in zip([None, *pages[:-1]], pages, [*pages[1:], None], strict=True):
        page.previous_page, page.next_page = before, after
    _parents(items, None)
    return Navigation(items, pages)


def _parents(items: list, parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _parents(item.children, item)


def _pages(items: Iterable) -> list[Page]:
    found = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found += _pages(item.children)
    return found
