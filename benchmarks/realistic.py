"""Generate a paper diary that reads like a real one, for benchmarks.

Each note is 200-600 words under the note template's headings (Key idea, Method, Results,
Thoughts), with bullet lists, `[[references]]` and relative markdown links to other papers,
an external link, and a mix of front matter: full (authors, venue, tags, description,
aliases), minimal (title and date), or none (the H1 and a `Date:` line carry it). Topic
vocabularies come from `synthetic.TOPICS`, so the maps have real structure to find.

    write_real_diary(root, 130)  # root/mkdocs.yml and root/docs/<topic>/<key>.md
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import yaml
from synthetic import TOPICS

SURNAMES = ["Chen", "Garcia", "Kim", "Müller", "Okafor", "Rossi", "Sato", "Smith", "Dubois", "Novak", "Singh", "Zhang"]
GIVEN = ["Ana", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jun", "Kai", "Lea"]
VENUES = ["NeurIPS", "ICML", "ICLR", "ACL", "CVPR", "AAAI", "arXiv preprint"]
OPENERS = [
    "The authors argue that {method} is held back less by the model than by how {target} is set up.",
    "A careful study of {method} applied to {target}, with ablations that isolate each design choice.",
    "The core claim is that {method} and {other} are two views of one mechanism, and that {target} exposes it.",
    "A simple recipe built on {method}: fewer moving parts than prior work on {target}, similar or better numbers.",
]
FILLER = [
    "The experiments cover {target} at three scales, and the gap to the baseline grows with scale.",
    "They compare against {other} and report where each one fails, which is more useful than the headline table.",
    "Most of the gain comes from one trick: normalising the inputs before {method}, then annealing a temperature.",
    "The appendix has a negative result on {target} that I found more convincing than the main figure.",
    "Hyperparameters were tuned on a held-out split, and the same settings transfer to {target} without changes.",
    "A theoretical section bounds the error of {method} in terms of the data's effective dimension.",
    "Compute is modest: a few GPU days, so the results should be easy to reproduce.",
    "The writing is clear, though the notation for {other} changes between sections.",
    "They release code and checkpoints, and the evaluation scripts cover {target} end to end.",
    "Variance across seeds is reported, which makes the smaller improvements on {target} believable.",
]
STEPS = [
    "Start from a pretrained backbone and add {method} as a light head.",
    "Train on {target} with a curriculum that grows the difficulty every epoch.",
    "Replace the usual loss with one that mixes {method} and {other}.",
    "Distil the result into a smaller model for evaluation.",
    "Use a replay buffer of past examples to keep {other} stable.",
    "Tune a single temperature on validation data; everything else is fixed.",
]
THOUGHTS = [
    "I would like to see {method} tried on a harder setting than {target}.",
    "This reminds me of earlier work on {other}, and the connection is not cited.",
    "The idea is simple enough that I expect it to become a default for {target}.",
    "I am not convinced the gains survive a stronger baseline with {other}.",
]


def write_real_diary(
    root: Path, papers: int, seed: int = 0, plugin: dict | bool = True, theme: str = "material"
) -> Path:
    """Write mkdocs.yml and `papers` realistic notes under root/docs; returns the config path."""
    rng = random.Random(seed)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# My paper diary\n\nOne summary for every paper I read.\n", encoding="utf-8")
    topics = list(TOPICS)
    keys = [f"{_slug(topics[n % len(topics)])}-{n:04d}" for n in range(papers)]
    titles = {}
    day = dt.date(2023, 1, 2)
    for number, key in enumerate(keys):
        topic = topics[number % len(topics)]
        day += dt.timedelta(days=rng.choice([0, 1, 1, 1, 2, 3]))
        title, text = real_note(rng, topic, number, keys, titles, day)
        titles[key] = title
        path = docs / topic / f"{key}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    config = {
        "site_name": f"Real-content diary ({papers})",
        "theme": {"name": theme},
        "markdown_extensions": ["admonition", "attr_list", {"toc": {"permalink": True}}],
        "plugins": ["search"] + ([{"paperdiary": plugin if isinstance(plugin, dict) else {}}] if plugin else []),
    }
    path = root / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def real_note(
    rng: random.Random, topic: str, number: int, keys: list[str], titles: dict[str, str], day: dt.date
) -> tuple[str, str]:
    """One note: (title, file text)."""
    methods, targets = TOPICS[topic]
    method, other = rng.sample(methods, 2)
    target = rng.choice(targets)
    words = {"method": method, "other": other, "target": target}
    title = f"{method.capitalize()} for {target} ({number})"
    url = f"https://arxiv.org/abs/{23 + number // 9000:02d}{(number // 800) % 12 + 1:02d}.{number:05d}"
    earlier = keys[: min(number, len(keys))]
    body = [f"# {title}", ""]
    kind = rng.choices(["full", "minimal", "none"], weights=[6, 3, 1])[0]
    if kind == "none":
        body += [f"Date: {day.isoformat()}", "", f"[Paper]({url})", ""]
    body += ["## Key idea", "", _sentences(rng, OPENERS, 1, words) + " " + _sentences(rng, FILLER, 2, words), ""]
    body += ["## Method", ""]
    body += [f"- {rng.choice(STEPS).format(**words)}" for _ in range(rng.randint(3, 6))]
    body += ["", "## Results", "", _sentences(rng, FILLER, rng.randint(4, 10), words), ""]
    if rng.random() < 0.5:
        body += ["| setting | baseline | this paper |", "| --- | --- | --- |"]
        body += [
            f"| {t} | {rng.randint(40, 70)}.{rng.randint(0, 9)} | {rng.randint(60, 90)}.{rng.randint(0, 9)} |"
            for t in targets[:3]
        ]
        body.append("")
    body += [
        "## Thoughts",
        "",
        _sentences(rng, THOUGHTS, 2, words) + " " + _sentences(rng, FILLER, rng.randint(2, 6), words),
    ]
    if earlier:
        ref = rng.choice(earlier)
        body[-1] += f" Compare with [[{ref}]], which I read earlier."
        linked = rng.choice(earlier)
        folder = linked.rsplit("-", 1)[0]
        target_path = f"{linked}.md" if folder == _slug(topic) else f"../{_topic_of(linked)}/{linked}.md"
        body[-1] += f" The closest idea is in [{titles.get(linked, linked)}]({target_path})."
    body.append("")
    meta: dict[str, object] = {}
    if kind == "full":
        authors = [f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 6))]
        meta = {
            "title": title,
            "date": day.isoformat(),
            "url": url,
            "authors": authors,
            "year": day.year - rng.randint(0, 4),
            "venue": rng.choice(VENUES),
            "tags": sorted({_slug(method), _slug(target)}),
            "description": _sentences(rng, OPENERS, 1, words),
        }
        if rng.random() < 0.3:
            meta["aliases"] = [f"{authors[0].split()[-1]}{day.year}"]
    elif kind == "minimal":
        meta = {"title": title, "date": day.isoformat()}
    front = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\n" if meta else ""
    return title, front + "\n".join(body)


def add_real_paper(root: Path, number: int = 99_999, seed: int = 1) -> Path:
    """Add one new note to an existing diary, as a diarist does after reading a paper."""
    rng = random.Random(seed)
    docs = root / "docs"
    keys = sorted(path.stem for path in docs.rglob("*-*.md") if path.stem.rsplit("-", 1)[0] in _TOPIC_BY_SLUG)
    path = new_paper_path(root, number)
    _, text = real_note(rng, path.parent.name, number, keys, {}, dt.date(2026, 1, 5))
    path.write_text(text, encoding="utf-8")
    return path


def new_paper_path(root: Path, number: int) -> Path:
    """Where `add_real_paper(root, number)` writes its note."""
    topic = list(TOPICS)[number % len(TOPICS)]
    return root / "docs" / topic / f"{_slug(topic)}-{number:05d}.md"


_TOPIC_BY_SLUG = {name.lower().replace("_", "-"): name for name in TOPICS}


def _slug(text: str) -> str:
    return "-".join(text.lower().replace("_", "-").split())


def _topic_of(key: str) -> str:
    return _TOPIC_BY_SLUG[key.rsplit("-", 1)[0]]


def _sentences(rng: random.Random, pool: list[str], count: int, words: dict[str, str]) -> str:
    return " ".join(line.format(**words) for line in rng.sample(pool, min(count, len(pool))))


def edit_real(root: Path, number: int = 0, text: str = "edited") -> None:
    """Change one note's description (or its first paragraph), as a diarist saving a note would."""
    path = sorted((root / "docs").rglob("*-*.md"))[number]
    content = path.read_text(encoding="utf-8")
    if content.startswith("---\n"):
        _, front, body = content.split("---\n", 2)
        meta = yaml.safe_load(front)
        if "description" in meta:
            meta["description"] = f"{text}: {meta['description']}"
            front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
            path.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
            return
    path.write_text(content.replace("## Key idea\n\n", f"## Key idea\n\n{text}: ", 1), encoding="utf-8")
