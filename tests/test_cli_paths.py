"""The command line takes paths as a diarist types them: from the current folder (as the shell
completes them) or from docs_dir, a ProperDocs config without -f, and an export format read
from the output file's suffix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mkdocs_paperdiary.cli import main


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("typed", ["docs/index.md", "./docs/index.md", "index.md", "ABSOLUTE"])
def test_import_diary_list_from_the_site_folder(legacy_site: Path, capsys, typed: str) -> None:
    page = str(legacy_site / "docs" / "index.md") if typed == "ABSOLUTE" else typed
    code, out, err = cli(capsys, "import", "--diary-list", page, "--dry-run")
    assert code == 0, err
    reference = cli(capsys, "import", "--diary-list", "index.md", "--dry-run")
    assert (out, err) == reference[1:]
    assert "+++" in out  # the dry run shows the front matter the list adds


def test_the_issue_s_own_words_import_diary_list_docs_readme(legacy_site: Path, capsys) -> None:
    """A diary whose home page is docs/README.md, the list typed from the site folder."""
    expected = cli(capsys, "import", "--diary-list", "index.md", "--dry-run")
    (legacy_site / "docs" / "index.md").rename(legacy_site / "docs" / "README.md")
    code, out, err = cli(capsys, "import", "--diary-list", "docs/README.md", "--dry-run")
    assert code == 0, err
    assert out == expected[1]


def test_check_diary_list_from_inside_docs(legacy_site: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    from_site = cli(capsys, "check", "--format", "json", "--diary-list", "docs/index.md")
    monkeypatch.chdir(legacy_site / "docs")
    code, out, err = cli(capsys, "check", "-f", "../mkdocs.yml", "--format", "json", "--diary-list", "index.md")
    assert (code, out) == from_site[:2], err
    assert json.loads(out) is not None


def test_a_page_that_is_not_there_names_both_ways_to_give_it(legacy_site: Path, capsys) -> None:
    code, _, err = cli(capsys, "import", "--diary-list", "docs/nothere.md")
    assert code == 2
    assert "no page 'docs/nothere.md'" in err
    assert "docs/index.md" in err and "index.md" in err


@pytest.mark.parametrize("name", ["properdocs.yml", "mkdocs.yaml"])
def test_a_properdocs_or_yaml_config_is_found_without_f(legacy_site: Path, capsys, name: str) -> None:
    expected = cli(capsys, "check", "--format", "json")
    (legacy_site / "mkdocs.yml").rename(legacy_site / name)
    assert cli(capsys, "check", "--format", "json")[:2] == expected[:2]


def test_no_config_names_properdocs_too(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(capsys, "check")
    assert code == 2 and "no mkdocs.yml (or properdocs.yml)" in err


@pytest.mark.parametrize(
    ("output", "starts"),
    [("diary.bib", "@"), ("out/papers.json", "{"), ("exports/2025/diary.csv", "key,"), ("DIARY.BIB", "@")],
)
def test_export_reads_the_format_from_the_suffix_and_makes_the_folder(
    legacy_site: Path, capsys, output: str, starts: str
) -> None:
    code, out, err = cli(capsys, "export", "-o", output)
    assert code == 0, err
    assert out == ""
    assert (legacy_site / output).read_text(encoding="utf-8").lstrip().startswith(starts)


def test_export_with_an_unknown_suffix_asks_for_the_format(legacy_site: Path, capsys) -> None:
    code, _, err = cli(capsys, "export", "-o", "diary.txt")
    assert code == 2
    assert "--format" in err and ".bib" in err and ".csv" in err and ".json" in err
    assert not (legacy_site / "diary.txt").exists()
    assert cli(capsys, "export", "-o", "diary.txt", "--format", "csv")[0] == 0  # an explicit format still wins


def test_export_to_stdout_still_needs_a_format(legacy_site: Path, capsys) -> None:
    code, _, err = cli(capsys, "export")
    assert code == 2 and "--format" in err
