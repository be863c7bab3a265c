"""Maps in real builds: the plugin embeds with the bundled all-MiniLM-L6-v2, projects, clusters
and writes the map and stats pages, related papers and the map fields of `paperdiary.json`."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import PAPERS, build_config, build_site, diary, gh_deploy, seeded_cache, write_site
from templated_diary import three_topic_diary

pytestmark = pytest.mark.slow


def maps_on(cache: Path, **settings: object) -> dict[str, object]:
    return {"plugins": [{"paperdiary": {"cache_dir": str(cache), **settings}}]}


@pytest.fixture(scope="session")
def shared_cache(paperdiary_cache: Path) -> Path:
    """The session's cache, for builds that are not about caching: the model is exported once."""
    return paperdiary_cache


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path):
    return build_site(
        tmp_path_factory.mktemp("full"),
        diary(10),
        maps_on(shared_cache, cluster_names={"PPO": "Policy Gradients"}),
        strict=True,
    )


def map_data(page: str) -> dict:
    found = re.search(r"data-paperdiary='([^']*)'", page)
    assert found, "no map data on the page"
    return json.loads(html.unescape(found.group(1)))


def test_map_page_draws_every_paper_with_named_clusters(full) -> None:
    assert full.ok, full.error
    assert full.warnings() == []
    data = map_data(full.html("map/index.html"))
    assert sorted(point["key"] for point in data["points"]) == sorted(Path(p).stem for p in PAPERS)
    assert {p["id"] for p in data["projections"]} == {"tsne", "umap"}
    assert len(data["clusters"]) == 2  # the regions of each projection: [[id, name, size], ...]
    for regions in data["clusters"]:
        assert len(regions) >= 2 and all(name for _, name, _ in regions)
    assert all(len(point["c"]) == 2 for point in data["points"])


def test_json_has_cluster_coordinates_and_related_papers(full) -> None:
    index = full.index()
    papers = {p["key"]: p for p in index["papers"]}
    for entry in papers.values():
        assert len(entry["tsne"]) == 2 and len(entry["umap"]) == 2
        assert entry["cluster_name"] == next(c["name"] for c in index["map"]["clusters"] if c["id"] == entry["cluster"])
        assert entry["clusters"]["tsne"] == {"id": entry["cluster"], "name": entry["cluster_name"]}
        umap = entry["clusters"]["umap"]
        assert umap["name"] == next(
            c["name"] for c in index["map"]["layouts"] if (c["layout"], c["level"], c["id"]) == ("umap", 0, umap["id"])
        )
        assert len(entry["related"]) == 5 and entry["key"] not in entry["related"]
    # pinned names survive reclustering: the cluster holding PPO is called what the user said
    assert papers["PPO"]["cluster_name"] == "Policy Gradients"
    # the embedding puts like with like: DDPM's nearest papers are the other diffusion papers
    assert set(papers["DDPM"]["related"][:2]) == {"DDIM", "LDM"}


def test_summary_pages_list_related_papers_with_working_links(full) -> None:
    page = full.html("diffusion/DDPM/index.html")
    section = page[page.index('id="related-papers"') :]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)[:5]
    assert links[0][1] in {
        "Denoising Diffusion Implicit Models",
        "High-Resolution Image Synthesis with Latent Diffusion Models",
    }
    for href, _ in links:
        assert (full.site_dir / "diffusion" / "DDPM" / href / "index.html").resolve().is_file(), href


def test_plotly_ships_once_and_loads_only_where_plots_are(full) -> None:
    assert (full.site_dir / "assets/paperdiary/plotly.min.js").stat().st_size > 1_000_000
    assert 'src="../assets/paperdiary/plotly.min.js"' in full.html("map/index.html")
    assert 'src="../assets/paperdiary/plotly.min.js"' in full.html("stats/index.html")
    assert 'src="assets/paperdiary/plotly.min.js"' in full.html("index.html")  # the home page's map marker
    assert "plotly" not in full.html("rl/PPO/index.html")
    assert re.findall(r'src="([^"]*plotly[^"]*)"', full.html("map/index.html")) == [
        "../assets/paperdiary/plotly.min.js"
    ]


def test_a_pinned_cdn_is_opt_in(tmp_path: Path, shared_cache: Path) -> None:
    cdn = "https://cdn.plot.ly/plotly-2.35.2.min.js"
    result = build_site(tmp_path, diary(4), maps_on(shared_cache, plotly_cdn=cdn), strict=True)
    assert re.findall(r'src="([^"]*plotly[^"]*)"', result.html("map/index.html")) == [cdn]
    assert not (result.site_dir / "assets/paperdiary/plotly.min.js").exists()


def test_stats_page_counts_the_reading(full) -> None:
    page = full.html("stats/index.html")
    assert "Reading Stats" in page
    assert "10 papers" in re.sub(r"<[^>]+>", "", page)


