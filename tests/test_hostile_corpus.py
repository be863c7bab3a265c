"""A hostile corpus, built for real: the files a diary collects over years, and some no one
should have. A non-strict build completes, each problem is named once with its file,
`--strict` fails, and no note is touched."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sitebuilder import build_site, paper

DEEP = "/".join(f"level{n}" for n in range(12))
BIG_PARAGRAPH = " ".join(f"word{n}" for n in range(400_000))  # ~3 MB, no full stop anywhere

CORPUS: dict[str, str | bytes] = {
    "index.md": "# Home\n\n<!-- paperdiary:diary -->\n",
    "rl/Binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00# Not text\n" + bytes(range(256)),
    "rl/Huge.md": "# A huge note\n\nDate: 2025-05-01\n\n" + BIG_PARAGRAPH + "\n",
    "rl/EmptyFront.md": "---\n---\n\n# Empty front matter\n\nDate: 2025-05-02\n\nBody.\n",
    "rl/OnlyFront.md": "---\n---\n",
    "rl/Empty.md": "",
    "rl/Utf16.md": "# Notes in UTF-16 é\n\nDate: 2025-05-12\n\nText.\n".encode("utf-16"),
    f"{DEEP}/Deep Note.md": paper("A deep note", "2025-05-03"),
    "Réseaux neuronaux/Attention est tout ce dont vous avez besoin.md": paper("Attention (fr)", "2025-05-04"),
    "日本語 ノート/論文 メモ.md": paper("論文のメモ", "2025-05-05"),
    "rl/Duplicate.md": "---\ntitle: One\ndate: 2025-05-06\ntitle: Two\n---\n\nBody.\n",
    "rl/Nul.md": "# Has a NUL\x00 byte\n\nDate: 2025-05-07\n\nText.\n",
    "rl/Unclosed.md": "# Unclosed fence\n\nDate: 2025-05-08\n\n```python\n<!-- paperdiary:diary -->\n[[Nowhere]]\n",
    "rl/Crlf.md": "\ufeff# CRLF and BOM\r\n\r\nDate: 2025-05-09\r\n\r\nText.\r\n",
    "rl/BadYaml.md": "---\ntitle: [unclosed\ndate: 2025-05-10\n---\n\n# Bad YAML\n",
    "rl/Scalar.md": "---\njust a string\n---\n\n# Scalar front matter\n",
    # 20,000 unclosed comments: the link scan once took minutes here (each one searched to the end)
    "rl/Comments.md": "# Unclosed comments\n\nDate: 2025-05-11\n\n" + "<!--" * 20_000 + "\n\n[[Nowhere]]\n",
}

# file -> the one warning expected about it (a piece of its text)
EXPECTED = {
    "rl/Binary.md": "is not text",
    "rl/OnlyFront.md": "has no heading",  # `---` twice is two rules to MkDocs, not front matter
    "rl/Empty.md": "is empty",
    "rl/Utf16.md": "is UTF-16 text",
    "rl/Duplicate.md": "has 'title' twice",
    "rl/BadYaml.md": "front matter is not valid YAML",
    "rl/Scalar.md": "front matter must be a mapping",
    "rl/Comments.md": "[[Nowhere]]",  # after unclosed comments, a reference is still checked
}


pytestmark = pytest.mark.slow  # three builds of a corpus with huge and deep notes


def snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(docs)): (p.read_bytes(), p.stat().st_mtime_ns) for p in docs.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    loose = build_site(root, CORPUS, level=logging.INFO)
    before = snapshot(root / "docs")
    loose = build_site(root, None, level=logging.INFO)
    strict = build_site(root, None, strict=True, level=logging.INFO)
    return root, loose, strict, before


def test_a_non_strict_build_completes(built) -> None:
    root, loose, _, _ = built
    assert loose.ok, loose.error
    papers = loose.papers()
    assert len(papers) == len(CORPUS) - 2  # every note but the home page and the binary file is a paper
    assert "rl/Binary.md" not in papers
    assert papers["rl/Utf16.md"]["title"] == "Notes in UTF-16 é"
    assert "\x00" not in papers["rl/Nul.md"]["title"]
    assert papers["rl/Huge.md"]["description"].endswith("…")
    assert len(papers["rl/Huge.md"]["description"]) <= 300
    assert papers["rl/Duplicate.md"]["title"] == "Two"
    assert papers[f"{DEEP}/Deep Note.md"]["title"] == "A deep note"
    assert (root / "site" / "日本語 ノート" / "論文 メモ" / "index.html").exists()
    assert "論文のメモ" in loose.html("diary/index.html")


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_each_problem_is_named_once_with_its_file(built, source: str) -> None:
    _, loose, _, _ = built
    about = [w for w in loose.all_warnings() if source in w]
    assert len(about) == 1, about
    assert EXPECTED[source] in about[0]


def test_no_other_file_gets_a_warning(built) -> None:
    _, loose, _, _ = built
    others = [w for w in loose.all_warnings() if not any(source in w for source in EXPECTED)]
    assert others == []


def test_strict_build_fails_on_the_hostile_corpus(built) -> None:
    _, _, strict, _ = built
    assert not strict.ok


def test_no_note_is_modified(built) -> None:
    root, _, _, before = built
    assert snapshot(root / "docs") == before
    assert not any(p.name.startswith(".") for p in (root / "docs").rglob("*"))


# Lines that made a pattern backtrack over the whole line from every bracket: a single line of
# 50,000 `[` took 277 s to index. Python-Markdown itself is slow on such a line (14 s for 5,000),
# so these are checked on the engine alone. No timing assertion: a regression shows as a hang.
@pytest.mark.parametrize("line", ["[" * 50_000, "[[" * 20_000, "[a](" * 20_000, "<!--" * 20_000])
def test_pathological_lines_are_indexed_and_scanned(line: str) -> None:
    from mkdocs_paperdiary.core.frontmatter import decode_source
    from mkdocs_paperdiary.core.index import IndexSettings, build_index
    from mkdocs_paperdiary.links.analysis import analyse_links

    source = decode_source("rl/Line.md", ("# A long line\n\n" + line + "\n").encode())
    index = build_index([source], IndexSettings())
    assert len(index.by_key["Line"].description) <= 300
    report = analyse_links(index, {source.path: source.text})
    assert all(problem.source == "rl/Line.md" for problem in report.diagnostics)
