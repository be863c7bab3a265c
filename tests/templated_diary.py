"""A large diary kept the way many people keep one: one folder, one note template.

Every note starts from the same template ("**Main idea**", "## Key ideas", "## Technical
details", "## Overall impression", a "Paper title" line and a "link to paper"), so the
template's words sit in nearly every description the plugin infers. Topics are written with
their own vocabulary, including hyphenated and apostrophe compounds ("Few-Shot", "Bird's-Eye
View"), so the map has real regions to find and names to get right. Seeded: the same diary
every time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sitebuilder import HOME, paper

TEMPLATE_HEADINGS = (
    "Main idea",
    "Key ideas",
    "Technical details",
    "Overall impression",
    "Paper title",
    "link to paper",
)

# topic -> (methods, problems); each note names one or two methods and one problem.
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "few_shot": (
        ["few-shot segmentation", "prototype networks", "meta-learning", "episodic training"],
        ["novel classes", "support images", "query masks", "few-shot instance segmentation"],
    ),
    "driving": (
        ["bird's-eye view", "lidar fusion", "occupancy grids", "multi-camera perception"],
        ["autonomous driving", "3D object detection", "motion forecasting", "lane detection"],
    ),
    "diffusion": (
        ["diffusion models", "classifier-free guidance", "latent diffusion", "score matching"],
        ["image synthesis", "text-to-image generation", "denoising samplers", "image editing"],
    ),
    "rl": (
        ["policy gradients", "actor-critic methods", "reward shaping", "model-based planning"],
        ["continuous control", "sparse rewards", "Atari games", "robot locomotion"],
    ),
    "marl": (
        ["multi-agent reinforcement learning", "centralised critics", "value decomposition", "self-play"],
        ["cooperative games", "StarCraft micromanagement", "football simulation", "agent communication"],
    ),
    "llm_reasoning": (
        ["chain-of-thought prompting", "process reward models", "self-consistency", "tree search"],
        ["math word problems", "multi-step reasoning", "theorem proving", "code generation"],
    ),
    "efficient": (
        ["sparse attention", "linear attention", "state space models", "mixture of experts"],
        ["long contexts", "inference latency", "GPU memory", "transformer scaling"],
    ),
    "interpretability": (
        ["sparse autoencoders", "circuit analysis", "activation patching", "probing classifiers"],
        ["superposition", "language model neurons", "factual recall", "induction heads"],
    ),
    "speech": (
        ["speech recognition", "self-supervised audio encoders", "text-to-speech", "speaker diarization"],
        ["noisy recordings", "low-resource languages", "streaming transcription", "voice cloning"],
    ),
    "graphs": (
        ["graph neural networks", "message passing", "graph transformers", "node embeddings"],
        ["molecule property prediction", "link prediction", "citation networks", "protein structures"],
    ),
    "alignment": (
        ["RLHF", "direct preference optimisation", "constitutional AI", "red-teaming"],
        ["harmful outputs", "jailbreaks", "reward hacking", "honest assistants"],
    ),
    "retrieval": (
        ["retrieval-augmented generation", "dense retrieval", "rerankers", "vector databases"],
        ["open-domain question answering", "citation accuracy", "long documents", "search engines"],
    ),
}
OPENINGS = [
    "{method} for {problem}, evaluated against strong baselines",
    "A study of {method} applied to {problem}",
    "Combines {method} with {other} to handle {problem}",
    "Revisits {method} and shows where it fails on {problem}",
    "Scales {method} to {problem} with {other}",
]
DETAILS = [
    "The key trick is {other}, which makes {method} cheaper.",
    "Ablations show {other} matters more than {method}.",
    "Experiments cover {problem} with several benchmarks.",
]


def note(rng: random.Random, topic: str, number: int) -> tuple[str, str]:
    """(title, markdown) of one templated note; the description is left for inference."""
    methods, problems = TOPICS[topic]
    method, other = rng.sample(methods, 2)
    problem = rng.choice(problems)
    words = {"method": method, "other": other, "problem": problem}
    title = f"{method[:1].upper()}{method[1:]} for {problem} ({number})"
    opening = rng.choice(OPENINGS).format(**words)
    opening = opening[:1].upper() + opening[1:]
    detail = rng.choice(DETAILS).format(**words)
    # Every third note cites two earlier notes of its topic, as a diarist links related reading.
    cited = [number - len(TOPICS) * step for step in (1, 2)] if number % 3 == 0 else []
    see_also = "".join(f" See also [[n{other:04d}]]." for other in cited if other >= 0)
    body = (
        f"# {title}\n\n"
        f"Paper title: {title}\n"
        f"[link to paper](https://arxiv.org/abs/2401.{number:05d})\n\n"
        f"**Main idea** {opening}.\n\n"
        f"## Key ideas\n\n- {method}\n- {other}\n\n"
        f"## Technical details\n\n{detail}{see_also}\n\n"
        f"## Overall impression\n\nUseful for {problem}.\n"
    )
    return title, body


def write_diary(
    root: Path, papers: int = 600, seed: int = 7, plugin: dict | None = None, theme: dict | None = None
) -> Path:
    """docs/ with `papers` templated notes in one folder, and mkdocs.yml; returns the config path."""
    rng = random.Random(seed)
    docs = root / "docs"
    (docs / "notes").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Reading notes\n\n[Map](map/index.md)\n", encoding="utf-8")
    topics = list(TOPICS)
    day = dt.date(2023, 1, 1)
    for number in range(papers):
        title, body = note(rng, topics[number % len(topics)], number)
        day += dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        text = f"# {title}\n\nDate: {day.isoformat()}\n" + body.split("\n", 2)[2]
        (docs / "notes" / f"n{number:04d}.md").write_text(text, encoding="utf-8")
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(site_config(papers, plugin, theme), sort_keys=False), encoding="utf-8")
    return path


def site_config(papers: int, plugin: dict | None = None, theme: dict | None = None) -> dict:
    """mkdocs.yml of the diary: a short nav, as a large diary keeps."""
    return {
        "site_name": f"Reading notes ({papers})",
        "theme": theme or {"name": "mkdocs"},
        "plugins": [{"paperdiary": plugin or {}}],
        "nav": ["index.md", {"Map": "map/index.md"}],
    }


# ---- diaries kept without front matter, in the shapes public paper-notes collections use ----

AUTHORS = ["Ada Moreau", "Bo Lindqvist", "Chen Wei", "Dara Okafor", "Eitan Levi", "Fatima Rahman", "Goran Pavić"]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "AAAI"]


@dataclass
class ShapedDiary:
    """Generated notes (docs-relative path -> text), what each one says, and a README list."""

    files: dict[str, str] = field(default_factory=dict)
    truth: dict[str, dict] = field(default_factory=dict)


def _paper(rng: random.Random, topic: str, number: int) -> dict:
    methods, problems = TOPICS[topic]
    method, other = rng.sample(methods, 2)
    problem = rng.choice(problems)
    return {
        "title": f"{method[:1].upper()}{method[1:]} for {problem}, revisited ({number})",
        "url": f"https://arxiv.org/abs/{1500 + number % 900}.{number:05d}",
        "authors": rng.sample(AUTHORS, rng.choice([1, 2, 3])),
        "year": 2015 + number % 10,
        "venue": rng.choice(VENUES),
        "tags": [topic.replace("_", " "), method],
        "what": _sentence(OPENINGS[number % len(OPENINGS)].format(method=method, other=other, problem=problem)),
        "how": rng.choice(DETAILS).format(method=method, other=other, problem=problem),
    }


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}."


def labelled_diary(papers: int = 100, seed: int = 23) -> ShapedDiary:
    """Notes that open with `# Paper` and a list of labelled fields, in each way they are written,
    then `# Summary` with label items ("* What") whose children say it."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    styles = ["* **{}**: {}", "- **{}:** {}", "{}: {}", "* __{}__ : {}", "- *{}*: {}"]
    for number in range(papers):
        p = _paper(rng, list(TOPICS)[number % len(TOPICS)], number)
        row = styles[number % len(styles)]
        link = [p["url"], f"[arXiv]({p['url']})", f"<{p['url']}>"][number % 3]
        labels = [("Title", p["title"]), (rng.choice(["Authors", "Author"]), ", ".join(p["authors"]))]
        labels += [(rng.choice(["Link", "Paper", "URL", "arXiv", "PDF"]), link)]
        labels += [(rng.choice(["Tags", "Keywords"]), ", ".join(p["tags"])), ("Year", str(p["year"]))]
        labels += [(rng.choice(["Venue", "Conference"]), f"{p['venue']} {p['year']}")]
        label = rng.choice(["What", "**What**", "Idea:", "Summary:", "Main idea", "What and why", "What it is"])
        label = "(1) Introduction" if number % 11 == 0 else label  # a label of any wording
        text = "# Paper\n\n" + "\n".join(row.format(*pair) for pair in labels) + "\n\n# Summary\n\n"
        text += ["", "See also [the survey](survey.md)\n\n", f"Official code: https://github.com/x/p{number}\n\n"][
            number % 3
        ]
        text += f"* {label}\n  * {p['what']} {p['how']}\n* How\n  * {p['how']}\n"
        diary.files[f"notes/paper-{number:03d}.md"] = text
        diary.truth[f"notes/paper-{number:03d}.md"] = p
    return diary