@pytest.mark.parametrize("count", [0, 1, 2])
def test_too_few_papers_build_and_explain(tmp_path: Path, shared_cache: Path, count: int) -> None:
    result = build_site(tmp_path, diary(count), maps_on(shared_cache), strict=True)
    assert result.ok, result.error
    page = result.html("map/index.html")
    assert "No paper map yet." in page
    assert ("No papers to map yet." if count == 0 else f"this diary has {count}") in page
    assert "data-paperdiary" not in page
    if count == 2:  # two papers are still related to each other
        assert [p["related"] for p in result.index()["papers"]] == [["SAC"], ["PPO"]]


def test_five_papers_make_a_map(tmp_path: Path, shared_cache: Path) -> None:
    result = build_site(tmp_path, diary(5), maps_on(shared_cache), strict=True)
    assert result.ok, result.error
    assert len(map_data(result.html("map/index.html"))["points"]) == 5


def test_two_cold_builds_give_identical_json(tmp_path: Path, paperdiary_cache: Path) -> None:
    # The first exports the model itself; the second starts from the session's export.
    caches = [tmp_path / "cache-one", seeded_cache(tmp_path / "cache-two", paperdiary_cache)]
    outputs = []
    for run, cache in zip(("one", "two"), caches, strict=True):
        result = build_site(tmp_path / run, diary(10), maps_on(cache))
        assert result.ok, result.error
        outputs.append((result.site_dir / "paperdiary.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_a_corrupt_cache_is_ignored_with_a_warning_and_rebuilt(tmp_path: Path, cold_cache: Path) -> None:
    cache = cold_cache
    first = build_site(tmp_path / "site", diary(6), maps_on(cache))
    results = list((cache / "maps-v1" / "results").glob("*.json"))
    assert len(results) == 1
    results[0].write_text("{not json", encoding="utf-8")
    second = build_site(tmp_path / "site", None, strict=False)
    assert any(str(results[0]) in line and "ignor" in line.lower() for line in second.warnings()), second.warnings()
    assert second.index()["papers"] == first.index()["papers"]
    third = build_site(tmp_path / "site", None, strict=True)  # the rewritten cache is trusted again
    assert third.ok and third.warnings() == []


def test_a_missing_model_warns_explains_and_fails_strict(tmp_path: Path) -> None:
    config = maps_on(tmp_path / "cache", model="./models/not-here")
    result = build_site(tmp_path, diary(5), config)
    assert result.ok
    assert len(result.warnings()) == 1
    assert "The embedding model folder './models/not-here' does not exist." in result.warnings()[0]
    assert "does not exist" in result.html("map/index.html")
    assert "Proximal Policy Optimization" in result.html("diary/index.html")  # the rest of the site is there
    assert build_site(tmp_path, None, strict=True).ok is False


def test_a_model_folder_is_found_next_to_mkdocs_yml(tmp_path: Path, shared_cache: Path) -> None:
    from mkdocs_paperdiary.maps.model_source import resolve_model

    bundled = Path(resolve_model("all-MiniLM-L6-v2").source)
    shutil.copytree(bundled, tmp_path / "models" / "minilm")
    result = build_site(tmp_path, diary(4), maps_on(shared_cache, model="models/minilm"), strict=True)
    assert result.ok, result.error
    assert len(map_data(result.html("map/index.html"))["points"]) == 4


def test_maps_false_leaves_out_the_map_page_and_clusters_but_keeps_stats(tmp_path: Path) -> None:
    result = build_site(tmp_path, diary(4), {"plugins": [{"paperdiary": {"maps": False}}]}, strict=True)
    assert result.ok, result.error
    assert not (result.site_dir / "map").exists()
    assert "cluster" not in result.index()["papers"][0]
    assert "Maps are off for this site." in result.html("index.html")
    assert (result.site_dir / "stats/index.html").exists()  # the stats page needs no model


def test_cache_inside_docs_dir_is_refused(tmp_path: Path) -> None:
    result = build_site(tmp_path, diary(3), maps_on(Path("docs/.cache")))
    assert any("is inside docs_dir" in line for line in result.warnings())
    assert not (tmp_path / "docs" / ".cache").exists()


def test_serve_can_defer_the_map(tmp_path: Path, shared_cache: Path) -> None:
    from mkdocs.commands.build import build

    config_file = write_site(tmp_path, diary(4), maps_on(shared_cache, maps_on_serve=False))
    config = build_config(config_file)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    assert "not drawn while serving" in (tmp_path / "site" / "map" / "index.html").read_text()


def _probe(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=False)


HEAVY_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['mkdocs', 'build', '--strict', '-q']\n"
    "try: runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as done: assert not done.code, done.code\n"
    "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'sentence_transformers', 'umap', 'numba', 'sklearn', 'transformers'})\n"
    "print('HEAVY', heavy)\n"
)


def test_a_warm_build_imports_no_model_or_compiler(tmp_path: Path, shared_cache: Path) -> None:
    write_site(tmp_path, diary(6), maps_on(shared_cache))
    cold = _probe(HEAVY_PROBE, tmp_path)
    assert cold.returncode == 0, cold.stderr
    assert "'umap'" in cold.stdout  # the probe can see an import when there is one
    write_site(tmp_path, diary(7), maps_on(shared_cache))
    added = _probe(HEAVY_PROBE, tmp_path)
    assert added.returncode == 0, added.stderr
    assert "'umap'" in added.stdout
    assert "'torch'" not in added.stdout  # the bundled model runs in ONNX Runtime, exported by the cold build
    warm = _probe(HEAVY_PROBE, tmp_path)
    assert warm.returncode == 0, warm.stderr
    assert "HEAVY []" in warm.stdout


def test_gh_deploy_publishes_the_map_and_plotly(tmp_path: Path, shared_cache: Path) -> None:
    config = {**maps_on(shared_cache), "site_url": "https://user.github.io/repo/"}
    deployed = gh_deploy(tmp_path, diary(6), config, "--strict")
    assert deployed.run.returncode == 0, deployed.run.stderr
    assert {
        "map/index.html",
        "stats/index.html",
        "assets/paperdiary/plotly.min.js",
        "assets/paperdiary/paperdiary-maps-map.js",
    } <= deployed.listing()
    page = deployed.show("map/index.html")
    assert 'src="../assets/paperdiary/plotly.min.js"' in page  # relative: works under /repo/
    assert len(map_data(page)["points"]) == 6


def test_serve_loads_the_model_in_the_background_after_a_cached_build(tmp_path: Path, shared_cache: Path) -> None:
    from mkdocs.commands.build import build

    config_file = write_site(tmp_path, diary(5), maps_on(shared_cache))
    build(build_config(config_file))  # fills the cache
    config = build_config(config_file)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)  # from the cache: no model needed for this build
    builder = config.plugins["paperdiary"].map_builder
    builder.model.wait(timeout=120)
    assert builder.model.loaded


