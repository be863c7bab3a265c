"""`paperdiary new`: a fresh summary file with front matter and the usual headings.

Everything here is pure: the CLI decides where the file goes and writes it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from mkdocs_paperdiary.core.frontmatter import yaml_scalar
from mkdocs_paperdiary.core.paper import ReadDate
from mkdocs_paperdiary.pages.jinja import render

MAX_STEM = 60  # long titles make unwieldy file names; whole words are kept up to this length


@dataclass(frozen=True)
class TopicChoice:
    """The folder a topic name resolves to, or why it does not resolve."""

    folder: str | None
    suggestion: str | None = None


def file_stem(title: str) -> str:
    """'Proximal Policy Optimization' -> 'ProximalPolicyOptimization': ASCII, no punctuation."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_title.replace("'", ""))
    stem = ""
    for word in words:
        part = word[0].upper() + word[1:]
        if stem and len(stem) + len(part) > MAX_STEM:
            break
        stem += part
    return stem[:MAX_STEM] or "Untitled"


def topic_key(name: str) -> str:
    """How topic names are compared: case, `_`, `-` and spaces do not matter."""
    return re.sub(r"[\s_-]+", "", name).casefold()


def choose_topic(name: str, folders: Sequence[str]) -> TopicChoice:
    """The existing folder `name` means, else the closest one as a suggestion."""
    by_key = {topic_key(folder): folder for folder in folders}
    wanted = topic_key(name)
    if wanted in by_key:
        return TopicChoice(by_key[wanted])
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.75)
    return TopicChoice(None, by_key[close[0]] if close else None)


def vote_topic(topics: Sequence[str]) -> str | None:
    """The topic most of the most similar papers share (listed most similar first); a tie goes to the more similar."""
    counts = Counter(topic for topic in topics if topic)
    if not counts:
        return None
    best = max(counts.values())
    return next(topic for topic in topics if counts[topic] == best)


def valid_folder_name(name: str) -> bool:
    """A new topic folder is one plain path segment: no separators, no dot files, no `..`."""
    return bool(name.strip()) and not re.search(r"[\\/:*?\"<>|\x00-\x1f]", name) and not name.startswith(".")


@dataclass(frozen=True)
class Entry:
    """What a new summary's front matter says; empty fields are left out."""

    title: str
    date: ReadDate
    url: str | None = None
    authors: tuple[str, ...] = ()
    year: int | None = None
    venue: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    description: str = ""
    draft: bool = False  # the description is the abstract's first sentence, for the diarist to rewrite


def entry_markdown(entry: Entry, *, paper: bool = False) -> str:
    """The new file's text: front matter (every value YAML-safe) and the template body."""
    values: dict[str, object] = {
        "title": entry.title,
        "date": entry.date,
        "url": entry.url,
        "authors": list(entry.authors),
        "year": entry.year,
        "venue": entry.venue,
        "aliases": list(entry.aliases),
        "tags": list(entry.tags),
        "paper": paper,  # the file sits outside the `include` globs; say it is a paper anyway
    }
    lines = [f"{key}: {yaml_scalar(value)}" for key, value in values.items() if value]
    description = f"description: {yaml_scalar(entry.description)}" if entry.description else ""
    return render("new_entry.md.j2", front_matter=lines, description=description, draft=entry.draft, title=entry.title)
