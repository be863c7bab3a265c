"""`mkdocs serve --dirty` rewrites only the pages a save reaches, so a save shows sooner.

Each rebuild here is MkDocs' own dirty build, run in-process as `mkdocs serve --dirty` runs it
(the plugin object kept across rebuilds). Before each save every served page is overwritten
with a stand-in; a page the rebuild writes loses it. That the pages written are right is
`test_serve_dirty.py`'s business; this is about the ones left alone.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from mkdocs.commands.build import build
from sitebuilder import DirtyServe, build_config, paper, write_site

STAND_IN = "<!-- not written this rebuild -->"
PAGES = {
    "index.md": "# Diary\n\nWhat I read.\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20", "Builds on [[TRPO]].", description="Clipped."),
    "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-05-23", "Monotonic.", description="KL region."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-21", "Entropy.", description="Off-policy."),
}


class DirtyServer(DirtyServe):
    """A dirty server on `PAGES` (see `sitebuilder.DirtyServe`) that tells which pages a save rewrote."""

    def __init__(self, root: Path, **config: object) -> None:
        config_file = write_site(root, PAGES, {"site_url": "http://127.0.0.1:8000/", **config})
        self.docs = root / "docs"
        super().__init__(config_file, root / "site")

    def save(self, name: str, text: str) -> set[str]:
        """Save one note and rebuild; the pages written, as paths under site/ (MkDocs writes its
        404 page on every build)."""
        pages = [page for page in sorted(self.site.rglob("*.html")) if page.name != "404.html"]
        for page in pages:
            page.write_text(STAND_IN, encoding="utf-8")
        (self.docs / name).write_text(text, encoding="utf-8")
        self.rebuild()
        return {page.relative_to(self.site).as_posix() for page in pages if page.read_text("utf-8") != STAND_IN}


def test_a_body_edit_rewrites_only_its_own_page(tmp_path: Path) -> None:
    server = DirtyServer(tmp_path)
    written = server.save("rl/SAC.md", PAGES["rl/SAC.md"].replace("Entropy.", "Entropy, tuned."))
    assert written == {"rl/SAC/index.html"}
    assert "Entropy, tuned." in server.page("rl/SAC/index.html")


def test_a_new_description_rewrites_the_pages_that_show_it_and_not_the_stats(tmp_path: Path) -> None:
    server = DirtyServer(tmp_path)
    written = server.save("rl/TRPO.md", PAGES["rl/TRPO.md"].replace("KL region.", "Updates inside a KL ball."))
    assert {"rl/TRPO/index.html", "diary/index.html", "topics/index.html"} <= written
    assert "Updates inside a KL ball." in server.page("diary/index.html")
    # PPO cites TRPO, but shows only its title and date; the stats count dates and topics.
    assert not written & {"rl/PPO/index.html", "stats/index.html", "rl/SAC/index.html", "index.html"}


def test_a_new_date_rewrites_the_stats_and_the_pages_that_cite_the_paper(tmp_path: Path) -> None:
    server = DirtyServer(tmp_path)
    written = server.save("rl/TRPO.md", PAGES["rl/TRPO.md"].replace("2025-05-23", "2025-07-02"))
    assert {"rl/TRPO/index.html", "diary/index.html", "stats/index.html", "rl/PPO/index.html"} <= written
    assert "Read 2025-07-02" in server.page("rl/PPO/index.html")  # the [[TRPO]] link's tooltip
    assert "rl/SAC/index.html" not in written


def test_mkdocs_own_search_keeps_every_page_as_a_clean_build_indexes_it(tmp_path: Path) -> None:
    """MkDocs' search plugin (the default theme's) indexes only the pages a dirty build rebuilds."""
    server = DirtyServer(tmp_path / "served", plugins=["search", {"paperdiary": {"maps": False}}])
    edited = PAGES["rl/SAC.md"].replace("Entropy.", "Entropy, tuned.")
    server.save("rl/SAC.md", edited)
    served = json.loads(server.page("search/search_index.json"))["docs"]
    clean = tmp_path / "clean"
    shutil.copytree(server.docs, clean / "docs")
    shutil.copy(server.config_file, clean / "mkdocs.yml")
    build(build_config(clean / "mkdocs.yml", site_dir=str(clean / "site")))
    assert served == json.loads((clean / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    assert any("Entropy, tuned." in entry["text"] for entry in served)
