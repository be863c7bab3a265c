"""The same diary on Zensical: `paperdiary build --engine zensical` stages the site and runs the real
`zensical` on it. Each page of the example and of a 600-note diary reads the same (text and
links) as the MkDocs build; the JSON index, the feed and the map's data are the same files."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pagetext import site_views
from sitebuilder import build_site, paper, seeded_cache, write_site
from templated_diary import write_diary

from mkdocs_paperdiary.cli.main import main

EXAMPLE = Path(__file__).resolve().parent.parent / "example_site"
GENERATED = ("diary/index.html", "topics/index.html", "stats/index.html", "map/index.html", "tags/index.html")
MAP_DATA = re.compile(r"data-paperdiary='([^']*)'")
FEED_LINK = re.compile(r'<link rel="alternate" type="application/rss\+xml"[^>]*>')

pytest.importorskip("zensical")
pytestmark = pytest.mark.slow


def paperdiary(*args: str) -> tuple[int, str, str]:
    """`paperdiary ARGS` in this process (Zensical itself runs in a child process)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def both_builds(root: Path) -> tuple[Path, Path, str]:
    """The site built by MkDocs (the plugin) and by Zensical (staged), and what Zensical's run said."""
    mkdocs = build_site(root, site_dir=str(root / "site-mkdocs"))
    assert mkdocs.ok, mkdocs.error
    code, out, err = paperdiary("build", "--engine", "zensical", "-f", str(root / "mkdocs.yml"))
    assert code == 0, err
    return root / "site-mkdocs", root / "site", out + err


def docs_digest(docs: Path) -> dict[str, str]:
    return {
        p.relative_to(docs).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in docs.rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory, paperdiary_cache: Path) -> tuple[Path, Path, Path, str]:
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(EXAMPLE, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site", ".cache"))
    seeded_cache(root / ".cache" / "plugin" / "paperdiary", paperdiary_cache)
    before = docs_digest(root / "docs")
    mkdocs, zensical, said = both_builds(root)
    assert docs_digest(root / "docs") == before  # notes are only read, and nothing lands in docs_dir
    return root, mkdocs, zensical, said


def assert_same_site(mkdocs: Path, zensical: Path) -> None:
    ours, theirs = site_views(mkdocs), site_views(zensical)
    assert sorted(theirs) == sorted(ours)
    for page, view in ours.items():
        assert theirs[page].text == view.text, page
        assert theirs[page].links == view.links, page
    for name in ("paperdiary.json", "feed.xml"):
        if (mkdocs / name).exists():
            assert (zensical / name).read_bytes() == (mkdocs / name).read_bytes(), name
    feed = [FEED_LINK.findall((site / "index.html").read_text(encoding="utf-8")) for site in (mkdocs, zensical)]
    assert feed[0] == feed[1]  # the feed announced in every page's head, when there is a feed
    maps = [MAP_DATA.findall((site / "map/index.html").read_text(encoding="utf-8")) for site in (mkdocs, zensical)]
    assert maps[0] and maps[0] == maps[1]


def test_the_example_on_zensical_has_every_generated_page_and_paper_page(example) -> None:
    root, mkdocs, zensical, said = example
    assert all((zensical / page).is_file() for page in GENERATED)
    papers = json.loads((zensical / "paperdiary.json").read_text(encoding="utf-8"))["papers"]
    assert len(papers) == 48
    for entry in papers:
        page = (zensical / entry["page"] / "index.html").read_text(encoding="utf-8")
        assert 'class="paperdiary-header"' in page, entry["source"]
    assert "does not exist" not in said and "No issues found" in said
    assert FEED_LINK.search((zensical / "map/index.html").read_text(encoding="utf-8"))


def test_the_example_reads_the_same_on_both_engines(example) -> None:
    _, mkdocs, zensical, _ = example
    assert_same_site(mkdocs, zensical)


def test_a_second_staging_writes_nothing_and_an_edit_writes_what_it_reaches(example) -> None:
    root = example[0]
    code, _, err = paperdiary("build", "--engine", "zensical", "-f", str(root / "mkdocs.yml"))
    assert code == 0 and "staged 0 changed and 0 removed files" in err
    note = root / "docs" / "reinforcement_learning" / "PPO.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("## Method", "A paragraph added while reading again.\n\n## Method"), encoding="utf-8")
    try:
        code, _, err = paperdiary("build", "--engine", "zensical", "-f", str(root / "mkdocs.yml"))
        # the note, and the JSON index, which gives the line of each citation the note makes
        assert code == 0 and "staged 2 changed and 0 removed files" in err
        assert err.split("stage/docs: ", 1)[1].split("\n")[0] == "reinforcement_learning/PPO.md, paperdiary.json"
        assert (
            "A paragraph added while reading again."
            in (root / "site/reinforcement_learning/PPO/index.html").read_text()
        )
    finally:
        note.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("papers", [600])
def test_a_600_note_diary_reads_the_same_on_both_engines(tmp_path: Path, paperdiary_cache: Path, papers: int) -> None:
    cache = seeded_cache(tmp_path / "cache", paperdiary_cache)
    config = write_diary(tmp_path, papers, plugin={"cache_dir": str(cache)}, theme={"name": "material"})
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["site_url"] = "https://example.org/notes/"
    # the same extensions on both engines: without any, each has defaults of its own (Zensical's
    # turn "5th" into 5<sup>th</sup>)
    settings["markdown_extensions"] = [{"toc": {"permalink": True}}, "admonition", "attr_list"]
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    mkdocs, zensical, said = both_builds(tmp_path)
    assert "does not exist" not in said
    assert_same_site(mkdocs, zensical)


BAD = {
    "index.md": "# Home\n\nSee [[No Such Paper]].\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20"),
    "rl/Broken.md": "---\ntitle: [unclosed\n---\n# Broken\n\nDate: 1st June 2p25\n",
}


