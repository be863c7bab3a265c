"""What paperdiary adds to a site, read by the build and by `paperdiary check` alike.

`KINDS` lists the kinds of generated page, in the order the nav section lists them; adding a
kind is one module under `kinds/` and one line here. Each is generated unless its path is
empty in the config or a file of docs_dir already has that path; the build then warns, and
`check` gives the same warning. The markers (`<!-- paperdiary:name -->`) a page may use to
place a generated view itself are the embeddable kinds' names and the paper page's sections.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.markdown.markers import find_markers
from mkdocs_paperdiary.pages.compose import SECTION_MARKERS
from mkdocs_paperdiary.site import views
from mkdocs_paperdiary.site.config import PaperDiaryConfig
from mkdocs_paperdiary.site.kinds.base import PageKind
from mkdocs_paperdiary.site.kinds.diary import Diary
from mkdocs_paperdiary.site.kinds.map import Map
from mkdocs_paperdiary.site.kinds.stats import Stats
from mkdocs_paperdiary.site.kinds.tags import Tags
from mkdocs_paperdiary.site.kinds.topics import Topics

KINDS: tuple[PageKind, ...] = (Diary(), Topics(), Stats(), Map(), Tags())

EXISTS = (
    "exists in docs_dir, so paperdiary does not generate it; remove the file or set another path in the plugin config."
)


@dataclass(frozen=True)
class GeneratedPage:
    kind: PageKind
    uri: str  # path relative to docs_dir, e.g. diary/index.md


def config_class() -> type[PaperDiaryConfig]:
    """The plugin's config schema: the general options and those of every listed kind."""
    return _config_class(KINDS)


@lru_cache(maxsize=4)
def _config_class(kinds: tuple[PageKind, ...]) -> type[PaperDiaryConfig]:
    names = [kind.name for kind in kinds]
    if len(set(names)) != len(names):
        raise ValueError(f"two page kinds share a name: {names}")
    options = {name: option for kind in kinds for name, option in kind.options().items()}
    return type("PaperDiaryConfig", (PaperDiaryConfig,), options)


def markers() -> tuple[str, ...]:
    """Every marker a page may hold, in the order the warning about an unknown one lists them."""
    sections = dict.fromkeys((*SECTION_MARKERS, *(view.name for view in views.PAPER_VIEWS)))
    return (*(kind.name for kind in KINDS if kind.embeddable), *sections)


@dataclass(frozen=True)
class SiteFacts:
    """What decides which kinds a site gets, besides their paths."""

    maps_on: bool
    material_tags: bool = False  # Material's tags plugin lists the tags


def wanted_pages(config: PaperDiaryConfig, facts: SiteFacts) -> list[GeneratedPage]:
    """The pages the config asks for and the site allows, in the order the nav lists them."""
    if not config.enabled:
        return []
    return [
        GeneratedPage(kind, kind.path(config))
        for kind in KINDS
        if kind.path(config)
        and (facts.maps_on or not kind.needs_maps)
        and not (facts.material_tags and kind.replaced_by_material_tags)
    ]


def place_pages(
    config: PaperDiaryConfig, facts: SiteFacts, existing: Container[str]
) -> tuple[list[GeneratedPage], list[Diagnostic]]:
    """The pages to generate, and a warning for each one a docs file already stands in for."""
    placed, problems = [], []
    for page in wanted_pages(config, facts):
        if page.uri in existing:
            problems.append(Diagnostic(page.uri, None, EXISTS, code="generated"))
        else:
            placed.append(page)
    return placed, problems


def marker_diagnostics(source: str, text: str, known: Sequence[str] | None = None) -> list[Diagnostic]:
    """Warnings for the unknown markers of a docs file (its whole text, front matter included)."""
    known = markers() if known is None else tuple(known)
    return [
        Diagnostic(source, line, f"unknown marker 'paperdiary:{name}'; known markers: {', '.join(known)}.")
        for line, name in find_markers(text)
        if name not in known
    ]
