"""Build and serve a small diary site with the real plugin, for browser tests.

`build_diary` writes a diary of paper summaries in three topic folders, an `index.md` that
embeds the map with `<!-- paperdiary:map -->`, and an `mkdocs.yml` that turns the plugin on,
then runs `mkdocs build` in a fresh process (`processes.mkdocs_process`). The plugin computes
everything the pages show: the t-SNE/UMAP coordinates and clusters (with the bundled
all-MiniLM-L6-v2 model), the generated `map/` and `stats/` pages, the related papers and
`paperdiary.json`. Tests read positions and numbers from the built site, never from this file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from loopback import free_port as free_port  # the tests' one port probe, for tests that ask sitebuild
from processes import mkdocs_process  # tests/ is on sys.path too (the rootdir conftest's folder)

# Debian's Chromium, started the way this machine needs (no background connections, no sandbox as root).
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# How long a browser test waits for what it expects (a map drawn, a page loaded, a label shown):
# it waits for the condition, never for a time, so a generous limit costs nothing when all is
# well and holds on a 2-core machine busy with builds.
WAIT_MS = 180_000

# Resolves after the page has drawn two more frames: what a click or key press changed is on the screen.
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"

XSS_TITLE = "<img src=x onerror=alert(1)>"
BREAKOUT_TITLE = "</script><script>alert(1)</script>"
MATH_TITLE = "Regret bounds for $x$ and $y$"
XSS_CLUSTER = '<a href="javascript:alert(2)"><b>safety</b></a> & <img src=x onerror=alert(3)>'
MATH_CLUSTER = "bandits $O(\\sqrt{T})$"
MARL_CLUSTER = "cooperative MARL"


@dataclass(frozen=True)
class Summary:
    key: str  # the file stem, which the plugin uses as the paper's key
    folder: str  # the topic folder
    title: str
    date: str | None  # None: an undated paper (no `date` in its front matter)
    description: str


# `safety` has a month-only date and a full date in the same month, on purpose.
DIARY = [
    Summary(
        "TiZero",
        "marl",
        "TiZero: Multi-Agent Football",
        "2025-05-23",
        "Self-play reinforcement learning trains a team of cooperative agents to play 11-vs-11 football.",
    ),
    Summary(
        "MAPPO",
        "marl",
        "The Surprising Effectiveness of PPO in Cooperative Multi-Agent Games",
        "2025-05-24",
        "PPO with a centralised value function is a strong baseline for cooperative multi-agent reinforcement learning.",
    ),
    Summary(
        "QMIX",
        "marl",
        "QMIX: Monotonic Value Factorisation",
        "2025-05-25",
        "Mixes per-agent Q-values monotonically so decentralised agents learn cooperative multi-agent policies.",
    ),
    Summary(
        "xss",
        "safety",
        XSS_TITLE,
        "2025-06-02",
        "Red-teaming language models to find harmful outputs and jailbreaks before deployment, for AI safety.",
    ),
    Summary(
        "breakout",
        "safety",
        BREAKOUT_TITLE,
        "2025-06",
        "Prompt injection attacks hijack LLM agents; defences and AI safety evaluations of language models.",
    ),
    Summary(
        "constitutional",
        "safety",
        "Constitutional AI: Harmlessness from AI Feedback",
        "2025-07-03",
        "Trains a harmless language model assistant from AI feedback guided by a constitution of safety principles.",
    ),
    Summary(
        "math",
        "theory",
        MATH_TITLE,
        "2025-06-10",
        "Online learning theory: regret bounds for multi-armed bandit algorithms with stochastic rewards.",
    ),
    Summary(
        "undated",
        "theory",
        "A paper read some time",
        None,
        "Minimax lower bounds on the regret of stochastic multi-armed bandits and online convex optimisation.",
    ),
    Summary(
        "UCB",
        "theory",
        "Finite-time Analysis of the Multiarmed Bandit Problem",
        "2025-07-01",
        "Upper confidence bound algorithms achieve logarithmic regret for multi-armed bandits at all times.",
    ),
]
TOPIC_NAMES = {"marl": "MARL", "safety": "Safety", "theory": "Theory"}
# The plugin names the cluster holding each of these papers; the hostile names test escaping.
CLUSTER_NAMES = {"TiZero": MARL_CLUSTER, "xss": XSS_CLUSTER, "math": MATH_CLUSTER}

MATERIAL_THEME = {
    "name": "material",
    "font": False,
    "features": ["navigation.instant"],
    "palette": [
        {"scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark mode"}},
        {"scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light mode"}},
    ],
}
MKDOCS_THEME = {"name": "mkdocs", "highlightjs": False}

INDEX = """\
# Paper diary

