"""Golden tests for cross-links: each YAML file under golden/links holds a small diary, the exact
log lines paperdiary must print for it, the link messages MkDocs itself may still print (those
paperdiary reports are dropped from MkDocs' own log), and snippets the built HTML must contain.

The log lines come from the engine alone (`build_index`, `analyse_links`), as the plugin calls
it; the cases that expect MkDocs' messages or HTML are also built as real sites, whose log must
be the same, and one case is built with `--strict`.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site, read_by_engine

CASES = sorted((Path(__file__).parent / "golden" / "links").glob("*.yml"))


def _spec(case: Path) -> dict:
    return yaml.safe_load(case.read_text(encoding="utf-8"))


def _files(spec: dict) -> dict[str, str]:
    return {"index.md": "# Home\n", **spec["files"]}


def mkdocs_link_lines(result) -> list[str]:
    """MkDocs' own messages about links (not paperdiary's), as 'LEVEL: message'."""
    return [
        f"{r.levelname}: {r.getMessage()}"
        for r in result.records
        if r.name == "mkdocs.structure.pages" and r.levelno >= logging.INFO and "link" in r.getMessage()
    ]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path) -> None:
    spec = _spec(case)
    assert read_by_engine(_files(spec), spec.get("config"))[1] == spec["log"]


BUILT = [case for case in CASES if _spec(case)["mkdocs"] or _spec(case).get("html")]


@pytest.mark.parametrize("case", BUILT, ids=[c.stem for c in BUILT])
def test_golden_site(case: Path, tmp_path: Path) -> None:
    spec = _spec(case)
    result = build_site(tmp_path, _files(spec), spec.get("config"), level=logging.INFO)

    assert result.ok, result.error
    assert result.log() == spec["log"]
    assert mkdocs_link_lines(result) == spec["mkdocs"]
    for page, snippets in spec.get("html", {}).items():
        html = result.html(page)
        for snippet in snippets:
            assert snippet in html, f"{page} lacks {snippet!r}"


def test_strict_fails_on_link_warnings(tmp_path: Path) -> None:
    spec = _spec(next(case for case in CASES if case.stem == "suspicious_warning"))
    assert any(line.startswith("WARNING") for line in spec["log"])
    result = build_site(tmp_path, _files(spec), spec.get("config"), strict=True)
    assert not result.ok
    assert "Aborted with" in (result.error or "")
