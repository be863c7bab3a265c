"""Hostile metadata stays text: front-matter titles, descriptions, topics, tags and links written
to break out of an attribute or to run a script are shown as written, on both themes, on the
summary page and on every page the plugin generates.

Each built page is parsed with html.parser: a payload that escaped would show up as an element
or an attribute of its own, which is what we look for, not as a string in the source."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from sitebuilder import PAPERS, build_site, paper, parse_html

BREAKOUT = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
TITLE = "Quotes \" and ' <b>bold</b> & " + BREAKOUT
DESCRIPTION = 'A "quoted" claim, 1 < 2 & 3 > 2. ' + BREAKOUT + " javascript:alert(3)"
TOPIC = "a` " + BREAKOUT + " `b"


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text inside scripts and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("script", "title") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            self.scripts.append(data)
        elif self._in == "title":
            self.title += data


def parse(page: str) -> Elements:
    return parse_html(Elements(), page)


def injected(page: str) -> list[str]:
    """What a payload would add if it escaped its context: event handlers, the fake image,
    inline scripts calling alert, javascript: links."""
    found = parse(page)
    problems = []
    for tag, attrs in found.tags:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                problems.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and attrs.get("src") == "x":
            problems.append("<img src=x>")
    problems += [f"<script>{text[:40]}" for text in found.scripts if "alert(" in text]
    return problems


def meta_description(page: str) -> str | None:
    for tag, attrs in parse(page).tags:
        if tag == "meta" and attrs.get("name") == "description":
            return attrs.get("content")
    return None


HOSTILE = {
    "index.md": "# Home\n\n<!-- paperdiary:diary -->\n\n<!-- paperdiary:topics -->\n\n<!-- paperdiary:stats -->\n",
    # Only the front matter is hostile: the body is the diarist's own markdown, HTML allowed.
    "rl/Hostile.md": "---\n"
    + yaml.safe_dump(
        {
            "title": TITLE,
            "date": "2025-05-20",
            "description": DESCRIPTION,
            "tags": [BREAKOUT, "javascript:alert(4)"],
            "authors": [BREAKOUT],
            "venue": BREAKOUT,
            "url": "javascript:alert(5)",
        }
    )
    + "---\n\nA plain body.\n",
    "rl/Topic.md": paper("Plain title", "2025-05-21", description="Fine.", topic=TOPIC),
    "rl/Inferred.md": '# Inferred &amp; tagged\n\nDate: 2025-05-22\n\nIt says 1 < 2 & "quoted" things. More.\n',
}

GENERATED = ["diary/index.html", "topics/index.html", "stats/index.html", "index.html"]
PAPER = "rl/Hostile/index.html"


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp(request.param)
    result = build_site(root, HOSTILE, {"theme": {"name": request.param}})
    assert result.ok, result.error
    result.theme = request.param
    return result


@pytest.mark.parametrize("page", [PAPER, "rl/Topic/index.html", "rl/Inferred/index.html", *GENERATED])
def test_no_payload_escapes_its_context(site, page: str) -> None:
    assert injected(site.html(page)) == []


def test_the_title_reads_as_written(site) -> None:
    assert TITLE in parse(site.html(PAPER)).title


def test_the_description_meta_holds_the_text_as_written(site) -> None:
    content = meta_description(site.html(PAPER))
    if site.theme == "material":
        assert content == DESCRIPTION
        assert meta_description(site.html("rl/Inferred/index.html")) == 'It says 1 < 2 & "quoted" things.'
    else:  # the default theme prints only the site's description
        assert content is None


def test_the_generated_pages_show_the_text(site) -> None:
    diary = site.html("diary/index.html")
    assert "&lt;script&gt;" in diary and "<script>alert" not in diary
    assert site.papers()["rl/Inferred.md"]["title"] == "Inferred & tagged"  # an entity in a heading is its character
    assert ">Inferred &amp; tagged</a>" in diary


def test_a_javascript_url_is_refused_with_a_warning(site) -> None:
    assert any("rl/Hostile.md" in line and "'url'" in line for line in site.warnings()), site.warnings()
    assert site.papers()["rl/Hostile.md"]["url"] is None


@pytest.mark.slow
def test_the_map_page_keeps_hostile_text_inert(tmp_path: Path, cold_cache: Path) -> None:
    files = {**HOSTILE, **dict(list(PAPERS.items())[:5])}
    config = {"theme": {"name": "material"}, "plugins": [{"paperdiary": {"cache_dir": str(cold_cache)}}]}
    result = build_site(tmp_path / "site", files, config)
    assert result.ok, result.error
    page = result.html("map/index.html")
    assert injected(page) == []
    assert "alert(1)" in page  # the title is on the page, as data
