"""The bundled model (all-MiniLM-L6-v2, or any BERT with mean pooling) on the CPU through ONNX Runtime.

Importing sentence-transformers pulls in torch and transformers: about 5 s of CPU before the first
text is embedded, most of what adding one paper costs a fresh `mkdocs build`. So ONNX Runtime runs
the model with its own `tokenizer.json`, from one of two graphs:

- the one the Hub publishes next to the weights (`onnx/model.onnx`, fetched with the model):
  run as it is, no torch at all;
- else the model exported to ONNX once (the only step that needs torch), kept in the plugin's
  cache folder.

Both are the model's fp32 transformer: vectors agree with sentence-transformers within 1e-5 (tests
check both), so the caches of embeddings and maps name the model, not the graph.

Each text is encoded on its own, without padding, on one thread: its vector then depends on its
text alone, never on which other texts shared its batch, so a paper embedded today gets exactly the
vector a cold build would give it, and the map stays byte-for-byte reproducible.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs_paperdiary.maps.cache import digest
from mkdocs_paperdiary.maps.model_source import PUBLISHED_GRAPH

if TYPE_CHECKING:
    import numpy as np

EXPORT_VERSION = 1  # bump when the exported graph changes, so cached files are exported again
_MODULES = [
    "sentence_transformers.models.Transformer",
    "sentence_transformers.models.Pooling",
    "sentence_transformers.models.Normalize",
]
_FILES = ("config.json", "modules.json", "tokenizer.json", "1_Pooling/config.json")
WEIGHTS = "model.safetensors"  # what `export` reads
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_OUTPUT = "last_hidden_state"


def supports(folder: Path) -> bool:
    """True for a model folder this encoder reproduces: BERT, mean pooling, normalised, with a
    published graph or weights to export; anything else goes to sentence-transformers."""
    try:
        if not all((folder / name).is_file() for name in _FILES):
            return False
        if published(folder) is None and not (folder / WEIGHTS).is_file():
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
    return modules == _MODULES and config.get("model_type") == "bert" and pooled_by_mean


def published(folder: Path) -> Path | None:
    """The Hub's own ONNX graph of the model in `folder`, when it came with it."""
    graph = folder / PUBLISHED_GRAPH
    return graph if graph.is_file() else None


def model_key(folder: Path) -> str:
    """Names one export of one model: the model's files (size and time for the weights, which
    are large to hash on every build; contents for the rest) and the export version."""
    weights = (folder / WEIGHTS).stat()
    parts = {
        "version": EXPORT_VERSION,
        "weights": [weights.st_size, weights.st_mtime_ns],
        "files": {name: (folder / name).read_text(encoding="utf-8") for name in _FILES},
    }
    return digest(json.dumps(parts, sort_keys=True))


def export(folder: Path) -> bytes:
    """The model's transformer as an ONNX graph (ids in, token states out), via torch's exporter."""
    # torch and transformers only here: heavy, and needed once per model and cache folder.
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(str(folder), local_files_only=True).eval()

    class States(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            # keywords: BERT's positional order is not (ids, mask, types) in every version
            states = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return states.last_hidden_state

    example = tuple(torch.ones((1, 4), dtype=torch.int64) for _ in _INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    with tempfile.TemporaryDirectory() as folder_out, torch.no_grad():
        path = Path(folder_out) / "model.onnx"
        torch.onnx.export(
            States(),
            example,
            path,
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,  # the TorchScript exporter: offline, and needs no onnxscript
        )
        return path.read_bytes()


class OnnxEncoder:
    """One exported model (a file, or its bytes) and its tokenizer; `encode` gives unit-length float32 vectors."""

    def __init__(self, folder: Path, graph: Path | bytes) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        config = _json(folder / "config.json")
        max_length = int(_json(folder / "sentence_bert_config.json").get("max_seq_length", 512))
        max_length = min(max_length, int(config["max_position_embeddings"]))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_length)
        options = onnxruntime.SessionOptions()
        # One thread and a fixed optimisation level: the same sums in the same order on every run.
        # One text's matrices are small, so more threads would mostly spin on a busy machine.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3  # errors only: its warnings are about the graph, not the user's site
        model = str(graph) if isinstance(graph, Path) else graph  # a path: no second copy of the weights in memory
        self.session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        # A published graph may leave out token_type_ids or add outputs: feed what it asks for,
        # read the token states by name, and refuse a graph that is not a transformer's.
        self.inputs = [node.name for node in self.session.get_inputs()]
        outputs = [node.name for node in self.session.get_outputs()]
        if "input_ids" not in self.inputs or not set(self.inputs) <= set(_INPUTS):
            raise ValueError(f"the ONNX graph takes {self.inputs}, not {list(_INPUTS)}")
        self.output = _OUTPUT if _OUTPUT in outputs else outputs[0]

    def encode(self, texts: list[str]) -> np.ndarray:
        import numpy as np

        rows = [self._embed(encoding) for encoding in self.tokenizer.encode_batch(texts)]
        return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 0), dtype=np.float32)

    def _embed(self, encoding: Any) -> np.ndarray:
        import numpy as np

        feed = {
            "input_ids": encoding.ids,
            "attention_mask": encoding.attention_mask,
            "token_type_ids": encoding.type_ids,
        }
        arrays = {name: np.asarray([feed[name]], dtype=np.int64) for name in self.inputs}
        [states] = self.session.run([self.output], arrays)
        if states.ndim != 3:
            raise ValueError(f"the ONNX graph gives {states.ndim}-D {self.output}, not token states")
        pooled = states[0].mean(axis=0)  # no padding: every token counts
        return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
