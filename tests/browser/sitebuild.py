"""Build and serve a tiny diary site with the map and stats fragments, for browser tests.

`build_site` is the one step that produces pages. Today it writes the fragments into
Markdown pages by hand and copies the assets into `docs/`; once the plugin exists it
becomes a real plugin build with the same sample diary.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs_paperdiary.paper import Paper, ReadDate
from mkdocs_paperdiary.plots import ASSET_FILES, MapView, map_html, stats_html

XSS_TITLE = "<img src=x onerror=alert(1)>"
BREAKOUT_TITLE = "</script><script>alert(1)</script>"
MATH_TITLE = "Regret bounds for $x$ and $y$"
XSS_CLUSTER = '<a href="javascript:alert(2)"><b>safety</b></a> & <img src=x onerror=alert(3)>'
MATH_CLUSTER = "transformers $O(n^2)$"

# key, title, read date, topic, cluster, t-SNE, UMAP (spread out so points never overlap)
SAMPLE = [
    ("TiZero", "TiZero: Multi-Agent Football", "2025-05-23", "MARL", 0, (0, 0), (10, 0)),
    ("MAPPO", "The Surprising Effectiveness of PPO", "2025-05-24", "MARL", 0, (2, 1), (12, 1)),
    ("QMIX", "QMIX: Monotonic Value Factorisation", "2025-05-25", "MARL", 0, (1, 3), (11, 3)),
    ("xss", XSS_TITLE, "2025-06-02", "Safety", 1, (8, 8), (0, 8)),
    ("breakout", BREAKOUT_TITLE, "2025-06", "Safety", 1, (10, 9), (1, 10)),
    ("math", MATH_TITLE, "2025-06-10", "Theory", 1, (9, 11), (3, 9)),
    ("undated", "A paper read some time", None, "Theory", 2, (0, 10), (6, 5)),
    ("Attention", "Attention Is All You Need", "2025-07-01", "Theory", 2, (2, 12), (7, 7)),
]
CLUSTER_NAMES = {0: "cooperative MARL", 1: XSS_CLUSTER, 2: MATH_CLUSTER}


def _page(topic: str, key: str) -> str:
    return f"{topic.lower()}/{key}/"


def _read_date(value: str | None) -> ReadDate | None:
    if value is None:
        return None
    parts = [int(part) for part in value.split("-")]
    return ReadDate(*parts)


def sample_papers() -> list[Paper]:
    return [
        Paper(
            key=key,
            source=f"{topic.lower()}/{key}.md",
            title=title,
            topic=topic.lower(),
            topic_name=topic,
            page=_page(topic, key),
            date=_read_date(date),
        )
        for key, title, date, topic, *_ in SAMPLE
    ]


def sample_view() -> MapView:
    points = [
        {
            "key": key,
            "title": title,
            "date": date,
            "topic": topic,
            "cluster": cluster,
            "cluster_name": CLUSTER_NAMES[cluster],
            "page": _page(topic, key),
            "tsne": list(tsne),
            "umap": list(umap),
            "order": index if date else None,
        }
        for index, (key, title, date, topic, cluster, tsne, umap) in enumerate(SAMPLE)
    ]
    sizes = {cid: sum(1 for p in points if p["cluster"] == cid) for cid in CLUSTER_NAMES}
    clusters = [{"id": c, "name": name, "size": sizes[c]} for c, name in CLUSTER_NAMES.items()]
    return {"points": points, "clusters": clusters}  # type: ignore[typeddict-item]


MATERIAL_THEME = """\
theme:
  name: material
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      toggle: {icon: material/brightness-7, name: Dark mode}
    - scheme: slate
      toggle: {icon: material/brightness-4, name: Light mode}
"""
MKDOCS_THEME = "theme:\n  name: mkdocs\n  highlightjs: false\n"


def _write_docs(docs: Path) -> None:
    view, papers = sample_view(), sample_papers()
    (docs / "index.md").write_text(
        "# Paper diary\n\nThe map of everything read.\n\n"
        + map_html(view, base="", element_id="home-map")
        + "\n[Stats](stats.md) · [Map](map.md)\n"
    )
    (docs / "map.md").write_text("# Map\n\n" + map_html(view, base="../") + "\n")
    (docs / "stats.md").write_text("# Stats\n\n" + stats_html(papers, base="../") + "\n")
    for paper in papers:
        path = docs / paper.source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {paper.key}\n\nSummary of the paper.\n")
    for site_path, source in ASSET_FILES.items():
        target = docs / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def build_site(root: Path, *, theme: str = "material", site_url: str = "http://127.0.0.1/") -> Path:
    """Write the sample diary under `root`, build it with MkDocs, return the site folder.

    Material's instant navigation only takes over links listed in its sitemap, so
    `site_url` must be where the site is served, port included.
    """
    docs = root / "docs"
    docs.mkdir(parents=True)
    _write_docs(docs)
    theme_yaml = MATERIAL_THEME if theme == "material" else MKDOCS_THEME
    nav = "nav:\n  - index.md\n  - map.md\n  - stats.md\n"
    (root / "mkdocs.yml").write_text(f"site_name: Diary\nsite_url: {site_url}\n{theme_yaml}{nav}")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
        check=False,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if build.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{build.stderr}")
    return root / "site"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"static server on {url} did not start in {timeout}s")


@contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """`python -m http.server` on 127.0.0.1:`port`; yields the site URL, stops on exit."""
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(url, timeout=10)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
