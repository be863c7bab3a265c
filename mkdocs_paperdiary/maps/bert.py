"""A light CPU encoder for BERT sentence-transformers models such as all-MiniLM-L6-v2.

Importing sentence-transformers pulls in torch, transformers and scikit-learn's metrics:
about 4 s and 400 MB before the first text is embedded, which is most of what adding one
paper costs a fresh `mkdocs build`. A BERT encoder with mean pooling is a few matrix products,
so for such models we run it in numpy from the model's own files (model.safetensors,
tokenizer.json, read by the `safetensors` and `tokenizers` packages sentence-transformers
installs anyway). Vectors agree with sentence-transformers to about 1e-6 (a test checks).

Each text is encoded on its own, without padding: its vector then depends on its text
alone, never on which other texts shared its batch, so a paper embedded today gets exactly
the vector a cold build would give it, and the map stays byte-for-byte reproducible.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

_MODULES = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]
_FILES = ("config.json", "modules.json", "model.safetensors", "tokenizer.json", "1_Pooling/config.json")


def supports(folder: Path) -> bool:
    """True for a model folder this encoder reproduces: BERT, absolute positions, exact GELU,
    mean pooling, normalised; anything else goes to sentence-transformers."""
    try:
        if not all((folder / name).is_file() for name in _FILES):
            return False
        config = _json(folder / "config.json")
        modules = [module.get("type") for module in _json(folder / "modules.json")]
        pooling = _json(folder / "1_Pooling/config.json")
    except (OSError, ValueError, AttributeError):
        return False
    pooled_by_mean = pooling.get("pooling_mode_mean_tokens") is True and not any(
        value is True
        for key, value in pooling.items()
        if key.startswith("pooling_mode_") and key != "pooling_mode_mean_tokens"
    )
    return (
        modules == _MODULES
        and config.get("model_type") == "bert"
        and config.get("hidden_act") == "gelu"
        and config.get("position_embedding_type", "absolute") == "absolute"
        and pooled_by_mean
    )


@dataclass
class _Layer:
    qkv: np.ndarray  # (hidden, 3 * hidden): query, key and value projections side by side
    qkv_bias: np.ndarray
    out: np.ndarray
    out_bias: np.ndarray
    norm1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_bias: np.ndarray
    down: np.ndarray
    down_bias: np.ndarray
    norm2: tuple[np.ndarray, np.ndarray]


class BertEncoder:
    """Loads the weights and tokenizer of one model folder; `encode` gives unit-length vectors."""

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = _json(folder / "config.json")
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        max_length = int(_json(folder / "sentence_bert_config.json").get("max_seq_length", 512))
        max_length = min(max_length, int(config["max_position_embeddings"]))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)
        weights = load_file(str(folder / "model.safetensors"))
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in weights else ""

        def w(name: str) -> np.ndarray:
            return weights[prefix + name]

        self.words = w("embeddings.word_embeddings.weight")
        self.positions = w("embeddings.position_embeddings.weight")
        self.token_type = w("embeddings.token_type_embeddings.weight")[0]
        self.norm = (w("embeddings.LayerNorm.weight"), w("embeddings.LayerNorm.bias"))
        self.layers = [self._layer(w, f"encoder.layer.{i}.") for i in range(int(config["num_hidden_layers"]))]

    @staticmethod
    def _layer(w, at: str) -> _Layer:
        import numpy as np

        attention = at + "attention."
        parts = [attention + f"self.{name}." for name in ("query", "key", "value")]
        return _Layer(
            qkv=np.ascontiguousarray(np.concatenate([w(p + "weight") for p in parts]).T),
            qkv_bias=np.concatenate([w(p + "bias") for p in parts]),
            out=np.ascontiguousarray(w(attention + "output.dense.weight").T),
            out_bias=w(attention + "output.dense.bias"),
            norm1=(w(attention + "output.LayerNorm.weight"), w(attention + "output.LayerNorm.bias")),
            up=np.ascontiguousarray(w(at + "intermediate.dense.weight").T),
            up_bias=w(at + "intermediate.dense.bias"),
            down=np.ascontiguousarray(w(at + "output.dense.weight").T),
            down_bias=w(at + "output.dense.bias"),
            norm2=(w(at + "output.LayerNorm.weight"), w(at + "output.LayerNorm.bias")),
        )

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        vectors = np.zeros((len(texts), self.words.shape[1]), dtype=np.float32)
        for row, encoding in enumerate(self.tokenizer.encode_batch(texts)):
            vectors[row] = self._embed(np.asarray(encoding.ids, dtype=np.int64))
        return vectors

    def _embed(self, ids: np.ndarray) -> np.ndarray:
        import numpy as np

        x = self.words[ids] + self.positions[: len(ids)] + self.token_type
        x = self._layer_norm(x, self.norm)
        for layer in self.layers:
            x = self._layer_norm(x + self._attention(x, layer), layer.norm1)
            hidden = _gelu(x @ layer.up + layer.up_bias)
            x = self._layer_norm(x + hidden @ layer.down + layer.down_bias, layer.norm2)
        pooled = x.mean(axis=0)
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)

    def _attention(self, x: np.ndarray, layer: _Layer) -> np.ndarray:
        import numpy as np

        length, hidden = x.shape
        size = hidden // self.heads
        qkv = (x @ layer.qkv + layer.qkv_bias).reshape(length, 3, self.heads, size).transpose(1, 2, 0, 3)
        query, key, value = qkv[0], qkv[1], qkv[2]  # (heads, length, size) each
        scores = query @ key.transpose(0, 2, 1) / np.float32(np.sqrt(size))
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(1, 0, 2).reshape(length, hidden)
        return context @ layer.out + layer.out_bias

    def _layer_norm(self, x: np.ndarray, norm: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        import numpy as np

        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(variance + np.float32(self.eps)) * norm[0] + norm[1]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), not the tanh approximation."""
    import numpy as np
    from scipy.special import erf  # scipy comes with scikit-learn, the maps extra

    return x * np.float32(0.5) * (np.float32(1.0) + erf(x * np.float32(1 / np.sqrt(2))))


def _json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))
