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
from typing import Any

import pytest
from mkdocs.commands.build import build
from sitebuilder import DirtyServe, build_config, paper, write_site
from test_serve_dirty import differences, on_disk

from mkdocs_paperdiary.maps.incremental import INCREMENTAL_MIN
from mkdocs_paperdiary.plugin import internals

STAND_IN = "<!-- not written this rebuild -->"
PAGES = {
    "index.md": "# Diary\n\nWhat I read.\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20", "Builds on [[TRPO]].", description="Clipped."),
    "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-05-23", "Monotonic.", description="KL region."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-21", "Entropy.", description="Off-policy."),
}


class DirtyServer(DirtyServe):
    """A dirty server on `PAGES` (see `sitebuilder.DirtyServe`) that tells which pages a save rewrote."""

    def __init__(self, root: Path, serving: bool = False, **config: object) -> None:
        config_file = write_site(root, PAGES, {"site_url": "http://127.0.0.1:8000/", **config})
        self.docs = root / "docs"
        super().__init__(config_file, root / "site", serving=serving)

    def save(self, name: str, text: str | None, catch_up: bool = True) -> set[str]:
        """Save one note (None: delete it) and rebuild; the pages written, as paths under site/."""
        before = self._stand_in()
        path = self.docs / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.rebuild(catch_up=catch_up)
        return self._written(before)

    def catch_up(self) -> set[str]:
        """The builds the last one asked the server for; the pages they wrote."""
        assert self.wants_build(), "no catch-up was asked for"
        before = self._stand_in()
        self.rebuild()
        return self._written(before)

    def _pages(self) -> set[Path]:
        return {page for page in self.site.rglob("*.html") if page.name != "404.html"}  # written every build

    def _stand_in(self) -> set[Path]:
        pages = self._pages()
        for page in pages:
            page.write_text(STAND_IN, encoding="utf-8")
        return pages

    def _written(self, before: set[Path]) -> set[str]:
        return {
            page.relative_to(self.site).as_posix()
            for page in self._pages()
            if page not in before or page.read_text("utf-8") != STAND_IN
        }


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


NEW_NOTE = paper("Advantage Actor-Critic", "2025-06-05", "See [[PPO]].", description="Synchronous actors.")


def test_a_new_note_is_served_first_and_every_other_nav_right_after(tmp_path: Path) -> None:
    server = DirtyServer(tmp_path, serving=True)
    first = server.save("rl/A2C.md", NEW_NOTE, catch_up=False)
    # the note, the pages it reaches (its "Cited in" on PPO; the diary, topics, stats), not the rest
    assert {"rl/A2C/index.html", "rl/PPO/index.html", "diary/index.html", "topics/index.html"} <= first
    assert not first & {"rl/SAC/index.html", "rl/TRPO/index.html", "index.html"}
    assert "Advantage Actor-Critic" in server.page("rl/A2C/index.html")
    assert server.wants_build()
    rest = server.catch_up()
    assert {"rl/SAC/index.html", "rl/TRPO/index.html", "index.html"} <= rest
    assert "rl/A2C/index.html" not in rest  # served already, and still exact
    assert "A2C/" in server.page("rl/SAC/index.html")  # its nav lists the new note
    assert not server.wants_build()


def test_a_save_before_the_catch_up_is_served_first_and_the_catch_up_follows(tmp_path: Path) -> None:
    server = DirtyServer(tmp_path, serving=True)
    server.save("rl/A2C.md", NEW_NOTE, catch_up=False)
    edited = PAGES["rl/SAC.md"].replace("Entropy.", "Entropy, tuned.")
    written = server.save("rl/SAC.md", edited, catch_up=False)  # the save comes first
    assert written == {"rl/SAC/index.html"}
    assert "A2C/" in server.page("rl/SAC/index.html")  # built with the nav it has now
    assert server.wants_build()
    rest = server.catch_up()
    assert {"rl/TRPO/index.html", "index.html"} <= rest and "rl/SAC/index.html" not in rest
    assert "A2C/" in server.page("rl/TRPO/index.html")


def test_a_deleted_page_rebuilds_the_pages_that_link_to_its_file(tmp_path: Path) -> None:
    """Their link is broken now, and said so again."""
    server = DirtyServer(tmp_path, serving=True)
    server.save("about.md", "# About me\n\nI read papers.\n")
    server.save("index.md", PAGES["index.md"] + "\nSee [who writes this](about.md).\n")
    first = server.save("about.md", None, catch_up=False)
    assert "index.html" in first
    assert 'href="about/"' not in server.page("index.html")
    assert not (server.site / "about" / "index.html").exists()


