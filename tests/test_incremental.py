"""Serve-time map updates: changed papers are placed among their neighbours, the rest stays put,
and related lists come out exactly as a full computation would give them."""

from __future__ import annotations

import numpy as np
import pytest

from mkdocs_paperdiary.maps.incremental import INCREMENTAL_MIN, Drawn, can_update, update_map
from mkdocs_paperdiary.maps.similarity import most_similar
from mkdocs_paperdiary.maps.types import ClusterInfo, MapItem, MapPoint, MapResult

GROUPS = 5
PER_GROUP = 50  # 250 papers, above INCREMENTAL_MIN
RELATED = 5


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


class World:
    """Papers in GROUPS directions of a 32-D space; a text names its group and a seed."""

    def __init__(self) -> None:
        rng = np.random.default_rng(0)
        self.centres = unit(rng.normal(size=(GROUPS, 32)))
        self.keys = [f"P{i:03d}" for i in range(GROUPS * PER_GROUP)]
        self.texts = {key: f"{i % GROUPS}:{i}" for i, key in enumerate(self.keys)}
        self.embedded: list[str] = []

    def vector(self, text: str) -> np.ndarray:
        group, seed = (int(part) for part in text.split(":"))
        noise = np.random.default_rng(seed).normal(size=32)
        return unit(self.centres[group] + 0.35 * unit(noise))

    def embed(self, texts) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self.vector(text) for text in texts])

    def items(self, texts: dict[str, str]) -> list[MapItem]:
        return [MapItem(key, f"Title {key}", texts[key]) for key in sorted(texts)]

    def drawn(self) -> Drawn:
        """A map as compute_map would leave it: each group a blob around its own spot."""
        items = self.items(self.texts)
        vectors = np.stack([self.vector(item.text) for item in items])
        keys = [item.key for item in items]
        neighbours = most_similar(vectors, keys, RELATED)
        spots = np.array([[float(g), float(g % 2)] for g in range(GROUPS)]) * 10
        points = {}
        for i, item in enumerate(items):
            group = int(item.text.split(":")[0])
            xy = tuple(float(v) for v in spots[group] + vectors[i, :2])
            points[item.key] = MapPoint(item.key, xy, (-xy[0], xy[1]), {"tsne": group, "umap": group}, neighbours[i])
        clusters = [
            ClusterInfo(g, f"Group {g}", PER_GROUP, (), tuple(k for k in keys if points[k].cluster == g), False, layout)
            for layout in ("tsne", "umap")
            for g in range(GROUPS)
        ]
        return Drawn(dict(self.texts), MapResult(points, clusters, [], None))


@pytest.fixture
def world() -> World:
    return World()


def test_a_changed_paper_moves_to_its_new_neighbours_and_nothing_else_moves(world: World) -> None:
    drawn = world.drawn()
    texts = {**world.texts, "P000": "3:9000"}  # P000 now reads like group 3
    items = world.items(texts)
    assert can_update(drawn, items)
    result = update_map(drawn, items, world.embed, RELATED)
    moved = result.points["P000"]
    assert moved.clusters == {"tsne": 3, "umap": 3}
    group3 = [p.tsne for p in drawn.result.points.values() if p.cluster == 3]
    assert np.linalg.norm(np.subtract(moved.tsne, np.mean(group3, axis=0))) < 2.0
    assert moved.tsne != drawn.result.points["P000"].tsne
    for key, point in drawn.result.points.items():
        if key != "P000":
            assert (result.points[key].tsne, result.points[key].umap, result.points[key].cluster) == (
                point.tsne,
                point.umap,
                point.cluster,
            )
    sizes = {info.id: info.size for info in result.clusters}
    assert sizes[0] == PER_GROUP - 1 and sizes[3] == PER_GROUP + 1
    assert "P000" in next(info.keys for info in result.clusters if info.id == 3)


def test_related_lists_match_a_full_computation(world: World) -> None:
    drawn = world.drawn()
    texts = {**world.texts, "P000": "3:9000", "P001": "0:9001"}
    texts.pop("P002")  # a paper deleted while serving
    texts["P999"] = "2:9002"  # and one written
    items = world.items(texts)
    result = update_map(drawn, items, world.embed, RELATED)
    keys = [item.key for item in items]
    full = most_similar(np.stack([world.vector(item.text) for item in items]), keys, RELATED)
    assert [result.points[key].related for key in keys] == full
    assert list(result.points) == keys and "P002" not in result.points


def test_a_title_edit_keeps_the_whole_map(world: World) -> None:
    drawn = world.drawn()
    items = [MapItem(item.key, item.title + " (retitled)", item.text) for item in world.items(world.texts)]
    assert can_update(drawn, items)
    result = update_map(drawn, items, world.embed, RELATED)
    assert result.points == drawn.result.points and result.clusters == drawn.result.clusters


def test_small_maps_and_big_changes_are_drawn_again(world: World) -> None:
    drawn = world.drawn()
    small = world.items(dict(list(world.texts.items())[: INCREMENTAL_MIN - 1]))
    assert not can_update(drawn, small)
    many = {key: ("4:" + str(9000 + i) if i < 30 else text) for i, (key, text) in enumerate(world.texts.items())}
    assert not can_update(drawn, world.items(many))  # 30 of 250 changed: more than 5%
    assert not can_update(None, world.items(world.texts))
    missing = Drawn(drawn.texts, MapResult.missing("no map"))
    assert not can_update(missing, world.items(world.texts))
