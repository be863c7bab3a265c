"""Generated pages are kinds listed in `plugin.registry.KINDS`: adding one is one module and one line.

The toy kind below is the whole of such a module; the test adds its registry line and builds a
real site, in which the kind gets its config options, its page, its place in the nav section and
its marker, and `paperdiary check` knows the marker too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuilder import build_site, paper

from mkdocs_paperdiary.cli.check import check_project
from mkdocs_paperdiary.cli.project import load_project
from mkdocs_paperdiary.site import registry
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind

# --- the module: mkdocs_paperdiary/site/kinds/count.py ------------------------------------


class PaperCount(PageKind):
    name = "count"
    default_path = "count/index.md"
    default_title = "How many papers"
    embeddable = True

    def render(self, context: PageContext) -> str:
        return f"# {self.title(context)}\n\n{self.embed(context)}\n"

    def embed(self, context: PageContext) -> str:
        return f"{len(context.index)} papers so far."


# --- the registry line -------------------------------------------------------------------------


@pytest.fixture
def with_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, PaperCount()))


DOCS = {
    "index.md": "# Home\n\n<!-- paperdiary:count -->\n",
    "rl/PPO.md": paper("PPO", "2025-06-23"),
    "rl/TRPO.md": paper("TRPO", "2025-06-24"),
}


def test_a_new_kind_gets_its_page_options_nav_entry_and_marker(tmp_path: Path, with_count: None) -> None:
    result = build_site(tmp_path, DOCS, {"plugins": [{"paperdiary": {"maps": False, "count_title": "Tally"}}]})
    assert result.ok, result.error
    assert result.warnings() == []
    page = result.html("count/index.html")
    assert '<h1 id="tally">Tally</h1>' in page and "2 papers so far." in page
    assert "2 papers so far." in result.html("index.html")
    assert 'href="../count/"' in result.html("diary/index.html")  # in the nav section with the others


def test_a_new_kind_can_be_moved_and_turned_off(tmp_path: Path, with_count: None) -> None:
    moved = build_site(tmp_path / "moved", DOCS, {"plugins": [{"paperdiary": {"maps": False, "count_page": "n.md"}}]})
    assert (moved.site_dir / "n" / "index.html").is_file()
    off = build_site(tmp_path / "off", DOCS, {"plugins": [{"paperdiary": {"maps": False, "count_page": ""}}]})
    assert not (off.site_dir / "count").exists() and not (off.site_dir / "n").exists()


def test_check_knows_the_new_marker(tmp_path: Path, with_count: None) -> None:
    build_site(tmp_path, {**DOCS, "rl/A2C.md": paper("A2C", body="<!-- paperdiary:cuont -->")})
    problems = [str(problem) for problem in check_project(load_project(str(tmp_path / "mkdocs.yml")))]
    assert any("'paperdiary:cuont'" in line and "count" in line for line in problems)
    assert not any("'paperdiary:count'" in line for line in problems)


def test_without_its_registry_line_the_kind_is_nothing(tmp_path: Path) -> None:
    result = build_site(tmp_path, DOCS)
    assert not (result.site_dir / "count").exists()
    assert any("unknown marker 'paperdiary:count'" in line for line in result.warnings())


def test_a_kind_that_cannot_render_is_an_error_not_a_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Unfinished(PageKind):
        name, default_path, default_title = "unfinished", "unfinished.md", "Unfinished"

    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, Unfinished()))
    with pytest.raises(NotImplementedError):
        build_site(tmp_path, DOCS)


def test_two_kinds_of_one_name_are_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "KINDS", (*registry.KINDS, PaperCount(), PaperCount()))
    with pytest.raises(ValueError, match="two page kinds share a name"):
        registry.config_class()
