"""The plugin's options as a diarist types them in mkdocs.yml: YAML's `off`, numbers out of
range and page paths that are not markdown, each tried with a real `mkdocs build`."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site, paper, plugin_config, write_site

from mkdocs_paperdiary.site.settings import llm_settings

DIARY = {
    "index.md": "# My paper diary\n",
    "highlights.md": "# Highlights\n\n- See [Proximal Policy Optimization](rl/TRPO.md).\n- And [PPO](rl/PPO.md).\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-23"),
    "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-05-20"),
}


def build_with(tmp_path: Path, options: str, strict: bool = False):
    """Build DIARY with `options` pasted as-is under `- paperdiary:`, unquoted YAML and all."""
    config = write_site(tmp_path, DIARY)
    indented = "".join(f"      {line}\n" for line in options.strip().splitlines())
    config.write_text(f"site_name: Test diary\nplugins:\n  - paperdiary:\n      maps: false\n{indented}", "utf-8")
    return build_site(tmp_path, None, strict=strict, level=logging.INFO)


@pytest.mark.parametrize("word", ["off", "false", "no", '"off"'])
def test_backlinks_off_written_any_way_turns_them_off(tmp_path: Path, word: str) -> None:
    result = build_with(tmp_path, f"backlinks: {word}")
    assert result.ok, result.error
    assert "Cited in" not in result.html("rl/PPO/index.html")
    assert "Cited in" in build_with(tmp_path / "on", "backlinks: bottom").html("rl/PPO/index.html")


@pytest.mark.parametrize("word", ["off", "false"])
def test_suspicious_links_off_unquoted_silences_the_check(tmp_path: Path, word: str) -> None:
    result = build_with(tmp_path, f"suspicious_links: {word}")
    assert result.ok, result.error
    assert not [line for line in result.log() if "is the target right?" in line]
    loud = build_with(tmp_path / "on", "suspicious_links: warning")
    assert [line for line in loud.warnings() if "is the target right?" in line]


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("related: -3", "option 'related': expected a whole number >= 0 and <= 100, got -3"),
        ("batch_size: 0", "option 'batch_size': expected a whole number >= 1, got 0"),
        ("perplexity: 0", "option 'perplexity': expected a number > 0, got 0"),
        ("perplexity: -2.5", "option 'perplexity': expected a number > 0, got -2.5"),
        ("n_neighbors: 1", "option 'n_neighbors': expected a whole number >= 2, got 1"),
        ("seed: -1", "option 'seed': expected a whole number >= 0 and <= 4294967295, got -1"),
        ("batch_size: true", "option 'batch_size': expected a whole number >= 1, got True"),
        ("related: five", "option 'related': expected a whole number >= 0 and <= 100, got 'five'"),
    ],
)
def test_numbers_out_of_range_fail_the_config_naming_the_option_and_range(
    tmp_path: Path, option: str, expected: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        result = build_with(tmp_path, option)
    assert not result.ok
    assert not (tmp_path / "site").exists()
    assert any(expected in record.getMessage() for record in caplog.records), caplog.text


@pytest.mark.parametrize(
    "option",
    ["diary_page: diary.html", "topics_page: topics/", "map_page: /abs/map.md", "stats_page: ../stats.md"],
)
def test_page_options_must_be_markdown_files_inside_the_site(
    tmp_path: Path, option: str, caplog: pytest.LogCaptureFixture
) -> None:
    name = option.split(":")[0]
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        result = build_with(tmp_path, option)
    assert not result.ok
    assert not (tmp_path / "site").exists(), "a raw markdown page must never reach the site"
    assert f"option '{name}': expected a path" in caplog.text


def test_json_index_must_be_json(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="mkdocs"):
        assert not build_with(tmp_path, "json_index: index.md").ok
    assert "option 'json_index': expected a path ending in '.json'" in caplog.text


@pytest.mark.parametrize("off", ['""', "false", "off"])
def test_an_empty_or_false_page_option_turns_the_page_off(tmp_path: Path, off: str) -> None:
    result = build_with(tmp_path, f"diary_page: {off}\njson_index: {off}")
    assert result.ok, result.error
    assert not (result.site_dir / "diary").exists()
    assert not (result.site_dir / "paperdiary.json").exists()
    assert (result.site_dir / "topics" / "index.html").is_file()


def test_valid_edge_values_build_strictly(tmp_path: Path) -> None:
    options = "related: 0\nbatch_size: 1\nperplexity: 0.5\nn_neighbors: 2\ndiary_page: reading/log.md"
    result = build_with(tmp_path, options, strict=True)
    assert result.ok, result.error
    assert (result.site_dir / "reading" / "log" / "index.html").is_file()


LLM = "llm:\n  base_url: http://127.0.0.1:9/v1\n  model: m\n"


@pytest.mark.parametrize(
    ("old", "new", "value"),
    [
        ("embed: title", "map_text", lambda config: config.map_text == "title"),
        (LLM + "  cluster_names: false", "name_clusters", lambda config: not llm_settings(config).name_clusters),
    ],
    ids=["embed", "llm.cluster_names"],
)
def test_an_old_option_name_still_works_for_a_release_and_names_the_new_one(
    tmp_path: Path, old: str, new: str, value, caplog: pytest.LogCaptureFixture
) -> None:
    result = build_with(tmp_path, old)
    assert result.ok, result.error
    [warning] = [r.getMessage() for r in result.records if r.levelno >= logging.WARNING]
    old_name = old.rsplit("\n", 1)[-1].split(":")[0].strip()
    assert f"The option '{old_name}' is now '{new}'" in warning
    assert value(plugin_config({"plugins": [{"paperdiary": yaml.safe_load(old)}]}))
    strict = build_with(tmp_path / "strict", old, strict=True)
    assert not strict.ok and "1 configuration warnings" in (strict.error or "")
