"""Summary pages show their paper: a header with the link, authors, venue, read date, topic and
tags; a BibTeX block to cite it; metadata the search finds. The nav reads like the topics page,
and a feed lists the latest papers. Every test builds a real site and reads what came out."""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser

import bibtexparser
import feedparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from sitebuilder import build_site, paper, parse_html
from test_hostile_meta import BREAKOUT, injected

SITE_URL = "https://example.org/diary/"
THEMES = [pytest.param({}, id="mkdocs"), pytest.param({"theme": {"name": "material"}}, id="material")]

PPO_TITLE = "Proximal Policy Optimization Algorithms"
PPO = paper(
    PPO_TITLE,
    "2025-03-04",
    url="https://arxiv.org/abs/1707.06347",
    authors=["John Schulman", "Filip Wolski", "Prafulla Dhariwal", "Alec Radford", "Oleg Klimov"],
    venue="arXiv",
    year=2017,
    tags=["policy-gradient", "on-policy"],
    description="Clipped probability ratios keep each policy update small.",
)
QMIX_TITLE = "QMIX: Monotonic Value Function Factorisation"
QMIX = paper(
    QMIX_TITLE,
    "2025-03-09",
    url="https://arxiv.org/abs/1803.11485",
    authors=["Tabish Rashid", "Mikayel Samvelyan"],
    venue="ICML 2018",
    year=2018,
    tags=["value-decomposition"],
)
LEGACY = "# [Trust Region Policy Optimization](https://arxiv.org/abs/1502.05477)\n\nDate: 2nd February 2025\n\nNotes.\n"
FILES = {
    "index.md": "# Home\n\nMy diary.\n",
    "reinforcement_learning/PPO.md": PPO,
    "reinforcement_learning/TRPO.md": LEGACY,
    "multi_agent_RL/value_based/QMIX.md": QMIX,
}


