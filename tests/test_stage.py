"""The staging adapter without an engine: what it writes, and when, for a diary with a map.

Under serve a save is staged quickly first (the saved page, with the last map and the nav as it
was), then in full when the map or the nav must change, so a new note is on screen before the
map is drawn again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuilder import diary, paper, seeded_cache, write_site

from mkdocs_paperdiary.stage.staging import Stager

pytestmark = pytest.mark.slow  # draws a real map
NEW = paper(
    "Noisy Networks for Exploration",
    "2025-06-30",
    description="Learned parametric noise on the weights drives exploration.",
)


@pytest.fixture
def stager(tmp_path: Path, paperdiary_cache: Path) -> Stager:
    cache = seeded_cache(tmp_path / "cache", paperdiary_cache)
    config = write_site(tmp_path, diary(6), {"plugins": [{"paperdiary": {"cache_dir": str(cache)}}]})
    stager = Stager(config, serving=True)
    first = stager.stage()
    assert len(first.report.written) > 6 and not first.behind
    return stager


def staged(stager: Stager, path: str) -> str:
    return (stager.stage_root / "docs" / path).read_text(encoding="utf-8")


def test_a_body_edit_stages_the_note_and_nothing_waits(stager: Stager, tmp_path: Path) -> None:
    note = next((tmp_path / "docs").rglob("PPO.md"))
    note.write_text(note.read_text(encoding="utf-8") + "\nRead it again.\n", encoding="utf-8")
    quick = stager.stage(quick=True)
    assert not quick.behind
    assert set(quick.report.written) <= {note.relative_to(tmp_path / "docs").as_posix(), "paperdiary.json"}
    assert "Read it again." in staged(stager, note.relative_to(tmp_path / "docs").as_posix())


def test_a_new_note_is_staged_before_the_map_and_the_nav(stager: Stager, tmp_path: Path) -> None:
    config = stager.stage_root / "mkdocs.yml"
    nav_before, map_before = config.read_text(encoding="utf-8"), staged(stager, "map/index.md")
    (tmp_path / "docs" / "rl" / "NoisyNet.md").write_text(NEW, encoding="utf-8")
    quick = stager.stage(quick=True)
    assert (
        quick.behind
        and "rl/NoisyNet.md" in quick.report.written
        and "Noisy Networks for Exploration" in staged(stager, "rl/NoisyNet.md")
    )
    assert "Noisy Networks for Exploration" in staged(stager, "diary/index.md")  # the lists need no map
    assert config.read_text(encoding="utf-8") == nav_before  # the engine does not start over yet
    assert staged(stager, "map/index.md") == map_before
    full = stager.stage()
    assert not full.behind and "rl/NoisyNet.md" in config.read_text(encoding="utf-8")
    assert "Noisy Networks for Exploration" in staged(stager, "map/index.md") and "map/index.md" in full.report.written
    again = stager.stage(quick=True)
    assert not again.behind and again.report.written == []
