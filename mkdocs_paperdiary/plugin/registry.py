"""What paperdiary adds to a site, read by the build and by `paperdiary check` alike.

The generated pages: each is generated unless its path is empty in the config or a file of
docs_dir already has that path; the build then warns, and `check` gives the same warning.
The markers (`<!-- paperdiary:name -->`) a page may use to place a generated view itself.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Literal

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.markdown.markers import find_markers
from mkdocs_paperdiary.plugin.config import PaperDiaryConfig

Kind = Literal["diary", "topics", "stats", "map"]

# Every marker a page may hold, in the order the warning about an unknown one lists them.
MARKERS = ("diary", "topics", "map", "stats", "related", "backlinks")

EXISTS = (
    "exists in docs_dir, so paperdiary does not generate it; remove the file or set another path in the plugin config."
)


@dataclass(frozen=True)
class GeneratedPage:
    kind: Kind
    uri: str  # path relative to docs_dir, e.g. diary/index.md


def wanted_pages(config: PaperDiaryConfig, *, maps_on: bool) -> list[GeneratedPage]:
    """The pages the config asks for; the map page only when maps are drawn (the stats page always)."""
    if not config.enabled:
        return []
    pages = [
        GeneratedPage("diary", config.diary_page),
        GeneratedPage("topics", config.topics_page),
        GeneratedPage("stats", config.stats_page),
    ]
    if maps_on:
        pages.append(GeneratedPage("map", config.map_page))
    return [page for page in pages if page.uri]


def place_pages(
    config: PaperDiaryConfig, *, maps_on: bool, existing: Container[str]
) -> tuple[list[GeneratedPage], list[Diagnostic]]:
    """The pages to generate, and a warning for each one a docs file already stands in for."""
    placed, problems = [], []
    for page in wanted_pages(config, maps_on=maps_on):
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
