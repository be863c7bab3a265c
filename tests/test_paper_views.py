"""The views on a paper's page are objects listed in `site.views.PAPER_VIEWS`: adding one is one
class and one line, and `mkdocs serve --dirty` then rebuilds exactly the pages whose view changed,
from the inputs the view declares, with no code of its own.

The toy view below is the whole of such a module: a reading-time line that also names the paper
read just before, so it shows something of other papers (their dates and titles).
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path

import pytest
from sitebuilder import build_site
from test_dirty_rebuilds import PAGES, DirtyServer

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.site import views
from mkdocs_paperdiary.site.kinds.base import PageContext
from mkdocs_paperdiary.site.model import Site

# --- the module: a view of its own -------------------------------------------------------------


class ReadingTime(views.PaperView):
    name = "reading-time"

    def inputs(self, site: Site, paper: Paper) -> Hashable:
        return _previous(site, paper)

    def render(self, site: Site, context: PageContext, paper: Paper, markdown: str) -> str:
        minutes = max(1, round(len(markdown.split()) / 200))
        before = _previous(site, paper)
        return f"*Reading time: {minutes} min*" + (f"; read after *{before[1]}*" if before else "")


def _previous(site: Site, paper: Paper) -> tuple[str, str] | None:
    """The paper read just before this one, as the line names it."""
    dated = [p for p in site.index.papers if p.date is not None]
    at = next((i for i, p in enumerate(dated) if p.source == paper.source), 0)
    return (dated[at - 1].source, dated[at - 1].title) if at > 0 else None


# --- the registry line -------------------------------------------------------------------------


@pytest.fixture
def with_reading_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAPER_VIEWS", (*views.PAPER_VIEWS, ReadingTime()))


def test_a_new_view_is_on_every_paper_page_and_its_marker_places_it(tmp_path: Path, with_reading_time: None) -> None:
    placed = PAGES["rl/SAC.md"].replace("Entropy.", "<!-- paperdiary:reading-time -->\n\nEntropy.")
    result = build_site(tmp_path, {**PAGES, "rl/SAC.md": placed})
    assert result.ok and result.warnings() == []  # the marker is known
    assert "Reading time: 1 min</em>; read after <em>Proximal Policy Optimization" in result.html("rl/SAC/index.html")
    sac = result.html("rl/SAC/index.html")
    assert sac.index("Reading time") < sac.index("Entropy.")  # where its marker put it
    assert "Reading time: 1 min" in result.html("rl/PPO/index.html")
    assert "Reading time" not in result.html("index.html")  # not a paper


def test_under_dirty_serve_the_pages_whose_view_changed_are_rebuilt(tmp_path: Path, with_reading_time: None) -> None:
    server = DirtyServer(tmp_path)
    assert "read after <em>Soft Actor-Critic" in server.page("rl/TRPO/index.html")
    # SAC is now read after TRPO: TRPO's line changes, though nothing on its page cites SAC.
    written = server.save("rl/SAC.md", PAGES["rl/SAC.md"].replace("2025-05-21", "2025-05-25"))
    assert {"rl/SAC/index.html", "rl/TRPO/index.html"} <= written and "rl/PPO/index.html" not in written
    assert "read after <em>Proximal Policy Optimization" in server.page("rl/TRPO/index.html")
    assert "read after <em>Trust Region Policy Optimization" in server.page("rl/SAC/index.html")


def test_without_its_registry_line_the_view_is_nothing(tmp_path: Path) -> None:
    result = build_site(tmp_path, PAGES)
    assert "Reading time" not in result.html("rl/SAC/index.html")
