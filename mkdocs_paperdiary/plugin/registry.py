"""What paperdiary adds to a site, read by the build and by `paperdiary check` alike.

The generated pages: each is generated unless its path is empty in the config or a file of
docs_dir already has that path; the build then warns, and `check` gives the same warning.
The markers (`<!-- paperdiary:name -->`) a page may use to place a generated view itself.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.markdown.markers import find_markers
from mkdocs_paperdiary.plugin.config import PaperDiaryConfig

Kind = Literal["diary", "topics", "stats", "map", "tags"]

# Every marker a page may hold, in the order the warning about an unknown one lists them.
MARKERS = ("diary", "topics", "map", "stats", "related", "backlinks", "header")

EXISTS = (
    "exists in docs_dir, so paperdiary does not generate it; remove the file or set another path in the plugin config."
)


@dataclass(frozen=True)
class GeneratedPage:
    kind: Kind
    uri: str  # path relative to docs_dir, e.g. diary/index.md


def wanted_pages(config: PaperDiaryConfig, *, maps_on: bool, material_tags: bool = False) -> list[GeneratedPage]:
    """The pages the config asks for, in the order the nav lists them: the map page only when maps
    are drawn (the stats page always), the tags page unless Material's tags plugin lists the tags."""
    if not config.enabled:
        return []
    pages = [
        GeneratedPage("diary", config.diary_page),
        GeneratedPage("topics", config.topics_page),
        GeneratedPage("stats", config.stats_page),
    ]
    if maps_on:
        pages.append(GeneratedPage("map", config.map_page))
    if not material_tags:
        pages.append(GeneratedPage("tags", config.tags_page))
    return [page for page in pages if page.uri]


def place_pages(
    config: PaperDiaryConfig, *, maps_on: bool, existing: Container[str], material_tags: bool = False
) -> tuple[list[GeneratedPage], list[Diagnostic]]:
    """The pages to generate, and a warning for each one a docs file already stands in for."""
    placed, problems = [], []
    for page in wanted_pages(config, maps_on=maps_on, material_tags=material_tags):
        if page.uri in existing:
            problems.append(Diagnostic(page.uri, None, EXISTS, code="generated"))
        else:
            placed.append(page)
    return placed, problems


def unknown_marker(source: str, line: int, name: str) -> Diagnostic:
    return Diagnostic(source, line, f"unknown marker 'paperdiary:{name}'; known markers: {', '.join(MARKERS)}.")


def marker_diagnostics(source: str, text: str) -> list[Diagnostic]:
    """Warnings for the unknown markers of a docs file (its whole text, front matter included)."""
    return [unknown_marker(source, line, name) for line, name in find_markers(text) if name not in MARKERS]


def material_tags_property(config: MkDocsConfig) -> str | None:
    """The front-matter key Material's tags plugin reads tags from, or None when that plugin is off.

    That plugin reads `page.meta[tags_name_property]` (default `tags`) in its on_page_markdown,
    which runs after ours; it then lists the tags itself, so no tags page is generated.
    """
    for name, plugin in config.plugins.items():
        if name.split(" #")[0] in ("material/tags", "tags") and plugin.config.get("enabled", True):
            return plugin.config.get("tags_name_property", "tags")
    return None
