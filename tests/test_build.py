"""A diarist's story, told with real builds: write summaries, build, read the pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuilder import build_site, gh_deploy, paper, write_site

HOME = "# My paper diary\n\n## Full Diary\n\n<!-- paperdiary:diary -->\n"

DIARY = {
    "index.md": HOME,
    "highlights.md": "# Highlights\n\nLessons.\n",
    "rl/PPO.md": paper("Proximal Policy Optimization", "2025-05-23", description="Clipped policy updates."),
    "rl/SAC.md": paper("Soft Actor-Critic", "2025-05-23", description="Entropy-regularised actor-critic."),
    "rl/DQN.md": paper("Playing Atari", "2025-06-02", description="Q-learning from pixels."),
    "diffusion/DDPM.md": paper("Denoising Diffusion", "2025-06-03"),
    "diffusion/DDIM.md": paper("Implicit Diffusion", "2025-06-04"),
    "diffusion/Old.md": "# Month Only Paper\n\n_April 2025_\n\nRead sometime that month.\n",
    "non_LLM_reinforcement_learning/Undated.md": paper("Undated Paper"),
}


def content(html: str) -> str:
    """The page's own content: from its H1 on, past the theme's navigation."""
    return html[html.index("<h1") :]


def entries(html: str) -> list[str]:
    """The list items of a page's content, as text, in order."""
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", content(html), re.S)]