def test_without_a_server_one_dirty_build_brings_every_nav_up_to_date(tmp_path: Path) -> None:
    """`mkdocs build --dirty` has no server to ask for a catch-up."""
    server = DirtyServer(tmp_path)
    written = server.save("rl/A2C.md", NEW_NOTE)
    assert {"rl/A2C/index.html", "rl/SAC/index.html", "rl/TRPO/index.html", "index.html"} <= written
    assert "A2C/" in server.page("rl/TRPO/index.html")
    assert not server.wants_build()


# A save that lands while the catch-up renders: a hook (MkDocs' `hooks:`) makes it after the
# catch-up's first page, writing the note and raising the server's flag as its file watcher does.
MIDWAY: dict[str, Any] = {}
HOOK = """
import test_dirty_rebuilds as test


def on_post_page(output, page, config):
    save = test.MIDWAY.pop("save", None)
    if save is not None:
        save()
    return output
"""


def test_a_save_during_the_catch_up_stops_it_and_every_page_ends_as_a_clean_build(tmp_path: Path) -> None:
    root = tmp_path / "served"
    root.mkdir()
    (root / "hooks.py").write_text(HOOK, encoding="utf-8")
    server = DirtyServer(root, serving=True, hooks=["hooks.py"])
    server.save("rl/A2C.md", NEW_NOTE, catch_up=False)
    edited = PAGES["rl/SAC.md"].replace("Entropy.", "Entropy, tuned.")

    def save() -> None:
        (server.docs / "rl/SAC.md").write_text(edited, encoding="utf-8")
        internals.ask_build(server.server)

    MIDWAY["save"] = save
    builds = server.rebuild()
    assert "save" not in MIDWAY  # made during the catch-up
    # the catch-up, stopped; the save's build, which serves it; the catch-up again
    assert builds == 3
    clean = tmp_path / "clean"
    shutil.copytree(server.docs, clean / "docs")
    shutil.copy(server.config_file, clean / "mkdocs.yml")
    shutil.copy(root / "hooks.py", clean / "hooks.py")
    build(build_config(clean / "mkdocs.yml", site_dir=str(clean / "site")))
    assert differences(on_disk(server.site), server.site, clean / "site") == []
    assert "Entropy, tuned." in server.page("rl/SAC/index.html")


SUBJECTS = ["policy gradients", "diffusion sampling", "graph networks", "protein folding", "speech recognition"]
METHODS = ["a learned prior", "contrastive pretraining", "sparse attention", "a trust region", "quantised weights"]


def big_diary(count: int) -> dict[str, str]:
    """`count` papers with varied descriptions, over five topic folders."""
    pages = {"index.md": "# Diary\n\nWhat I read.\n"}
    for n in range(count):
        subject, method = SUBJECTS[n % 5], METHODS[(n // 5) % 5]
        described = f"{method.capitalize()} improves {subject} on benchmark {n}, with ablation {n % 7}."
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        pages[f"t{n % 5}/P{n:03d}.md"] = paper(f"Paper {n} on {subject}", day, "Notes.", description=described)
    return pages


@pytest.mark.slow
def test_at_200_papers_a_body_edit_after_a_moved_paper_rewrites_only_its_page(
    tmp_path: Path, paperdiary_cache: Path
) -> None:
    """From 200 papers a serve rebuild places a changed paper in the map it keeps, and says so in
    a log line; the next save's "no description changed" line is no change to any page."""
    config = write_site(
        tmp_path, big_diary(INCREMENTAL_MIN), {"plugins": [{"paperdiary": {"cache_dir": str(paperdiary_cache)}}]}
    )
    server = DirtyServe(config, tmp_path / "site")
    moved = tmp_path / "docs" / "t1" / "P001.md"
    moved.write_text(moved.read_text("utf-8").replace("benchmark 1,", "a new benchmark,"), encoding="utf-8")
    server.rebuild()
    for page in server.site.rglob("*.html"):
        page.write_text(STAND_IN, encoding="utf-8")
    edited = tmp_path / "docs" / "t2" / "P002.md"
    edited.write_text(edited.read_text("utf-8").replace("Notes.", "Notes, and more."), encoding="utf-8")
    server.rebuild()
    written = {
        p.relative_to(server.site).as_posix() for p in server.site.rglob("*.html") if p.read_text("utf-8") != STAND_IN
    }
    assert written - {"404.html"} == {"t2/P002/index.html"}