def jekyll_diary(posts: int = 145, seed: int = 5) -> ShapedDiary:
    """Jekyll posts (`_posts/2018-1-6-slug.md`) in the openings a blog collects over years."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    day = dt.date(2017, 3, 1)
    for number in range(posts):
        p = _paper(rng, list(TOPICS)[number % len(TOPICS)], number)
        day += dt.timedelta(days=rng.choice([1, 3, 7]))
        excerpt = f'"{p["what"]}"' if number % 9 == 0 else ""
        body = [
            f"{p['what']} {p['how']}\n\n## Method\n\n{p['how']}\n",
            f"## Introduction\n\n- {p['what']}\n- {p['how']}\n",
            f"- {p['what']}\n- {p['how']}\n\n## Results\n\nGood.\n",
            f"## Problem Statement\n\n* {p['what']}\n* {p['how']}\n",
            f"## Key points\n\n* **What**\n    * {p['what']}\n* **How**\n    * {p['how']}\n",
            f"![Figure 1](/assets/fig{number}.png)\n\n## Summary\n\n{p['what']}\n\n<!--more-->\n",
            f"{{% include toc.html %}}\n\n**TL;DR:** {p['what']}\n\n## Notes\n\n{p['how']}\n",
            f"## Abstract\n\n> {p['what']}\n\nMy take: {p['how']}\n",
        ][number % 8]
        if number % 50 == 49:  # now and then a post is a code snippet and nothing to say about it
            body = "```python\nloss = criterion(model(x), y)\n```\n"
        name = f"_posts/{day.year}-{day.month}-{day.day}-post-{number}.md"
        title = p["title"].replace('"', "'")
        diary.files[name] = f'---\nlayout: post\ntitle: "{title}"\nexcerpt: {excerpt}\n---\n\n{body}'
        diary.truth[name] = p
    return diary


def readme_diary(papers: int = 60, seed: int = 11) -> ShapedDiary:
    """Notes that open with a bare `[Title](url)` line or a linked heading and a `TLDR;` line,
    and a README that lists them under `#### 2018-02` headings with `[[notes](...)]` links."""
    rng = random.Random(seed)
    diary = ShapedDiary()
    months: dict[str, list[str]] = {}
    for number in range(papers):
        p = _paper(rng, list(TOPICS)[number % len(TOPICS)], number)
        opening = [f"[{p['title']}]({p['url']})", f"## [{p['title']}]({p['url']})"][number % 2]
        tldr = ["TLDR;", "TL;DR:", "tldr:", "**TL;DR**", "TLDR:"][number % 5]
        text = f"{opening}\n\n{tldr} {p['what']} {p['how']}\n\n#### Key Points\n\n- {p['how']}\n"
        name = f"notes/{number:03d}-{p['title'].split()[0].lower()}.md"
        diary.files[name] = text
        month = f"{2018 - number // 12}-{12 - number % 12:02d}"
        p["month"] = month
        diary.truth[name] = p
        months.setdefault(month, []).append(f"- {p['title']} [[arXiv]({p['url']})] [[notes]({name})]")
        if number % 4 == 0:  # the list also names papers read without notes
            months[month].append(
                f"- A paper without notes ({number}) [[arXiv](https://arxiv.org/abs/2001.{number:05d})]"
            )
    readme = "# Deep learning paper notes\n\nSummaries of papers, newest first.\n\n## 2018\n\n"
    readme += "".join(f"#### {month}\n\n" + "\n".join(lines) + "\n\n" for month, lines in months.items())
    diary.files["README.md"] = readme + "## License\n\nCC-BY.\n"
    return diary


# ---- a map-sized diary of three topics, described in front matter ----

SUBJECTS = {
    "rl": ("policy gradients", "value functions", "reward shaping", "exploration bonuses", "offline datasets"),
    "diffusion": (
        "denoising score matching",
        "classifier-free guidance",
        "latent diffusion",
        "fast samplers",
        "noise schedules",
    ),
    "llm": (
        "chain-of-thought prompting",
        "process reward models",
        "self-consistency voting",
        "tool use",
        "verifier training",
    ),
}
TARGETS = {"rl": "robot locomotion", "diffusion": "image synthesis", "llm": "math word problems"}


def three_topic_diary(per_topic: int) -> dict[str, str]:
    """A home page with the map and `per_topic` papers in each of three topics, described in
    front matter from two of five methods: a map with clear regions, for the map and naming tests."""
    files = {"index.md": HOME}
    for topic, methods in SUBJECTS.items():
        for i in range(per_topic):
            a, b = methods[i % 5], methods[(i // 5) % 5]
            files[f"{topic}/{topic}{i:03d}.md"] = paper(
                f"{a.title()} {i}",
                f"2025-01-{1 + i % 28:02d}",
                description=f"This paper combines {a} with {b} for {TARGETS[topic]}.",
            )
    return files
