"""Short references: `[[PPO]]`, `[[ProlongedRL|ProRL]]`, `[[PPO#results]]`.

A reference names a paper by its key (the file stem), its title or one of its `aliases`,
ignoring case and punctuation, and becomes an ordinary relative markdown link before
MkDocs renders the page, so MkDocs resolves and checks it like any link the user wrote.
"""

from __future__ import annotations

import difflib
import re
import weakref
from collections.abc import Callable, Iterable

from markdown.extensions.toc import slugify as toc_slugify

from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.urls import md_link_target, relative_source
from mkdocs_paperdiary.markdown.escaping import md_text
from mkdocs_paperdiary.markdown.scanner import mask

SHORT_REF = re.compile(
    r"(?<!\\)\[\[(?P<target>[^\[\]|#\n]+?)(?:#(?P<section>[^\[\]|\n]*?))?[ \t]*(?:\\?\|(?P<text>[^\[\]\n]*?))?\]\]"
)
_NOT_ALPHANUMERIC = re.compile(r"[\W_]+")

Slugify = Callable[[str, str], str]


def normalise(name: str) -> str:
    """The form names are compared in: `Self-Consistency` and `self consistency` are the same."""
    return _NOT_ALPHANUMERIC.sub("", name.casefold())


class PaperNames:
    """Every name a paper answers to, normalised: keys first, then titles, then aliases."""

    def __init__(self, papers: Iterable[Paper]) -> None:
        self.tiers: tuple[dict[str, list[Paper]], ...] = ({}, {}, {})
        for paper in papers:
            by_key, by_title, by_alias = self.tiers
            for name in (paper.key, paper.key.rpartition("/")[2]):
                _add(by_key, name, paper)
            _add(by_title, paper.title, paper)
            for alias in paper.aliases:
                _add(by_alias, alias, paper)
        self._suggestions: dict[str, Paper] = {}
        for tier in reversed(self.tiers):
            self._suggestions.update((name, found[0]) for name, found in tier.items())

    def find(self, name: str) -> tuple[Paper, ...]:
        """The papers a name could mean: one when it resolves, none or several when it does not."""
        wanted = normalise(name)
        for tier in self.tiers:
            if wanted in tier:
                return tuple(tier[wanted])
        return ()

    def named(self, text: str) -> set[str]:
        """Keys of every paper whose key, title or alias reads as `text`."""
        wanted = normalise(text)
        return {paper.key for tier in self.tiers for paper in tier.get(wanted, ())}

    def suggest(self, name: str) -> Paper | None:
        close = difflib.get_close_matches(normalise(name), self._suggestions, n=1)
        return self._suggestions[close[0]] if close else None


def _add(names: dict[str, list[Paper]], name: str, paper: Paper) -> None:
    wanted = normalise(name)
    if wanted:
        found = names.setdefault(wanted, [])
        if not any(other is paper for other in found):
            found.append(paper)


_cached: tuple[weakref.ReferenceType[PaperIndex], PaperNames] | None = None


def names_for(index: PaperIndex) -> PaperNames:
    """The names of an index, built once per index (every page of a build shares it)."""
    global _cached
    if _cached is None or _cached[0]() is not index:
        _cached = (weakref.ref(index), PaperNames(index.papers))
    return _cached[1]


def section_anchor(section: str | None, slugify: Slugify | None = None, separator: str = "-") -> str | None:
    """The anchor `[[key#section]]` links to; a section may be written as the heading or its slug."""
    if not section or not section.strip():
        return None
    return (slugify or toc_slugify)(section.strip(), separator)


def reference_href(paper: Paper, source: str, anchor: str | None = None) -> str:
    """The relative link from page `source` to a paper's markdown file, as MkDocs resolves it."""
    href = md_link_target(relative_source(paper.source, source))
    return f"{href}#{anchor}" if anchor else href


def reference_markdown(paper: Paper, source: str, text: str | None = None, anchor: str | None = None) -> str:
    """`[Title](../rl/PPO.md "Read 2025-05-23")`; the title is escaped, text the user wrote is not."""
    label = text.strip() if text and text.strip() else md_text(paper.title)
    tooltip = f' "Read {paper.date.iso()}"' if paper.date else ""
    return f"[{label}]({reference_href(paper, source, anchor)}{tooltip})"


def read_reference(text: str, match: re.Match[str]) -> re.Match[str]:
    """The reference as written in `text`, for a match found in its masked copy."""
    found = SHORT_REF.fullmatch(text, match.start(), match.end())
    return found if found is not None else match


def expand_references(
    markdown: str, source: str, index: PaperIndex, *, slugify: Slugify | None = None, separator: str = "-"
) -> str:
    """Turn every `[[...]]` outside code into a relative markdown link to its paper.

    A reference that does not resolve stays visible as plain text; `analyse_links` reports it.
    """
    if "[[" not in markdown:
        return markdown
    names = names_for(index)
    parts, last = [], 0
    for match in SHORT_REF.finditer(mask(markdown)):
        ref = read_reference(markdown, match)
        found = names.find(ref["target"])
        if len(found) == 1:
            shown = reference_markdown(
                found[0], source, ref["text"], section_anchor(ref["section"], slugify, separator)
            )
        else:
            shown = md_text(ref.group(0))
        parts += [markdown[last : match.start()], shown]
        last = match.end()
    parts.append(markdown[last:])
    return "".join(parts)