class Header(HTMLParser):
    """The text, links and BibTeX of the paper header on a built page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False
        self.text, self.code = "", ""
        self.links: list[tuple[str, str]] = []
        self._depth = 0
        self._href: str | None = None
        self._link_text = ""
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and "paperdiary-header" in classes and not self._depth:
            self.found, self._depth = True, 1
            return
        if not self._depth:
            return
        self._depth += tag == "div"
        if tag == "a":
            self._href, self._link_text = dict(attrs).get("href") or "", ""
        self._in_code = self._in_code or tag == "code"

    def handle_endtag(self, tag: str) -> None:
        if not self._depth:
            return
        if tag == "div":
            self._depth -= 1
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, self._link_text))
            self._href = None
        elif tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if not self._depth:
            return
        if self._in_code:
            self.code += data
            return
        self.text += data
        if self._href is not None:
            self._link_text += data


def header(page: str) -> Header:
    return parse_html(Header(), page)


def squashed(text: str) -> str:
    return " ".join(text.split())


def build(tmp_path, files=FILES, config=None, **kwargs):
    result = build_site(tmp_path, files, {"site_url": SITE_URL, **(config or {})}, **kwargs)
    assert result.ok, result.error
    return result


@pytest.mark.parametrize("theme", THEMES)
def test_a_summary_shows_its_paper_and_how_to_cite_it(tmp_path, theme):
    result = build(tmp_path, config=theme, strict=True)
    found = header(result.html("reinforcement_learning/PPO/index.html"))
    text = squashed(found.text)
    assert ("https://arxiv.org/abs/1707.06347", PPO_TITLE) in found.links
    assert "John Schulman, Filip Wolski, Prafulla Dhariwal et al. · arXiv, 2017" in text
    assert "Read on 4th March 2025" in text
    assert ("../../diary/#march-2025", "4th March 2025") in found.links
    assert ("../../topics/#reinforcement-learning", "Reinforcement Learning") in found.links
    assert ("../../tags/#policy-gradient", "policy-gradient") in found.links
    assert ("../../tags/#on-policy", "on-policy") in found.links
    # The links land on headings that exist.
    assert 'id="march-2025"' in result.html("diary/index.html")
    assert 'id="reinforcement-learning"' in result.html("topics/index.html")
    assert 'id="policy-gradient"' in result.html("tags/index.html")
    # The citation is the export's entry, and a BibTeX parser reads it.
    library = bibtexparser.parse_string(found.code)
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert (entry.entry_type, entry.key) == ("misc", "schulman2017proximal")
    assert entry.fields_dict["eprint"].value == "1707.06347"
    assert "Oleg Klimov" in entry.fields_dict["author"].value


@pytest.mark.parametrize("theme", THEMES)
def test_search_finds_authors_venue_and_tags(tmp_path, theme):
    result = build(tmp_path, config={**theme, "plugins": ["search", {"paperdiary": {"maps": False}}]})
    docs = json.loads(result.html("search/search_index.json"))["docs"]
    ppo = " ".join(doc["text"] for doc in docs if doc["location"].startswith("reinforcement_learning/PPO/"))
    qmix = " ".join(doc["text"] for doc in docs if doc["location"].startswith("multi_agent_RL/value_based/QMIX/"))
    assert "Schulman" in ppo and "Klimov" in ppo  # the fifth author is in the citation
    assert "policy-gradient" in ppo
    assert "ICML 2018" in qmix and "Samvelyan" in qmix


def test_search_finds_a_citation_on_the_citing_page_not_in_the_cited_papers_list(tmp_path):
    files = {**FILES, "notes.md": "# Notes\n\nSee [[PPO]] for the zebra-striped clipping idea.\n"}
    config = {"theme": {"name": "material"}, "plugins": ["search", {"paperdiary": {"maps": False}}]}
    result = build(tmp_path, files, config)
    assert "zebra-striped" in result.html("reinforcement_learning/PPO/index.html")  # the reader sees it
    docs = json.loads(result.html("search/search_index.json"))["docs"]
    found = [doc["location"] for doc in docs if "zebra" in doc["text"]]
    assert found and all(location.startswith("notes/") for location in found)


def test_a_note_that_links_its_paper_under_its_title_keeps_one_link(tmp_path):
    result = build(tmp_path)
    found = header(result.html("reinforcement_learning/TRPO/index.html"))
    assert found.found
    assert not any("1502.05477" in href for href, _ in found.links)  # the note's own title links it
    assert "Read on 2nd February 2025" in squashed(found.text)
    assert result.html("reinforcement_learning/TRPO/index.html").count('href="https://arxiv.org/abs/1502.05477"') == 1


def test_header_under_the_title_at_the_top_by_marker_or_off(tmp_path):
    files = {
        **FILES,
        "reinforcement_learning/Marked.md": paper(
            "Marked", "2025-03-05", body="First.\n\n<!-- paperdiary:header -->\n\nLast."
        ),
    }
    below = build(tmp_path / "below", files).html("reinforcement_learning/PPO/index.html")
    assert below.index("<h1") < below.index("paperdiary-header") < below.index("Notes.")
    marked = build(tmp_path / "marked", files).html("reinforcement_learning/Marked/index.html")
    assert marked.index("First.") < marked.index("paperdiary-header") < marked.index("Last.")
    assert marked.count('class="paperdiary-header"') == 1
    top = build(tmp_path / "top", files, {"plugins": [{"paperdiary": {"maps": False, "paper_header": "top"}}]})
    page = top.html("reinforcement_learning/PPO/index.html")
    assert page.index("paperdiary-header") < page.index("<h1")
    off = build(tmp_path / "off", files, {"plugins": [{"paperdiary": {"maps": False, "paper_header": "off"}}]})
    assert "paperdiary-header" not in off.html("reinforcement_learning/PPO/index.html")
    assert "paperdiary-header" in off.html("reinforcement_learning/Marked/index.html")  # placed by hand


def test_header_of_a_note_without_a_heading_goes_on_top_not_into_a_generated_section(tmp_path):
    untitled = paper("Untitled Paper", "2025-03-06", url="https://example.org/u").replace("# Untitled Paper\n\n", "")
    files = {
        **FILES,
        "reinforcement_learning/Untitled.md": untitled,
        "notes.md": "# Notes\n\nSee [[Untitled Paper]].\n",
    }
    page = build(tmp_path, files).html("reinforcement_learning/Untitled/index.html")
    assert page.index("paperdiary-header") < page.index("Notes.") < page.index('id="cited-in"')
    assert page.count('class="paperdiary-header"') == 1


def test_backlinks_on_top_come_after_the_header(tmp_path):
    files = {**FILES, "notes.md": "# Notes\n\nSee [[PPO]].\n"}
    config = {"plugins": [{"paperdiary": {"maps": False, "backlinks": "top"}}]}
    page = build(tmp_path, files, config).html("reinforcement_learning/PPO/index.html")
    assert page.index("<h1") < page.index("paperdiary-header") < page.index('id="cited-in"') < page.index("Notes.")


def test_unknown_marker_is_reported_at_its_line(tmp_path):
    files = {
        **FILES,
        "reinforcement_learning/Marked.md": paper("Marked", "2025-03-05", body="x\n\n<!-- paperdiary:nope -->"),
    }
    result = build(tmp_path, files)
    text = files["reinforcement_learning/Marked.md"]
    line = text.split("\n").index("<!-- paperdiary:nope -->") + 1
    assert any(w.startswith(f"reinforcement_learning/Marked.md:{line}: unknown marker") for w in result.warnings())


def test_authors_are_shortened_past_the_configured_count(tmp_path):
    result = build(tmp_path, config={"plugins": [{"paperdiary": {"maps": False, "header_authors": 1}}]})
    text = squashed(header(result.html("reinforcement_learning/PPO/index.html")).text)
    assert "John Schulman et al. · arXiv, 2017" in text


def nav_titles(page: str, theme: str) -> list[str]:
    """The section titles of the site nav, in order."""

    class Nav(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.titles: list[str] = []
            self._take = False

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            classes = (attrs.get("class") or "").split()
            if theme == "material":
                self._take = self._take or (tag == "label" and "md-nav__link" in classes and attrs.get("for"))
            else:
                self._take = tag == "a" and "dropdown-toggle" in classes

        def handle_endtag(self, tag):
            if tag in ("label", "a"):
                self._take = False

        def handle_data(self, data):
            if self._take and data.strip():
                self.titles.append(data.strip())
                self._take = False

    nav = Nav()
    nav.feed(page)
    return list(dict.fromkeys(nav.titles))


@pytest.mark.parametrize("theme", THEMES)
def test_nav_sections_are_named_like_the_topics_page(tmp_path, theme):
    config = {**theme, "plugins": [{"paperdiary": {"maps": False, "topic_names": {"multi_agent_RL": "MARL"}}}]}
    result = build(tmp_path, config=config)
    titles = nav_titles(result.html("index.html"), "material" if theme else "mkdocs")
    topics = result.html("topics/index.html")
    for name in ("MARL", "Reinforcement Learning"):
        assert name in titles and f">{name}<" in topics
    if theme:  # the default theme's top bar shows one level; Material shows nested sections too
        assert "Value Based" in titles
    assert titles[-1] == "Diary"  # the generated pages, together, after the topics
    assert "multi agent RL" not in titles and "Topics" not in titles


def test_generated_pages_can_come_first_under_their_own_title(tmp_path):
    config = {"plugins": [{"paperdiary": {"maps": False, "nav_section": "Reading", "nav_section_position": "first"}}]}
    page = build(tmp_path, config=config).html("index.html")
    assert nav_titles(page, "mkdocs")[0] == "Reading"
    assert page.index(">Full Diary<") < page.index(">Reinforcement Learning<")


def test_an_explicit_nav_is_left_as_written(tmp_path):
    config = {"nav": [{"Home": "index.md"}, {"my rl notes": ["reinforcement_learning/PPO.md"]}]}
    result = build(tmp_path, config=config)
    titles = nav_titles(result.html("index.html"), "mkdocs")
    assert titles == ["my rl notes"]


@pytest.mark.parametrize("theme", THEMES)
def test_feed_lists_the_latest_papers_newest_first(tmp_path, theme):
    result = build(tmp_path, config=theme, strict=True)
    feed = feedparser.parse(result.html("feed.xml"))
    assert feed.bozo == 0 and feed.version == "rss20"
    assert [entry.title for entry in feed.entries] == [QMIX_TITLE, PPO_TITLE, "Trust Region Policy Optimization"]
    assert feed.entries[0].link == SITE_URL + "multi_agent_RL/value_based/QMIX/"
    assert all(entry.link.startswith(SITE_URL) for entry in feed.entries)
    ppo = feed.entries[1]
    assert ppo.published_parsed[:3] == (2025, 3, 4)
    assert ppo.author == "John Schulman, Filip Wolski, Prafulla Dhariwal, Alec Radford, Oleg Klimov"
    assert ppo.tags[0].term == "Reinforcement Learning"
    assert ppo.summary == "Clipped probability ratios keep each policy update small."
    for page in ("index.html", "reinforcement_learning/PPO/index.html", "diary/index.html"):
        head = result.html(page).split("</head>")[0]
        assert f'<link rel="alternate" type="application/rss+xml" title="Test diary" href="{SITE_URL}feed.xml">' in head


def test_feed_keeps_the_latest_n_and_can_be_renamed(tmp_path):
    config = {"plugins": [{"paperdiary": {"maps": False, "feed": "papers.xml", "feed_items": 1}}]}
    result = build(tmp_path, config=config)
    feed = feedparser.parse(result.html("papers.xml"))
    assert [entry.link for entry in feed.entries] == [SITE_URL + "multi_agent_RL/value_based/QMIX/"]
    assert not (result.site_dir / "feed.xml").exists()


def test_no_site_url_no_feed_and_a_warning_that_says_where(tmp_path):
    config = {"site_url": None, "plugins": [{"paperdiary": {"maps": False, "feed": "feed.xml"}}]}
    result = build_site(tmp_path, FILES, config)
    assert not (result.site_dir / "feed.xml").exists()
    assert 'type="application/rss+xml"' not in result.html("index.html")
    (warning,) = [line for line in result.warnings() if "feed" in line]
    assert "mkdocs.yml" in warning and "site_url" in warning


def test_the_default_feed_without_site_url_only_says_so(tmp_path):
    result = build_site(tmp_path / "site", FILES, {"site_url": None}, strict=True)
    assert result.ok, result.error  # a site without site_url still builds with --strict
    assert not (result.site_dir / "feed.xml").exists()
    assert any("site_url" in line for line in result.log(logging.DEBUG)) and not result.warnings()
    assert not any("site_url" in line for line in result.log(logging.INFO))  # builds stay quiet about it


def test_tags_page_lists_papers_by_tag(tmp_path):
    page = build(tmp_path).html("tags/index.html")
    assert page.index('id="on-policy"') < page.index('id="policy-gradient"') < page.index('id="value-decomposition"')
    assert 'href="../reinforcement_learning/PPO/"' in page


def test_material_tags_plugin_gets_the_paper_tags(tmp_path):
    files = {
        **FILES,
        "reinforcement_learning/PPO.md": PPO.replace(
            "tags:\n- policy-gradient\n- on-policy\n", "tags: policy-gradient, on-policy\n"
        ),
    }
    assert files["reinforcement_learning/PPO.md"] != PPO
    config = {"theme": {"name": "material"}, "plugins": ["tags", {"paperdiary": {"maps": False}}]}
    result = build(tmp_path, files, config)
    assert not (result.site_dir / "tags").exists()  # Material's plugin lists tags; no second page
    page = result.html("reinforcement_learning/PPO/index.html")
    assert page.count('class="md-tag') >= 2 and ">on-policy<" in page
    assert not any(href.startswith("../../tags/") for href, _ in header(page).links)


def test_material_tags_plugin_prints_hostile_tags_as_text(tmp_path):
    files = {
        "index.md": "# Home\n\n<!-- material/tags -->\n",
        "rl/Evil.md": paper("Evil", "2025-01-01", tags=[BREAKOUT, "R&D"]),
    }
    config = {"theme": {"name": "material"}, "plugins": ["tags", {"paperdiary": {"maps": False}}]}
    result = build(tmp_path, files, config)
    page = result.html("rl/Evil/index.html")
    assert injected(page) == [] and injected(result.html("index.html")) == []
    assert 'class="md-tag">R&amp;D</a>' in page  # shown as written, escaped once


HOSTILE_TITLE = "{Unbalanced} 100% & #1 </code> " + BREAKOUT


@pytest.mark.parametrize("theme", THEMES)
def test_hostile_title_and_javascript_url_stay_inert(tmp_path, theme):
    files = {
        **FILES,
        # The title comes from front matter; the note's own heading is the user's markdown.
        "reinforcement_learning/Evil.md": paper(
            HOSTILE_TITLE, "2025-04-01", url="javascript:alert(1)", authors=[BREAKOUT], tags=[BREAKOUT], venue=BREAKOUT
        ).replace("# " + HOSTILE_TITLE, "# Evil"),
        "reinforcement_learning/EvilLegacy.md": "# [Evil legacy](javascript:alert(4))\n\nDate: 3rd April 2025\n",
    }
    result = build(tmp_path, files, theme)
    assert injected(result.html("reinforcement_learning/Evil/index.html")) == []
    for page in ("reinforcement_learning/Evil/index.html", "reinforcement_learning/EvilLegacy/index.html"):
        found = header(result.html(page))  # (the legacy note's own heading link is its markdown, as written)
        assert found.found and not any(href.lower().startswith("javascript") for href, _ in found.links)
    found = header(result.html("reinforcement_learning/Evil/index.html"))
    decoded = bibtexparser.parse_string(found.code, append_middleware=[LatexDecodingMiddleware()])
    assert decoded.failed_blocks == []
    assert decoded.entries[0].fields_dict["title"].value == HOSTILE_TITLE
    assert "url" not in decoded.entries[0].fields_dict
    feed = feedparser.parse(result.html("feed.xml"))
    assert feed.bozo == 0
    evil = next(entry for entry in feed.entries if entry.link.endswith("/Evil/"))
    assert evil.title == HOSTILE_TITLE
    assert all("javascript" not in entry.link for entry in feed.entries)


def test_a_disabled_build_after_an_enabled_one_adds_nothing(tmp_path):
    build(tmp_path / "on")  # MkDocs may hand the same plugin object to the next build in this process
    result = build_site(
        tmp_path / "off", FILES, {"site_url": SITE_URL, "plugins": [{"paperdiary": {"enabled": False}}]}, strict=True
    )
    assert result.ok, result.error
    page = result.html("reinforcement_learning/PPO/index.html")
    assert "paperdiary-header" not in page and 'type="application/rss+xml"' not in page
    assert not (result.site_dir / "feed.xml").exists()
