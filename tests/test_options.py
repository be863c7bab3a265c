"""Each plugin option, seen in a real build: the site a user gets when they set it.

Map options (`embed`, `related`, `device`) build with the real embedding model and are marked slow.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitebuilder import build_site, paper

SITE: dict[str, str | bytes] = {
    "index.md": "# Home\n\n<!-- paperdiary:diary -->\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-23", body="Clipped surrogate objective."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-20", body="Maximum entropy RL."),
    "drafts/Idea.md": paper("A Draft Idea", "2025-05-21", body="Not a paper yet."),
    "about.md": "# About\n\nNot a paper.\n",
}


@pytest.fixture(scope="module")
def shared_cache(paperdiary_cache: Path) -> Path:
    """The session's map cache: the model is exported once, and UMAP compiles once."""
    return paperdiary_cache


def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.DOTALL)
    assert found, "no <h1>"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def with_options(tmp_path: Path, strict: bool = True, **options: object):
    result = build_site(tmp_path, SITE, {"plugins": [{"paperdiary": {"maps": False, **options}}]}, strict=strict)
    assert result.ok, (result.error, result.all_warnings())
    return result


def test_enabled_false_builds_the_site_as_if_the_plugin_were_not_there(tmp_path: Path) -> None:
    result = with_options(tmp_path, enabled=False)
    site = result.site_dir
    assert not (site / "diary").exists() and not (site / "topics").exists() and not (site / "stats").exists()
    assert not (site / "paperdiary.json").exists()
    assert "<!-- paperdiary:diary -->" in result.html("index.html")  # the marker is left alone
    assert "Cited in" not in result.html("rl/PPO/index.html")
    assert result.log() == []


def test_turning_the_plugin_off_between_builds_leaves_nothing_behind(tmp_path: Path) -> None:
    # MkDocs keeps this plugin's object across builds in one process (it has on_startup), as in serve.
    with_options(tmp_path / "on")
    result = with_options(tmp_path / "off", enabled=False)
    assert "<!-- paperdiary:diary -->" in result.html("index.html")
    assert result.log() == []


def test_include_and_exclude_choose_the_papers(tmp_path: Path) -> None:
    result = with_options(tmp_path, include=["rl/*", "drafts/*"], exclude=["drafts/*"])
    sources = sorted(entry["source"] for entry in result.index()["papers"])
    assert sources == ["rl/PPO.md", "rl/SAC.md"]
    diary = result.html("diary/index.html").split('role="main"', 1)[1]  # the page, not the nav
    assert "Proximal Policy Optimization" in diary and "A Draft Idea" not in diary


def test_renamed_and_disabled_pages(tmp_path: Path) -> None:
    result = with_options(tmp_path, diary_page="reading/all.md", topics_page="", stats_page="reading/numbers.md")
    site = result.site_dir
    assert "Proximal Policy Optimization" in result.html("reading/all/index.html")
    assert (site / "reading" / "numbers" / "index.html").is_file()
    assert not (site / "diary").exists() and not (site / "topics").exists() and not (site / "stats").exists()


def test_json_index_is_written_where_asked(tmp_path: Path) -> None:
    result = with_options(tmp_path, json_index="data/papers.json")
    assert not (result.site_dir / "paperdiary.json").exists()
    data = json.loads((result.site_dir / "data" / "papers.json").read_text(encoding="utf-8"))
    assert {entry["title"] for entry in data["papers"]} >= {"Proximal Policy Optimization", "Soft Actor-Critic"}


def test_title_options_name_the_generated_pages(tmp_path: Path) -> None:
    result = with_options(tmp_path, diary_title="Everything I Read", stats_title="By the Numbers")
    assert h1(result.html("diary/index.html")) == "Everything I Read"
    assert h1(result.html("stats/index.html")) == "By the Numbers"
    assert "Everything I Read" in result.html("index.html")  # the nav shows the title too


def test_map_title_names_the_map_page(tmp_path: Path) -> None:
    # Without the model the map page still exists and explains itself; its title is the option's.
    result = build_site(
        tmp_path,
        SITE,
        {"plugins": [{"paperdiary": {"maps": True, "model": "/nonexistent/model", "map_title": "Where Papers Sit"}}]},
    )
    assert result.ok, result.error
    assert h1(result.html("map/index.html")) == "Where Papers Sit"


@pytest.mark.slow
def test_related_zero_shows_no_related_papers(tmp_path: Path, shared_cache: Path) -> None:
    result = with_options(tmp_path, maps=True, related=0, cache_dir=str(shared_cache))
    assert "Related papers" not in result.html("rl/PPO/index.html")
    assert all(not entry.get("related") for entry in result.index()["papers"])


@pytest.mark.slow
def test_device_cuda_falls_back_on_cpu_without_a_gpu(tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU; the fallback is for machines without one")
    result = with_options(tmp_path, strict=False, maps=True, device="cuda", cache_dir=str(tmp_path / "cache"))
    assert result.index()["papers"][0].get("cluster") is not None  # a map was drawn, on the CPU
    assert "WARNING: `device: cuda` is set but torch sees no CUDA GPU; embedding on the CPU." in result.log()


@pytest.mark.slow
def test_map_text_title_ignores_descriptions(tmp_path: Path, shared_cache: Path) -> None:
    def layout(root: Path, body: str) -> dict[str, object]:
        files = {
            **SITE,
            "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-23", body=body),
            "rl/DQN.md": paper("Deep Q-Networks", "2025-05-18", body="Q-learning with replay."),
            "cv/ViT.md": paper("Vision Transformers", "2025-05-10", body="Patches as tokens."),
        }
        options = {"maps": True, "map_text": "title", "cache_dir": str(shared_cache)}
        result = build_site(root, files, {"plugins": [{"paperdiary": options}]})
        assert result.ok, result.error
        return {entry["key"]: entry.get("tsne") for entry in result.index()["papers"]}

    first = layout(tmp_path / "a", "Clipped surrogate objective.")
    second = layout(tmp_path / "b", "A completely different summary about protein folding.")
    assert first == second and all(value is not None for value in first.values())
