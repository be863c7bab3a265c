"""Backlinks: the "Cited in" and "Cited by papers" sections of a paper page.

Their headings are markdown added before MkDocs renders the page, so they reach the table of
contents in any theme; their lists are stashed HTML (see `stash`), built from the index.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.core.topics import humanise
from mkdocs_paperdiary.links.analysis import Citation, LinkReport
from mkdocs_paperdiary.links.references import normalise
from mkdocs_paperdiary.markdown.scanner import Lines, headings, mask
from mkdocs_paperdiary.pages.linklist import Href, Stash, link_list

MARKER = "backlinks"  # <!-- paperdiary:backlinks --> places the sections by hand


@dataclass(frozen=True)
class Backlink:
    label: str  # where the citation sits, e.g. "Highlights & Lessons Learned › Reinforcement Learning"
    href: str  # from the cited paper's page to that section
    text: str


def backlinks_markdown(paper: Paper, report: LinkReport, index: PaperIndex, href: Href, stash: Stash) -> str:
    """The sections for one paper, or "" when nothing cites it. One entry per citing section."""
    in_pages: list[Backlink] = []
    in_papers: list[tuple[Paper, Backlink]] = []
    for citation in report.cited_sections(paper.key):
        target = href(citation.source)
        target = f"{target}#{citation.anchor}" if citation.anchor else target
        citing = index.by_source.get(citation.source)
        if citing is None:
            in_pages.append(Backlink(_page_label(citation), target, citation.text))
        else:
            in_papers.append((citing, Backlink(_paper_label(citing, citation), target, citation.text)))
    if not in_pages and not in_papers:
        return ""
    in_papers.sort(key=lambda item: item[0].sort_key())
    sections = (("Cited in", in_pages), ("Cited by papers", [link for _, link in in_papers]))
    return "".join(
        f"## {heading}\n"
        + stash(link_list((("", link.href, link.label, _quoted(link.text)) for link in links), searchable=False))
        for heading, links in sections
        if links
    )


def place_backlinks(markdown: str, backlinks: str, where: str, after: str = "") -> str:
    """Add the sections at the end of a page (`bottom`) or right after its H1 (`top`), or after
    `after` (the paper header under that H1) when the page has it."""
    if not backlinks or where not in ("top", "bottom"):
        return markdown
    backlinks = backlinks.strip("\n")
    if where == "bottom":
        return f"{markdown.rstrip()}\n\n{backlinks}\n"
    if after and after in markdown:
        end = markdown.index(after) + len(after)
        return f"{markdown[:end]}\n\n{backlinks}\n\n{markdown[end:].lstrip(chr(10))}"
    title = next((h for h in headings(markdown, mask(markdown), Lines(markdown)) if h.level == 1), None)
    if title is None:
        return f"{backlinks}\n\n{markdown}"
    return f"{markdown[: title.end]}\n\n{backlinks}\n\n{markdown[title.end :].lstrip(chr(10))}"


def _quoted(text: str) -> str:
    return f": “{text}”" if text else ""


def _page_label(citation: Citation) -> str:
    if citation.section:
        return " › ".join(citation.section)
    stem = posixpath.splitext(posixpath.basename(citation.source))[0]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(citation.source)) or "Home"
    return humanise(stem.replace("-", " "))


def _paper_label(citing: Paper, citation: Citation) -> str:
    if citation.section and normalise(citation.section[-1]) != normalise(citing.title):
        return f"{citing.title} › {citation.section[-1]}"
    return citing.title
