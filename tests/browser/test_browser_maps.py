"""A reader looks at the map page of a real diary, on a desktop and on a phone, light and dark.

Two sites built with the real plugin (see conftest.py): the repository's example site and a
600-note diary kept with one note template, both on Material with `media:` palettes. What is
measured is what a reader sees: label boxes, the plot's size, the scale of its axes, text
colours against the page, the edges drawn on hover.
"""

from __future__ import annotations

from pathlib import Path

import pytest

if not Path("/usr/bin/chromium").exists():
    pytest.skip("browser tests need Chromium at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright")

import sitebuild  # noqa: E402 - tests/browser is on sys.path under pytest's default (prepend) import mode

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SCREENS = sitebuild.SCREENS
open_map = sitebuild.open_map
MIN_WIDTH = {"desktop": 0.6, "phone": 0.9}

# What a reader sees of the map: the plot area, each label's box, and the axes' scales.
LOOK = """() => {
  const gd = document.querySelector('#paperdiary-map [data-plot]');
  const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
  const xr = gd.layout.xaxis.range, yr = gd.layout.yaxis.range;
  return {
    plot: gd.getBoundingClientRect().toJSON(),
    area: area.toJSON(),
    labels: [...gd.querySelectorAll('.annotation .bg')].map(b => b.getBoundingClientRect().toJSON()),
    x_scale: area.width / (xr[1] - xr[0]),
    y_scale: area.height / (yr[1] - yr[0]),
  };
}"""

# WCAG contrast of a text's fill against the page background, for every text of a kind.
CONTRASTS = """selector => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => {
    const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let node = document.querySelector('.md-main') || document.body, bg;
  for (; node; node = node.parentElement) {
    bg = getComputedStyle(node).backgroundColor;
    if (!/rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') break;
  }
  return [...document.querySelectorAll(selector)].map(el => {
    const [a, b] = [lum(getComputedStyle(el).fill), lum(bg)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
}"""


@pytest.fixture(params=["example", "templated"])
def site(request: pytest.FixtureRequest) -> sitebuild.BuiltSite:
    return request.getfixturevalue(f"{request.param}_site")


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and a["top"] < b["bottom"] - 0.5
        and (b["top"] < a["bottom"] - 0.5)
    )


