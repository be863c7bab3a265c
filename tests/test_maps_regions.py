"""Clusters are regions of each picture, named by what the papers are about.

A reader judges a cluster by what they see: the papers around a point on the map should be
in its cluster, and the top level should have as many regions as say something: 3 to 6 on
a small diary, 5 to 12 from 100 papers. The engine runs with the real all-MiniLM-L6-v2 model
on the example site and on a 600-note diary kept with one note template (see
`templated_diary.py`); each is embedded and laid out once, for all the tests here.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "paperdiary-test-numba"))

import templated_diary

from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.maps import clustering, naming
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.types import LAYOUTS, MapResult, MapSettings
from mkdocs_paperdiary.pages.maptext import map_items

ROOT = Path(__file__).resolve().parents[1]


def items_of(docs: Path):
    sources = [decode_source(path.relative_to(docs).as_posix(), path.read_bytes()) for path in docs.rglob("*.md")]
    return map_items(build_index(sources, IndexSettings()).papers)


@pytest.fixture(scope="module")
def builder(paperdiary_cache: Path) -> MapBuilder:
    return MapBuilder(paperdiary_cache)


@pytest.fixture(scope="module")
def example_map(builder: MapBuilder) -> MapResult:
    return builder.build(items_of(ROOT / "example_site" / "docs"), MapSettings())


@pytest.fixture(scope="module")
def templated_map(builder: MapBuilder, templated_docs: Path) -> MapResult:
    return builder.build(items_of(templated_docs), MapSettings())


def picture(result: MapResult, layout: str) -> tuple[np.ndarray, list[int]]:
    keys = sorted(result.points)
    xy = np.array([getattr(result.points[key], layout) for key in keys])
    return xy, [result.points[key].clusters[layout] for key in keys]


def names(result: MapResult) -> list[str]:
    return [info.name for info in result.clusters]


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_example_map_has_three_to_six_regions_that_hold_their_papers_neighbours(
    example_map: MapResult, layout: str
) -> None:
    assert example_map.missing_reason is None and len(example_map.points) == 48
    xy, labels = picture(example_map, layout)
    assert 3 <= len(example_map.clusters_of(layout)) <= 6
    assert clustering.neighbour_purity(xy, labels, neighbours=48 // 12) >= clustering.PURITY


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_600_paper_map_has_five_to_twelve_regions_each_holding_its_papers_neighbours(
    templated_map: MapResult, layout: str
) -> None:
    assert len(templated_map.points) == 600
    xy, labels = picture(templated_map, layout)
    assert 5 <= len(templated_map.clusters_of(layout)) <= 12
    assert clustering.worst_region_purity(xy, labels, neighbours=10) >= clustering.PURITY


@pytest.mark.slow
def test_every_paper_has_a_cluster_in_each_layout(templated_map: MapResult) -> None:
    for layout in LAYOUTS:
        clusters = templated_map.clusters_of(layout)
        assert sorted(key for info in clusters for key in info.keys) == sorted(templated_map.points)
        for info in clusters:
            assert all(templated_map.points[key].clusters[layout] == info.id for key in info.keys)


@pytest.mark.slow
def test_template_headings_never_name_a_cluster(templated_map: MapResult) -> None:
    headings = {heading.casefold() for heading in templated_diary.TEMPLATE_HEADINGS}
    words = {word for heading in headings for word in heading.split()} - {"to", "paper", "link"}
    for name in names(templated_map):
        folded = name.casefold()
        assert not any(heading in folded for heading in headings), name
        assert not words & set(re.split(r"[\s·-]+", folded)), name


@pytest.mark.slow
def test_names_keep_compounds_whole_and_differ(templated_map: MapResult) -> None:
    for layout in LAYOUTS:
        for level in (0, 1):
            shown = [info.name.casefold() for info in templated_map.clusters_of(layout, level)]
            assert len(set(shown)) == len(shown), shown
    for name in names(templated_map):
        assert not re.search(r"(?<![\w-])shot\b", name, re.IGNORECASE), name  # "Few-Shot", never "Shot"
        assert not re.search(r"(?<!')\b(s )?eye\b", name, re.IGNORECASE) or "Bird's-Eye" in name, name
    joined = " | ".join(names(templated_map))
    assert "Few-Shot" in joined and "Bird's-Eye View" in joined, joined


@pytest.mark.slow
def test_large_maps_have_sub_topics_inside_their_regions(templated_map: MapResult) -> None:
    for layout in LAYOUTS:
        topics = templated_map.clusters_of(layout, level=1)
        assert topics
        for info in topics:
            regions = {templated_map.points[key].clusters[layout] for key in info.keys}
            assert len(regions) == 1, info.name  # a sub-topic never straddles two regions


def test_an_opening_most_notes_share_is_not_read() -> None:
    pairs = [(f"T{i}", f"T{i}. Main idea {text}") for i, text in enumerate(["a b", "c d", "e f", "g h", "i j"])]
    pairs.append(("U", "U. Something else entirely"))
    assert naming.documents(pairs)[0] == "T0.  a b"
    assert naming.documents(pairs)[-1] == "U. Something else entirely"


def test_hyphen_and_apostrophe_compounds_are_one_word() -> None:
    stop = naming.BOILERPLATE | naming.TEMPLATE
    assert "few-shot instance segmentation" in naming.phrases("Few-shot instance segmentation", stop)
    assert "bird's-eye view" in naming.phrases("A bird's-eye view of the road", stop)
    assert naming.surface_form("bird's-eye view", ["Bird's-Eye View maps"]) == "Bird's-Eye View"
