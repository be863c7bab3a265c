"""The first build on a clean machine: the Hub publishes all-MiniLM-L6-v2's ONNX graph next to its
weights (`onnx/model.onnx`). It is downloaded with the model (and none of the other graphs of that
folder), and a model folder that has it embeds the papers without importing torch.

No network here: the Hub is a loopback server (`hub_server.py`) serving the packaged model, with
the session's own export standing in for the published graph, and small stand-ins for the
variants that must not be downloaded.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hub_server import COMMIT, hub_server, model_files, put_in_hf_cache
from processes import mkdocs_process
from sitebuilder import build_site, diary, map_points, run_command, write_site

from mkdocs_paperdiary.maps import onnx_encoder
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.embeddings import Encoder
from mkdocs_paperdiary.maps.model_source import CANONICAL_ID, ModelUnavailable, bundled_model, download, resolve_model

pytestmark = pytest.mark.slow

# Before any build process starts: one compiled-UMAP cache for every test run on this machine.
os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "paperdiary-test-numba"))

PREPARING = "Preparing the embedding model for fast CPU use (once)"
NO_TORCH = ("torch",)  # `import torch` fails in the build process: a build that needs it fails
COPY = "someone/minilm-onnx"  # a Hub name the packaged model does not answer for
# What the Hub's onnx/ folder holds besides model.onnx (hundreds of MB there), and other skipped files.
NOT_WANTED = (
    "onnx/model_O1.onnx",
    "onnx/model_O4.onnx",
    "onnx/model_qint8_avx512_vnni.onnx",
    "onnx/model_quint8_avx2.onnx",
    "openvino/openvino_model.xml",
    "tf_model.h5",
)
TWICE = "pytorch_model.bin"  # all-MiniLM-L6-v2's weights again, skipped for that repository


@pytest.fixture(scope="module")
def hub_repo(tmp_path_factory: pytest.TempPathFactory, published_model: Path) -> dict[str, Path]:
    """A repository as the Hub holds all-MiniLM-L6-v2: the packaged files, the published graph, and
    the variants (a few bytes each here)."""
    packaged = bundled_model()
    assert packaged is not None
    files = {**model_files(packaged), "onnx/model.onnx": published_model / "onnx" / "model.onnx"}
    stand_ins = tmp_path_factory.mktemp("variants")
    for name in (*NOT_WANTED, TWICE):
        files[name] = stand_ins / name.replace("/", "_")
        files[name].write_bytes(b"not wanted")
    return files


def build(tmp_path: Path, model: str, env: dict[str, str] | None = None) -> str:
    """A strict `mkdocs build` of a small diary with maps, in a process where torch cannot be imported."""
    config = {"plugins": [{"paperdiary": {"cache_dir": str(tmp_path / "cache"), "model": model}}]}
    write_site(tmp_path, diary(5), config)
    log = mkdocs_process(tmp_path, "--strict", without=NO_TORCH, env=env)
    assert map_points((tmp_path / "site" / "map" / "index.html").read_text(encoding="utf-8")) == 5
    assert PREPARING not in log and "ONNX Runtime" in log, log
    return log


def test_a_model_folder_with_its_graph_builds_without_torch(tmp_path: Path, published_model: Path) -> None:
    build(tmp_path, str(published_model))
    assert not (tmp_path / "cache" / "onnx").exists()  # nothing exported, nothing copied


def test_a_hugging_face_cache_with_the_graph_builds_offline_without_torch(
    tmp_path: Path, hf_home: Path, hub_repo: dict[str, Path]
) -> None:
    wanted = {name: file for name, file in hub_repo.items() if name not in {*NOT_WANTED, TWICE}}
    snapshot = put_in_hf_cache(hf_home, COPY, wanted)
    log = build(tmp_path, COPY, env={"HF_HUB_OFFLINE": "1"})
    assert f"{COPY} from the Hugging Face cache" in log
    assert onnx_encoder.published(snapshot) is not None


def test_the_download_fetches_the_published_graph_and_no_other_variant(
    tmp_path: Path, hf_home: Path, hub_repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    with hub_server(CANONICAL_ID, hub_repo) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        code, out, _ = run_command(capsys, "model", "download", "--to", str(tmp_path / "minilm"))
    assert code == 0
    assert sorted(hub.fetched) == sorted(set(hub_repo) - {*NOT_WANTED, TWICE})
    assert "onnx/model.onnx" in hub.fetched and "model.safetensors" in hub.fetched
    folder = Path(out.strip())
    assert onnx_encoder.supports(folder) and onnx_encoder.published(folder) is not None
    assert sorted(path.name for path in (folder / "onnx").iterdir()) == ["model.onnx"]


def test_a_first_build_downloads_the_model_with_its_graph_and_never_imports_torch(
    tmp_path: Path, hf_home: Path, hub_repo: dict[str, Path]
) -> None:
    with hub_server(COPY, hub_repo) as hub:
        log = build(tmp_path, COPY, env={"HF_ENDPOINT": hub.url})
    assert f"Downloading the embedding model {COPY}" in log
    assert "onnx/model.onnx" in hub.fetched and not set(NOT_WANTED) & set(hub.fetched)
    rebuilt = build(tmp_path / "again", COPY, env={"HF_HUB_OFFLINE": "1"})  # from the cache, offline
    assert "Downloading" not in rebuilt


def test_maps_are_cached_by_model_so_either_graph_serves_the_other(
    tmp_path: Path, published_model: Path, cold_cache: Path
) -> None:
    """A folder whose model was run through the exported graph gains the Hub's graph: the same
    model, so the map and vectors cached by the first build are the second's, untouched."""
    packaged = bundled_model()
    assert packaged is not None
    folder = tmp_path / "model"
    for name, file in model_files(packaged).items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(file)
    config = {"plugins": [{"paperdiary": {"cache_dir": str(cold_cache), "model": str(folder)}}]}
    exported = build_site(tmp_path / "site", diary(5), config, strict=True)
    assert exported.ok and any("Embedding 5 new papers" in line for line in exported.log()), exported.log()
    first = (exported.site_dir / "paperdiary.json").read_bytes()
    (folder / "onnx").mkdir()
    (folder / "onnx" / "model.onnx").symlink_to(published_model / "onnx" / "model.onnx")
    published = build_site(tmp_path / "site", None, strict=True)
    assert published.ok and not any("Embedding" in line or "Projecting" in line for line in published.log())
    assert (published.site_dir / "paperdiary.json").read_bytes() == first


