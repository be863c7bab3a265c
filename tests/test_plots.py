"""The map and stats fragments as a page would embed them: safe, correct, self-contained."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_paperdiary.core.paper import Paper, ReadDate
from mkdocs_paperdiary.pages import plots
from mkdocs_paperdiary.pages.mapview import MapView
from mkdocs_paperdiary.pages.stats import chart_numbers

# The scripts each page loads, in order: shared ones first, the page's entry last.
SHARED = ("paperdiary-plots-theme", "paperdiary-plots-colours", "paperdiary-plots-data")
MAP_SCRIPTS = (
    *SHARED,
    *("paperdiary-maps-geometry", "paperdiary-maps-labels", "paperdiary-maps-traces", "paperdiary-maps-keys"),
    *("paperdiary-maps-map", "paperdiary-plots-life", "paperdiary-maps-page-map"),
)
STATS_SCRIPTS = (*SHARED, "paperdiary-stats-charts", "paperdiary-plots-life", "paperdiary-stats-page")
XSS = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(1)</script>"


class _Fragment(HTMLParser):
    """Collects what a browser would see: tags with attributes, and the visible text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def data(self) -> dict:
        payloads = [a["data-paperdiary"] for _, a in self.tags if "data-paperdiary" in a]
        assert len(payloads) == 1
        return json.loads(payloads[0] or "")

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def point(key: str, title: str = "A paper", cluster: int = 0, **extra: object) -> dict:
    base = {
        "key": key,
        "title": title,
        "date": "2025-05-23",
        "topic": "MARL",
        "clusters": {"tsne": cluster, "umap": cluster},
        "subtopics": {},
        "page": f"marl/{key}/",
        "tsne": [float(len(key)), 1.0],
        "umap": [2.0, float(len(key))],
        "order": None,
        "cites": [],
    }
    return base | extra


def view(*points: dict) -> MapView:
    ids = sorted({p["clusters"]["tsne"] for p in points})
    clusters = [
        {"id": i, "name": f"cluster {i}", "size": 1, "layout": layout, "level": 0}
        for layout in ("tsne", "umap")
        for i in ids
    ]
    return {"points": list(points), "clusters": clusters}  # type: ignore[typeddict-item]


def paper(key: str, date: ReadDate | None, topic: str = "MARL") -> Paper:
    return Paper(
        key=key, source=f"{key}.md", title=key, topic=topic.lower(), topic_name=topic, page=f"{key}/", date=date
    )


# --- the map ---------------------------------------------------------------------------


def test_hostile_titles_stay_data() -> None:
    html = plots.map_html(view(point("a", XSS), point("b", BREAKOUT), point("c")), base="../")
    assert XSS not in html and BREAKOUT not in html
    assert "<script>alert" not in html and "</script><script>" not in html
    fragment = _Fragment(html)
    assert [p["title"] for p in fragment.data()["points"]] == [XSS, BREAKOUT, "A paper"]
    assert fragment.all("img") == []
    assert [a.get("src") for a in fragment.all("script")] == [
        "../assets/paperdiary/plotly.min.js",
        *(f"../assets/paperdiary/{name}.js" for name in MAP_SCRIPTS),
    ]
    assert XSS in "".join(fragment.text)  # the no-script list shows it as text


