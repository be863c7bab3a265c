"""Golden tests: each YAML file under golden/inference holds a small diary, the metadata the
index must read from it, and the exact log lines it must produce.

A case with `engine: true` is read by the engine alone (`build_index`, as the plugin and the
CLI both do); the others are built as a real site, so the log lines are MkDocs' own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site

from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.pages.jsonindex import paper_json

CASES = sorted((Path(__file__).parent / "golden" / "inference").glob("*.yml"))


def _content(value: str | dict) -> str | bytes:
    """A file as the fixture describes it: plain text, or text with an encoding, BOM or CRLF."""
    if isinstance(value, str):
        return value
    text = value["text"].replace("\n", "\r\n") if value.get("crlf") else value["text"]
    data = text.encode(value.get("encoding", "utf-8"))
    return b"\xef\xbb\xbf" + data if value.get("bom") else data


def _read_by_engine(files: dict[str, str | bytes]) -> tuple[dict[str, dict], list[str]]:
    """Papers (as paperdiary.json shows them) and log lines, from the index alone."""
    sources = [decode_source(name, c if isinstance(c, bytes) else c.encode()) for name, c in files.items()]
    index = build_index(sources, IndexSettings())
    log = [f"{d.level.upper()}: {d}" for d in index.diagnostics]
    return {paper.source: paper_json(paper) for paper in index.papers}, log


def _read_by_build(files: dict[str, str | bytes], config: dict | None, tmp_path: Path) -> tuple[dict, list[str]]:
    result = build_site(tmp_path, {"index.md": "# Home\n", **files}, config)
    assert result.ok, result.error
    return result.papers(), result.log()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    files = {name: _content(v) for name, v in spec["files"].items()}
    if spec.get("engine"):
        papers, log = _read_by_engine(files)
    else:
        papers, log = _read_by_build(files, spec.get("config"), tmp_path)

    for source, expected in spec["papers"].items():
        assert source in papers, f"{source} was not indexed"
        got = {key: papers[source][key] for key in expected}
        assert got == expected, source
    for source in spec.get("absent", []):
        assert source not in papers
    assert sorted(log) == sorted(spec["log"])
