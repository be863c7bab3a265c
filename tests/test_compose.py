"""Golden tests for where the plugin's additions go on a page (`pages.compose.compose_page`).

Each YAML file under golden/compose holds a page's markdown, the pieces (as plain text), the
config's places for the header and backlinks, the exact markdown that must come out, and the
exact log lines the build prints for the page (as `page.md`).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mkdocs_paperdiary.pages.compose import PageParts, compose_page
from mkdocs_paperdiary.site.registry import marker_diagnostics

CASES = sorted((Path(__file__).parent / "golden" / "compose").glob("*.yml"))


def _filler(text: str):
    return lambda: text


def _parts(spec: dict) -> PageParts:
    parts = spec.get("parts", {})
    return PageParts(
        header=parts.get("header", ""),
        related=_filler(parts.get("related", "")),
        backlinks=_filler(parts.get("backlinks", "")),
        views={name: _filler(text) for name, text in parts.get("views", {}).items()},
    )


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden(case: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    placed = compose_page(
        spec["markdown"],
        _parts(spec),
        header_at=spec.get("header_at", "below-title"),
        backlinks_at=spec.get("backlinks_at", "bottom"),
    )
    assert placed == spec["expected"]
    assert [f"{d.level.upper()}: {d}" for d in marker_diagnostics("page.md", spec["markdown"])] == spec["log"]


def test_each_piece_is_made_once_and_only_when_placed() -> None:
    made: list[str] = []

    def piece(name: str):
        return lambda: made.append(name) or name.upper()

    parts = PageParts(
        related=piece("related"), backlinks=piece("backlinks"), views={"diary": piece("diary"), "map": piece("map")}
    )
    placed = compose_page("# Home\n\n<!-- paperdiary:diary -->\n\n<!-- paperdiary:related -->\n", parts)
    assert sorted(made) == ["backlinks", "diary", "related"]  # the map is not on this page
    assert placed == "# Home\n\nDIARY\n\nRELATED\n\nBACKLINKS\n"
