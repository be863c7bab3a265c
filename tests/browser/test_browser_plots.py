"""A reader opens the built diary in a real (headless) Chromium and uses the map and stats.

The site is a real plugin build (see `sitebuild.py` and `conftest.py`): positions, counts and
names come from the built pages and `paperdiary.json`, never from hand-picked coordinates.

Skipped when Chromium (/usr/bin/chromium, the Debian package) or the `playwright` package
is missing; playwright only drives the system browser, it never downloads one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

import sitebuild  # noqa: E402 - after the skips; tests/browser is on sys.path under pytest's prepend mode

from mkdocs_paperdiary.pages import plots  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
Site = sitebuild.BuiltSite

# A MathJax 3 look-alike that counts every time Plotly reaches for its internals.
MATHJAX_SPY = """
window.__mathjaxUsed = 0;
window.MathJax = {version: "3.2.2", config: {}, startup: {}};
Object.defineProperty(window.MathJax, "_", {
  get() { window.__mathjaxUsed++; throw new Error("spy"); }
});
"""

# Every navigation to another document the page begins (the Navigation API's `navigate` event, fired as it starts).
NAVIGATIONS = "window.__navigations = []; navigation.addEventListener('navigate', e => e.destination.sameDocument || __navigations.push(e.destination.url));"

DRAWN_POINTS = """id => document.getElementById(id).querySelector('[data-plot]').data
    .filter(t => t.customdata).reduce((n, t) => n + t.x.length, 0)"""

# A paper's x on the plot and in both projections of the page's own data.
POINT_X = """([id, key]) => {
  const box = document.getElementById(id);
  const data = JSON.parse(box.getAttribute('data-paperdiary'));
  const index = data.points.findIndex(p => p.key === key);
  const trace = box.querySelector('[data-plot]').data.find(t => t.customdata && t.customdata.includes(index));
  return [trace.x[trace.customdata.indexOf(index)], data.points[index].tsne[0], data.points[index].umap[0]];
}"""


@dataclass
class Tab:
    """A browser page plus what it did behind the reader's back."""

    page: sync_api.Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.page.goto(url)

    def expect_page(self, url: str, title: str) -> None:
        """Wait for a navigation to land: with instant navigation the URL can change before the content."""
        self.page.wait_for_url(url, timeout=sitebuild.WAIT_MS)
        sync_api.expect(self.page.locator("h1").first).to_have_text(title, timeout=sitebuild.WAIT_MS)

    def wait_for_map(self, element_id: str = "paperdiary-map") -> None:
        """Until the map is drawn: its points, then its labels placed (`data-paperdiary-drawn`)."""
        self.page.wait_for_function(
            "id => document.querySelectorAll(`#${id} .scatterlayer .point`).length > 0",
            arg=element_id,
            timeout=sitebuild.WAIT_MS,
        )
        self.page.wait_for_selector(
            f"#{element_id}[data-paperdiary-drawn]", state="attached", timeout=sitebuild.WAIT_MS
        )

    def wait_for_stats(self) -> None:
        self.page.wait_for_function(
            "() => document.querySelectorAll('.paperdiary-stats .main-svg').length >= 3",
            timeout=sitebuild.WAIT_MS,
        )

    def point(self, key: str, element_id: str = "paperdiary-map") -> tuple[float, float]:
        x, y = self.page.evaluate(sitebuild.POINT_ON_SCREEN, [element_id, key])
        return x, y

    def hover(self, key: str, element_id: str = "paperdiary-map") -> str:
        label = self.page.locator(f"#{element_id} .hoverlayer .hovertext")
        self.page.mouse.move(0, 0)  # leave the plot so the last label goes away
        label.wait_for(state="detached", timeout=sitebuild.WAIT_MS)
        x, y = self.point(key, element_id)
        self.page.mouse.move(x - 5, y - 5)
        self.page.mouse.move(x, y)
        label.wait_for(timeout=sitebuild.WAIT_MS)
        return label.text_content() or ""

    def wait_for_font_change(self, before: object, element_id: str = "paperdiary-map") -> None:
        self.page.wait_for_function(
            """([id, before]) => document.getElementById(id)
                .querySelector('[data-plot]').layout.font.color !== before""",
            arg=[element_id, before],
            timeout=sitebuild.WAIT_MS,
        )

    def layout(self, path: str, element_id: str = "paperdiary-map") -> object:
        return self.page.evaluate(
            f"id => document.getElementById(id).querySelector('[data-plot]').layout.{path}",
            element_id,
        )