def inside(box: dict, area: dict) -> bool:
    return (
        box["left"] >= area["left"] - 1
        and box["right"] <= area["right"] + 1
        and box["top"] >= area["top"] - 1
        and box["bottom"] <= area["bottom"] + 1
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_labels_never_collide_and_stay_in_the_plot(browser: sync_api.Browser, site, screen: str) -> None:
    page = open_map(browser, site.url + "map/", screen)
    look = page.evaluate(LOOK)
    labels = look["labels"]
    assert len(labels) >= 2
    for i, box in enumerate(labels):
        assert inside(box, look["area"]), (box, look["area"])
        for other in labels[i + 1 :]:
            assert not overlap(box, other), (box, other)
    assert page.errors == []  # type: ignore[attr-defined]
    page.context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_map_is_large_and_to_scale(browser: sync_api.Browser, site, screen: str) -> None:
    page = open_map(browser, site.url + "map/", screen)
    look = page.evaluate(LOOK)
    width, height = SCREENS[screen]["width"], SCREENS[screen]["height"]
    assert abs(look["x_scale"] / look["y_scale"] - 1) <= 0.05, look
    assert look["plot"]["height"] >= 0.6 * height, look["plot"]
    assert look["plot"]["width"] >= MIN_WIDTH[screen] * width, look["plot"]
    page.context.close()


def test_full_screen_covers_the_window(browser: sync_api.Browser, example_site) -> None:
    page = open_map(browser, example_site.url + "map/")
    page.click("#paperdiary-map [data-fullscreen]")
    plot = page.locator("#paperdiary-map [data-plot]")
    page.wait_for_function("() => document.querySelector('#paperdiary-map [data-plot]').offsetHeight > 780")
    assert plot.bounding_box()["width"] >= 1200  # type: ignore[index]
    page.keyboard.press("Escape")
    sync_api.expect(page.locator("#paperdiary-map [data-fullscreen]")).to_have_attribute("aria-pressed", "false")
    page.context.close()


@pytest.mark.parametrize("kind", ["legend", "labels"])
def test_dark_first_load_has_readable_text(browser: sync_api.Browser, site, kind: str) -> None:
    """A dark OS preference with Material's `media:` palettes: light text from the first load on."""
    page = open_map(browser, site.url + "map/", color_scheme="dark")
    selector = "#paperdiary-map .legendtext" if kind == "legend" else "#paperdiary-map .annotation-text"
    page.wait_for_function(f"() => ({CONTRASTS})('{selector}').every(c => c >= 4.5)", timeout=sitebuild.WAIT_MS)
    contrasts = page.evaluate(CONTRASTS, selector)
    assert contrasts and min(contrasts) >= 4.5
    page.context.close()


def test_stats_plots_are_readable_on_a_dark_first_load(browser: sync_api.Browser, example_site) -> None:
    context = browser.new_context(viewport=SCREENS["desktop"], color_scheme="dark")
    page = context.new_page()
    page.goto(example_site.url + "stats/")
    selector = ".paperdiary-stats .xtick text, .paperdiary-stats .legendtext"
    page.wait_for_function(f"() => document.querySelectorAll('{selector}').length > 0", timeout=sitebuild.WAIT_MS)
    page.wait_for_function(f"() => ({CONTRASTS})('{selector}').every(c => c >= 4.5)", timeout=sitebuild.WAIT_MS)
    context.close()


def _cited(site: sitebuild.BuiltSite) -> tuple[str, int]:
    """A paper whose page cites papers on the map, and how many papers it is linked with; of
    those, the one standing farthest from any other point, so the mouse finds it alone."""
    papers = site.papers
    cited_by: dict[str, set[str]] = {}
    for key, paper in papers.items():
        for other in paper["cites"]:
            cited_by.setdefault(other, set()).add(key)

    def room(key: str) -> float:
        x, y = papers[key]["tsne"]
        return min((x - o["tsne"][0]) ** 2 + (y - o["tsne"][1]) ** 2 for k, o in papers.items() if k != key)

    citing = [key for key, paper in papers.items() if any(other in papers for other in paper["cites"])]
    key = max(citing, key=room)
    linked = {other for other in papers[key]["cites"] if other in papers and other != key} | cited_by.get(key, set())
    return key, len(linked - {key})


EDGES = "() => document.querySelector('#paperdiary-map [data-plot]').data.find(t => t.uid === 'edges').x.length"


def test_hovering_a_paper_draws_its_cross_links(browser: sync_api.Browser, templated_site) -> None:
    key, linked = _cited(templated_site)
    assert linked >= 1
    page = open_map(browser, templated_site.url + "map/")
    assert page.evaluate(EDGES) == 0
    x, y = page.evaluate(sitebuild.POINT_ON_SCREEN, ["paperdiary-map", key])
    page.mouse.move(x - 4, y - 4)
    page.mouse.move(x, y)
    page.wait_for_function(f"() => ({EDGES})() === {3 * linked}", timeout=sitebuild.WAIT_MS)  # from, to, gap per link
    page.mouse.move(1, 1)
    page.wait_for_function(f"() => ({EDGES})() === 0", timeout=sitebuild.WAIT_MS)
    page.context.close()


def test_show_on_map_selects_the_paper(browser: sync_api.Browser, templated_site) -> None:
    """`map/#paper=KEY`, the link a summary page gives, opens the map with that paper ringed and its links drawn."""
    key, linked = _cited(templated_site)
    page = open_map(browser, f"{templated_site.url}map/#paper={key}")
    page.wait_for_function(f"() => ({EDGES})() === {3 * linked}", timeout=sitebuild.WAIT_MS)
    selected = page.evaluate(
        "() => document.querySelector('#paperdiary-map [data-plot]').data.find(t => t.uid === 'selected').x"
    )
    assert selected == [round(templated_site.papers[key]["tsne"][0], 3)]
    page.context.close()
