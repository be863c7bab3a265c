"""Cross-link benchmark: link checking, citations and `[[...]]` expansion on a large diary.

Writes a diary of 2,000 paper notes (each citing a few others by `[[key]]`, by relative link
and by section anchor) plus a highlights page and a few reading lists, about 10,000
cross-links in all, then times, each as the median of several runs in this process:

  read+scan  - read every file and regex-scan it for links (the floor: touching the text once)
  index      - build_index over the same files (what every build already pays)
  analyse    - analyse_links: every link checked, every citation placed in its section
  expand     - expand_references over every page, as on_page_markdown does
  backlinks  - the backlinks markdown of every paper

and prints a table with each step's ratio to read+scan and to index.

    .venv/bin/python benchmarks/bench_links.py
    .venv/bin/python benchmarks/bench_links.py --papers 5000 --links 25000 --repeat 3
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs_paperdiary.core.frontmatter import decode_source
from mkdocs_paperdiary.core.index import IndexSettings, build_index
from mkdocs_paperdiary.links.analysis import analyse_links, expand_references
from mkdocs_paperdiary.pages.backlinks import backlinks_markdown
from mkdocs_paperdiary.pages.stash import HtmlStash

TOPICS = 20
SECTIONS = ("Key idea", "Method", "Results", "Thoughts")
LINK = re.compile(r"\[[^\]]*\]\([^)]*\)|\[\[[^\]]*\]\]")


def _cite(rng: random.Random, key: str, topic: int, from_topic: int | None) -> str:
    """One cross-link to paper `key`, written one of the ways diarists write them."""
    kind = rng.random()
    if kind < 0.45:
        return f"[[{key}]]"
    if kind < 0.6:
        return f"[[{key}#{rng.choice(SECTIONS)}]]"
    folder = f"topic_{topic:02d}"
    path = (
        f"{key}.md"
        if from_topic == topic
        else (f"../{folder}/{key}.md" if from_topic is not None else f"{folder}/{key}.md")
    )
    if kind < 0.85:
        return f"[{key}]({path})"
    return f"[{key}]({path}#{rng.choice(SECTIONS).lower().replace(' ', '-')})"


def write_diary(root: Path, papers: int, links: int, seed: int = 1) -> dict[str, int]:
    """The docs folder of a synthetic diary; returns how many cross-links went where."""
    rng = random.Random(seed)
    keys = [(f"Paper{n:05d}", n % TOPICS) for n in range(papers)]
    per_paper = max(1, links * 7 // 10 // papers)  # 70 % of the links sit in paper notes
    written = 0
    for n, (key, topic) in enumerate(keys):
        body = [
            f'---\ntitle: "Paper number {n}: a study of topic {topic}"\ndate: 2024-{1 + n % 12:02d}-{1 + n % 28:02d}\naliases: [P{n}]\n---\n',
            f"# Paper number {n}\n",
        ]
        for section in SECTIONS:
            cites = [
                _cite(rng, *rng.choice(keys), topic)
                for _ in range(per_paper // len(SECTIONS) + (section == "Thoughts") * (per_paper % len(SECTIONS)))
            ]
            written += len(cites)
            body.append(
                f"## {section}\n\nSome notes on {section.lower()}, compared with {', '.join(cites) or 'nothing'}.\n"
            )
        path = root / f"topic_{topic:02d}" / f"{key}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(body), encoding="utf-8")
    pages = ["highlights.md", "reading/list-a.md", "reading/list-b.md", "reading/list-c.md"]
    remaining = links - written
    for number, page in enumerate(pages):
        share = remaining // len(pages) + (number < remaining % len(pages))
        lines = [f"# {page}\n"]
        for start in range(0, share, 5):
            if start % 100 == 0:
                lines.append(f"\n## Part {start // 100}\n")
            cites = [
                _cite(rng, *rng.choice(keys), None if "/" not in page else -1) for _ in range(min(5, share - start))
            ]
            lines.append(f"- A lesson from {', '.join(cites)}.")
        (root / page).parent.mkdir(parents=True, exist_ok=True)
        (root / page).write_text("\n".join(lines) + "\n", encoding="utf-8")
    # reading lists live in a subfolder: their relative links must climb out of it
    for page in pages[1:]:
        text = (root / page).read_text(encoding="utf-8")
        (root / page).write_text(re.sub(r"\]\((topic_)", r"](../\1", text), encoding="utf-8")
    return {"papers": papers, "in notes": written, "in pages": remaining}


def _median(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--links", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        counts = write_diary(root, args.papers, args.links)
        files = sorted(root.rglob("*.md"))

        def read() -> list:
            return [decode_source(path.relative_to(root).as_posix(), path.read_bytes()) for path in files]

        sources = read()
        docs = {source.path: source.text for source in sources}
        index = build_index(sources, IndexSettings())
        report = analyse_links(index, docs)
        found = sum(len(LINK.findall(text)) for text in docs.values())
        warnings = [d for d in report.diagnostics if d.level == "warning"]
        assert not warnings, warnings[:5]

        steps = {
            "read+scan": lambda: [LINK.findall(source.text) for source in read()],
            "index": lambda: build_index(sources, IndexSettings()),
            "analyse": lambda: analyse_links(index, docs),
            "expand": lambda: [expand_references(text, source, index) for source, text in docs.items()],
            "backlinks": lambda: [
                backlinks_markdown(paper, report, index, lambda source: source, HtmlStash()) for paper in index
            ],
        }
        times = {name: _median(step, args.repeat) for name, step in steps.items()}

    print(
        f"{len(files)} pages, {counts['papers']} papers, {found} cross-links ({counts['in notes']} in notes, {counts['in pages']} in other pages), "
        f"{len(report.citations)} citations; median of {args.repeat}"
    )
    print(f"{'step':<24}{'seconds':>10}{'× read+scan':>14}{'× index':>10}")
    for name, seconds in times.items():
        print(f"{name:<24}{seconds:>10.3f}{seconds / times['read+scan']:>14.2f}{seconds / times['index']:>10.2f}")
    plugin = times["analyse"] + times["expand"] + times["backlinks"]
    print(
        f"{'links total (plugin)':<24}{plugin:>10.3f}{plugin / times['read+scan']:>14.2f}{plugin / times['index']:>10.2f}"
    )


if __name__ == "__main__":
    main()
