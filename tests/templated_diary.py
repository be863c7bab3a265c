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
from pathlib import Path

import yaml

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
