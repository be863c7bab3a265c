"""Each step of the map engine on its own: naming math, clustering order, layouts, settings.

The naming tests use a small deterministic fake embedding, so they check the ranking
arithmetic; test_maps_engine.py checks the same steps with the real model.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mkdocs_paperdiary.maps import clustering, naming, projections
from mkdocs_paperdiary.maps.model_source import ModelUnavailable, resolve_model
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import MapSettings, PinnedNames, maps_available

ROOT = Path(__file__).resolve().parents[1]


def unit(*values: float) -> np.ndarray:
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


# -- naming -------------------------------------------------------------------------------


def test_phrases_do_not_span_stop_words_or_punctuation():
    stop = frozenset({"with", "the"})
    grams = naming.phrases("Self-Attention with Linear Complexity. Sparse attention, 2024 soft actor-critic", stop)
    assert grams == [
        "self-attention",
        "linear",
        "complexity",
        "linear complexity",
        "sparse",
        "attention",
        "sparse attention",
        "soft",
        "actor-critic",
        "soft actor-critic",
    ]


def test_phrases_are_noun_phrases_of_up_to_three_words():
    stop = frozenset({"a", "as", "for", "of", "off", "the", "with"})
    text = "Offline deep reinforcement learning for Atari games with a network trained off-policy"
    grams = naming.phrases(text, stop)
    assert "offline deep reinforcement" in grams and "deep reinforcement learning" in grams
    assert "offline deep reinforcement learning" not in grams  # four words is a sentence, not a name
    assert "atari game" in grams and "atari games" not in grams  # the last word is folded to singular
    assert "network trained" not in grams  # "trained" after a noun opens a clause
    assert "off-policy" in grams  # a stop word may start a hyphenated word or sit inside one
    assert naming.phrases("chain-of-thought prompts", stop) == ["chain-of-thought", "prompt", "chain-of-thought prompt"]
    assert naming.phrases("end-of-the-line", stop) == ["end", "line"]  # but not end one
    assert naming.phrases("Represents a scene as neural radiance fields", stop) == [
        "scene",  # "represents a": an "-s" word before "a" is a verb
        "neural",
        "radiance",
        "neural radiance",
        "field",
        "radiance field",
        "neural radiance field",
    ]
    # With `ends`, each phrase that ends its run is counted again, marked: "deep reinforcement" never is.
    ends = [gram for gram in naming.phrases(text, stop, ends=True) if gram.endswith(naming.END)]
    assert "reinforcement learning$" in ends and "deep reinforcement$" not in ends


def test_ctfidf_matches_the_formula():
    tf = np.array([[3.0, 1.0], [0.0, 4.0]])
    scores = naming.ctfidf(tf)
    average = tf.sum() / 2  # words per cluster
    assert scores[0, 0] == pytest.approx(3 / 4 * math.log(1 + average / 3))
    assert scores[1, 1] == pytest.approx(1.0 * math.log(1 + average / 5))
    assert scores[1, 0] == 0


def test_candidates_prefer_terms_shared_by_the_cluster():
    docs = [
        "Curriculum learning for robots.",
        "Curriculum learning with self-play.",
        "Self-play in board games.",
        "Diffusion models for images.",
        "Diffusion models for audio.",
    ]
    terms = naming.candidates(docs, [0, 0, 0, 1, 1])
    # "robots", "board" and "games" are in one paper only; "learning" and "models" say nothing
    # alone, and "curriculum" and "diffusion" are always cut short of their noun.
    assert terms == [["curriculum learning", "self-play"], ["diffusion model"]]


def test_candidates_are_whole_noun_phrases():
    docs = [
        "Deep reinforcement learning for Atari.",
        "Deep reinforcement learning for Go.",
        "Deep reinforcement learning for chess.",
        "Reinforcement learning for robots.",
        "Latent diffusion models for images.",
        "Latent diffusion models for audio.",
        "Latent diffusion models for video.",
        "Diffusion models, faster.",
    ]
    rl, diffusion = naming.candidates(docs, [0, 0, 0, 0, 1, 1, 1, 1])
    # "Deep Reinforcement" is never a whole phrase; "Deep" adds nothing to "Reinforcement Learning".
    assert rl == ["reinforcement learning", "deep reinforcement learning"]
    # "Diffusion Model" is mostly "Latent Diffusion Model", which says more.
    assert diffusion == ["latent diffusion model"]


def test_nameable_terms_look_like_topics():
    for term in ("diffusion model", "reasoning", "self-play", "chain-of-thought prompt", "integrated gradient"):
        assert naming.nameable(term), term
    for term in ("learning", "language", "feature", "single", "learned", "image conditioned", "models beat", "agent's"):
        assert not naming.nameable(term), term
    assert "learns" in naming.VERBS and "learns" not in naming.phrases("Learns image features", naming.VERBS)


def test_surface_form_keeps_the_diarys_spelling():
    docs = ["We train with Self-Play.", "self-play again", "LLM agents", "An LLM judge", "curriculum learning"]
    assert naming.surface_form("self play", docs) == "Self-Play"
    assert naming.surface_form("llm", docs) == "LLM"
    assert naming.surface_form("curriculum learning", docs) == "Curriculum Learning"
    assert naming.display("mixture of experts") == "Mixture of Experts"
    assert naming.display("t-SNE maps") == "t-SNE Maps"
    assert naming.display("chain-of-thought") == "Chain-of-Thought"


def test_surface_form_prefers_the_plural_and_the_commonest_spelling():
    docs = ["Diffusion models beat GANs.", "A diffusion model", "diffusion models again", "Transformer", "transformers"]
    assert naming.surface_form("diffusion model", docs) == "Diffusion Models"
    assert naming.surface_form("transformer", docs) == "Transformers"
    assert naming.surface_form("gan", docs) == "GANs"
    assert naming.surface_form("reasoning", docs) == "Reasoning"  # not in the papers: written from the key
    assert naming.surface_form("model beat", ["a model, beat it"]) is None


def test_pick_label_ranks_by_centroid_and_keeps_the_two_terms_apart():
    terms = ["Diffusion", "Diffusion Models", "Image Synthesis", "Denoising"]
    vectors = np.stack([unit(1, 0.1, 0), unit(1, 0.02, 0), unit(0.6, 0.8, 0), unit(0.7, 0, 0.7)])
    label = naming.pick_label(terms, vectors, unit(1, 0, 0))
    # "Diffusion" is the next closest but repeats a word of the first term.
    assert label.name == "Diffusion Models · Denoising"
    assert label.terms == ("Diffusion Models", "Denoising", "Image Synthesis")


def test_mmr_prefers_a_different_second_term():
    terms = ["Policy Gradient", "Actor Critic", "Atari Games"]
    vectors = np.stack([unit(1, 0.2, 0), unit(1, 0.3, 0), unit(1, -0.5, 0.2)])
    center = unit(1, 0, 0)
    sims = vectors @ center
    assert sims[0] > sims[1] > sims[2]  # by relevance alone "Actor Critic" would come second...
    label = naming.pick_label(terms, vectors, center)
    assert label.name == "Policy Gradient · Atari Games"  # ...but it says what the first term says


def test_a_term_another_cluster_is_named_by_comes_last():
    terms = ["Language Models", "Reasoning", "Chain-of-Thought"]
    vectors = np.stack([unit(1, 0.1, 0), unit(1, 0.3, 0), unit(0.6, 0.8, 0)])
    assert naming.pick_label(terms, vectors, unit(1, 0, 0)).name == "Language Models · Reasoning"
    label = naming.pick_label(terms, vectors, unit(1, 0, 0), taken={"language models"})
    assert label.name == "Reasoning · Chain-of-Thought"
    assert label.terms[0] == "Language Models"  # still one of the cluster's terms
    only = naming.pick_label(terms[:1], vectors[:1], unit(1, 0, 0), taken={"language models"})
    assert only.name == "Language Models"  # better a repeated name than none


def test_a_single_term_is_a_whole_name():
    label = naming.pick_label(["Transformers"], np.stack([unit(1, 0)]), unit(1, 0))
    assert label.name == "Transformers"


def test_pins_and_unique_names():
    labels = [naming.ClusterLabel("A · B", ()), naming.ClusterLabel("A · B", ()), naming.ClusterLabel("C", ())]
    pins = PinnedNames({"k1": "Games", "k2": "Other", "k5": "C", "ghost": "Boo"})
    out, notes = naming.apply_pins(labels, {"k1": 0, "k2": 0, "k3": 1, "k5": 2}, pins)
    assert [label.name for label in out] == ["Games", "A · B", "C"]
    assert [label.pinned for label in out] == [True, False, True]
    assert [(d.level, d.code) for d in notes] == [("info", "maps-pin-shared"), ("warning", "maps-pin-unknown")]
    names = naming.unique_names(
        [naming.ClusterLabel("X", ()), naming.ClusterLabel("X", ()), naming.ClusterLabel("x", (), True)]
    )
    assert [label.name for label in names] == ["X 2", "X 3", "x"]


# -- clustering, related ------------------------------------------------------------------


def test_renumber_by_size_then_smallest_key():
    keys = ["a", "b", "c", "d", "e", "f"]
    assert clustering.renumber([1, 1, 0, 2, 2, 2], keys) == [1, 1, 2, 0, 0, 0]
    assert clustering.renumber([5, 7, 7, 5], ["d", "a", "b", "c"]) == [1, 0, 0, 1]


def test_the_top_level_has_three_to_six_regions_and_five_to_twelve_from_a_hundred_papers():
    small = [clustering.region_bounds(n) for n in (3, 4, 5, 12, 48, 99)]
    assert small == [(1, 1), (2, 2), (2, 2), (3, 4), (3, 6), (3, 6)]
    assert [clustering.region_bounds(n) for n in (100, 130, 600, 5000)] == [(5, 12)] * 4
    # purity counts a paper's ten nearest papers, fewer on small maps: 4 of 48
    assert [clustering.purity_neighbours(n) for n in (12, 48, 130, 600)] == [3, 4, 10, 10]


def test_tiny_share():
    assert clustering.tiny_share([0] * 10 + [1] * 10 + [2] * 3) == 0
    assert clustering.tiny_share([0] * 10 + [1] * 10 + [2] * 2) == pytest.approx(2 / 22)
    # A cluster under a quarter of an even share is tiny too: 20 of 400 papers in four clusters.
    assert clustering.tiny_share([0] * 190 + [1] * 100 + [2] * 90 + [3] * 20) == pytest.approx(20 / 400)


def blobs(centres: list[tuple[float, float]], size: int, spread: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.concatenate([rng.normal(centre, spread, size=(size, 2)) for centre in centres])


def test_a_map_of_two_far_groups_of_four_topics_shows_the_eight_topics():
    """Silhouette sees the two groups; a reader sees eight regions, each holding its papers' neighbours."""
    centres = [(gx + dx, dy) for gx in (0, 60) for dx, dy in ((0, 0), (5, 0), (0, 5), (5, 5))]
    xy = blobs(centres, 20)
    keys = [f"p{i:03d}" for i in range(len(xy))]
    labels = clustering.regions(xy, "auto", 42, keys)
    assert len(set(labels)) == 8
    assert sorted(len(set(labels[i : i + 20])) for i in range(0, 160, 20)) == [1] * 8  # one region per topic
    assert clustering.worst_region_purity(xy, labels) == 1.0


