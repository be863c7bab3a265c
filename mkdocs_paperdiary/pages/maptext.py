"""What the model reads of each paper: the sentence embedded for the map and related papers."""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.maps.types import MapItem


def embed_text(paper: Paper, embed: str) -> str:
    """The sentence the model reads. A paper without a description falls back to its title."""
    return embed_sentence(paper.title, paper.description, embed)


def embed_sentence(title: str, description: str, embed: str) -> str:
    title, description = title.strip(), description.strip()
    if embed == "title" or not description:
        return title
    if embed == "description":
        return description
    return f"{title.rstrip('.')}. {description}"


def map_items(papers: Sequence[Paper], embed: str = "title+description") -> list[MapItem]:
    return [MapItem(paper.key, paper.title, embed_text(paper, embed)) for paper in papers]
