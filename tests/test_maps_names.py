"""Golden cluster names: each YAML file under golden/names holds notes grouped into clusters
(or regions split into sub-topics), the names the naming steps must give them and the exact log
lines they must produce.

The steps run as the map builder runs them, on the real all-MiniLM-L6-v2 model, but without
t-SNE, UMAP or clustering: the clusters are given, so a name change is a readable diff.
Set PAPERDIARY_GOLDEN_UPDATE=1 to print the names the steps give now.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from mkdocs_paperdiary.maps import naming
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import CachedEncoder, Encoder
from mkdocs_paperdiary.maps.model_source import resolve_model
from mkdocs_paperdiary.maps.types import MapSettings

pytestmark = pytest.mark.slow  # the real embedding model names the clusters
CASES = sorted((Path(__file__).parent / "golden" / "names").glob("*.yml"))


@pytest.fixture(scope="module")
def embed(paperdiary_cache: Path) -> CachedEncoder:
    cache = MapCache(paperdiary_cache)
    encoder = Encoder(resolve_model(MapSettings().model), "cpu", offline=True, cache=cache)
    return CachedEncoder(encoder, cache.load_embeddings(encoder.spec.model_id)[0], 32)


def level_of(spec: dict[str, Any]) -> naming.Level:
    """Papers keyed `c<cluster>n<note>` (two digits each), in key order as the builder gives
    them; with `regions`, the clusters are their sub-topics, numbered across regions."""
    regions = spec.get("regions") or [{"name": "", "topics": spec["clusters"]}]
    parents, clusters = {}, []
    for r, region in enumerate(regions):
        for topic in region["topics"]:
            parents[len(clusters)] = naming.Parent(r, region["name"])
            clusters.append(topic)
    rows = sorted(
        (f"c{c:02d}n{i:02d}", c, title, text)
        for c, notes in enumerate(clusters)
        for i, (title, text) in enumerate(notes)
    )
    columns = [[row[i] for row in rows] for i in range(4)]
    return naming.Level(columns[0], columns[2], columns[3], columns[1], parents if "regions" in spec else {})


def names_for(spec: dict[str, Any], embed: CachedEncoder) -> tuple[list[str], list[str]]:
    """The names of the clusters, and the log lines ('LEVEL: message') naming them gave."""
    level = level_of(spec)
    vectors = embed([f"{title}. {text}" for title, text in zip(level.titles, level.texts, strict=True)])
    labels, notes = naming.run_steps(level, naming.default_steps(vectors, embed, spec.get("pins", {})))
    return [label.name for label in labels], [f"{note.level.upper()}: {note}" for note in notes]


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden_names(case: Path, embed: CachedEncoder) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    got, log = names_for(spec, embed)
    if os.environ.get("PAPERDIARY_GOLDEN_UPDATE"):
        print(case.stem, got, log)
    assert got == spec["names"]
    assert log == spec["log"]
