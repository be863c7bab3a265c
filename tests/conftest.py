"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

LEGACY_DIARY = Path(__file__).parent / "fixtures" / "legacy_diary"


@pytest.fixture
def legacy_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the legacy diary fixture, with the working directory inside it, as a diarist runs the CLI."""
    root = tmp_path / "diary"
    shutil.copytree(LEGACY_DIARY, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def paperdiary_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One plugin cache for the session: the engine tests and browser builds of the same
    diary embed each text once."""
    return tmp_path_factory.mktemp("paperdiary-cache")


@pytest.fixture(scope="session")
def templated_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """docs/ of the 600-note templated diary (see templated_diary.py), written once."""
    import templated_diary

    root = tmp_path_factory.mktemp("templated")
    templated_diary.write_diary(root, 600)
    return root / "docs"
