"""`mkdocs build` in a fresh process, as a user runs it, optionally where some packages cannot be
imported: the tests that are about what a build imports, or about a clean process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# `mkdocs` with packages whose import fails (find_spec still finds them, as other libraries ask).
_MKDOCS_WITHOUT = """
import importlib.machinery, sys
BLOCKED = set(sys.argv[1].split(",")) - {""}
class Blocked:
    def find_spec(self, name, path=None, target=None):
        return importlib.machinery.ModuleSpec(name, self) if name.split(".")[0] in BLOCKED else None
    def create_module(self, spec):
        raise ImportError(f"{spec.name} is blocked by the test")
    def exec_module(self, module):
        pass
sys.meta_path.insert(0, Blocked())
sys.argv[1:2] = []
from mkdocs.__main__ import cli
cli()
"""


def mkdocs_process(root: Path, *options: str, without: tuple[str, ...] = (), env: dict[str, str] | None = None) -> str:
    """`mkdocs build` in a fresh process, as a user runs it; its log (stdout and stderr), after
    checking it succeeded. Packages named in `without` cannot be imported there: a build that
    needs one fails."""
    run = subprocess.run(
        [sys.executable, "-c", _MKDOCS_WITHOUT, ",".join(without), "build", *options],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout + run.stderr