@pytest.mark.parametrize("weights", [True, False])
def test_a_damaged_graph_is_named_and_the_weights_exported_instead(
    tmp_path: Path, cold_cache: Path, published_model: Path, weights: bool
) -> None:
    """A graph cut short by a failed copy: with the weights the model is exported as before (here
    found in the cache, exported earlier), with a warning naming the file; without, the model is
    unavailable."""
    folder = tmp_path / "model"
    shutil.copytree(published_model, folder, symlinks=True)
    (folder / "onnx" / "model.onnx").unlink()
    (folder / "onnx" / "model.onnx").write_bytes(b"half a graph")
    packaged = bundled_model()
    assert packaged is not None
    if weights:
        (folder / "model.safetensors").symlink_to(packaged / "model.safetensors")
    encoder = Encoder(resolve_model(str(folder)), "cpu", cache=MapCache(cold_cache))
    if not weights:
        with pytest.raises(ModelUnavailable):
            encoder.load()
        return
    assert encoder.encode(["a paper"], 1).shape == (1, 384)
    [warning] = encoder.diagnostics
    assert warning.source == str(folder / "onnx" / "model.onnx") and warning.level == "warning"
    assert "exporting the model from its weights instead" in warning.message


def test_downloading_again_adds_only_the_graph_to_an_earlier_download(
    hf_home: Path, hub_repo: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model fetched by an earlier version, without its graph, is exported through torch; the
    README's advice, `paperdiary model download`, fetches the graph and nothing else."""
    skipped = {*NOT_WANTED, TWICE}
    earlier = {name: file for name, file in hub_repo.items() if not name.startswith("onnx/") and name not in skipped}
    snapshot = put_in_hf_cache(hf_home, CANONICAL_ID, earlier, revision=COMMIT)
    with hub_server(CANONICAL_ID, hub_repo) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        assert download(CANONICAL_ID) == snapshot
    assert hub.fetched == ["onnx/model.onnx"]
    assert onnx_encoder.published(snapshot) is not None
