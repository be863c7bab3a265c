"""LLM cluster names against a loopback OpenAI-compatible server (see `llm_server.py`).

The map engine runs for real (the bundled model, t-SNE, UMAP) on 48 short notes, enough for
sub-topics; the names of both levels and both layouts come from the server, are cached by
cluster, and fall back to the c-TF-IDF names with one warning when the server fails.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server import LlmServer, llm_server
from sitebuilder import build_site, diary, paper, write_site
from templated_diary import SUBJECTS, TARGETS, three_topic_diary
from test_maps_build import maps_on

from mkdocs_paperdiary.llm import LlmSettings
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.types import LAYOUTS, MapItem, MapResult, MapSettings

pytestmark = pytest.mark.slow  # the real embedding model draws the maps

PER_TOPIC = 16  # 48 papers: regions big enough to hold sub-topics


def items(per_topic: int = PER_TOPIC, extra: int = 0) -> list[MapItem]:
    out = []
    for topic, methods in SUBJECTS.items():
        for i in range(per_topic + (extra if topic == "rl" else 0)):
            a, b = methods[i % 5], methods[(i // 5) % 5]
            title = f"{a.title()} {i}"
            out.append(
                MapItem(f"{topic}{i:03d}", title, f"{title}. This paper combines {a} with {b} for {TARGETS[topic]}.")
            )
    return out


@pytest.fixture
def server() -> Iterator[LlmServer]:
    with llm_server() as running:
        yield running


def settings(server: LlmServer, model: str, **more: object) -> MapSettings:
    return MapSettings(clusters=2, llm=LlmSettings(server.base_url, model, timeout=0.5, **more))  # type: ignore[arg-type]


def members(result: MapResult) -> set[tuple[str, ...]]:
    return {info.keys for info in result.clusters}


def asked(server: LlmServer, since: int = 0) -> int:
    return len(server.requests) - since


def test_names_on_both_levels_and_layouts_are_asked_once(server: LlmServer, paperdiary_cache: Path) -> None:
    first = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-once"))
    for layout in LAYOUTS:
        for level in (0, 1):
            clusters = first.clusters_of(layout, level)
            assert clusters, (layout, level)  # the diary is big enough for sub-topics
            assert all(info.llm and info.name.endswith("Family") for info in clusters), clusters
            names = [info.name.casefold() for info in clusters]
            assert len(set(names)) == len(names)
    assert asked(server) == len(members(first))  # one request per distinct cluster: the layouts share some
    request = server.requests[0]
    assert request.body["temperature"] == 0
    assert request.headers["user-agent"].startswith("mkdocs-paperdiary/")
    assert "This paper combines" in request.prompt and "Frequent terms:" in request.prompt

    before = asked(server)
    again = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-once"))
    assert asked(server, before) == 0  # an unchanged rebuild, in a new process, asks nothing
    assert [info.name for info in again.clusters] == [info.name for info in first.clusters]

    grown = MapBuilder(paperdiary_cache).build(items(extra=1), settings(server, "names-once"))
    changed = members(grown) - members(again)
    assert changed and len(changed) < len(members(grown))
    assert asked(server, before) == len(changed)


def test_a_duplicate_name_is_asked_again_once_then_falls_back(server: LlmServer, paperdiary_cache: Path) -> None:
    server.mode = "same"
    result = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-same"))
    regions = result.clusters_of("tsne")
    assert regions[0].name == "The Same Name" and regions[0].llm
    assert regions[1].name == "Distinct The Same Name" and regions[1].llm  # the clash was named, the answer changed
    clash = [r.prompt for r in server.requests if "is already taken" in r.prompt]
    assert clash and '"The Same Name" is already taken' in clash[0]
    assert not [d for d in result.diagnostics if d.code == "maps-llm"]


@pytest.mark.parametrize("mode", ["slow", "error", "junk"])
def test_a_failing_server_leaves_the_term_names_with_one_warning(
    server: LlmServer, paperdiary_cache: Path, mode: str
) -> None:
    plain = MapBuilder(paperdiary_cache).build(items(), MapSettings(clusters=2))
    server.mode = mode
    result = MapBuilder(paperdiary_cache).build(items(), settings(server, f"names-{mode}"))
    assert [info.name for info in result.clusters] == [info.name for info in plain.clusters]
    assert not any(info.llm for info in result.clusters)
    warnings = [d for d in result.diagnostics if d.level == "warning"]
    assert len(warnings) == 1 and server.base_url in warnings[0].message, warnings
    assert asked(server) <= 2  # one request and its retry; no timeout per cluster


def test_a_map_whose_llm_failed_is_asked_again_by_the_next_build(server: LlmServer, paperdiary_cache: Path) -> None:
    server.mode = "error"
    failed = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-retry"))
    assert failed.clusters and not any(info.llm for info in failed.clusters)
    server.mode = "name"
    before = asked(server)
    again = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-retry"))
    assert asked(server, before) == len(members(again))  # the failed map was not kept
    assert all(info.llm for info in again.clusters)
    assert MapBuilder(paperdiary_cache).build(items(), settings(server, "names-retry")).clusters == again.clusters
    assert asked(server, before) == len(members(again))  # the named one was


def test_a_damaged_names_file_is_one_warning_and_the_names_are_asked_again(
    server: LlmServer, paperdiary_cache: Path
) -> None:
    path = MapCache(paperdiary_cache).names_path("names-damaged")
    assert path is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "paperdiary-llm-names", "names": [', encoding="utf-8")
    result = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-damaged"))
    [warning] = [d for d in result.diagnostics if d.level == "warning"]
    assert (warning.code, warning.source) == ("maps-cache-corrupt", str(path))
    assert all(info.llm for info in result.clusters)
    assert asked(server) == len(members(result))


def test_a_hostile_answer_is_cut_to_one_short_plain_line(server: LlmServer, paperdiary_cache: Path) -> None:
    server.mode = "hostile"
    result = MapBuilder(paperdiary_cache).build(items(), settings(server, "names-hostile"))
    named = [info for info in result.clusters if info.llm]
    assert named
    for info in named:
        assert len(info.name) <= 60 and "<" not in info.name and "script" not in info.name, info.name


def test_pinned_names_win_and_the_site_says_which_names_are_the_llms(
    server: LlmServer, tmp_path: Path, paperdiary_cache: Path
) -> None:
    llm = {"base_url": server.base_url, "model": "site-names", "timeout": 0.5}
    pins = {"rl000": "My Own Name"}
    built = build_site(tmp_path, three_topic_diary(PER_TOPIC), maps_on(paperdiary_cache, llm=llm, cluster_names=pins))
    assert built.ok, built.error
    clusters = built.index()["map"]["layouts"]
    pinned = [c for c in clusters if c["pinned"]]
    assert pinned and all(c["name"] == "My Own Name" and not c["llm"] for c in pinned)
    assert all(c["llm"] for c in clusters if not c["pinned"])
    assert "Family" in built.html("map/index.html")


def test_hostile_names_are_inert_on_the_page_and_a_dead_server_fails_strict(
    server: LlmServer, tmp_path: Path, paperdiary_cache: Path
) -> None:
    server.mode = "hostile"
    llm = {"base_url": server.base_url, "model": "site-hostile", "timeout": 0.5}
    built = build_site(tmp_path, diary(10), maps_on(paperdiary_cache, llm=llm))
    assert built.ok, built.error
    for page in ("map/index.html", "paperdiary.json", "index.html"):
        assert "<script>alert" not in built.html(page) and "pwned" not in built.html(page)
    dead = {"base_url": "http://127.0.0.1:9/v1", "model": "site-dead", "timeout": 0.5}
    strict = build_site(tmp_path / "dead", diary(10), maps_on(paperdiary_cache, llm=dead), strict=True)
    assert not strict.ok
    relaxed = build_site(tmp_path / "dead", diary(10), maps_on(paperdiary_cache, llm=dead), level=logging.INFO)
    assert relaxed.ok
    assert [w for w in relaxed.warnings() if "http://127.0.0.1:9/v1" in w] == relaxed.warnings()[-1:]


OPENAI_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['mkdocs', 'build', '-q']\n"
    "try: runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as done: assert not done.code, done.code\n"
    "print('OPENAI', 'openai' in sys.modules)\n"
)


def test_openai_is_imported_only_with_llm(server: LlmServer, tmp_path: Path, paperdiary_cache: Path) -> None:
    write_site(tmp_path, diary(5), maps_on(paperdiary_cache))
    plain = subprocess.run([sys.executable, "-c", OPENAI_PROBE], cwd=tmp_path, capture_output=True, text=True)
    assert "OPENAI False" in plain.stdout, plain.stderr
    llm = {"base_url": server.base_url, "model": "probe", "timeout": 0.5}
    write_site(tmp_path, {**diary(5), "extra.md": paper("Extra", "2025-08-01")}, maps_on(paperdiary_cache, llm=llm))
    asking = subprocess.run([sys.executable, "-c", OPENAI_PROBE], cwd=tmp_path, capture_output=True, text=True)
    assert "OPENAI True" in asking.stdout, asking.stderr  # the probe sees the import when there is one


def test_a_key_in_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    llm = {"base_url": "http://127.0.0.1:9/v1", "model": "m", "api_key": "sk-secret"}
    built = build_site(tmp_path, diary(1), {"plugins": [{"paperdiary": {"maps": False, "llm": llm}}]})
    assert not built.ok
    assert any("api_key_env" in record.getMessage() for record in built.records), built.error