The map of everything read.

<!-- paperdiary:map -->

[Stats](stats/index.md) · [Map](map/index.md)
"""


def _summary_markdown(paper: Summary) -> str:
    meta: dict[str, Any] = {"title": paper.title}
    if paper.date is not None:
        meta["date"] = paper.date
    meta["description"] = paper.description
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    return f"---\n{front}---\n\n{paper.description}\n\nSummary of the paper.\n"


def _nav() -> list[Any]:
    """Home and the generated pages first, so "Map" and "Stats" are top-level sidebar links."""
    topics: dict[str, list[str]] = {}
    for paper in DIARY:
        topics.setdefault(TOPIC_NAMES[paper.folder], []).append(f"{paper.folder}/{paper.key}.md")
    generated = [{"Map": "map/index.md"}, {"Stats": "stats/index.md"}, {"Diary": "diary/index.md"}]
    return [{"Home": "index.md"}, *generated, {"Topics": "topics/index.md"}, *({k: v} for k, v in topics.items())]


def write_diary(root: Path, *, theme: str, site_url: str, cache_dir: Path) -> Path:
    """Write docs/ and mkdocs.yml under `root`; returns the mkdocs.yml path."""
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    for paper in DIARY:
        path = docs / paper.folder / f"{paper.key}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_summary_markdown(paper), encoding="utf-8")
    plugin = {"topic_names": TOPIC_NAMES, "cluster_names": CLUSTER_NAMES, "cache_dir": str(cache_dir)}
    config = {
        "site_name": "Diary",
        # Material's instant navigation only takes over links listed in its sitemap, so
        # `site_url` must be where the site is served, port included.
        "site_url": site_url,
        "theme": MATERIAL_THEME if theme == "material" else MKDOCS_THEME,
        "plugins": ["search", {"paperdiary": plugin}],
        "nav": _nav(),
    }
    config_file = root / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return config_file


@dataclass(frozen=True)
class BuiltSite:
    """A built site folder and the `paperdiary.json` the plugin wrote into it."""

    root: Path
    log: str  # everything `mkdocs build` printed
    url: str = ""  # where it is served, once it is

    @property
    def count(self) -> int:
        """How many papers the plugin indexed (and so how many the map should draw)."""
        return len(self.index["papers"])

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @cached_property
    def index(self) -> dict[str, Any]:
        return json.loads((self.site_dir / "paperdiary.json").read_text(encoding="utf-8"))

    @property
    def papers(self) -> dict[str, dict[str, Any]]:
        """The papers of `paperdiary.json` by key."""
        return {paper["key"]: paper for paper in self.index["papers"]}


def build_diary(root: Path, *, theme: str, site_url: str, cache_dir: Path) -> BuiltSite:
    """Write the diary under `root` and build it with MkDocs and the plugin."""
    config_file = write_diary(root, theme=theme, site_url=site_url, cache_dir=cache_dir)
    return run_build(root, config_file)


def run_build(root: Path, config_file: Path) -> BuiltSite:
    """`mkdocs build` of `config_file` into root/site, in a fresh process as a user runs it; its
    log is kept in root/build.log."""
    log = mkdocs_process(root, "-f", str(config_file), "-d", str(root / "site"))
    (root / "build.log").write_text(log, encoding="utf-8")
    return BuiltSite(root, log)


# A static server of `directory` on `port` until the process `owner` is gone. Sturdier than
# `python -m http.server` on a loaded machine: connections kept alive (HTTP/1.1) and a deep
# listen queue, so that Chromium's burst of requests (Material's instant navigation loads a
# page's scripts one after another, and waits forever for one whose request was refused) is
# never turned away while the server waits for the CPU.
_SERVER = """
import functools, http.server, os, sys, threading, time
port, directory, owner = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True
httpd = Server(("127.0.0.1", port), functools.partial(Handler, directory=directory))
threading.Thread(target=httpd.serve_forever, daemon=True).start()
while True:
    try:
        os.kill(owner, 0)
    except OSError:
        break
    time.sleep(0.5)
