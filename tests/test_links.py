"""Cross-links told as a diarist's story: cite papers from a highlights page and from other
summaries, build, and find the backlinks on each paper's page, pointing at the citing section."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from sitebuilder import build_config, build_site, paper, write_site

from mkdocs_paperdiary.core.frontmatter import SourceText
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.links.analysis import LinkSettings, analyse_links, expand_references

HIGHLIGHTS = """\
# Highlights & Lessons Learned

## Reinforcement Learning

- Moments of uncertainty decide the update: see [[PPO]] and how [TRPO](rl/TRPO.md) bounds the step.

## Diffusion

Nothing yet.
"""

DIARY = {
    "index.md": "# My paper diary\n",
    "highlights.md": HIGHLIGHTS,
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-23", body="## Results\n\nClipping works."),
    "rl/TRPO.md": paper("Trust Region Policy Optimization", "2025-05-20"),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-21", body="## Thoughts\n\nUnlike [[PPO]], it is off-policy."),
}


def backlinks(html: str) -> list[tuple[str, str, str]]:
    """(section heading, link target, link text) of each backlink entry on a built page."""
    found = []
    for heading, body in re.findall(r'<h2 id="(cited-in|cited-by-papers)">.*?</h2>\s*<ul[^>]*>(.*?)</ul>', html, re.S):
        for href, text in re.findall(r'<li><cite><a href="([^"]*)">(.*?)</a>', body):
            found.append((heading, href, text))
    return found


@pytest.fixture(scope="module")
def diary_site(tmp_path_factory: pytest.TempPathFactory):
    return build_site(tmp_path_factory.mktemp("links"), DIARY, level=logging.INFO)


def test_backlinks_point_at_the_citing_sections(diary_site) -> None:
    assert diary_site.ok, diary_site.error
    assert backlinks(diary_site.html("rl/PPO/index.html")) == [
        (
            "cited-in",
            "../../highlights/#reinforcement-learning",
            "Highlights &amp; Lessons Learned › Reinforcement Learning",
        ),
        ("cited-by-papers", "../SAC/#thoughts", "Soft Actor-Critic › Thoughts"),
    ]
    assert backlinks(diary_site.html("rl/TRPO/index.html")) == [
        (
            "cited-in",
            "../../highlights/#reinforcement-learning",
            "Highlights &amp; Lessons Learned › Reinforcement Learning",
        ),
    ]
    assert backlinks(diary_site.html("rl/SAC/index.html")) == []
    assert 'id="reinforcement-learning"' in diary_site.html("highlights/index.html")


def test_backlinks_quote_the_citing_bullet(diary_site) -> None:
    html = diary_site.html("rl/PPO/index.html")
    assert "“Moments of uncertainty decide the update: see Proximal Policy Optimization and…”" in html
    assert "“Unlike Proximal Policy Optimization, it is off-policy.”" in html


def test_a_clean_cross_linked_site_only_mentions_its_orphan(diary_site) -> None:
    assert diary_site.log() == ["INFO: 1 paper is not cited or listed on any other page: rl/SAC.md."]
    assert [
        r.getMessage() for r in diary_site.records if r.name == "mkdocs.structure.pages" and r.levelno >= logging.INFO
    ] == []


def test_json_index_lists_backlinks_and_cites(diary_site) -> None:
    papers = diary_site.papers()
    assert papers["rl/PPO.md"]["backlinks"] == [
        {
            "source": "highlights.md",
            "anchor": "reinforcement-learning",
            "section": ["Highlights & Lessons Learned", "Reinforcement Learning"],
            "line": 5,
        },
        {"source": "rl/SAC.md", "anchor": "thoughts", "section": ["Soft Actor-Critic", "Thoughts"], "line": 10},
    ]
    assert papers["rl/SAC.md"]["cites"] == ["PPO"]
    assert papers["rl/PPO.md"]["cites"] == []


@pytest.mark.parametrize(
    "theme", [{"name": "mkdocs"}, {"name": "material", "features": ["navigation.instant"]}], ids=["mkdocs", "material"]
)
def test_backlinks_render_in_both_themes(theme: dict, tmp_path: Path) -> None:
    result = build_site(tmp_path, DIARY, {"theme": theme})
    assert result.ok, result.error
    html = result.html("rl/PPO/index.html")
    assert (
        "cited-in",
        "../../highlights/#reinforcement-learning",
        "Highlights &amp; Lessons Learned › Reinforcement Learning",
    ) in backlinks(html)


def test_backlinks_at_the_top_come_right_after_the_title(tmp_path: Path) -> None:
    result = build_site(tmp_path, DIARY, {"plugins": [{"paperdiary": {"backlinks": "top", "maps": False}}]})
    html = result.html("rl/PPO/index.html")
    assert html.index("Proximal Policy Optimization</h1>") < html.index('id="cited-in"') < html.index('id="results"')


def test_a_marker_places_backlinks_even_when_automatic_placement_is_off(tmp_path: Path) -> None:
    files = {
        **DIARY,
        "rl/TRPO.md": paper(
            "Trust Region Policy Optimization", "2025-05-20", body="<!-- paperdiary:backlinks -->\n\n## Method\n"
        ),
    }
    result = build_site(tmp_path, files, {"plugins": [{"paperdiary": {"backlinks": "off", "maps": False}}]})
    trpo = result.html("rl/TRPO/index.html")
    assert trpo.index('id="cited-in"') < trpo.index('id="method"')
    assert trpo.count('id="cited-in"') == 1
    assert backlinks(result.html("rl/PPO/index.html")) == []


def test_a_rebuild_with_the_same_plugin_shows_no_stale_backlinks(tmp_path: Path) -> None:
    config = build_config(write_site(tmp_path, DIARY))
    build(config)
    assert backlinks((tmp_path / "site" / "rl/TRPO/index.html").read_text(encoding="utf-8"))

    (tmp_path / "docs" / "highlights.md").write_text(
        HIGHLIGHTS.replace("[TRPO](rl/TRPO.md)", "[[SAC]]"), encoding="utf-8"
    )
    build(config)  # as `mkdocs serve` does: same config, same plugin object

    assert backlinks((tmp_path / "site" / "rl/TRPO/index.html").read_text(encoding="utf-8")) == []
    sac = backlinks((tmp_path / "site" / "rl/SAC/index.html").read_text(encoding="utf-8"))
    assert sac == [
        (
            "cited-in",
            "../../highlights/#reinforcement-learning",
            "Highlights &amp; Lessons Learned › Reinforcement Learning",
        )
    ]


def _mkdocs_build_strict(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        check=False,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""},
        timeout=120,
    )


def test_strict_build_fails_on_a_broken_reference_and_passes_when_clean(tmp_path: Path) -> None:
    write_site(tmp_path / "clean", DIARY)
    clean = _mkdocs_build_strict(tmp_path / "clean")
    assert clean.returncode == 0, clean.stderr

    write_site(tmp_path / "broken", {**DIARY, "highlights.md": HIGHLIGHTS.replace("[[PPO]]", "[[PPOO]]")})
    broken = _mkdocs_build_strict(tmp_path / "broken")
    assert broken.returncode != 0
    assert (
        "WARNING -  paperdiary: highlights.md:5: [[PPOO]] does not name any paper; did you mean [[PPO]]?"
        in broken.stderr
    )


# ---- the engine on its own ---------------------------------------------------------------------


def _index(docs: dict[str, str]):
    return build_index([SourceText(path, text) for path, text in docs.items()], IndexSettings())


def test_analyse_links_answers_who_cites_whom() -> None:
    docs = dict(DIARY)
    report = analyse_links(_index(docs), docs)
    assert [c.source for c in report.backlinks("PPO")] == ["highlights.md", "rl/SAC.md"]
    citation = report.backlinks("PPO")[0]
    assert (citation.line, citation.section, citation.anchor) == (
        5,
        ("Highlights & Lessons Learned", "Reinforcement Learning"),
        "reinforcement-learning",
    )
    assert report.cites("highlights.md") == ["PPO", "TRPO"]
    assert report.orphans == ["SAC"]
    assert [str(d) for d in report.diagnostics] == ["1 paper is not cited or listed on any other page: rl/SAC.md."]


def test_expand_references_is_relative_to_the_citing_page_and_skips_code() -> None:
    index = _index(DIARY)
    text = "See [[ppo]], [[Soft actor critic|SAC]] and `[[PPO]]`.\n\n```\n[[PPO]]\n```\n"
    assert expand_references(text, "notes/deep/page.md", index) == (
        'See [Proximal Policy Optimization](../../rl/PPO.md "Read 2025-05-23"), [SAC](../../rl/SAC.md "Read 2025-05-21")'
        " and `[[PPO]]`.\n\n```\n[[PPO]]\n```\n"
    )


def test_expand_references_escapes_titles_and_keeps_unknown_references_visible() -> None:
    docs = {"rl/X.md": paper("A ]tricky[ <b>title</b> with *stars*", "2025-01-02")}
    index = _index(docs)
    assert expand_references("[[X]] and [[Y|why]]", "index.md", index) == (
        '[A \\]tricky\\[ &lt;b&gt;title&lt;/b&gt; with \\*stars\\*](rl/X.md "Read 2025-01-02") and \\[\\[Y&\\#124;why\\]\\]'
    )


def test_a_custom_slugify_decides_anchors() -> None:
    docs = {
        "index.md": "# Home\n\n[[PPO#Key Idea]] and [results](rl/PPO.md#Results)\n",
        "rl/PPO.md": "# PPO\n\n## Key Idea\n\n## Results\n",
    }
    keep_case = LinkSettings(slugify=lambda value, separator: value.replace(" ", separator))
    report = analyse_links(_index(docs), docs, keep_case)
    assert [d for d in report.diagnostics if d.level == "warning"] == []
    assert expand_references(docs["index.md"], "index.md", _index(docs), slugify=keep_case.slugify).startswith(
        "# Home\n\n[PPO](rl/PPO.md#Key-Idea)"
    )


def test_setext_headings_reference_links_and_code_are_read_like_markdown() -> None:
    docs = {
        "index.md": (
            "Home\n====\n\nReading\n-------\n\nSee [PPO][p] and [[SAC]].\n\n    [ignored](nowhere.md)\n\n"
            "[p]: rl/PPO.md\n\n- an item\n\n    [continued](nowhere.md)\n"
        ),
        "rl/PPO.md": "# PPO\n",
        "rl/SAC.md": "# SAC\n\n```md\n[[Nope]] [x](nope.md)\n```\n",
    }
    report = analyse_links(_index(docs), docs)
    assert report.cites("index.md") == ["PPO", "SAC"]
    assert {(c.section, c.anchor) for c in report.backlinks("PPO")} == {(("Home", "Reading"), "reading")}
    # an indented block after a paragraph is code; the same indent inside a list item is its text
    assert [str(d) for d in report.diagnostics] == [
        "index.md:15: link 'nowhere.md' points to a page that does not exist."
    ]


@pytest.mark.parametrize("target", ["a.md", "a/b.md", "a/b/c.md", "a/index.md", "b/a.md", "a/bb/c.md", "x/y/z.md", "a"])
@pytest.mark.parametrize("start", ["index.md", "a/b.md", "a/b/index.md", "b/c.md", "x/y/z/w.md"])
def test_relative_source_agrees_with_posixpath(target: str, start: str) -> None:
    import posixpath

    from mkdocs_paperdiary.core.urls import relative_source

    assert relative_source(target, start) == posixpath.relpath(target, posixpath.dirname(start) or ".")
