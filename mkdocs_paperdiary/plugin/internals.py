"""Every private part of MkDocs (and of Material's search plugin) the plugin relies on, in one place.

Exact `serve --dirty` needs a few names MkDocs does not promise: each is read or written only
through a function here, and `missing()` says which of them the installed packages lack, so a
release that drops one fails a test with a message naming it, instead of a build going subtly
wrong. Checked against the versions in `TESTED`; `pyproject.toml` pins `mkdocs>=1.6,<2`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

TESTED = {"mkdocs": "1.6.1", "properdocs": "1.6.7", "mkdocs-material": "9.8.2"}

TITLE_FROM_RENDER = "_title_from_render"  # Page: the first H1 rendering found, which `Page.title` falls back to
SEARCH_ENTRIES = "_entries"  # mkdocs.contrib.search's SearchIndex: the entries it writes
PREVIOUS_SEARCH = "search_index_prev"  # Material's SearchPlugin: last build's index, merged into a dirty build's
IS_MODIFIED = "is_modified"  # File: whether a dirty build reads and writes it (replaced per file)
WANT_REBUILD = "_want_rebuild"  # LiveReloadServer: a build is wanted (a save seen), read by its build loop
REBUILD_COND = "_rebuild_cond"  # LiveReloadServer: the condition held while WANT_REBUILD is set


def rendered_title(page: Page) -> str | None:
    return getattr(page, TITLE_FROM_RENDER)


def set_rendered_title(page: Page, title: str | None) -> None:
    setattr(page, TITLE_FROM_RENDER, title)


def search_entries(index: object) -> list[dict[str, Any]] | None:
    """MkDocs' own search index's entries, or None for another search plugin's index."""
    entries = getattr(index, SEARCH_ENTRIES, None)
    return entries if isinstance(entries, list) else None


def set_search_entries(index: object, entries: list[dict[str, Any]]) -> None:
    setattr(index, SEARCH_ENTRIES, entries)


def previous_search(plugin: object) -> Any:
    return getattr(plugin, PREVIOUS_SEARCH, None)


def forget_previous_search(plugin: object) -> None:
    setattr(plugin, PREVIOUS_SEARCH, None)


def decide_modified(file: File, modified: Callable[[], bool]) -> None:
    """Make a dirty build read and write `file` when `modified()` says so."""
    setattr(file, IS_MODIFIED, modified)


def can_ask_builds(server: object) -> bool:
    """Whether `server` (MkDocs' LiveReloadServer, or a fork's) has the build flag this module uses."""
    return isinstance(getattr(server, WANT_REBUILD, None), bool) and hasattr(server, REBUILD_COND)


def ask_build(server: object) -> None:
    """Have the server run another build once this one is done, as a save does."""
    condition = getattr(server, REBUILD_COND)
    with condition:
        setattr(server, WANT_REBUILD, True)
        condition.notify_all()


def build_asked(server: object) -> bool:
    """Whether the server will build again once this build is done (a save it saw, or `ask_build`)."""
    return bool(getattr(server, WANT_REBUILD, False))


def missing() -> list[str]:
    """The private names above that the installed MkDocs and Material do not have."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.contrib.search.search_index import SearchIndex
    from mkdocs.livereload import LiveReloadServer

    page = Page(None, File("a.md", "/docs", "/site", use_directory_urls=True), MkDocsConfig())
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root="/site")
    server.server_close()
    found = {
        f"mkdocs Page.{TITLE_FROM_RENDER}": hasattr(page, TITLE_FROM_RENDER),
        f"mkdocs SearchIndex.{SEARCH_ENTRIES}": hasattr(SearchIndex(), SEARCH_ENTRIES),
        f"mkdocs File.{IS_MODIFIED}": callable(getattr(File, IS_MODIFIED, None)),
        f"mkdocs LiveReloadServer.{WANT_REBUILD}": can_ask_builds(server),
    }
    try:
        from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]
    except ImportError:  # Material is optional; without it there is nothing of it to rely on
        pass
    else:
        plugin = SearchPlugin()
        plugin.on_startup(command="serve", dirty=True)
        found[f"Material SearchPlugin.{PREVIOUS_SEARCH}"] = hasattr(plugin, PREVIOUS_SEARCH)
    return [name for name, present in found.items() if not present]