def headings(html: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", content(html), re.S)
    return [re.sub(r"<[^>]+>", "", h).replace("¶", "").strip() for h in found]


@pytest.fixture(scope="module")
def diary_site(tmp_path_factory: pytest.TempPathFactory):
    return build_site(tmp_path_factory.mktemp("diary"), DIARY)


def test_full_diary_groups_by_month_newest_first(diary_site) -> None:
    html = diary_site.html("diary/index.html")
    assert headings(html, 2) == ["June 2025", "May 2025", "April 2025", "Undated"]
    assert entries(html)[:6] == [
        "4th: Implicit Diffusion: Notes.",
        "3rd: Denoising Diffusion: Notes.",
        "2nd: Playing Atari: Q-learning from pixels.",
        # two papers on one day keep a stable (title) order
        "23rd: Proximal Policy Optimization: Clipped policy updates.",
        "23rd: Soft Actor-Critic: Entropy-regularised actor-critic.",
        "Month Only Paper: Read sometime that month.",
    ]
    assert entries(html)[6] == "Undated Paper: Notes."
    assert '<a href="../rl/PPO/">Proximal Policy Optimization</a>' in html


def test_diary_order_oldest_lists_months_from_the_first(tmp_path: Path) -> None:
    result = build_site(tmp_path, DIARY, {"plugins": [{"paperdiary": {"diary_order": "oldest", "maps": False}}]})
    html = result.html("diary/index.html")
    assert headings(html, 2) == ["April 2025", "May 2025", "June 2025", "Undated"]
    assert entries(html)[1:3] == [
        "23rd: Proximal Policy Optimization: Clipped policy updates.",
        "23rd: Soft Actor-Critic: Entropy-regularised actor-critic.",
    ]


def test_diary_page_opens_with_the_reading_stats_line(diary_site) -> None:
    html = diary_site.html("diary/index.html")
    text = re.sub(r"<[^>]+>", "", html)
    # 7 papers; 6 dated over 1st April .. 4th June = 65 days; reading days 23/5, 2/6, 3/6, 4/6.
    assert (
        "7 papers read in 65 days (0.09 papers per day, on 4 different days); longest daily streak: 3 days (2nd June 2025 to 4th June 2025)."
        in text
    )
    assert diary_site.index()["stats"] == {
        "papers": 7,
        "dated": 6,
        "days": 65,
        "reading_days": 4,
        "papers_per_day": 0.09,
        "longest_streak": 3,
    }


def test_marker_on_home_page_is_replaced_with_relative_links(diary_site) -> None:
    html = diary_site.html("index.html")
    assert "paperdiary:diary" not in html
    assert headings(html, 3)[:2] == ["June 2025", "May 2025"]
    assert '<a href="rl/PPO/">Proximal Policy Optimization</a>' in html


def test_marker_in_code_block_is_left_alone(tmp_path: Path) -> None:
    files = {"index.md": "# Docs\n\n```\n<!-- paperdiary:diary -->\n```\n", "rl/A.md": paper("A", "2025-05-01")}
    html = build_site(tmp_path, files).html("index.html")
    assert "&lt;!-- paperdiary:diary --&gt;" in html
    assert "May 2025" not in html


def test_topics_page_lists_each_topic_with_count_and_latest_read(diary_site) -> None:
    html = diary_site.html("topics/index.html")
    assert headings(html, 2) == ["Diffusion", "Non-LLM Reinforcement Learning", "RL"]
    text = re.sub(r"<[^>]+>", " ", html)
    assert re.search(r"Diffusion\s+3\s+2025-06-04", text)
    assert re.search(r"RL\s+3\s+2025-06-02", text)
    assert "3 papers in <code>diffusion/</code>" in html


def test_json_index_holds_each_papers_metadata(diary_site) -> None:
    papers = diary_site.papers()
    assert papers["rl/PPO.md"] == {
        "key": "PPO",
        "title": "Proximal Policy Optimization",
        "date": "2025-05-23",
        "date_source": "front matter",
        "url": None,
        "topic": "rl",
        "topic_name": "RL",
        "page": "rl/PPO/",
        "source": "rl/PPO.md",
        "description": "Clipped policy updates.",
        "tags": [],
        "authors": [],
        "venue": None,
        "year": None,
        "aliases": [],
        "backlinks": [],
        "cites": [],
    }
    assert papers["diffusion/Old.md"]["date"] == "2025-04"
    assert papers["non_LLM_reinforcement_learning/Undated.md"]["date"] is None
    assert [p["source"] for p in diary_site.index()["papers"]][0] == "non_LLM_reinforcement_learning/Undated.md"


def test_automatic_nav_lists_generated_pages(diary_site) -> None:
    html = diary_site.html("index.html")
    links = {
        (re.sub(r"<[^>]+>", "", text).strip(), href)
        for href, text in re.findall(r'<a[^>]*?href="([^"]+)"[^>]*>(.*?)</a>', html, re.DOTALL)
    }
    assert {("Full Diary", "diary/"), ("Topics", "topics/")} <= links, sorted(links)
    for href in ("diary/", "topics/"):
        assert (diary_site.site_dir / href / "index.html").is_file()


def test_explicit_nav_places_generated_pages(tmp_path: Path) -> None:
    nav = [{"Home": "index.md"}, {"Diary": "diary/index.md"}, {"Topics": "topics/index.md"}, {"RL": ["rl/PPO.md"]}]
    files = {"index.md": "# Home\n", "rl/PPO.md": paper("PPO", "2025-05-23")}
    result = build_site(tmp_path, files, {"nav": nav}, strict=True)
    assert result.ok, result.all_warnings()
    html = result.html("rl/PPO/index.html")
    assert re.search(r'href="\.\./\.\./diary/"[^>]*>\s*Diary', html)


def test_user_page_at_generated_path_wins(tmp_path: Path) -> None:
    files = {"index.md": "# Home\n", "diary/index.md": "# My own diary\n", "rl/A.md": paper("A", "2025-05-01")}
    result = build_site(tmp_path, files)
    assert "My own diary" in result.html("diary/index.html")
    assert result.warnings() == [
        "diary/index.md: exists in docs_dir, so paperdiary does not generate it; remove the file or set another path in the plugin config."
    ]


def test_html_in_titles_and_descriptions_is_text(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)>"
    files = {
        "index.md": HOME,
        "rl/Evil.md": paper(
            evil, "2025-05-01", description="<script>alert(2)</script> *not emphasis* [x](javascript:alert(3))"
        ),
    }
    result = build_site(tmp_path, files)
    for page in ("diary/index.html", "topics/index.html", "index.html"):
        html = result.html(page)
        assert "<img src=x" not in html and "<script>alert(2)" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert 'href="javascript:' not in html
        assert "<em>not emphasis</em>" not in html


def test_bad_input_builds_but_fails_strict(tmp_path: Path) -> None:
    files = {
        "index.md": HOME,
        "rl/Bad.md": "---\ntitle: [oops\n---\n# Bad\n",
        "rl/Empty.md": "",
        "rl/Latin.md": "# Caf\xe9\n".encode("latin-1"),
        "rl/Good.md": paper("Good", "2025-05-01"),
    }
    loose = build_site(tmp_path / "loose", files)
    assert loose.ok
    assert len(loose.warnings()) == 3
    assert "Good" in loose.html("diary/index.html")
    assert "Caf\ufffd" in loose.html("rl/Latin/index.html")
    strict = build_site(tmp_path / "strict", files, strict=True)
    assert not strict.ok and "warnings" in strict.error


def test_clean_site_passes_strict_and_docs_dir_is_untouched(tmp_path: Path) -> None:
    config = write_site(tmp_path, DIARY)

    def snapshot() -> dict[str, bytes]:
        files = {str(p.relative_to(tmp_path)): p.read_bytes() for p in (tmp_path / "docs").rglob("*") if p.is_file()}
        return {**files, "mkdocs.yml": config.read_bytes()}

    before = snapshot()
    result = build_site(tmp_path, strict=True)
    assert result.ok, result.all_warnings()
    assert snapshot() == before  # no docs file (nor mkdocs.yml) added, removed or rewritten


@pytest.mark.parametrize("theme", ["mkdocs", "readthedocs", "material"])
def test_the_diary_builds_strictly_under_the_mkdocs_readthedocs_and_material_themes(tmp_path: Path, theme: str) -> None:
    config = {"theme": {"name": theme, "features": ["navigation.instant"]} if theme == "material" else {"name": theme}}
    result = build_site(tmp_path, DIARY, config, strict=True)
    assert result.ok, result.all_warnings()
    assert "4th: Implicit Diffusion: Notes." in entries(result.html("diary/index.html"))


def test_a_site_with_mkdocs_hooks_builds_and_runs_them(tmp_path: Path) -> None:
    """MkDocs keeps the modules `hooks:` lists among its plugins; they have no plugin config."""
    (tmp_path / "hooks.py").write_text(
        "def on_post_page(output, page, config):\n    return output.replace('</body>', '<!-- hooked --></body>')\n",
        encoding="utf-8",
    )
    result = build_site(tmp_path, DIARY, {"hooks": ["hooks.py"], "theme": {"name": "material"}}, strict=True)
    assert result.ok, result.all_warnings()
    assert "<!-- hooked -->" in result.html("diary/index.html")


def test_flat_urls_link_to_html_files(tmp_path: Path) -> None:
    result = build_site(tmp_path, DIARY, {"use_directory_urls": False})
    assert '<a href="../rl/PPO.html">Proximal Policy Optimization</a>' in result.html("diary/index.html")
    assert result.papers()["rl/PPO.md"]["page"] == "rl/PPO.html"


def test_rebuilds_with_one_plugin_object_do_not_keep_stale_papers(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from sitebuilder import build_config

    config_file = write_site(tmp_path, DIARY)
    first = build_config(config_file)
    build(first)
    (tmp_path / "docs" / "rl" / "SAC.md").unlink()
    second = build_config(config_file)
    # like `mkdocs serve`, MkDocs keeps plugins that declare on_startup alive across rebuilds
    assert second.plugins["paperdiary"] is first.plugins["paperdiary"]
    build(second)
    html = (tmp_path / "site" / "diary" / "index.html").read_text()
    assert "Soft Actor-Critic" not in html and "Proximal Policy Optimization" in html


def test_a_warm_build_reads_the_templates_compiled_by_the_last_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    from mkdocs_paperdiary.pages import jinja

    jinja.environment.cache_clear()  # as in a new process: no template compiled in memory
    first = build_site(tmp_path, DIARY)
    assert list((tmp_path / ".cache" / "plugin" / "paperdiary" / "templates").iterdir())
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *args: object, **kwargs: object):
        if self is jinja.environment():
            compiled.append(name or "")
        return compile_template(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    jinja.environment.cache_clear()  # the next build as a new process: the compiled templates on disk only
    try:
        second = build_site(tmp_path, DIARY)
    finally:
        jinja.environment.cache_clear()
    assert compiled == []
    assert second.html("diary/index.html") == first.html("diary/index.html")


def test_a_cache_folder_that_cannot_be_written_leaves_the_templates_compiled_in_memory(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would go")
    result = build_site(tmp_path, DIARY, {"plugins": [{"paperdiary": {"maps": False, "cache_dir": "cache"}}]})
    assert result.ok, result.error
    assert "Proximal Policy Optimization" in result.html("diary/index.html")


def _cli(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists():
        pytest.skip(f"{name} is not installed")
    return str(path)


@pytest.mark.slow  # `properdocs build` in a fresh process
def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    write_site(tmp_path, DIARY, {"theme": {"name": "material"}})
    run = subprocess.run(
        [_cli("properdocs"), "build", "--strict", "-f", "mkdocs.yml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert "4th: Implicit Diffusion: Notes." in entries((tmp_path / "site" / "diary" / "index.html").read_text())
    assert (tmp_path / "site" / "paperdiary.json").exists()


@pytest.mark.slow  # git and `mkdocs gh-deploy` in fresh processes
def test_gh_deploy_publishes_generated_pages(tmp_path: Path) -> None:
    deployed = gh_deploy(tmp_path, DIARY, {"site_url": "https://user.github.io/repo/"})
    assert deployed.run.returncode == 0, deployed.run.stderr
    assert {"diary/index.html", "topics/index.html", "paperdiary.json", "rl/PPO/index.html"} <= deployed.listing()
    diary = deployed.show("diary/index.html")
    # relative links keep working under the /repo/ sub-path
    assert 'href="../rl/PPO/"' in diary and 'href="/rl/' not in diary


def test_month_only_and_exact_dates_in_one_month_and_topic(tmp_path: Path) -> None:
    files = {
        "rl/Exact.md": paper("Exact Day", "2025-06-02"),
        "rl/Vague.md": "# Vague Month\n\n_June 2025_\n\nRead that month.\n",
    }
    result = build_site(tmp_path, files, strict=True)
    assert result.ok, result.error
    assert entries(result.html("diary/index.html"))[:2] == [
        "2nd: Exact Day: Notes.",
        "undated day: Vague Month: Read that month.",
    ]
    assert "2025-06-02" in result.html("topics/index.html")  # the latest read in the topic
