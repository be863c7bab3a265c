"""The map cache's key (`map_key`): every setting a step reads, each step's version and the
LLM's model change it; where the model comes from and where the LLM runs do not."""

from __future__ import annotations

import pytest

from mkdocs_paperdiary.llm import LlmSettings
from mkdocs_paperdiary.maps import clustering, naming
from mkdocs_paperdiary.maps.map_key import map_key
from mkdocs_paperdiary.maps.model_source import ModelSpec
from mkdocs_paperdiary.maps.types import MapItem, MapSettings, PinnedNames


def test_settings_are_hashable_and_every_field_changes_the_cache_key():
    base = MapSettings(cluster_names={"ppo": "RL"})
    assert hash(base) == hash(MapSettings(cluster_names=PinnedNames([("ppo", "RL")])))
    assert base == MapSettings(cluster_names={"ppo": "RL"})
    changed = {
        "model": "other",
        "device": "cpu",
        "batch_size": 8,
        "pca_dims": 10,
        "perplexity": 5.0,
        "n_neighbors": 5,
        "metric": "euclidean",
        "clusters": 4,
        "cluster_names": {"ppo": "Agents"},
        "related": 3,
        "seed": 1,
    }
    assert set(changed) == set(base.as_json())
    spec, items = ModelSpec("m", "m", "hub"), [MapItem("a", "A", "A. Text.")]
    keys = {map_key(spec, items, base)}
    for name, value in changed.items():
        keys.add(map_key(spec, items, MapSettings(**{**vars(base), name: value})))
    assert len(keys) == 1 + len(changed)
    assert map_key(spec, items, MapSettings(**{**vars(base), "offline": True})) in keys  # where the model comes from


def test_the_map_key_follows_each_steps_version_and_the_llms_model(monkeypatch: pytest.MonkeyPatch) -> None:
    spec, items, settings = ModelSpec("m", "m", "hub"), [MapItem("a", "A", "A. Text.")], MapSettings()
    before = map_key(spec, items, settings)
    monkeypatch.setattr(clustering, "VERSION", clustering.VERSION + 1)
    bumped = map_key(spec, items, settings)
    assert bumped != before
    monkeypatch.setattr(naming.TermNamer, "VERSION", naming.TermNamer.VERSION + 1)
    assert map_key(spec, items, settings) not in {before, bumped}
    monkeypatch.undo()
    assert map_key(spec, items, settings) == before

    def with_llm(**llm: object) -> str:
        return map_key(spec, items, MapSettings(llm=LlmSettings(**{"base_url": "http://a/v1", "model": "x", **llm})))  # type: ignore[arg-type]

    assert with_llm() != before  # the LLM names the clusters
    assert with_llm(model="y") != with_llm()
    assert with_llm(base_url="http://b/v1", timeout=5) == with_llm()  # where it runs names nothing
    assert with_llm(name_clusters=False) == before  # only `describe` asks
