"""Golden tests: each YAML file under golden/inference holds a small diary, the metadata the
index must read from it, and the exact log lines it must produce.

Every case is read by the engine alone (`build_index` and `analyse_links`, as the build and
`paperdiary check` both call them through `plugin.collect`; `build_index` only for a case marked
`engine: true`); one case is also built as a real site, whose `paperdiary.json` and log must
say the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site, read_by_engine

from mkdocs_paperdiary.pages.jsonindex import paper_json

CASES = sorted((Path(__file__).parent / "golden" / "inference").glob("*.yml"))


def _content(value: str | dict) -> str | bytes:
    """A file as the fixture describes it: plain text, or text with an encoding, BOM or CRLF."""
    if isinstance(value, str):
        return value
    text = value["text"].replace("\n", "\r\n") if value.get("crlf") else value["text"]
    data = text.encode(value.get("encoding", "utf-8"))
    return b"\xef\xbb\xbf" + data if value.get("bom") else data


def _files(spec: dict) -> dict[str, str | bytes]:
    return {"index.md": "# Home\n", **{name: _content(value) for name, value in spec["files"].items()}}


def _read_by_engine(spec: dict) -> tuple[dict[str, dict], list[str]]:
    """Papers (as paperdiary.json shows them) and log lines, from the engine alone."""
    # `engine: true`: the case is about the index alone (`build_index`), not its links.
    index, log = read_by_engine(_files(spec), spec.get("config"), links=not spec.get("engine"))
    return {paper.source: paper_json(paper) for paper in index.papers}, log


def _check(spec: dict, papers: dict[str, dict], log: list[str]) -> None:
    for source, expected in spec["papers"].items():
        assert source in papers, f"{source} was not indexed"
        got = {key: papers[source][key] for key in expected}
        assert got == expected, source
    for source in spec.get("absent", []):
        assert source not in papers
    assert sorted(log) == sorted(spec["log"])


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    _check(spec, *_read_by_engine(spec))


def test_a_real_build_reads_a_case_as_the_engine_does(tmp_path: Path) -> None:
    spec = yaml.safe_load((Path(__file__).parent / "golden" / "inference" / "month_first.yml").read_text("utf-8"))
    result = build_site(tmp_path, _files(spec), spec.get("config"))
    assert result.ok, result.error
    _check(spec, result.papers(), result.log())
    engine_papers, engine_log = _read_by_engine(spec)
    assert {
        source: {key: paper[key] for key in engine_papers[source]} for source, paper in result.papers().items()
    } == engine_papers
    assert result.log() == engine_log