def test_json_is_inert_even_inside_a_script() -> None:
    text = plots.safe_json({"title": BREAKOUT + " & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"title": BREAKOUT + " & more"}


def test_map_fragment_is_one_markdown_safe_block() -> None:
    html = plots.map_html(view(point("a"), point("bb"), point("ccc")), base="", element_id="home")
    assert html.startswith('<div class="paperdiary paperdiary-map" id="home"')
    assert html.rstrip().endswith("</div>")
    assert "\n\n" not in html  # a blank line would end Markdown's raw HTML block
    assert 'href="assets/paperdiary/paperdiary.css"' in html
    data = _Fragment(html).data()
    assert data["base"] == ""
    assert [p["id"] for p in data["projections"]] == ["tsne", "umap"]


def test_missing_reason_is_an_escaped_note_without_scripts() -> None:
    html = plots.map_html(
        view(point("a"), point("b"), point("c")), base="../", missing_reason="Install <umap-learn> & retry"
    )
    assert "Install &lt;umap-learn&gt; &amp; retry" in html
    assert "<script" not in html and "data-paperdiary=" not in html


def test_too_few_papers_give_a_note() -> None:
    html = plots.map_html(view(point("a"), point("b")), base="../")
    assert "at least 3 papers" in html and "<script" not in html


def test_projection_missing_for_one_paper_is_left_out() -> None:
    html = plots.map_html(view(point("a"), point("b", umap=None), point("c")), base="../")
    data = _Fragment(html).data()
    assert [p["id"] for p in data["projections"]] == ["tsne"]
    assert "umap" not in data["points"][0]
    assert 'data-projection="umap"' not in html


def test_no_usable_projection_gives_a_note() -> None:
    nan = float("nan")
    html = plots.map_html(view(point("a", tsne=[nan, 0.0], umap=None), point("b"), point("c")), base="")
    assert "No projection" in html and "<script" not in html


def test_pages_outside_the_site_get_no_link() -> None:
    hostile = [point("a", page="javascript:alert(1)"), point("b", page="//evil.example/")]
    html = plots.map_html(view(*hostile, point("c")), base="../")
    data = _Fragment(html).data()
    assert [p.get("page") for p in data["points"]] == [None, None, "marl/c/"]
    assert [a["href"] for a in _Fragment(html).all("a") if "data-skip" not in a] == ["../marl/c/"]


def test_cdn_is_opt_in() -> None:
    assert plots.plotly_src("../") == "../assets/paperdiary/plotly.min.js"
    cdn = "https://cdn.plot.ly/plotly-3.0.1.min.js"
    assert plots.plotly_src("../", cdn) == cdn
    html = plots.map_html(view(point("a"), point("b"), point("c")), base="../", cdn_url=cdn)
    assert f'<script src="{cdn}"' in html


# --- reading stats ---------------------------------------------------------------------


@pytest.fixture
def diary() -> list[Paper]:
    return [
        paper("mon", ReadDate(2025, 1, 6)),
        paper("tue", ReadDate(2025, 1, 7), topic="RL"),
        paper("tue2", ReadDate(2025, 1, 7)),
        paper("wed", ReadDate(2025, 1, 8)),
        paper("later", ReadDate(2025, 1, 20)),
        paper("march", ReadDate(2025, 3)),  # month only; February stays empty
        paper("someday", None),
    ]


def test_reading_stats_numbers(diary: list[Paper]) -> None:
    stats = chart_numbers(diary)
    assert stats.total == 6
    assert stats.days == 55  # 6 Jan to 1 Mar, both counted
    assert stats.per_day == pytest.approx(6 / 55)
    assert stats.reading_days == 4
    assert stats.longest_streak == 3
    assert (stats.undated, stats.month_only) == (1, 1)


def test_stats_fragment_states_the_numbers(diary: list[Paper]) -> None:
    fragment = _Fragment(plots.stats_html(diary, base="../"))
    text = " ".join(" ".join(fragment.text).split())
    assert "6 papers · 55 days · 0.11 papers per day" in text
    assert "4 reading days · longest streak 3 days" in text
    assert "1 paper without a read date is left out of the charts." in text
    assert "1 paper with only a month counts in its month but not in the calendar." in text
    assert [a.get("src") for a in fragment.all("script")] == [
        "../assets/paperdiary/plotly.min.js",
        *(f"../assets/paperdiary/{name}.js" for name in STATS_SCRIPTS),
    ]


def test_stats_chart_data(diary: list[Paper]) -> None:
    data = _Fragment(plots.stats_html(diary, base="../")).data()
    assert data["cumulative"]["dates"][0] == "2025-01-06"
    assert data["cumulative"]["counts"] == [1, 3, 4, 5, 6]
    monthly = data["monthly"]
    assert monthly["months"] == ["2025-01", "2025-02", "2025-03"]
    assert monthly["topics"] == [
        {"name": "MARL", "counts": [4, 0, 1]},
        {"name": "RL", "counts": [1, 0, 0]},
    ]
    calendar = data["calendar"]
    assert calendar["weeks"] == ["2025-01-06", "2025-01-13", "2025-01-20"]
    assert calendar["z"][1][0] == 2  # Tuesday of the first week: two papers
    assert sum(v or 0 for row in calendar["z"] for v in row) == 5  # March is not a day
    assert calendar["z"][1][2] is None  # after the last day read


def test_each_chart_has_a_name_and_the_months_a_table(diary: list[Paper]) -> None:
    """A screen reader hears what each chart is, and reads papers per month from a table."""
    html = plots.stats_html(diary, base="../")
    fragment = _Fragment(html)
    charts = [attrs for attrs in fragment.all("div") if "data-chart" in attrs]
    assert [attrs["role"] for attrs in charts] == ["figure"] * 3  # an image may not hold Plotly's buttons
    assert all(attrs["aria-label"] for attrs in charts)
    table = html[html.index("<details") : html.index("</details>")]
    assert "open" not in table[: table.index(">")]  # collapsed until asked for
    rows = [" ".join(row.split()) for row in _Fragment(table[table.index("<tbody>") :]).text if row.strip()]
    assert rows == ["January 2025", "5", "February 2025", "0", "March 2025", "1"]  # every topic counted
    assert [attrs.get("scope") for attrs in _Fragment(table).all("th")] == ["col", "col"]


def test_single_paper_reads_naturally() -> None:
    html = plots.stats_html([paper("one", ReadDate(2024, 2, 29))], base="")
    assert "1 paper · 1 day · 1.00 papers per day" in html
    assert "1 reading day · longest streak 1 day" in html


def test_streak_runs_across_months_and_years() -> None:
    days = [ReadDate(2024, 12, 30), ReadDate(2024, 12, 31), ReadDate(2025, 1, 1), ReadDate(2025, 1, 3)]
    stats = chart_numbers(paper(f"p{i}", d) for i, d in enumerate(days))
    assert stats.longest_streak == 3


def test_month_only_next_to_exact_days_of_the_same_month() -> None:
    june = [paper("day", ReadDate(2025, 6, 2)), paper("month", ReadDate(2025, 6))]
    data = _Fragment(plots.stats_html(june, base="")).data()
    assert data["monthly"]["topics"][0]["counts"] == [2]
    assert data["cumulative"] == {"dates": ["2025-06-01", "2025-06-02"], "counts": [1, 2]}


def test_month_only_diary_has_no_calendar() -> None:
    html = plots.stats_html([paper("a", ReadDate(2025, 4)), paper("b", ReadDate(2025, 5))], base="")
    assert "no reading calendar" in html
    assert _Fragment(html).data()["calendar"] is None


def test_no_dated_papers_gives_a_note() -> None:
    html = plots.stats_html([paper("a", None), paper("b", None)], base="../")
    assert "2 papers in the diary, none with a read date." in html
    assert "<script" not in html
    assert "The diary has no papers yet." in plots.stats_html([], base="")


def test_topic_names_are_escaped_in_stats() -> None:
    html = plots.stats_html([paper("a", ReadDate(2025, 1, 1), topic=XSS)], base="")
    assert XSS not in html
    assert _Fragment(html).data()["monthly"]["topics"][0]["name"] == XSS


# --- assets ----------------------------------------------------------------------------


def test_asset_files_exist() -> None:
    scripts = {f"assets/paperdiary/{name}.js" for name in MAP_SCRIPTS + STATS_SCRIPTS}
    assert set(plots.ASSET_FILES) == {"assets/paperdiary/plotly.min.js", "assets/paperdiary/paperdiary.css"} | scripts
    shipped = {path.name for path in (Path(plots.__file__).parent / "assets").glob("*.js")}
    assert {path.rsplit("/", 1)[1] for path in scripts} == shipped  # every script is a site asset
    for source in plots.ASSET_FILES.values():
        assert source.is_file() and source.stat().st_size > 0
    with plots.plotly_js_path().open(encoding="utf-8") as bundle:
        assert "plotly.js" in bundle.read(200)


def test_the_page_data_is_compact_and_carries_links_and_clusters() -> None:
    """Short fields, rounded coordinates, links as positions: a 5,000-paper map stays light."""
    html = plots.map_html(
        view(
            point("a", cites=["ccc", "nowhere", "a"], tsne=[0.123456, -0.5]),
            point("bb", cluster=1),
            point("ccc", date=None),
        ),
        base="../",
        full_page=True,
    )
    assert 'class="paperdiary paperdiary-map paperdiary-map--page"' in html
    data = _Fragment(html).data()
    first, second, third = data["points"]
    assert first["tsne"] == [0.123, -0.5] and first["l"] == [2] and first["c"] == [0, 0]
    assert second["c"] == [1, 1] and "l" not in second and "date" not in third
    assert data["clusters"] == [[[0, "cluster 0", 1], [1, "cluster 1", 1]]] * 2


def test_the_map_is_named_described_and_searchable_by_authors_and_tags() -> None:
    html = plots.map_html(
        view(
            point("a", cluster=0, authors=["Ada <Lovelace>"], tags=["rl"]),
            point("bb", cluster=0),
            point("ccc", cluster=1),
        ),
        base="../",
    )
    fragment = _Fragment(html)
    plot = next(attrs for attrs in fragment.all("div") if "data-plot" in attrs)
    assert plot["tabindex"] == "0" and plot["role"] == "application"
    assert plot["aria-label"] == "Map of 3 papers grouped by similarity"
    description = next(attrs for attrs in fragment.all("p") if attrs.get("id") == plot["aria-describedby"])
    assert "data-description" in description
    assert "3 papers in 2 clusters: cluster 0 (2), cluster 1 (1)." in "".join(fragment.text)
    listed = next(attrs for attrs in fragment.all("details") if attrs.get("id") == "paperdiary-map-list")
    assert listed["aria-label"] == "All 3 papers by cluster"
    assert [a["href"] for a in fragment.all("a") if "data-skip" in a] == ["#paperdiary-map-list"]
    points = fragment.data()["points"]
    assert points[0]["a"] == "Ada <Lovelace>" and points[0]["g"] == ["rl"]
    assert "a" not in points[1] and "g" not in points[1]  # left out when empty: the page stays light
    assert "<Lovelace>" not in html
