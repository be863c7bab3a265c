"""The numpy encoder gives the vectors sentence-transformers gives, and a text's vector
depends on that text alone."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mkdocs_paperdiary.maps import bert
from mkdocs_paperdiary.maps.embeddings import Encoder
from mkdocs_paperdiary.maps.model_source import resolve_model

BUNDLED = Path(resolve_model("all-MiniLM-L6-v2").source)
TEXTS = [
    "Proximal Policy Optimization Algorithms. Clipped surrogate objectives for stable policy gradients.",
    "",
    "a",
    "Überraschung: naïve café, 日本語のテキスト, emoji 🙂 and <b>markup</b> & entities",
    "Attention is all you need. " * 80,  # longer than the model's 256 tokens: truncated alike
    "Denoising Diffusion Probabilistic Models",
]


@pytest.fixture(scope="module")
def reference() -> np.ndarray:
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(BUNDLED), device="cpu", local_files_only=True)
    return model.encode(TEXTS, normalize_embeddings=True, convert_to_numpy=True)


def test_the_bundled_model_gets_the_numpy_encoder_with_sentence_transformers_vectors(reference: np.ndarray) -> None:
    assert bert.supports(BUNDLED)
    vectors = Encoder(resolve_model("all-MiniLM-L6-v2"), "cpu").encode(TEXTS, batch_size=32)
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    assert np.abs(vectors - reference).max() < 1e-5
    assert (vectors * reference).sum(axis=1).min() > 1 - 1e-6  # cosine


def test_a_vector_does_not_depend_on_the_other_texts() -> None:
    encoder = Encoder(resolve_model("all-MiniLM-L6-v2"), "cpu")
    together = encoder.encode(TEXTS, batch_size=32)
    for i, text in enumerate(TEXTS):
        assert np.array_equal(encoder.encode([text], batch_size=1)[0], together[i])


def test_other_poolings_go_to_sentence_transformers(tmp_path: Path, reference: np.ndarray) -> None:
    folder = tmp_path / "cls-model"
    shutil.copytree(BUNDLED, folder)
    pooling = json.loads((folder / "1_Pooling/config.json").read_text())
    pooling.update(pooling_mode_mean_tokens=False, pooling_mode_cls_token=True)
    (folder / "1_Pooling/config.json").write_text(json.dumps(pooling))
    assert not bert.supports(folder)
    vectors = Encoder(resolve_model(str(folder)), "cpu").encode(TEXTS[:1], batch_size=32)
    assert vectors.shape == (1, 384)
    assert np.abs(vectors[0] - reference[0]).max() > 1e-3  # CLS pooling, computed by sentence-transformers


def test_embedding_with_the_bundled_model_imports_no_torch() -> None:
    code = (
        "import sys; from mkdocs_paperdiary.maps.embeddings import Encoder;"
        "from mkdocs_paperdiary.maps.model_source import resolve_model;"
        "Encoder(resolve_model('all-MiniLM-L6-v2'), 'auto').encode(['a paper'], 32);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'transformers', 'sentence_transformers'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
