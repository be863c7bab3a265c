"""Whole generated diaries of issue 29's shapes, read with zero config: every field as written,
and no description that is a venue line, a rating line or a bare label."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from shaped_diaries import grouped_readme_diary, jekyll_keys_diary, named_cjk_diary, venue_line_diary
from sitebuilder import build_site, git_env, write_site

from mkdocs_paperdiary.authoring.diarylist import match_list, parse_diary_list
from mkdocs_paperdiary.core.fields import is_rating, is_section_name, venue_line
from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import EXTENSIONS, IndexSettings, PaperIndex, build_index


def index_of(files: dict[str, str]) -> PaperIndex:
    return build_index([decode_source(name, text.encode()) for name, text in files.items()], IndexSettings())


def never_metadata(description: str) -> bool:
    return bool(description) and not (venue_line(description) or is_rating(description) or is_section_name(description))


def test_a_jekyll_blog_with_its_own_keys_reads_every_post():
    diary = jekyll_keys_diary(120)
    index = index_of(diary.files)
    assert len(index) == 120  # `.markdown` and `.mdown` posts too
    for paper in index:
        written = diary.truth[paper.source]
        assert (paper.title, paper.url, paper.year, paper.venue) == (
            written["title"],
            written["url"],
            written["year"],
            written["venue"],
        ), paper.source
        assert (list(paper.tags), paper.date.iso()) == (written["tags"], written["date"]), paper.source
        assert paper.description == written["what"], paper.source
    no_link = [d for d in index.diagnostics if d.code == "no-link"]
    assert len(no_link) == 1 and no_link[0].message.startswith(
        "4 notes have a link value"
    )  # "N/A" twice, a title twice; "" is no value
    assert [d for d in index.diagnostics if d.level == "warning"] == []


def test_notes_opening_with_a_link_heading_and_a_venue_line_read_title_link_venue_and_year():
    diary = venue_line_diary(121)
    index = index_of(diary.files)
    for paper in index:
        written = diary.truth[paper.source]
        assert (paper.title, paper.url, paper.venue, paper.year) == (
            written["title"],
            written["url"],
            written["venue"],
            written["year"],
        ), paper.source
        assert paper.description == written["what"], paper.source
        assert never_metadata(paper.description)


def test_notes_named_for_year_and_venue_with_chinese_bodies():
    diary = named_cjk_diary(100)
    index = index_of(diary.files)
    for paper in index:
        written = diary.truth[paper.source]
        got = (paper.title, paper.url, paper.year, paper.venue, paper.description)
        assert got == (written["title"], written["url"], written["year"], written["venue"], written["what"]), got


def test_a_readme_with_words_after_months_and_grouped_entries_dates_every_note():
    diary = grouped_readme_diary(96)
    index = index_of(diary.files)
    listed = parse_diary_list(decode_source("README.md", diary.files["README.md"].encode()))
    matches = match_list(listed, index)
    months = {match.paper.source: match.entry.date.iso() for match in matches.matched if match.entry.date}
    assert months == {source: written["month"] for source, written in diary.truth.items()}
    assert [entry.description for entry in listed.entries if entry.description] == []  # no label wrapped on


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_diary_dated_only_in_git_is_dated_in_a_real_build(tmp_path: Path):
    diary = named_cjk_diary(40)
    write_site(tmp_path, {"index.md": "# Home\n", **diary.files})
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "notes"]):
        env = {
            **git_env(),
            "GIT_AUTHOR_DATE": "2024-05-06T20:00:00+08:00",
            "GIT_COMMITTER_DATE": "2024-05-06T20:00:00+08:00",
        }
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)
    result = build_site(tmp_path)
    assert result.ok, result.error
    papers = result.papers()
    dated = {source: (papers[source]["date"], papers[source]["date_source"]) for source in diary.truth}
    assert dated == dict.fromkeys(diary.truth, ("2024-05-06", "git"))
    assert result.warnings() == []


def test_every_page_extension_mkdocs_reads_is_a_paper_and_its_index_pages_are_not():
    import mkdocs.utils

    assert sorted(EXTENSIONS) == sorted(mkdocs.utils.markdown_extensions)
    settings = IndexSettings()
    for extension in EXTENSIONS:
        assert settings.matches(f"_posts/2021-01-02-a post{extension}")
        assert not settings.matches(f"_posts/index{extension}") and not settings.matches(f"notes/README{extension}")
        assert not settings.matches(f"top-level{extension}")
    assert not settings.matches("_posts/figure.png")
    assert IndexSettings(include=("posts/*.markdown",)).matches("posts/x.markdown")  # a glob of its own still holds


def test_a_jekyll_blog_builds_with_escaped_links_and_its_liquid_left_as_text(tmp_path: Path):
    diary = jekyll_keys_diary(8)
    result = build_site(tmp_path, {"index.md": "# Home\n", **diary.files}, {"site_url": "https://example.org/"})
    assert result.ok, result.error
    assert len(result.papers()) == 8
    page = result.html("diary/index.html")
    assert 'href="../_posts/2019-01-06-Post%20number%200/"' in page
    assert "<link>https://example.org/_posts/2019-01-06-Post%20number%200/</link>" in result.html("feed.xml")
    post = result.html("_posts/2019-01-06-Post number 0/index.html")
    assert "{% include figure.html %}" in post and "{{ y }}" in post  # Liquid is the diarist's text