def _our_warnings(log: str) -> list[str]:
    return sorted(
        line.split("paperdiary: ", 1)[1] for line in log.splitlines() if line.startswith("WARNING -  paperdiary")
    )


def test_our_warnings_are_the_same_on_both_engines_and_strict_fails_on_both(tmp_path: Path) -> None:
    config = write_site(tmp_path, BAD, {"theme": {"name": "material"}})
    mkdocs = build_site(tmp_path)
    warnings = sorted(mkdocs.warnings())
    assert len(warnings) >= 3  # the reference, the front matter and the date
    code, _, err = paperdiary("build", "--engine", "zensical", "-f", str(config))
    assert code == 0 and _our_warnings(err) == warnings
    assert not build_site(tmp_path, strict=True).ok
    code, _, err = paperdiary("build", "--engine", "zensical", "--strict", "-f", str(config))
    assert code == 1 and "Aborted with" in err and _our_warnings(err) == warnings


def test_a_zensical_failure_is_one_message_and_leaves_the_stage_and_the_notes(tmp_path: Path) -> None:
    files = {"index.md": "# Home\n", "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-20")}
    config = write_site(tmp_path, files, {"theme": {"name": "material", "custom_dir": "overrides"}})
    (tmp_path / "overrides").mkdir()
    before = docs_digest(tmp_path / "docs")
    shutil.rmtree(tmp_path / "overrides")  # Zensical refuses a custom_dir that is not there
    code, _, err = paperdiary("build", "--engine", "zensical", "-f", str(config))
    assert code == 1
    assert "zensical build failed" in err and "the staged tree is left at" in err
    stage = Path(err.split("the staged tree is left at ", 1)[1].split(" for a look")[0])
    assert (stage / "rl" / "PPO.md").is_file()
    assert docs_digest(tmp_path / "docs") == before and not (tmp_path / "site").exists()


def test_a_site_without_the_plugin_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search]\n", encoding="utf-8")
    code, _, err = paperdiary("build", "--engine", "zensical", "-f", str(tmp_path / "mkdocs.yml"))
    assert code == 2 and "does not use the paperdiary plugin" in err and len(err.strip().splitlines()) == 1


# `paperdiary` where `zensical` cannot be imported and is not on PATH.
WITHOUT_ZENSICAL = """
import importlib.machinery, sys
class Blocked:
    def find_spec(self, name, path=None, target=None):
        return importlib.machinery.ModuleSpec(name, self) if name.split(".")[0] == "zensical" else None
    def create_module(self, spec):
        raise ImportError("zensical is blocked by the test")
    def exec_module(self, module):
        pass
sys.meta_path.insert(0, Blocked())
from mkdocs_paperdiary.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_zensical_one_line_says_how_to_install_it(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"index.md": "# Home\n"})
    run = subprocess.run(
        [sys.executable, "-c", WITHOUT_ZENSICAL, "build", "--engine", "zensical", "-f", str(config)],
        env={**os.environ, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "paperdiary build: error: Zensical is not installed; install it with: pip install 'mkdocs-paperdiary[zensical]'"
    )
    assert not (tmp_path / "site").exists()
