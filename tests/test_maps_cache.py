"""The map cache: warm builds stay light, partial changes re-embed little, bad files are rebuilt."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sitebuilder import seeded_cache

os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "paperdiary-test-numba"))

from mkdocs_paperdiary.core.files import write_atomically as atomic_write
from mkdocs_paperdiary.maps import cache as cache_module
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.cache import MapCache, text_key
from mkdocs_paperdiary.maps.embeddings import Encoder
from mkdocs_paperdiary.maps.model_source import CANONICAL_ID
from mkdocs_paperdiary.maps.types import MapItem, MapResult, MapSettings

pytestmark = pytest.mark.slow  # builds with the real embedding model

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"torch", "sentence_transformers", "transformers", "umap", "numba", "sklearn", "numpy", "scipy"}
ITEMS = [
    MapItem(
        "muzero",
        "MuZero",
        "MuZero. Model-based reinforcement learning that plans with a learned model in Atari, Go and chess.",
    ),
    MapItem(
        "impala", "IMPALA", "IMPALA. A scalable distributed actor-learner architecture for deep reinforcement learning."
    ),
    MapItem(
        "rainbow", "Rainbow", "Rainbow. Combining improvements in deep Q-learning for reinforcement learning agents."
    ),
    MapItem(
        "imagen", "Imagen", "Imagen. Photorealistic text-to-image diffusion models with deep language understanding."
    ),
    MapItem(
        "dalle2",
        "DALL-E 2",
        "DALL-E 2. Hierarchical text-conditional image generation with CLIP latents and diffusion.",
    ),
    MapItem("edm", "EDM", "EDM. Elucidating the design space of diffusion-based generative models for images."),
    MapItem("mamba", "Mamba", "Mamba. Linear-time sequence modeling with selective state spaces instead of attention."),
    MapItem("rwkv", "RWKV", "RWKV. Reinventing recurrent networks for the transformer era with linear attention."),
    MapItem("gqa", "GQA", "GQA. Grouped-query attention makes transformer decoding faster with fewer key-value heads."),
]
SETTINGS = MapSettings()
WARM_SCRIPT = """
import json, sys
from pathlib import Path
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.types import MapItem, MapSettings
items = [MapItem(*row) for row in json.loads(Path(sys.argv[2]).read_text())]
result = MapBuilder(Path(sys.argv[1])).build(items, MapSettings())
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[3].split(",")))
print(json.dumps({"heavy": heavy, "points": len(result.points), "diagnostics": len(result.diagnostics),
                  "missing": result.missing_reason}))
"""
RACE_SCRIPT = """
import json, sys, time
from pathlib import Path
import sentence_transformers, sklearn.manifold, umap  # imports are slow: pay them before the start line
from mkdocs_paperdiary.maps.builder import MapBuilder
from mkdocs_paperdiary.maps.types import MapItem, MapSettings
items = [MapItem(*row) for row in json.loads(Path(sys.argv[2]).read_text())]
Path(sys.argv[3]).touch()
deadline = time.time() + 120
while not all(Path(p).exists() for p in sys.argv[4:]) and time.time() < deadline:
    time.sleep(0.005)
