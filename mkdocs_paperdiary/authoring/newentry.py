"""`paperdiary new`: a fresh summary file with front matter and the usual headings.

Everything here is pure: the CLI decides where the file goes and writes it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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


def valid_folder_name(name: str) -> bool:
    """A new topic folder is one plain path segment: no separators, no dot files, no `..`."""
    return bool(name.strip()) and not re.search(r"[\\/:*?\"<>|\x00-\x1f]", name) and not name.startswith(".")


def entry_markdown(
    title: str, date: ReadDate, *, url: str | None = None, tags: Sequence[str] = (), paper: bool = False
) -> str:
    """The new file's text: front matter (every value YAML-safe) and the template body."""
    values: dict[str, object] = {"title": title, "date": date}
    if url:
        values["url"] = url
    if tags:
        values["tags"] = list(tags)
    if paper:
        values["paper"] = True  # the file sits outside the `include` globs; say it is a paper anyway
    lines = [f"{key}: {yaml_scalar(value)}" for key, value in values.items()]
    return render("new_entry.md.j2", front_matter=lines, title=title)
