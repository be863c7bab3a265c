"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hub_server import model_files
from metadata_server import metadata_server
from sitebuilder import Shared, export_model, seeded_cache

from mkdocs_paperdiary.authoring import sources as module

LEGACY_DIARY = Path(__file__).parent / "fixtures" / "legacy_diary"

# Before anything imports numba: one compiled-kernel cache for every test, worker and `mkdocs`
# process a test starts on this machine, so UMAP and pynndescent compile once, not once per
# process. The tests about where numba's cache goes set or clear it themselves.
os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(tempfile.gettempdir()) / "paperdiary-test-numba"))


@pytest.fixture(scope="session")
def shared(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Shared:
    """What this run makes once for all its workers (see `sitebuilder.Shared`): under the
    run's temporary folder, which every worker of `-n` has as its parent."""
    base = tmp_path_factory.getbasetemp()
    return Shared((base.parent if hasattr(request.config, "workerinput") else base) / "shared")


@pytest.fixture
def legacy_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the legacy diary fixture, with the working directory inside it, as a diarist runs the CLI."""
    root = tmp_path / "diary"
    shutil.copytree(LEGACY_DIARY, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def hf_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty Hugging Face home of our own, with downloads allowed (and bound to fail here, but
    for a loopback Hub in `HF_ENDPOINT`)."""
    home = tmp_path / "hf"
    monkeypatch.setenv("HF_HOME", str(home))
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.delenv("HUGGINGFACE_HUB_CACHE", raising=False)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    return home


@pytest.fixture(scope="session")
def paperdiary_cache(shared: Shared) -> Path:
    """One plugin cache for the session, for builds that are not about caching: the engine
    tests and browser builds of the same diary embed each text once, and the model is exported
    for ONNX Runtime once, up front. Workers of `-n` share it: the first exports the model,
    the others wait for it (the cache is safe for processes that share it; a test checks)."""
    return shared.once("paperdiary-cache", export_model)


@pytest.fixture(scope="session")
def published_model(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> Path:
    """The default model as the Hub publishes it, with its own ONNX graph (`onnx/model.onnx`; here
    the session's export, since tests have no network) and without the weights: the encoder then
    needs nothing else."""
    from mkdocs_paperdiary.maps.model_source import bundled_model

    packaged = bundled_model()
    if packaged is None:
        pytest.skip("needs the `model` extra")
    folder = tmp_path_factory.mktemp("published-model")
    for name, file in model_files(packaged).items():
        if name != "model.safetensors":
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).symlink_to(file)
    (folder / "onnx").mkdir()
    [graph] = paperdiary_cache.glob("onnx/*/model.onnx")
    (folder / "onnx" / "model.onnx").symlink_to(graph)
    return folder


@pytest.fixture
def cold_cache(tmp_path: Path, paperdiary_cache: Path) -> Path:
    """An empty map cache but for the exported model (see `sitebuilder.seeded_cache`)."""
    return seeded_cache(tmp_path / "cache", paperdiary_cache)


@pytest.fixture(scope="session")
def templated_docs(shared: Shared) -> Path:
    """docs/ of the 600-note templated diary (see templated_diary.py), written once per run."""
    import templated_diary

    return shared.once("templated", lambda root: templated_diary.write_diary(root, 600)) / "docs"


EXAMPLE = Path(__file__).parent.parent / "example_site"


@dataclass(frozen=True)
class ColdBuild:
    """`mkdocs build --strict` of a copy of the example site on a clean machine (no map cache,
    no exported model, no compiled numba kernels), in a fresh process: what it printed, and
    the folder it left (read-only: a test that builds again copies it with `copy`)."""

    root: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def log(self) -> str:
        return self.stdout + self.stderr

    def copy(self, to: Path) -> Path:
        """A copy of the built folder to build again in (the exported model hard-linked)."""
        onnx = Path(".cache", "plugin", "paperdiary", "onnx")
        shutil.copytree(
            self.root, to, ignore=lambda folder, names: ["onnx"] if Path(folder) == self.root / onnx.parent else []
        )
        if (self.root / onnx).is_dir():
            shutil.copytree(self.root / onnx, to / onnx, copy_function=os.link)
        return to


@pytest.fixture(scope="session")
def cold_example(shared: Shared) -> ColdBuild:
    """The one cold build of the example site per run, whose log serves every test that reads
    a cold build's log (test_build_log.py) and whose site every test of the example's build
    reads (test_example_site.py)."""

    def make(root: Path) -> None:
        shutil.copytree(EXAMPLE, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache", "site"))
        env = {key: value for key, value in os.environ.items() if key != "NUMBA_CACHE_DIR"}
        mkdocs = Path(sys.executable).parent / "mkdocs"
        run = subprocess.run(
            [str(mkdocs), "build", "--strict"],
            cwd=root,
            env={**env, "NO_MKDOCS_2_WARNING": "1"},
            capture_output=True,
            text=True,
            check=False,
        )
        (root / "build.json").write_text(json.dumps([run.returncode, run.stdout, run.stderr]), encoding="utf-8")

    root = shared.once("cold-example", make)
    returncode, stdout, stderr = json.loads((root / "build.json").read_text(encoding="utf-8"))
    return ColdBuild(root, returncode, stdout, stderr)


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch):
    """The arXiv and DOI endpoints pointed at a loopback server of recorded answers; no test touches the internet."""
    with metadata_server() as server:
        monkeypatch.setenv(module.ARXIV_API_VARIABLE, server.arxiv_api)
        monkeypatch.setenv(module.DOI_API_VARIABLE, server.doi_api)
        monkeypatch.setattr(module, "RETRY_PAUSE", 0.05)  # the retry itself is under test, not its pause
        yield server
