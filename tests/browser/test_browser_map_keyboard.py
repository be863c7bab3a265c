"""A reader uses the map with the keyboard alone, hears it through its live region, zooms to a
cluster from its label, and axe-core finds nothing serious on the map page.

Sites built with the real plugin (see conftest.py). Positions, titles and clusters come from
`paperdiary.json`; the page is driven by keys and clicks and read through its DOM (Plotly's
public `gd.data` and `gd.layout` included), never through the script's own objects.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

import sitebuild  # noqa: E402 - tests/browser is on sys.path under pytest's default (prepend) import mode

pytestmark = [pytest.mark.browser, pytest.mark.slow]
MAP = "#paperdiary-map"
ANNOUNCE = f"{MAP} [data-announce]"
GD = f"document.querySelector('{MAP} [data-plot]')"
RINGED = f"() => {GD}.data.find(t => t.uid === 'selected').x"
RANGES = f"() => [{GD}.layout.xaxis.range, {GD}.layout.yaxis.range]"
OPACITIES = f"() => {GD}.data.filter(t => t.customdata).flatMap(t => t.marker.opacity)"

# The focused element's outline, and its contrast against the page behind it (WCAG).
RING = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const el = document.activeElement, style = getComputedStyle(el);
  let node = el.parentElement, bg;
  for (; node; node = node.parentElement) {
    bg = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') break;
  }
  if (!node) bg = 'rgb(255, 255, 255)';
  const [a, b] = [lum(style.outlineColor), lum(bg)];
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth),
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


# The spot of a box (a label's) farthest from any paper's marker: a click there is on the label.
AWAY_FROM_PAPERS = """box => {
  const marks = [...document.querySelectorAll('#paperdiary-map .scatterlayer .point')].map(m => {
    const r = m.getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  });
  let best = null, room = -1;
  for (let i = 1; i < 20; i++) {
    const at = [box.x + box.width * i / 20, box.y + box.height / 2];
    const d = Math.min(...marks.map(m => Math.hypot(m[0] - at[0], m[1] - at[1])));
    if (d > room) { room = d; best = at; }
  }
  return best;
}"""


def tab_to(page: Any, selector: str, limit: int = 120) -> None:
    """Press Tab until `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took the focus in {limit} tabs")


def announced(page: Any, before: str = "") -> str:
    """The live region's text, once it says something other than `before`."""
    page.wait_for_function(
        "([s, b]) => { const t = document.querySelector(s).textContent; return t && t !== b; }",
        arg=[ANNOUNCE, before],
        timeout=sitebuild.WAIT_MS,
    )
    return page.locator(ANNOUNCE).text_content() or ""


def paper_named(site: sitebuild.BuiltSite, text: str) -> dict[str, Any]:
    """The paper whose title opens the announcement `text`."""
    found = [
        p
        for p in site.papers.values()
        if text.startswith(p["title"] + "; read ") or text.startswith(p["title"] + "; no read date")
    ]
    assert len(found) == 1, text
    return found[0]


@pytest.mark.parametrize(("layout", "scheme"), [("tsne", "light"), ("umap", "dark")])
def test_tab_arrows_and_enter_open_a_paper(
    browser: Any, material_site: sitebuild.BuiltSite, layout: str, scheme: str
) -> None:
    page = sitebuild.open_map(browser, material_site.url + "map/", color_scheme=scheme)
    if layout == "umap":
        tab_to(page, f"{MAP} [data-projection=umap]")
        page.keyboard.press("Enter")
        sync_api.expect(page.locator(f"{MAP} [data-projection=umap]")).to_have_attribute("aria-pressed", "true")
    tab_to(page, f"{MAP} [data-plot]")
    ring = page.evaluate(RING)
    assert ring["style"] == "solid" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
    page.keyboard.press("ArrowRight")
    first = paper_named(material_site, announced(page))
    text = page.locator(ANNOUNCE).text_content() or ""
    cluster = first["clusters"][layout]["name"]
    assert text.startswith(
        f"{first['title']}; read {first['date']}; topic {first['topic_name']}; cluster {cluster}"
    ) or (first["date"] is None), text
    assert page.evaluate(RINGED) == [round(first[layout][0], 3)]  # ringed as #paper=KEY rings it
    page.keyboard.press("ArrowRight")
    second = paper_named(material_site, announced(page, text))
    assert second[layout][0] > first[layout][0]  # the arrow went right
    page.keyboard.press("Enter")
    page.wait_for_url(material_site.url + second["page"], timeout=sitebuild.WAIT_MS)
    sync_api.expect(page.locator("h1").first).to_have_text(second["title"], timeout=sitebuild.WAIT_MS)
    assert page.errors == []
    page.context.close()


def test_page_down_reaches_another_cluster_and_escape_clears(browser: Any, material_site: sitebuild.BuiltSite) -> None:
    page = sitebuild.open_map(browser, material_site.url + "map/")
    tab_to(page, f"{MAP} [data-plot]")
    page.keyboard.press("ArrowUp")
    paper = paper_named(material_site, text := announced(page))
    page.keyboard.press("PageDown")
    cluster = announced(page, text)
    names = {p["clusters"]["tsne"]["name"] for p in material_site.papers.values()}
    other = next(name for name in names if cluster.startswith(f"Cluster {name}: "))
    assert other != paper["clusters"]["tsne"]["name"]
    page.keyboard.press("]")
    assert not announced(page, cluster).startswith(f"Cluster {other}: ")
    page.keyboard.press("Escape")
    sync_api.expect(page.locator(ANNOUNCE)).to_have_text("")
    assert page.evaluate(RINGED) == []
    page.context.close()


def test_escape_clears_the_focus_first_then_leaves_full_screen(
    browser: Any, material_site: sitebuild.BuiltSite
) -> None:
    page = sitebuild.open_map(browser, material_site.url + "map/")
    button = page.locator(f"{MAP} [data-fullscreen]")
    tab_to(page, f"{MAP} [data-fullscreen]")
    page.keyboard.press("Enter")
    sync_api.expect(button).to_have_attribute("aria-pressed", "true")
    tab_to(page, f"{MAP} [data-plot]")
    page.keyboard.press("ArrowLeft")
    announced(page)
    page.keyboard.press("Escape")
    sync_api.expect(page.locator(ANNOUNCE)).to_have_text("")
    sync_api.expect(button).to_have_attribute("aria-pressed", "true")  # the first Escape only cleared the focus
    page.keyboard.press("Escape")
    sync_api.expect(button).to_have_attribute("aria-pressed", "false")
    page.context.close()


def test_slash_goes_to_the_search_and_a_nonsense_query_leaves_the_map(
    browser: Any, material_site: sitebuild.BuiltSite
) -> None:
    page = sitebuild.open_map(browser, material_site.url + "map/")
    before = page.evaluate(OPACITIES)
    tab_to(page, f"{MAP} [data-plot]")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.matches('[data-search]')")
    page.keyboard.type("qqzxv nonsense")
    sync_api.expect(page.locator(f"{MAP} [data-search-count]")).to_have_text("No papers match")
    page.evaluate(sitebuild.NEXT_FRAMES)  # the markers are restyled on the next frame
    assert page.evaluate(OPACITIES) == before
    page.context.close()


def test_search_matches_authors_and_tags(browser: Any, example_site: sitebuild.BuiltSite) -> None:
    papers = list(example_site.papers.values())
    author = papers[0]["authors"][-1]
    tag = papers[0]["tags"][0]
    page = sitebuild.open_map(browser, example_site.url + "map/")
    count = page.locator(f"{MAP} [data-search-count]")
    for query in (author, tag):
        expected = [
            p
            for p in papers
            if any(
                query.lower() in str(t).lower()
                for t in (p["title"], p["topic_name"], p["cluster_name"], *p["authors"], *p["tags"])
            )
        ]
        page.fill(f"{MAP} [data-search]", query)
        sync_api.expect(count).to_have_text(f"{len(expected)} of {len(papers)} papers match")
    page.context.close()


def test_clicking_a_cluster_label_zooms_to_it_and_whole_map_returns(
    browser: Any, example_site: sitebuild.BuiltSite
) -> None:
    page = sitebuild.open_map(browser, example_site.url + "map/")
    whole = page.locator(f"{MAP} [data-whole-map]")
    sync_api.expect(whole).to_be_hidden()
    before = page.evaluate(RANGES)
    names = {p["clusters"]["tsne"]["name"] for p in example_site.papers.values()}
    label = next(a for a in page.locator(f"{MAP} .annotation").all() if (a.text_content() or "") in names)
    name = label.text_content()
    page.mouse.click(*page.evaluate(AWAY_FROM_PAPERS, label.bounding_box()))
    page.wait_for_function(
        f"b => JSON.stringify(({RANGES})()) !== JSON.stringify(b)", arg=before, timeout=sitebuild.WAIT_MS
    )
    (x0, x1), (y0, y1) = page.evaluate(RANGES)
    assert x1 - x0 < before[0][1] - before[0][0] and y1 - y0 < before[1][1] - before[1][0]  # the view shrank
    for paper in example_site.papers.values():
        if paper["clusters"]["tsne"]["name"] == name:
            x, y = paper["tsne"]
            assert x0 <= x <= x1 and y0 <= y <= y1, (paper["key"], (x0, x1), (y0, y1))  # and holds every paper of it
    whole.click()
    page.wait_for_function(
        f"b => JSON.stringify(({RANGES})()) === JSON.stringify(b)", arg=before, timeout=sitebuild.WAIT_MS
    )
    sync_api.expect(whole).to_be_hidden()
    page.context.close()


def test_the_skip_link_opens_the_list_by_cluster(browser: Any, example_site: sitebuild.BuiltSite) -> None:
    page = sitebuild.open_map(browser, example_site.url + "map/")
    tab_to(page, f"{MAP} [data-skip]")
    assert page.locator(f"{MAP} [data-skip]").bounding_box()["width"] > 20  # type: ignore[index]  # shown when focused
    page.keyboard.press("Enter")
    listed = page.locator(f"{MAP}-list")
    sync_api.expect(listed).to_have_attribute("open", "")
    page.wait_for_url("**/map/#paperdiary-map-list")
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_the_map(browser: Any, example_site: sitebuild.BuiltSite, scheme: str) -> None:
    page = sitebuild.open_map(browser, example_site.url + "map/", color_scheme=scheme)
    tab_to(page, f"{MAP} [data-plot]")
    page.keyboard.press("ArrowRight")  # with the focus ring and the live region showing
    announced(page)
    mine, theirs = sitebuild.axe(page, ours=".paperdiary-map")
    print(f"axe on the map page ({scheme}), the theme's:", *theirs, sep="\n  ")
    assert not mine, "\n".join(map(str, mine))
    page.context.close()
