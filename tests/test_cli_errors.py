"""Mistakes on the command line: one line on stderr, exit status 2, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_paperdiary.cli.main import main

FIXTURE = Path(__file__).parent / "fixtures" / "legacy_diary"


@pytest.fixture
def site(legacy_site: Path) -> Path:
    return legacy_site


def fails(capsys, *args: str) -> str:
    """Run the CLI, expect exit status 2 and a single line on stderr; return that line."""
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err
    return err.strip()


def test_argument_mistakes_print_one_usage_line(site, capsys):
    assert fails(capsys).startswith("paperdiary: error: the following arguments are required: COMMAND")
    assert fails(capsys, "frobnicate").startswith("paperdiary: error: argument COMMAND: invalid choice: 'frobnicate'")
    assert fails(capsys, "new") == "paperdiary new: error: give the paper's title, --arxiv ID or --doi DOI"
    assert fails(capsys, "export").startswith("paperdiary export: error: add --format (bibtex, csv, json)")
    assert "invalid choice: 'yaml'" in fails(capsys, "export", "--format", "yaml")
    assert "invalid choice: 'both'" in fails(capsys, "import", "--prefer", "both")
    assert (
        fails(capsys, "new", "A", "--date", "sometime")
        == "paperdiary new: error: --date: could not read the date 'sometime'"
    )
    assert (
        fails(capsys, "new", "A", "--url", "javascript:alert(1)")
        == "paperdiary new: error: --url must be an http(s) link, got 'javascript:alert(1)'"
    )
    assert fails(capsys, "new", "A", "--topic", "a/b", "--new-topic").startswith(
        "paperdiary new: error: 'a/b' cannot be a folder name"
    )
    assert fails(capsys, "check", "--diary-list", "nowhere.md").startswith(
        "paperdiary check: error: no page 'nowhere.md' in "
    )
    (Path.cwd() / "taken").write_text("a file where a folder would go\n", encoding="utf-8")
    assert fails(capsys, "export", "-o", "taken/x.csv").startswith(
        "paperdiary export: error: cannot write 'taken/x.csv'"
    )


def test_site_mistakes_name_the_file_and_the_fix(site, capsys, tmp_path):
    assert (
        fails(capsys, "check", "-f", "missing.yml")
        == "paperdiary check: error: config file 'missing.yml' does not exist (pass the site's mkdocs.yml with -f)"
    )

    (site / "plain.yml").write_text("site_name: No plugin\ndocs_dir: docs\n", encoding="utf-8")
    assert fails(capsys, "check", "-f", "plain.yml").startswith(
        "paperdiary check: error: plain.yml does not use the paperdiary plugin"
    )

    (site / "broken.yml").write_text("site_name: [unclosed\n", encoding="utf-8")
    assert fails(capsys, "check", "-f", "broken.yml").startswith("paperdiary check: error: ")

    (site / "badopt.yml").write_text(
        "site_name: x\nplugins:\n  - paperdiary:\n      date_order: sideways\n", encoding="utf-8"
    )
    assert "date_order" in fails(capsys, "export", "--format", "json", "-f", "badopt.yml")

    empty = tmp_path / "empty"
    empty.mkdir()
    os.chdir(empty)
    assert (
        fails(capsys, "check")
        == "paperdiary check: error: no mkdocs.yml (or properdocs.yml) in this folder (run in the site's folder or pass -f path/to/mkdocs.yml)"
    )


def test_an_unreadable_page_is_one_line(site, capsys):
    (site / "docs" / "reinforcement_learning" / "Gone.md").symlink_to(site / "nowhere.md")
    assert fails(capsys, "check").startswith("paperdiary check: error: cannot read reinforcement_learning/Gone.md")


@pytest.mark.slow  # the CLI in fresh processes
def test_python_dash_m_runs_the_cli_without_torch_or_maps(site):
    probe = (
        "import sys, runpy; sys.argv = ['paperdiary', 'check', '--format', 'json'];"
        "code = None\n"
        "try: runpy.run_module('mkdocs_paperdiary', run_name='__main__')\n"
        "except SystemExit as done: code = done.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'sentence_transformers', 'umap', 'sklearn')"
        " or m in ('mkdocs_paperdiary.maps.embeddings', 'mkdocs_paperdiary.maps.projections', 'mkdocs_paperdiary.maps.clustering', 'mkdocs_paperdiary.maps.builder', 'mkdocs_paperdiary.pages.plots'))\n"
        "print('HEAVY', heavy, 'CODE', code, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=site, capture_output=True, text=True, check=False)
    assert "HEAVY [] CODE 1" in done.stderr, done.stderr

    missing = subprocess.run(
        [sys.executable, "-m", "mkdocs_paperdiary", "export", "--format", "csv", "-f", "nope.yml"],
        cwd=site,
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert (
        missing.stderr
        == "paperdiary export: error: config file 'nope.yml' does not exist (pass the site's mkdocs.yml with -f)\n"
    )