result = MapBuilder(Path(sys.argv[1])).build(items, MapSettings())
print(json.dumps(result.to_json()))
"""


def run_python(script: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def items_file(tmp_path: Path, items=ITEMS) -> Path:
    path = tmp_path / "items.json"
    path.write_text(json.dumps([[i.key, i.title, i.text] for i in items]))
    return path


def picture(result: MapResult) -> dict:
    data = result.to_json()
    del data["diagnostics"]
    return data


@pytest.fixture(scope="module")
def reference(tmp_path_factory, paperdiary_cache) -> MapResult:
    return MapBuilder(seeded_cache(tmp_path_factory.mktemp("reference"), paperdiary_cache)).build(ITEMS, SETTINGS)


@pytest.fixture
def built(cold_cache, reference) -> MapBuilder:
    builder = MapBuilder(cold_cache)
    assert picture(builder.build(ITEMS, SETTINGS)) == picture(reference)
    return builder


def only_file(folder: Path, pattern: str) -> Path:
    [path] = folder.glob(pattern)
    return path


def assert_rebuilt_after_warning(builder: MapBuilder, reference: MapResult, bad: Path) -> None:
    result = builder.build(ITEMS, SETTINGS)
    assert picture(result) == picture(reference)
    [warning] = result.diagnostics
    assert (warning.level, warning.code, warning.source) == ("warning", "maps-cache-corrupt", str(bad))
    assert builder.build(ITEMS, SETTINGS).diagnostics == []  # the file was rewritten


def test_cache_layout(built):
    root = built.cache.root
    result = only_file(root / "maps-v1" / "results", "*")
    embeddings = only_file(root / "maps-v1" / "embeddings", "*")
    for path, suffix in ((result, ".json"), (embeddings, ".npz")):
        assert path.suffix == suffix and re.fullmatch("[0-9a-f]{64}", path.stem), path.name  # a sha256
    assert json.loads(result.read_text())["format"] == "paperdiary-map-result"


def test_warm_build_imports_no_heavy_library(built, tmp_path):
    process = run_python(WARM_SCRIPT, str(built.cache.root), str(items_file(tmp_path)), ",".join(sorted(HEAVY)))
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    report = json.loads(out)
    assert report == {"heavy": [], "points": len(ITEMS), "diagnostics": 0, "missing": None}


def test_only_changed_texts_are_embedded_again(cold_cache, monkeypatch, reference):
    encoded: list[str] = []
    original = Encoder.encode

    def counting(self, texts, batch_size):
        encoded.extend(texts)
        return original(self, texts, batch_size)

    monkeypatch.setattr(Encoder, "encode", counting)
    builder = MapBuilder(cold_cache)
    builder.build(ITEMS, SETTINGS)
    item_texts = {item.text for item in ITEMS}
    assert item_texts <= set(encoded)

    changed = [
        *ITEMS[:-1],
        MapItem("gqa", "GQA", "GQA. Grouped-query attention shares key-value heads in transformers."),
    ]
    encoded.clear()
    result = builder.build(changed, SETTINGS)
    assert result.missing_reason is None
    assert [text for text in encoded if text in item_texts | {changed[-1].text}] == [changed[-1].text]

    encoded.clear()
    assert picture(builder.build(ITEMS, SETTINGS)) == picture(reference)  # the earlier result is still cached
    assert encoded == []


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path: path.write_bytes(b"\x00\xffnot json at all"), id="garbage"),
        pytest.param(lambda path: path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2]), id="truncated"),
        pytest.param(
            lambda path: path.write_text(json.dumps({**json.loads(path.read_text()), "version": 999})), id="version"
        ),
        pytest.param(lambda path: path.write_text(json.dumps({"format": "something-else"})), id="foreign"),
    ],
)
def test_damaged_result_is_ignored_with_a_warning(built, reference, damage):
    path = only_file(built.cache.results_dir, "*.json")
    damage(path)
    assert_rebuilt_after_warning(built, reference, path)


def test_result_for_other_papers_is_not_trusted(built, reference):
    path = only_file(built.cache.results_dir, "*.json")
    envelope = json.loads(path.read_text())
    envelope["result"]["points"]["intruder"] = envelope["result"]["points"].pop("gqa")
    path.write_text(json.dumps(envelope))
    assert_rebuilt_after_warning(built, reference, path)


def test_malformed_point_is_not_trusted(built, reference):
    path = only_file(built.cache.results_dir, "*.json")
    envelope = json.loads(path.read_text())
    envelope["result"]["points"]["gqa"]["tsne"] = [0.5]
    path.write_text(json.dumps(envelope))
    assert_rebuilt_after_warning(built, reference, path)


def _bad_embeddings(path: Path, how: str) -> None:
    import numpy as np

    if how == "garbage":
        path.write_bytes(b"PK\x03\x04 definitely not a zip")
        return
    keys = [text_key(CANONICAL_ID, item.text) for item in ITEMS]
    dim = {"rows": 384, "dim": 7}[how]
    vectors = np.random.default_rng(0).normal(size=(len(keys), dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    if how == "rows":
        vectors = vectors[:-1]  # one row short of the keys
    np.savez(path, format="paperdiary-embeddings", version=1, model=CANONICAL_ID, keys=np.array(keys), vectors=vectors)


@pytest.mark.parametrize("how", ["garbage", "rows", "dim"])
def test_damaged_embeddings_are_ignored_with_a_warning(built, reference, how):
    for result_file in built.cache.results_dir.glob("*.json"):
        result_file.unlink()  # so the next build needs the embeddings
    path = only_file(built.cache.embeddings_dir, "*.npz")
    _bad_embeddings(path, how)
    assert_rebuilt_after_warning(built, reference, path)


def test_two_processes_share_a_cache_dir(tmp_path, reference):
    cache_dir, items = tmp_path / "shared", items_file(tmp_path)
    ready = [str(tmp_path / "ready-a"), str(tmp_path / "ready-b")]
    processes = [run_python(RACE_SCRIPT, str(cache_dir), str(items), mine, *ready) for mine in ready]
    outputs = [process.communicate(timeout=240) for process in processes]
    for process, (_, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
    results = [MapResult.from_json(json.loads(out)) for out, _ in outputs]
    for result in results:
        assert result.diagnostics == []
        assert picture(result) == picture(reference)
    warm = MapBuilder(cache_dir).build(ITEMS, SETTINGS)
    assert warm.diagnostics == [] and picture(warm) == picture(reference)
    assert not list(cache_dir.rglob("*.tmp"))


def test_unwritable_cache_is_a_note_not_a_failure(tmp_path, reference):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    result = MapBuilder(blocker).build(ITEMS, SETTINGS)
    assert picture(result) == picture(reference)
    assert {(d.level, d.code) for d in result.diagnostics} == {("info", "maps-cache-write")}


def test_no_cache_dir_still_builds(reference):
    result = MapBuilder(None).build(ITEMS, SETTINGS)
    assert picture(result) == picture(reference) and result.diagnostics == []


def test_atomic_write_leaves_old_file_when_replace_fails(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    atomic_write(target, b"old")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(cache_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_old_results_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "KEEP_RESULTS", 3)
    cache = MapCache(tmp_path)
    for index in range(5):
        cache.save_result(f"{index:064d}", {"n": index})
        os.utime(cache.result_path(f"{index:064d}"), (index, index))
    cache.save_result("f" * 64, {"n": "last"})
    assert len(list(cache.results_dir.glob("*.json"))) == 3
    assert cache.result_path("f" * 64).is_file()
