"""The ONNX Runtime encoder gives the vectors sentence-transformers gives, a text's vector depends
on that text alone, and the model is exported once per cache folder."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from processes import mkdocs_process
from sitebuilder import paper, seeded_cache, write_site

from mkdocs_paperdiary.maps import onnx_encoder
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import Encoder
from mkdocs_paperdiary.maps.model_source import resolve_model

pytestmark = pytest.mark.slow

BUNDLED = Path(resolve_model("all-MiniLM-L6-v2").source)
TEXTS = [
    "Proximal Policy Optimization Algorithms. Clipped surrogate objectives for stable policy gradients.",
    "",
    "a",
    "Überraschung: naïve café, 日本語のテキスト, emoji 🙂 and <b>markup</b> & entities",
    "Attention is all you need. " * 80,  # longer than the model's 256 tokens: truncated alike
    "Denoising Diffusion Probabilistic Models",
]
PREPARING = "Preparing the embedding model for fast CPU use (once)"


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(BUNDLED), device="cpu", local_files_only=True)
    return model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder, so the model is exported once for these tests."""
    return tmp_path_factory.mktemp("onnx-cache")


def encoder(cache: Path, said: list[str] | None = None, model: str = "all-MiniLM-L6-v2") -> Encoder:
    say = said.append if said is not None else (lambda _: None)
    return Encoder(resolve_model(model), "cpu", say=say, cache=MapCache(cache))


@pytest.mark.parametrize("graph", ["exported", "published"])
def test_the_model_runs_in_onnx_runtime_with_sentence_transformers_vectors(
    reference: np.ndarray, cache: Path, tmp_path: Path, published_model: Path, graph: str
) -> None:
    """The bundled model, exported through torch, and a folder with the Hub's own graph and no
    weights, run as it is, export nothing."""
    folder = BUNDLED if graph == "exported" else published_model
    assert onnx_encoder.supports(folder)
    said: list[str] = []
    model_cache = cache if graph == "exported" else tmp_path / "cache"
    vectors = encoder(model_cache, said, str(folder)).encode(TEXTS, batch_size=32)
    assert any("ONNX Runtime" in line for line in said), said
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    assert np.abs(vectors - reference).max() < 1e-5
    assert (vectors * reference).sum(axis=1).min() > 1 - 1e-6  # cosine
    if graph == "published":
        assert PREPARING not in said and not (model_cache / "onnx").exists()


def test_a_vector_does_not_depend_on_the_other_texts(cache: Path) -> None:
    model = encoder(cache)
    together = model.encode(TEXTS, batch_size=32)
    for i, text in enumerate(TEXTS):
        assert np.array_equal(model.encode([text], batch_size=1)[0], together[i])
    assert np.array_equal(encoder(cache).encode(TEXTS[::-1], batch_size=2), together[::-1])


def test_the_exported_model_is_reused_and_a_fresh_process_imports_no_torch(cache: Path) -> None:
    encoder(cache).encode(TEXTS[:1], batch_size=1)  # exported here, unless an earlier test did
    code = (
        "import sys; from pathlib import Path; from mkdocs_paperdiary.maps.embeddings import Encoder;"
        "from mkdocs_paperdiary.maps.cache import MapCache;"
        "from mkdocs_paperdiary.maps.model_source import resolve_model;"
        f"Encoder(resolve_model('all-MiniLM-L6-v2'), 'auto', say=print, cache=MapCache(Path({str(cache)!r})))"
        ".encode(['a paper'], 32);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers', 'sentence_transformers'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "[]"
    assert PREPARING not in out and "ONNX Runtime" in out


def test_other_poolings_go_to_sentence_transformers(tmp_path: Path, reference: np.ndarray) -> None:
    folder = tmp_path / "cls-model"
    shutil.copytree(BUNDLED, folder)
    pooling = json.loads((folder / "1_Pooling/config.json").read_text())
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    (folder / "1_Pooling/config.json").write_text(json.dumps(pooling))
    assert not onnx_encoder.supports(folder)
    said: list[str] = []
    model = Encoder(resolve_model(str(folder)), "cpu", say=said.append, cache=MapCache(tmp_path / "cache"))
    vectors = model.encode(TEXTS[:1], batch_size=32)
    assert vectors.shape == (1, 384)
    assert np.abs(vectors[0] - reference[0]).max() > 1e-3  # CLS pooling, computed by sentence-transformers
    assert PREPARING not in said and not any("ONNX" in line for line in said), said
    assert not (tmp_path / "cache" / "onnx").exists()


PAPERS = {
    f"topic/p{i}.md": paper(f"Paper {i}", f"2025-05-{i + 1:02d}", description=f"A study of subject number {i}.")
    for i in range(6)
}


def test_a_fresh_build_reuses_the_exported_model(tmp_path: Path, paperdiary_cache: Path) -> None:
    """The cache as an earlier build left it (the session's export): a new process embeds without exporting."""
    config = {"plugins": [{"paperdiary": {"cache_dir": str(seeded_cache(tmp_path / "cache", paperdiary_cache))}}]}
    write_site(tmp_path, {"index.md": "# Diary\n", **PAPERS}, config)
    log = mkdocs_process(tmp_path)
    assert "Embedding 6 new papers" in log, log
    assert PREPARING not in log


def test_a_corrupt_exported_model_is_named_and_exported_again(tmp_path: Path, paperdiary_cache: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(paperdiary_cache / "onnx", cache / "onnx")  # a copy: the session's export stays whole
    [exported] = cache.glob("onnx/*/model.onnx")
    good = exported.read_bytes()
    exported.write_bytes(b"not an onnx graph")
    write_site(tmp_path, {"index.md": "# Diary\n", **PAPERS}, {"plugins": [{"paperdiary": {"cache_dir": str(cache)}}]})
    log = mkdocs_process(tmp_path)
    warning = next((line for line in log.splitlines() if str(exported) in line), "")
    assert warning.startswith("WARNING") and "rebuilt" in warning, log
    assert PREPARING in log
    assert exported.read_bytes() == good  # exported again, to the same graph