"""


def _start_server(directory: Path, port: int, owner: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _SERVER, str(port), str(directory), str(owner)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # not in the worker's process group: it may outlive the worker
    )


def serve_for_run(directory: Path, port: int, owner: int) -> str:
    """Serve `directory` on 127.0.0.1:`port` until the process `owner` (the run's pytest, which
    outlives every worker of `-n`) ends; its URL, once it answers."""
    _start_server(directory, port, owner)
    url = f"http://127.0.0.1:{port}/"
    wait_until_up(url)
    return url


def wait_until_up(url: str, timeout: float = 120) -> None:
    """Until `url` answers: polled, with a limit that holds on a loaded machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"static server on {url} did not answer in {timeout}s")


@contextmanager
def serve(directory: Path, port: int) -> Iterator[str]:
    """The static server on 127.0.0.1:`port` for a `with` block; yields the site URL."""
    server = _start_server(directory, port, os.getpid())
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_up(url)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


# axe-core's rules for WCAG 2.1 A and AA, and its best practices; what counts is serious or critical.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
}
SERIOUS = ("serious", "critical")
INSIDE = "([target, ours]) => !!document.querySelector(target)?.closest(ours)"


@dataclass(frozen=True)
class AxeFinding:
    """One node that breaks one axe-core rule."""

    rule: str
    impact: str
    target: str
    summary: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) at {self.target}: {self.summary}"


def axe(page: Any, ours: str) -> tuple[list[AxeFinding], list[AxeFinding]]:
    """The serious and critical axe-core violations on the open page: those on nodes inside
    `ours` (a CSS selector for what paperdiary generates there), and the theme's own."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page, options=AXE_OPTIONS).response
    mine: list[AxeFinding] = []
    theirs: list[AxeFinding] = []
    for violation in response["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = node["target"][-1] if isinstance(node["target"][-1], str) else str(node["target"])
            summary = " ".join(node.get("failureSummary", "").split("\n")[1:2]).strip()
            finding = AxeFinding(violation["id"], violation["impact"], target, summary)
            (mine if page.evaluate(INSIDE, [target, ours]) else theirs).append(finding)
    return mine, theirs


SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 400, "height": 900}}
MAP_DRAWN = "#paperdiary-map[data-paperdiary-drawn]"


def open_map(browser: Any, url: str, screen: str = "desktop", **options: Any) -> Any:
    """A fresh browser context on `url`, once its map is drawn; `page.errors` collects page errors."""
    touch = {"is_mobile": True, "has_touch": True} if screen == "phone" else {}
    context = browser.new_context(viewport=SCREENS[screen], **touch, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_selector(MAP_DRAWN, state="attached", timeout=WAIT_MS)
    page.errors = errors
    return page


# `([id, key]) => [x, y]`: where a paper's marker is on the screen. The paper's position in the
# page's data, its trace in Plotly's `gd.data`, and that trace's marker element in the SVG.
POINT_ON_SCREEN = """([id, key]) => {
  const box = document.getElementById(id);
  const index = JSON.parse(box.getAttribute('data-paperdiary')).points.findIndex(p => p.key === key);
  const gd = box.querySelector('[data-plot]');
  const trace = gd.data.find(t => t.customdata && t.customdata.includes(index));
  const marker = gd.querySelectorAll('.trace' + trace.uid + ' .point')[trace.customdata.indexOf(index)];
  const r = marker.getBoundingClientRect();
  return [r.left + r.width / 2, r.top + r.height / 2];
}"""