def test_regions_stop_at_twelve_and_never_split_a_topic_down_the_middle():
    many = blobs([(8 * (i % 4), 8 * (i // 4)) for i in range(14)], 20)
    assert len(set(clustering.regions(many, "auto", 42, [f"p{i:03d}" for i in range(len(many))]))) == 12
    # Six topics of 20: seven or more regions would cut one in two, and its papers' neighbours with it.
    six = blobs([(8 * (i % 3), 8 * (i // 3)) for i in range(6)], 20)
    labels = clustering.regions(six, "auto", 42, [f"p{i:03d}" for i in range(len(six))])
    assert len(set(labels)) == 6 and clustering.neighbour_purity(six, labels) == 1.0


def test_a_small_map_has_at_least_three_regions_and_a_tiny_one_fewer():
    xy = blobs([(0, 0), (30, 0)], 24, spread=1.0)  # 48 papers, two topics: still three regions
    keys = [f"p{i:02d}" for i in range(48)]
    assert 3 <= len(set(clustering.regions(xy, "auto", 42, keys))) <= 6
    assert clustering.regions(xy[:3], "auto", 42, keys[:3]) == [0, 0, 0]
    assert len(set(clustering.regions(xy[20:25], "auto", 42, keys[20:25]))) == 2


def test_a_fixed_number_of_regions_is_kept():
    xy = blobs([(0, 0), (30, 0), (0, 30)], 10)
    labels = clustering.regions(xy, 2, 42, [f"p{i:02d}" for i in range(30)])
    assert len(set(labels)) == 2


def test_related_orders_by_similarity_then_key():
    vectors = np.stack([unit(1, 0), unit(0, 1), unit(0, 1), unit(1, 1)])
    keys = ["a", "c", "b", "d"]  # "c" and "b" are the same point: ties go to the smaller key
    out = most_similar(vectors, keys, 2)
    assert out[0] == ("d", "b")
    assert out[3] == ("a", "b")
    assert out[1] == ("b", "d") and out[2] == ("c", "d")
    assert most_similar(vectors, keys, 10)[0] == ("d", "b", "c")


# -- projections --------------------------------------------------------------------------


def test_clamps_for_small_maps():
    assert projections.clamp_perplexity(15, 3) == 1.0
    assert projections.clamp_perplexity(15, 31) == 10.0
    assert projections.clamp_perplexity(15, 1000) == 15
    assert projections.clamp_neighbors(15, 3) == 2
    assert projections.clamp_neighbors(15, 100) == 15


def test_rescale_fits_the_longer_side_into_unit_range():
    out = projections.rescale(np.array([[0.0, 0.0], [10.0, 2.0], [4.0, -2.0]]))
    assert out[:, 0].min() == -1.0 and out[:, 0].max() == 1.0
    assert out[:, 1].tolist() == [0.0, 0.4, -0.4]  # aspect kept
    assert projections.rescale(np.ones((3, 2))).tolist() == [[0.0, 0.0]] * 3


def test_tsne_strategy():
    assert projections.tsne_strategy(500) == "sklearn"
    expected = "opentsne" if projections.importlib.util.find_spec("openTSNE") else "sklearn"
    assert projections.tsne_strategy(5000) == expected


@pytest.mark.slow  # two openTSNE runs
def test_opentsne_separates_groups_and_is_seeded():
    pytest.importorskip("openTSNE")
    rng = np.random.default_rng(0)
    x = np.vstack([rng.normal(0, 0.1, (60, 10)), rng.normal(3, 0.1, (60, 10))])
    first, again = projections._opentsne(x, 15, 42), projections._opentsne(x, 15, 42)
    assert first.shape == (120, 2) and np.array_equal(first, again)
    gap = np.linalg.norm(first[:60].mean(axis=0) - first[60:].mean(axis=0))
    assert gap > 3 * max(first[:60].std(axis=0).max(), first[60:].std(axis=0).max())


def test_exact_knn_puts_each_point_first():
    x = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 0.1], [0.1, 1.0]])
    idx, dists, index = projections.exact_knn(x, 3, "euclidean")
    assert idx[:, 0].tolist() == [0, 1, 2, 3] and idx[0, 1] == 3 and idx[1, 1] == 2
    assert dists.dtype == np.float32 and dists[:, 0].tolist() == [0, 0, 0, 0] and index is None


def test_numba_cache_goes_to_our_cache_dir_unless_set(monkeypatch, tmp_path):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.delitem(sys.modules, "numba", raising=False)
    projections.configure_numba_cache(tmp_path / "numba")
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path / "numba")
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/users/choice")
    projections.configure_numba_cache(tmp_path / "numba")
    assert os.environ["NUMBA_CACHE_DIR"] == "/users/choice"


# -- settings, models, imports ------------------------------------------------------------


def test_invalid_settings_are_bugs():
    with pytest.raises(ValueError):
        MapSettings(clusters=0)
    with pytest.raises(ValueError):
        MapSettings(device="tpu")


def test_model_resolution_is_offline_and_cheap(tmp_path):
    bundled = resolve_model("all-MiniLM-L6-v2")
    assert not bundled.needs_download and bundled.model_id == "sentence-transformers/all-MiniLM-L6-v2"
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2") == bundled
    assert resolve_model(str(tmp_path)).model_id == f"path:{tmp_path.resolve()}"
    assert resolve_model("org/some-model").model_id == "org/some-model"
    for bad in ("/nonexistent/path", "./models/mine", "~/nowhere/model"):
        with pytest.raises(ModelUnavailable):
            resolve_model(bad)
    assert maps_available()


def test_engine_modules_import_nothing_heavy():
    # How long the import takes is measured in benchmarks/, not asserted here.
    code = (
        "import sys, json;"
        "import mkdocs_paperdiary.maps.builder, mkdocs_paperdiary.maps.projections, mkdocs_paperdiary.maps.clustering, mkdocs_paperdiary.maps.naming;"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    modules = json.loads(out)
    assert not {"numpy", "torch", "sentence_transformers", "transformers", "sklearn", "umap", "numba", "scipy"} & set(
        modules
    )


def test_spaced_compounds_are_one_word():
    learned = naming.compounds(["We use self-play here.", "multi-agent systems"])
    assert naming.phrases("one shot learning with self play", frozenset({"with", "one"}), learned=learned) == [
        "one-shot",
        "learning",
        "one-shot learning",
        "self-play",
    ]
    assert naming.join_compounds("End to end driving in bird’s eye view, one‑shot") == (
        "end-to-end driving in bird’s-eye view, one-shot"
    )
