"""Whole diaries in the shapes public paper-notes collections are kept in, read with zero config.

The diaries are generated (tests/templated_diary.py) with what each note says, so every field
the index reads can be checked against what was written.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitebuilder import build_site, write_site
from templated_diary import ShapedDiary, jekyll_diary, labelled_diary, readme_diary

from mkdocs_paperdiary.cli.main import main
from mkdocs_paperdiary.core.fields import is_section_name
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, PaperIndex, build_index


def index_of(files: dict[str, str]) -> PaperIndex:
    return build_index([decode_source(name, text.encode()) for name, text in files.items()], IndexSettings())


def test_a_labelled_field_diary_reads_every_field():
    diary = labelled_diary(100)
    index = index_of(diary.files)
    assert len(index) == 100
    for paper in index:
        written = diary.truth[paper.source]
        assert (paper.title, paper.url, paper.year) == (written["title"], written["url"], written["year"])
        assert list(paper.authors) == written["authors"]
        assert list(paper.tags) == written["tags"]
        assert paper.venue == f"{written['venue']} {written['year']}"
        assert paper.description == written["what"], paper.source  # the label item's child, never "What"
        assert not is_section_name(paper.description)
    assert [d for d in index.diagnostics if d.code in ("title", "duplicate-title")] == []


def test_a_jekyll_diary_describes_nearly_every_post():
    index = index_of(jekyll_diary(145).files)
    described = [paper for paper in index if paper.description]
    assert len(described) / len(index) >= 0.97, [p.source for p in index if not p.description]
    assert all(len(p.description) <= 300 and not p.description.startswith(("TL;DR", "**")) for p in described)


def test_a_readme_diary_is_titled_by_links_and_described_without_markers():
    diary = readme_diary(30)
    index = index_of(diary.files)
    for paper in index:
        written = diary.truth[paper.source]
        assert (paper.title, paper.url) == (written["title"], written["url"])
        assert paper.description.startswith(written["what"][:20]), paper.description
    assert [d for d in index.diagnostics if d.code == "title"] == []


def write(tmp_path: Path, diary: ShapedDiary) -> Path:
    return write_site(tmp_path, diary.files)  # README.md is the home page


def test_import_dates_every_listed_note_by_its_month_and_keeps_bodies(tmp_path, capsys):
    diary = readme_diary(30)
    config = write(tmp_path, diary)
    before = {name: (tmp_path / "docs" / name).read_bytes() for name in diary.truth}
    assert main(["import", "-f", str(config), "--diary-list", "README.md"]) == 0
    report = capsys.readouterr().out
    assert "README.md: diary list with 38 entries." in report
    for name, written in diary.truth.items():
        after = (tmp_path / "docs" / name).read_bytes()
        assert after.endswith(before[name])  # the body byte for byte
        front = after[: len(after) - len(before[name])].decode()
        assert f"date: '{written['month']}'\n" in front  # a month stays a month, never the 1st
        assert f"title: {written['title']}\n" in front and f"url: {written['url']}\n" in front
        assert not re.search(r"description: '?(TL|tl)", front)
    assert main(["import", "-f", str(config), "--diary-list", "README.md"]) == 0
    assert "Nothing to import" in capsys.readouterr().out


def test_a_month_only_note_reads_as_undated_day_in_the_diary_and_its_header(tmp_path):
    diary = readme_diary(3)
    diary.files["notes/dated.md"] = "# Deep Sets\n\nDate: 14th December 2018\n\nSets in, one vector out.\n"
    write(tmp_path, diary)
    assert main(["import", "-f", str(tmp_path / "mkdocs.yml"), "--diary-list", "README.md"]) == 0
    result = build_site(tmp_path, strict=True)
    assert result.ok, result.error
    page = result.html("diary/index.html")
    december = page[page.index('id="december-2018"') : page.index('id="november-2018"')]
    titles = [p["title"] for name, p in diary.truth.items() if p["month"] == "2018-12"]
    assert "<li>14th: " in december and "<li>undated day: <cite><a" in december
    assert all(title in december for title in titles)
    header = result.html(f"{next(iter(diary.truth)).removesuffix('.md')}/index.html")
    assert "Read in <a" in header and "December 2018</a>" in header


def test_import_writes_labelled_fields_into_front_matter_and_keeps_bodies(tmp_path, capsys):
    diary = labelled_diary(10)
    config = write_site(tmp_path, diary.files)
    before = {name: (tmp_path / "docs" / name).read_bytes() for name in diary.files}
    assert main(["import", "-f", str(config)]) == 0
    assert "Added front matter to 10 notes" in capsys.readouterr().out
    imported = {}
    for name, text in before.items():
        after = (tmp_path / "docs" / name).read_bytes()
        assert after.endswith(text) and after.startswith(b"---\n")
        front = after[: len(after) - len(text)].decode()
        assert front.count("\n") == 9  # the fences, title, url, authors, year, venue, tags, description
        imported[name] = after.decode()
    # Read back, front matter alone says what the body said.
    again = index_of({name: text.split("\n---\n", 1)[0] + "\n---\n" for name, text in imported.items()})
    for paper in again:
        written = diary.truth[paper.source]
        assert (paper.title, paper.url, paper.year) == (written["title"], written["url"], written["year"])
        assert (list(paper.authors), list(paper.tags)) == (written["authors"], written["tags"])


TITLED_BY_SHAPE = {
    "index.md": "# Home\n",
    "vision/adam.md": "# Paper\n\n* **Title**: Adam: A Method for Stochastic Optimization\n* **Year**: 2015\n\n"
    "# Summary\n\nA step size per weight, from running moments of the gradient.\n",
    "rl/her.md": "[Hindsight Experience Replay](https://arxiv.org/abs/1707.01495)\n\n"
    "TLDR; Failed episodes are replayed as if the reached state had been the goal.\n",
    "rl/ppo.md": "# Proximal Policy Optimization Algorithms\n\nA clipped objective keeps each update small.\n",
    "rl/hostile.md": "# Notes\n\nTitle: <script>alert(1)</script> Tom & Jerry\n\nA title that must stay text.\n",
}


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_navs_and_page_titles_name_papers_as_the_diary_does(tmp_path, theme):
    """A generic first heading or a bare title link never names the page in navs or `<title>`."""
    result = build_site(tmp_path, TITLED_BY_SHAPE, {"theme": {"name": theme}})
    assert result.ok, result.error
    page = result.html("rl/ppo/index.html")
    for title in ("Adam: A Method for Stochastic Optimization", "Hindsight Experience Replay"):
        assert re.search(rf">\s*{re.escape(title)}\s*<", page), title  # in the nav of another page
    assert not re.search(r">\s*(Paper|Her|Notes)\s*<", page)
    assert "<title>Adam: A Method for Stochastic Optimization" in result.html("vision/adam/index.html")
    assert "<title>Proximal Policy Optimization Algorithms" in page  # a heading that names the paper stays
    # the note's own body may hold raw HTML (markdown allows it); its title in navs and <title> is text
    assert "<script>alert(1)" not in page and "‹script&gt;alert(1)‹/script&gt; Tom &amp; Jerry" in page
    head = result.html("rl/hostile/index.html").split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in head and "alert(1)" in head
