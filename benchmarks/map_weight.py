"""What the map page weighs at 150 and 5,000 papers, without running the model.

The weight of the map fragment (its data and the list of papers under the plot) depends on
titles, keys, dates and links, not on where the points fall, so seeded random positions and
clusters stand in for a real map. The map scripts and stylesheet are counted once; plotly.js
is not counted (one cached file for the whole site).

    python benchmarks/map_weight.py
"""

from __future__ import annotations

import random
import sys

from synthetic import TOPICS, paper_text

from mkdocs_paperdiary.pages import plots

TARGETS = {150: 150_000, 5000: 1_500_000}  # bytes, from issue 10
PAGE_CHROME = 40_000  # about what Material's page around the fragment weighs with a short nav


def fake_view(papers: int, seed: int = 0) -> plots.MapView:
    rng = random.Random(seed)
    topics = list(TOPICS)
    clusters = max(2, min(12, round((papers / 2) ** 0.5) + 2))
    points = []
    for number in range(papers):
        topic = topics[number % len(topics)]
        title, _ = paper_text(rng, topic, number)
        region = {layout: rng.randrange(clusters) for layout in ("tsne", "umap")}
        points.append(
            {
                "key": f"P{number:05d}",
                "title": title,
                "date": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
                "topic": topic.replace("_", " "),
                "clusters": region,
                "topics": {layout: 4 * region[layout] + rng.randrange(4) for layout in region},
                "page": f"{topic}/P{number:05d}/",
                "tsne": [rng.uniform(-1, 1), rng.uniform(-1, 1)],
                "umap": [rng.uniform(-1, 1), rng.uniform(-1, 1)],
                "order": number,
                "cites": [f"P{(number * 7) % papers:05d}"],
            }
        )
    names = [
        {"id": c, "name": f"Region {c} · Topic", "size": papers // clusters, "layout": layout, "level": level}
        for layout in ("tsne", "umap")
        for level in (0, 1)
        for c in range(clusters * (1 + 3 * level))
    ]
    return {"points": points, "clusters": names}  # type: ignore[typeddict-item]


def main() -> int:
    # What the map page loads besides Plotly: its scripts and the stylesheet (not the stats' scripts).
    loaded = [f"{name}.js" for name in plots.MAP_SCRIPTS] + ["paperdiary.css"]
    script = sum(len(plots.ASSET_FILES[f"{plots.SITE_ASSET_DIR}/{name}"].read_bytes()) for name in loaded)
    print("| papers | map fragment | + script, CSS, page | target |")
    print("|---:|---:|---:|---:|")
    failed = False
    for papers, target in TARGETS.items():
        fragment = len(plots.map_html(fake_view(papers), base="../", full_page=True).encode())
        total = fragment + script + PAGE_CHROME
        failed |= total > target
        print(f"| {papers:,} | {fragment / 1000:,.0f} KB | {total / 1000:,.0f} KB | {target / 1000:,.0f} KB |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
