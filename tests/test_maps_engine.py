"""The map engine end to end, with the real all-MiniLM-L6-v2 model loaded offline.

A small diary of twelve papers in three clear themes (reinforcement learning, diffusion,
efficient attention) must come out as three clusters with names that say so.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from sitebuilder import seeded_cache

# Before anything imports numba: one compiled-kernel cache for every test run on this machine.
os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "paperdiary-test-numba"))

from mkdocs_paperdiary.maps import naming
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.types import MapItem, MapResult, MapSettings

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # builds with the real embedding model

PAPERS = {
    "ppo": (
        "Proximal Policy Optimization Algorithms",
        "A policy gradient method for reinforcement learning that clips the surrogate objective to keep policy updates stable.",
    ),
    "dqn": (
        "Human-level control through deep reinforcement learning",
        "A deep Q-network agent learns to play Atari games from pixels with experience replay and a target network.",
    ),
    "alphazero": (
        "Mastering Chess and Shogi by Self-Play",
        "A reinforcement learning agent masters board games through self-play and Monte Carlo tree search without human data.",
    ),
    "sac": (
        "Soft Actor-Critic",
        "An off-policy actor-critic reinforcement learning algorithm that maximizes reward and entropy for sample-efficient continuous control.",
    ),
    "ddpm": (
        "Denoising Diffusion Probabilistic Models",
        "Diffusion models generate high quality images by learning to reverse a gradual noising process step by step.",
    ),
    "ldm": (
        "High-Resolution Image Synthesis with Latent Diffusion Models",
        "Latent diffusion models run the denoising process in the latent space of an autoencoder for efficient image synthesis.",
    ),
    "cfg": (
        "Classifier-Free Diffusion Guidance",
        "Guidance for conditional diffusion models that trades sample diversity for image quality without a separate classifier.",
    ),
    "ddim": (
        "Denoising Diffusion Implicit Models",
        "A non-Markovian sampler for diffusion models that generates images with far fewer denoising steps.",
    ),
    "flash": (
        "FlashAttention",
        "An IO-aware exact attention algorithm that tiles the attention computation to reduce GPU memory reads for long sequences.",
    ),
    "linformer": (
        "Linformer: Self-Attention with Linear Complexity",
        "Approximates self-attention with low-rank projections so transformer attention scales linearly with sequence length.",
    ),
    "performer": (
        "Rethinking Attention with Performers",
        "Performers approximate softmax attention with random features to make transformer attention linear in sequence length.",
    ),
    "longformer": (
        "Longformer: The Long-Document Transformer",
        "A transformer with sparse sliding-window attention that scales to long documents with linear memory.",
    ),
}
THEMES = {
    "rl": ({"ppo", "dqn", "alphazero", "sac"}, {"reinforcement", "policy", "agent", "rl", "control", "games"}),
    "diffusion": ({"ddpm", "ldm", "cfg", "ddim"}, {"diffusion", "denoising", "images", "image"}),
    "attention": (
        {"flash", "linformer", "performer", "longformer"},
        {"attention", "transformer", "sequence", "self-attention"},
    ),
}


def make_items(keys=None) -> list[MapItem]:
    keys = list(PAPERS) if keys is None else keys
    return [MapItem(key, PAPERS[key][0], f"{PAPERS[key][0]}. {PAPERS[key][1]}") for key in keys]


@pytest.fixture(scope="module")
def builder(tmp_path_factory, paperdiary_cache) -> MapBuilder:
    return MapBuilder(seeded_cache(tmp_path_factory.mktemp("map-cache"), paperdiary_cache))


@pytest.fixture(scope="module")
def diary_map(builder) -> MapResult:
    return builder.build(make_items(), MapSettings())


def cluster_of(result: MapResult, key: str):
    return next(info for info in result.clusters_of() if key in info.keys)


def test_three_themes_become_three_named_clusters(diary_map):
    assert diary_map.missing_reason is None
    assert diary_map.diagnostics == []
    assert len(diary_map.clusters_of()) == 3
    for keys, words in THEMES.values():
        info = cluster_of(diary_map, next(iter(keys)))
        assert set(info.keys) == keys
        assert info.size == 4 and not info.pinned
        name_words = {word.casefold() for word in info.name.replace("·", " ").replace("-", " ").split()}
        assert name_words & words, info.name
        assert " · " in info.name and len(info.terms) >= 2


def test_cluster_names_are_written_as_the_papers_write_them(diary_map):
    names = [info.name for info in diary_map.clusters_of()]
    assert len(set(names)) == 3
    for name in names:
        for term in name.split(" · "):
            assert term[0].isupper(), name  # title-cased from lower-case text
    rl = cluster_of(diary_map, "ppo")
    assert "Reinforcement Learning" in rl.terms
    # Whole noun phrases, plural as a topic reads: not the cut-short "Denoising Diffusion".
    assert "Diffusion Models" in cluster_of(diary_map, "ddpm").name.split(" · ")


def test_points_carry_layouts_clusters_and_related_papers(diary_map):
    assert sorted(diary_map.points) == sorted(PAPERS)
    for key, point in diary_map.points.items():
        for x, y in (point.tsne, point.umap):
            assert -1.0 <= x <= 1.0 and -1.0 <= y <= 1.0
            assert round(x, 4) == x and round(y, 4) == y
        assert len(point.related) == 5 and key not in point.related
        assert point.cluster == cluster_of(diary_map, key).id
    for layout in ("tsne", "umap"):
        extent = max(abs(v) for p in diary_map.points.values() for v in getattr(p, layout))
        assert extent == 1.0
    # The three nearest papers of each paper are its own theme.
    for keys, _ in THEMES.values():
        for key in keys:
            assert set(diary_map.points[key].related[:3]) == keys - {key}


def test_cluster_ids_are_ordered_by_size_then_smallest_key(diary_map):
    assert [info.id for info in diary_map.clusters_of()] == [0, 1, 2]
    # All three have four papers, so the smallest keys decide: alphazero < cfg < flash.
    assert [info.keys[0] for info in diary_map.clusters_of()] == ["alphazero", "cfg", "flash"]


def example_site_items() -> list[MapItem]:
    from mkdocs_paperdiary.core.frontmatter import decode_source
    from mkdocs_paperdiary.core.index import IndexSettings, build_index

    docs = ROOT / "example_site" / "docs"
    sources = [decode_source(path.relative_to(docs).as_posix(), path.read_bytes()) for path in docs.rglob("*.md")]
    return [MapItem(p.key, p.title, f"{p.title}. {p.description}") for p in build_index(sources, IndexSettings())]


def test_the_example_site_gets_a_map_a_person_would_draw(builder):
    """48 papers in eight folders: three to six regions, the large ones split into sub-topics, all named by phrases."""
    result = builder.build(example_site_items(), MapSettings())
    for layout in ("tsne", "umap"):
        sizes = [info.size for info in result.clusters_of(layout)]
        assert 3 <= len(sizes) <= 6 and min(sizes) >= 6, sizes
        assert 4 <= len(sizes) + len(result.clusters_of(layout, level=1)) <= 12
    for info in result.clusters:
        terms = info.name.split(" · ")
        assert 1 <= len(terms) <= 2 and len({word for term in terms for word in term.split()}) <= 6, info.name
        for term in terms:
            words = term.casefold().replace("-", " ").split()
            assert len(words) > 1 or words[0] not in naming.VAGUE | naming.GENERIC, info.name  # not "Language"
            assert not set(words) & naming.VERBS, info.name  # not "Learns"
            assert naming.nameable(" ".join(words[:-1] + [naming.singular(words[-1])])), info.name
    names = " | ".join(info.name for info in result.clusters)
    assert "Reinforcement Learning" in names and "Diffusion" in names and "Reasoning" in names, names


def test_warm_build_returns_the_same_map(builder, diary_map):
    again = builder.build(list(reversed(make_items())), MapSettings())
    assert again.to_json() == diary_map.to_json()


def test_json_round_trip(diary_map):
    data = json.loads(json.dumps(diary_map.to_json()))
    assert MapResult.from_json(data) == diary_map


def test_two_cold_builds_draw_the_same_picture(tmp_path, paperdiary_cache):
    # The first starts from the session's export; the second exports the model itself.
    first = MapBuilder(seeded_cache(tmp_path / "a", paperdiary_cache)).build(make_items(), MapSettings())
    second = MapBuilder(tmp_path / "b").build(make_items(), MapSettings())
    assert json.dumps(first.to_json()) == json.dumps(second.to_json())


def test_no_papers_give_a_map_that_says_so(builder):
    result = builder.build([], MapSettings())
    assert result.missing_reason == "No papers to map yet."
    assert result.points == {} and result.clusters_of() == []


def test_one_paper_has_no_map(builder):
    result = builder.build(make_items(["ppo"]), MapSettings())
    assert result.missing_reason == "A map needs at least 3 papers; this diary has 1."
    assert result.points["ppo"].related == ()


def test_two_papers_still_get_related_papers(builder):
    result = builder.build(make_items(["ppo", "ddpm"]), MapSettings())
    assert result.missing_reason == "A map needs at least 3 papers; this diary has 2."
    assert result.points["ppo"].related == ("ddpm",)
    assert result.points["ddpm"].related == ("ppo",)
    assert result.clusters_of() == []


@pytest.mark.parametrize("keys", [["ppo", "ddpm", "flash"], ["ppo", "dqn", "ddpm", "ldm", "flash"]])
def test_three_to_five_papers_draw_a_real_map(builder, keys):
    result = builder.build(make_items(keys), MapSettings())
    assert result.missing_reason is None
    assert sorted(result.points) == sorted(keys)
    assert sum(info.size for info in result.clusters_of()) == len(keys)
    assert len(result.clusters_of()) == (1 if len(keys) == 3 else 2)
    for point in result.points.values():
        assert len(point.related) == len(keys) - 1
        assert all(-1.0 <= v <= 1.0 for v in (*point.tsne, *point.umap))
    if len(keys) == 5:  # two RL, two diffusion papers and FlashAttention: the themes stay apart
        assert cluster_of(result, "ppo").id == cluster_of(result, "dqn").id
        assert cluster_of(result, "ddpm").id == cluster_of(result, "ldm").id


def test_a_fixed_number_of_clusters(builder):
    result = builder.build(make_items(), MapSettings(clusters=2))
    assert len(result.clusters_of()) == 2
    assert [info.size for info in result.clusters_of()] == sorted(
        (info.size for info in result.clusters_of()), reverse=True
    )


def test_pinned_names(builder):
    pins = {"ppo": "Agents", "dqn": "Deep RL", "ddpm": "Generative", "flash": "Generative", "nope": "Ghost"}
    result = builder.build(make_items(), MapSettings(cluster_names=pins))
    names = {key: cluster_of(result, key).name for key in ("ppo", "ddpm", "flash")}
    assert names == {"ppo": "Agents", "ddpm": "Generative", "flash": "Generative 2"}
    assert all(cluster_of(result, key).pinned for key in names)
    by_code = {d.code: d for d in result.diagnostics}
    assert by_code["maps-pin-shared"].level == "info" and "'dqn'" in by_code["maps-pin-shared"].message
    assert by_code["maps-pin-unknown"].level == "warning" and "'nope'" in by_code["maps-pin-unknown"].message
    # The pin diagnostics are part of the result, so a warm build repeats them.
    again = builder.build(make_items(), MapSettings(cluster_names=pins))
    assert again.diagnostics == result.diagnostics


def test_missing_model_directory_is_a_warning_not_a_crash(builder):
    result = builder.build(make_items(), MapSettings(model="/nonexistent/path"))
    assert result.points == {} and result.clusters_of() == []
    assert "/nonexistent/path" in result.missing_reason and "does not exist" in result.missing_reason
    [warning] = result.diagnostics
    assert warning.level == "warning" and "model:" in warning.message


def test_offline_a_hub_model_not_in_the_local_cache_is_never_downloaded(builder, monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    settings = MapSettings(model="someone/not-a-cached-model", offline=True)
    result = builder.build(make_items(["ppo", "ddpm", "flash"]), settings)
    assert result.points == {}
    assert "someone/not-a-cached-model" in result.missing_reason
    assert [d.code for d in result.diagnostics] == ["maps-unavailable"]
    assert "paperdiary model download" in result.diagnostics[0].message
    assert not (tmp_path / "hf").exists()


def test_missing_extra_is_reported(monkeypatch, tmp_path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "umap" else real(name, *a))
    result = MapBuilder(tmp_path).build(make_items(), MapSettings())
    assert result.points == {}
    assert "maps" in result.missing_reason
    assert "pip install 'mkdocs-paperdiary[maps]'" in result.diagnostics[-1].message
