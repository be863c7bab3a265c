"""Generate a synthetic paper diary of any size, for benchmarks.

Descriptions are built from per-topic vocabularies so that the embedding maps have real
structure to find, and dates run one paper a day with gaps, like a real diary.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml

TOPICS = {
    "reinforcement_learning": (
        [
            "policy gradients",
            "value functions",
            "exploration bonuses",
            "offline datasets",
            "model-based planning",
            "reward shaping",
        ],
        ["Atari games", "robot locomotion", "sparse rewards", "continuous control"],
    ),
    "LLM_reasoning": (
        [
            "chain-of-thought prompting",
            "process reward models",
            "self-consistency voting",
            "verifier training",
            "tool use",
            "test-time search",
        ],
        ["math word problems", "code generation", "multi-step reasoning", "theorem proving"],
    ),
    "diffusion_models": (
        [
            "denoising score matching",
            "classifier-free guidance",
            "latent diffusion",
            "fast samplers",
            "noise schedules",
            "consistency distillation",
        ],
        ["image synthesis", "text-to-image generation", "video generation", "audio generation"],
    ),
    "efficient_transformers": (
        [
            "sparse attention",
            "linear attention",
            "state space models",
            "low-rank adapters",
            "mixture of experts",
            "kernel fusion",
        ],
        ["long contexts", "GPU memory", "inference latency", "fine-tuning cost"],
    ),
    "representation_learning": (
        [
            "contrastive learning",
            "masked autoencoding",
            "self-distillation",
            "multimodal pretraining",
            "data augmentation",
            "momentum encoders",
        ],
        ["image features", "zero-shot transfer", "linear probing", "retrieval"],
    ),
    "multi_agent_RL": (
        [
            "centralised critics",
            "value decomposition",
            "self-play",
            "communication protocols",
            "population training",
            "opponent modelling",
        ],
        ["cooperative games", "football simulation", "StarCraft micromanagement", "negotiation"],
    ),
    "interpretability": (
        [
            "sparse autoencoders",
            "attribution methods",
            "probing classifiers",
            "circuit analysis",
            "activation patching",
            "feature visualisation",
        ],
        ["superposition", "language model neurons", "factual recall", "vision models"],
    ),
}
SHORT_NAV_FROM = 2000  # papers

VERBS = ["improves", "studies", "scales", "simplifies", "stabilises", "speeds up", "analyses", "revisits"]


def paper_text(rng: random.Random, topic: str, number: int) -> tuple[str, str]:
    methods, targets = TOPICS[topic]
    method, other = rng.sample(methods, 2)
    target = rng.choice(targets)
    title = f"{method.title()} for {target.title()} {number}"
    description = f"This paper {rng.choice(VERBS)} {method} with {other} for {target}."
    return title, description


def write_diary(root: Path, papers: int, seed: int = 0, plugin: dict | None = None, theme: str = "mkdocs") -> Path:
    """Write mkdocs.yml and `papers` summaries under root/docs; returns the config path."""
    rng = random.Random(seed)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Diary\n\n## Full Diary\n\n<!-- paperdiary:diary -->\n", encoding="utf-8")
    day = dt.date(2020, 1, 1)
    topics = list(TOPICS)
    for number in range(papers):
        topic = topics[number % len(topics)]
        title, description = paper_text(rng, topic, number)
        day += dt.timedelta(days=rng.choice([0, 1, 1, 1, 2, 3]))
        meta = {
            "title": title,
            "date": day.isoformat(),
            "url": f"https://arxiv.org/abs/2001.{number:05d}",
            "description": description,
        }
        body = f"# {title}\n\n## Key idea\n\n{description}\n\n## Thoughts\n\nCompare with [[P{(number * 7) % max(papers, 1):05d}]].\n"
        path = docs / topic / f"P{number:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\n" + body, encoding="utf-8")
    config = {
        "site_name": f"Synthetic diary ({papers})",
        "theme": {"name": theme},
        "plugins": ([{"paperdiary": plugin or {}}] if plugin is not False else []),
    }
    if papers >= SHORT_NAV_FROM:
        # Every page of the default theme renders the whole nav, so a plain build of thousands
        # of pages is quadratic; a large diary lists its home page, not every paper, in the nav.
        config["nav"] = ["index.md"]
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def edit_one(root: Path, number: int = 0, text: str = "edited") -> None:
    """Change one paper's description, as a diarist saving a note would."""
    for path in sorted((root / "docs").rglob(f"P{number:05d}.md")):
        content = path.read_text(encoding="utf-8")
        path.write_text(
            content.replace("description: This paper", f"description: This {text} paper", 1), encoding="utf-8"
        )