def test_serve_places_an_edited_paper_without_redrawing_the_map(
    tmp_path: Path, cold_cache: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.commands.build import build

    files = three_topic_diary(70)  # 210 papers: enough that serve updates the map instead of redrawing it
    config_file = write_site(tmp_path, files, maps_on(cold_cache))
    config = build_config(config_file)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    before = {p["page"]: p for p in json.loads((tmp_path / "site" / "paperdiary.json").read_text())["papers"]}
    edited = tmp_path / "docs" / "rl" / "rl000.md"
    edited.write_text(
        edited.read_text()
        .replace("for robot locomotion", "for image synthesis")
        .replace("policy gradients with policy gradients", "latent diffusion with denoising score matching")
        .replace("Policy Gradients 0", "Latent Diffusion Zero")
    )
    rebuilt = build_config(config_file)
    rebuilt.plugins = config.plugins  # serve keeps the plugin object, and its map, across rebuilds
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(rebuilt)
    logs = [record.getMessage() for record in caplog.records]
    after = {p["page"]: p for p in json.loads((tmp_path / "site" / "paperdiary.json").read_text())["papers"]}
    assert any("placed 1 changed paper" in line for line in logs)
    moved = "rl/rl000/"
    assert after[moved]["tsne"] != before[moved]["tsne"]
    assert not any(key.startswith("diffusion") for key in before[moved]["related"])
    assert sum(key.startswith("diffusion") for key in after[moved]["related"]) >= 3
    by_key = {p["key"]: p for p in after.values()}
    assert after[moved]["cluster"] in {by_key[key]["cluster"] for key in after[moved]["related"]}
    assert all(
        after[page]["tsne"] == before[page]["tsne"] and after[page]["umap"] == before[page]["umap"]
        for page in before
        if page != moved
    )
    page = (tmp_path / "site" / "rl" / "rl000" / "index.html").read_text()
    assert 'href="../../diffusion/' in page.split('id="related-papers"')[1]


def test_a_paper_added_to_a_cached_diary_gets_the_map_a_cold_build_gives(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert build_site(tmp_path, diary(9), maps_on(cache)).ok
    added = build_site(tmp_path, diary(10), maps_on(cache), strict=True)  # nine vectors from the cache
    assert added.ok, added.error
    with_cache = (added.site_dir / "paperdiary.json").read_bytes()
    shutil.rmtree(cache)
    cold = build_site(tmp_path, None, strict=True)  # every vector computed afresh
    assert cold.ok, cold.error
    assert (cold.site_dir / "paperdiary.json").read_bytes() == with_cache
