"""Golden tests: each YAML file under golden/inference holds a small diary, the metadata the
index must read from it, and the exact log lines the build must produce."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sitebuilder import build_site

CASES = sorted((Path(__file__).parent / "golden" / "inference").glob("*.yml"))


def _content(value: str | dict) -> str | bytes:
    """A file as the fixture describes it: plain text, or text with an encoding, BOM or CRLF."""
    if isinstance(value, str):
        return value
    text = value["text"].replace("\n", "\r\n") if value.get("crlf") else value["text"]
    data = text.encode(value.get("encoding", "utf-8"))
    return b"\xef\xbb\xbf" + data if value.get("bom") else data


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load(case.read_text(encoding="utf-8"))
    files = {"index.md": "# Home\n", **{name: _content(v) for name, v in spec["files"].items()}}
    result = build_site(tmp_path, files, spec.get("config"))

    assert result.ok, result.error
    papers = result.papers()
    for source, expected in spec["papers"].items():
        assert source in papers, f"{source} was not indexed"
        got = {key: papers[source][key] for key in expected}
        assert got == expected, source
    for source in spec.get("absent", []):
        assert source not in papers
    assert sorted(result.log()) == sorted(spec["log"])
