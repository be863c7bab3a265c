"""The shared site and the staging adapter use MkDocs' config classes only, never a part of its
build: import-linter cannot forbid the subpackages of another package, so this test does."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "mkdocs_paperdiary"
ALLOWED = ("mkdocs.config",)


def _mkdocs_imports(folder: Path, root: Path = PACKAGE) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "mkdocs":
                    found.setdefault(path.relative_to(root).as_posix(), []).append(name)
    return found


def test_the_site_and_the_stage_import_only_mkdocs_config_classes() -> None:
    imports = {**_mkdocs_imports(PACKAGE / "site"), **_mkdocs_imports(PACKAGE / "stage")}
    assert "site/config.py" in imports  # the schema is made of MkDocs' config classes
    assert _outside_config(imports) == {}


def test_an_import_of_a_build_part_is_found(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("from mkdocs.structure.files import File\nimport mkdocs.config\n")
    assert _outside_config(_mkdocs_imports(tmp_path, tmp_path)) == {"bad.py": ["mkdocs.structure.files"]}


def _outside_config(imports: dict[str, list[str]]) -> dict[str, list[str]]:
    wrong = {path: [n for n in names if not n.startswith(ALLOWED)] for path, names in imports.items()}
    return {path: names for path, names in wrong.items() if names}