def _context(browser: sync_api.Browser, **options: object) -> Iterator[sync_api.BrowserContext]:
    # One context per module keeps Plotly (4.8 MB) in the HTTP and code caches across tests.
    context = browser.new_context(**options)  # type: ignore[arg-type]
    context.add_init_script(MATHJAX_SPY)
    yield context
    context.close()


@pytest.fixture(scope="module")
def desktop(browser: sync_api.Browser) -> Iterator[sync_api.BrowserContext]:
    yield from _context(browser, viewport={"width": 1280, "height": 900})


@pytest.fixture(scope="module")
def touch(browser: sync_api.Browser) -> Iterator[sync_api.BrowserContext]:
    yield from _context(
        browser,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )


def _tab(context: sync_api.BrowserContext) -> Iterator[Tab]:
    page = context.new_page()
    tab = Tab(page)
    page.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    page.close()


@pytest.fixture
def tab(desktop: sync_api.BrowserContext) -> Iterator[Tab]:
    yield from _tab(desktop)


@pytest.fixture
def phone(touch: sync_api.BrowserContext) -> Iterator[Tab]:
    yield from _tab(touch)


def _matching(site: Site, query: str) -> list[str]:
    """Keys of the papers the map's search should match: title, topic or cluster name."""
    query = query.lower()
    return [
        key
        for key, paper in site.papers.items()
        if any(query in str(text).lower() for text in (paper["title"], paper["topic_name"], paper["cluster_name"]))
    ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def test_the_plugin_mapped_every_paper(material_site: Site) -> None:
    """What the browser tests below take from paperdiary.json is there: a real map with pinned names."""
    assert material_site.count == len(sitebuild.DIARY)
    assert material_site.index["map"]["missing_reason"] is None
    for paper in material_site.papers.values():
        assert len(paper["tsne"]) == 2 and len(paper["umap"]) == 2 and paper["cluster"] is not None, paper["key"]
    for key, name in sitebuild.CLUSTER_NAMES.items():
        assert material_site.papers[key]["cluster_name"] == name, key


def test_map_draws_every_paper(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    assert tab.page.evaluate(DRAWN_POINTS, "paperdiary-map") == material_site.count
    assert tab.page.locator("#paperdiary-map .scatterlayer .point").count() == material_site.count
    assert tab.errors == []


def test_hover_shows_the_title(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    text = tab.hover("TiZero")
    paper = material_site.papers["TiZero"]
    assert paper["title"] in text
    assert paper["date"] in text and paper["topic_name"] in text and paper["cluster_name"] in text


def test_click_opens_the_summary_page(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    tab.page.mouse.click(*tab.point("QMIX"))
    paper = material_site.papers["QMIX"]
    tab.expect_page(material_site.url + paper["page"], paper["title"])


def test_tap_opens_the_summary_page_on_a_phone(phone: Tab, material_site: Site) -> None:
    phone.open(material_site.url + "map/")
    phone.wait_for_map()
    plot = phone.page.locator("#paperdiary-map [data-plot]")
    height = plot.evaluate("el => el.offsetHeight")
    assert 0.6 * 844 <= height <= 844  # large, and a swipe beside or below it still scrolls the page
    plot.scroll_into_view_if_needed()
    phone.page.touchscreen.tap(*phone.point("MAPPO"))
    phone.page.wait_for_url(material_site.url + material_site.papers["MAPPO"]["page"], timeout=sitebuild.WAIT_MS)


def test_swiping_over_the_map_scrolls_the_page_on_a_phone(phone: Tab, material_site: Site) -> None:
    phone.open(material_site.url + "map/")
    phone.wait_for_map()
    box = phone.page.locator("#paperdiary-map [data-plot]").bounding_box()
    assert box is not None
    cdp = phone.page.context.new_cdp_session(phone.page)  # touch swipes exist only in CDP
    x, y = 200, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y - 20 * step}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    phone.page.wait_for_function("() => window.scrollY > 0", timeout=sitebuild.WAIT_MS)


def test_user_text_stays_text(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    assert sitebuild.XSS_TITLE in tab.hover("xss")
    assert sitebuild.BREAKOUT_TITLE in tab.hover("breakout")
    labels = tab.page.locator("#paperdiary-map .annotation-text").all_text_contents()
    assert sitebuild.XSS_CLUSTER in labels
    legend = tab.page.locator("#paperdiary-map .legendtext").all_text_contents()
    assert any(sitebuild.XSS_CLUSTER in text for text in legend)
    listed = tab.page.locator("#paperdiary-map .paperdiary-list").text_content() or ""
    assert sitebuild.XSS_TITLE in listed and sitebuild.XSS_CLUSTER in listed
    assert tab.page.locator("#paperdiary-map img, #paperdiary-map .plot-container a").count() == 0
    assert tab.page.locator('img[src="x"]').count() == 0
    assert tab.dialogs == [] and tab.errors == []


def test_dollar_signs_are_not_typeset(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    # Hover labels never typeset; labels and the legend would without `typesetMath: false`.
    assert sitebuild.MATH_TITLE in tab.hover("math")
    labels = tab.page.locator("#paperdiary-map .annotation-text").all_text_contents()
    assert sitebuild.MATH_CLUSTER in labels
    assert tab.page.evaluate("window.__mathjaxUsed") == 0


def test_plot_follows_the_dark_palette(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    light = (tab.layout("font.color"), tab.layout("hoverlabel.bgcolor"))
    tab.page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    tab.wait_for_font_change(light[0])
    dark = (tab.layout("font.color"), tab.layout("hoverlabel.bgcolor"))
    assert dark[0] != light[0] and dark[1] != light[1]
    assert tab.layout("paper_bgcolor") == "rgba(0,0,0,0)"  # the page shows through


def test_search_highlights_matches(tab: Tab, material_site: Site) -> None:
    papers = material_site.count
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    assert _matching(material_site, "qmix") == ["QMIX"]
    tab.page.fill("#paperdiary-map [data-search]", "qmix")
    count = tab.page.locator("#paperdiary-map [data-search-count]")
    sync_api.expect(count).to_have_text(f"1 of {papers} papers match")
    opacities = tab.page.evaluate(
        """() => document.querySelector('#paperdiary-map [data-plot]').data
            .filter(t => t.customdata).flatMap(t => t.marker.opacity)"""
    )
    assert max(opacities) > 0.5 and sum(o > 0.5 for o in opacities) == 1
    # "MARL" is in no title: the topic and the cluster name match too.
    marl = _matching(material_site, "MARL")
    assert not any("marl" in material_site.papers[key]["title"].lower() for key in marl) and len(marl) >= 2
    tab.page.fill("#paperdiary-map [data-search]", "MARL")
    sync_api.expect(count).to_have_text(f"{len(marl)} of {papers} papers match")


def test_controls_switch_projection_outlines_and_colours(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    gd = "document.querySelector('#paperdiary-map [data-plot]')"
    traces = dict(tab.page.evaluate(f"() => {gd}.data.map(t => [t.uid, t.visible])"))
    assert traces["order"] == "legendonly"  # the reading path waits for a legend click
    clusters = material_site.index["map"]["clusters"]
    outlined = sum(1 for c in clusters if c["id"] >= 0 and c["size"] >= 3)  # two points have no hull
    assert outlined >= 1 and sum(uid.startswith("hull-") for uid in traces) == outlined
    tab.page.uncheck("#paperdiary-map [data-hulls]")
    tab.page.wait_for_function(f"() => !{gd}.data.some(t => t.uid.startsWith('hull-'))")
    topics = len({paper["topic_name"] for paper in material_site.papers.values()})
    tab.page.select_option("#paperdiary-map [data-color-by]", "topic")
    tab.page.wait_for_function(f"n => {gd}.data.filter(t => t.uid.startsWith('pts-topic-')).length === n", arg=topics)
    shown, tsne, umap = tab.page.evaluate(POINT_X, ["paperdiary-map", "TiZero"])
    assert shown == tsne != umap
    tab.page.click("#paperdiary-map [data-projection=umap]")
    sync_api.expect(tab.page.locator("#paperdiary-map [data-projection=umap]")).to_have_attribute(
        "aria-pressed", "true"
    )
    tab.page.wait_for_function(
        f"args => {{ const [x, , umap] = ({POINT_X})(args); return x === umap; }}", arg=["paperdiary-map", "TiZero"]
    )
    assert tab.page.evaluate(DRAWN_POINTS, "paperdiary-map") == material_site.count


def test_links_off_the_site_are_never_followed(tab: Tab, material_site: Site) -> None:
    """Pages in the map's data that would leave the site (as a tampered page would carry) do
    nothing on click. On the home page's map (base "") nothing makes them relative to the site."""
    hostile = {
        "TiZero": "javascript:alert(1)",
        "MAPPO": "//evil.example/x",
        "QMIX": "https://evil.example/",
        "UCB": "data:,x",
    }
    url, embedded = material_site.url, "paperdiary-map-embedded"

    def tamper(route: sync_api.Route) -> None:
        html = route.fetch().text()
        start = html.index("data-paperdiary='") + len("data-paperdiary='")
        end = html.index("'", start)
        data = json.loads(html[start:end])
        assert data["base"] == ""
        for point in data["points"]:
            point["page"] = hostile.get(point["key"], point.get("page"))
        route.fulfill(body=html[:start] + str(plots.safe_json(data)) + html[end:], content_type="text/html")

    tab.page.route(url, tamper)
    tab.page.add_init_script(NAVIGATIONS)
    tab.open(url)
    tab.wait_for_map(embedded)
    tab.page.locator(f"#{embedded} [data-plot]").scroll_into_view_if_needed()
    for key in hostile:
        tab.page.mouse.click(*tab.point(key, embedded))
    tab.page.evaluate(sitebuild.NEXT_FRAMES)  # a click's handlers have run, and any navigation it began has begun
    assert tab.page.evaluate("window.__navigations") == []
    assert tab.page.url == url and tab.dialogs == [] and tab.errors == []


def test_outlines_are_convex_hulls_of_papers(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url + "map/")
    tab.wait_for_map()
    hulls = tab.page.evaluate(
        """() => document.querySelector('#paperdiary-map [data-plot]').data
            .filter(t => t.uid.startsWith('hull-')).map(t => t.x.map((x, i) => [x, t.y[i]]))"""
    )
    papers = {tuple(round(v, 3) for v in paper["tsne"]) for paper in material_site.papers.values()}
    assert hulls
    for hull in hulls:
        assert hull[0] == hull[-1] and len(hull) >= 4  # closed, three corners at least
        assert {tuple(corner) for corner in hull} <= papers  # its corners are papers
        ring = hull[:-1]
        turns = [
            (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
            for a, b, c in zip(ring, ring[1:] + ring[:1], ring[2:] + ring[:2], strict=True)
        ]
        assert all(turn > 0 for turn in turns), turns  # convex: every turn the same way, none straight


def test_stats_page(tab: Tab, material_site: Site) -> None:
    stats = material_site.index["stats"]
    tab.open(material_site.url + "stats/")
    tab.wait_for_stats()
    summary = tab.page.locator("[data-summary]").text_content()
    per_day = f"{stats['papers_per_day']:.2f}"
    assert summary == f"{_plural(stats['dated'], 'paper')} · {_plural(stats['days'], 'day')} · {per_day} papers per day"
    streak = tab.page.locator("[data-streak]").text_content() or ""
    assert f"longest streak {_plural(stats['longest_streak'], 'day')}" in streak
    assert tab.page.locator(".paperdiary-stats .heatmaplayer, .paperdiary-stats .hm").count() >= 1
    assert tab.errors == []


def test_summary_pages_link_their_related_papers(tab: Tab, material_site: Site) -> None:
    papers = material_site.papers
    for key, paper in papers.items():
        tab.open(material_site.url + paper["page"])
        heading = tab.page.locator("article h2", has_text="Related papers")
        sync_api.expect(heading).to_have_count(1)
        links = tab.page.locator("article h2#related-papers + ul > li > cite > a")
        related = [papers[other] for other in paper["related"]]
        assert related, key
        assert links.all_text_contents() == [other["title"] for other in related], key
        hrefs = links.evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [material_site.url + other["page"] for other in related], key
        for href in hrefs:
            assert tab.page.request.get(href).ok, href
    assert tab.page.locator('img[src="x"]').count() == 0  # the last page lists hostile titles as text
    first = tab.page.locator("article h2#related-papers + ul > li > cite > a").first
    target = papers[paper["related"][0]]
    first.click()
    tab.expect_page(material_site.url + target["page"], target["title"])
    assert tab.dialogs == [] and tab.errors == []


def test_instant_navigation_renders_plots(tab: Tab, material_site: Site) -> None:
    tab.open(material_site.url)
    tab.wait_for_map("paperdiary-map-embedded")  # <!-- paperdiary:map --> in index.md
    assert tab.page.evaluate(DRAWN_POINTS, "paperdiary-map-embedded") == material_site.count
    tab.page.evaluate("window.__samePage = true")
    tab.page.locator("article").get_by_role("link", name="Stats", exact=True).click()
    tab.wait_for_stats()
    tab.page.locator(".md-sidebar--primary").get_by_role("link", name="Map", exact=True).click()
    tab.wait_for_map()
    assert tab.page.evaluate("window.__samePage") is True  # no full page load happened
    assert tab.page.evaluate(DRAWN_POINTS, "paperdiary-map") == material_site.count
    assert tab.errors == []


def test_default_mkdocs_theme(tab: Tab, mkdocs_site: Site) -> None:
    tab.open(mkdocs_site.url + "map/")
    tab.wait_for_map()
    assert tab.page.evaluate(DRAWN_POINTS, "paperdiary-map") == mkdocs_site.count
    light = tab.layout("font.color")
    tab.page.evaluate("document.documentElement.setAttribute('data-bs-theme', 'dark')")
    tab.wait_for_font_change(light)
    assert tab.errors == []
