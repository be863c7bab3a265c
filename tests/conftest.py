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
