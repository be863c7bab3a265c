"""Running the engine that builds a staged tree (Zensical today), found on PATH or in this environment."""

from __future__ import annotations

import importlib
import importlib.metadata
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs_paperdiary.stage.config import StageError

ZENSICAL = "zensical"
TESTED = "0.0.73"  # the newest release installable here; 0.1 needs a zensical-ui the package index lacks
SUPPORTED = "zensical>=0.0.73,<0.1"
INSTALL = "pip install 'mkdocs-paperdiary[zensical]'"


@dataclass(frozen=True)
class Engine:
    name: str
    command: tuple[str, ...]  # how to run it
    version: str | None

    def run(self, args: Sequence[str], *, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.command, *args], cwd=cwd, capture_output=True, text=True, check=False)

    def start(self, args: Sequence[str], *, cwd: Path) -> subprocess.Popen[bytes]:
        return subprocess.Popen([*self.command, *args], cwd=cwd)


def find_zensical() -> Engine:
    """Zensical from this environment (the one paperdiary runs in) or PATH; a clear error if neither."""
    version = _version(ZENSICAL)
    if _importable(ZENSICAL):
        command: tuple[str, ...] = (sys.executable, "-m", ZENSICAL)
    elif (found := shutil.which(ZENSICAL)) is not None:
        command = (found,)
    else:
        raise StageError(f"Zensical is not installed; install it with: {INSTALL}")
    if version is None and len(command) == 1:
        version = _version_of(command)
    if version is None:
        raise StageError(f"cannot tell which Zensical is installed ({' '.join(command)}); reinstall it: {INSTALL}")
    return Engine(ZENSICAL, command, version)


def supported(version: str) -> bool:
    """Whether this Zensical release is one the staged tree is tested with (0.0.73 up to 0.1)."""
    parts = tuple(int(part) for part in re.findall(r"\d+", version)[:3])
    return (0, 0, 73) <= parts < (0, 1, 0)


def _importable(name: str) -> bool:
    """Whether this environment imports `name` (a package may be listed and still fail to load)."""
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


def _version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _version_of(command: Sequence[str]) -> str | None:
    try:
        done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\d+\.\d+\.\d+", done.stdout)
    return match.group(0) if done.returncode == 0 and match else None


def place_site(built: Path, site_dir: Path, docs_dir: Path) -> None:
    """Move the engine's output to the site_dir `mkdocs build` writes, replacing the last one."""
    if site_dir == docs_dir or site_dir in docs_dir.parents:
        raise StageError(f"site_dir {site_dir} holds docs_dir; the built site is left at {built}")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), str(site_dir))
