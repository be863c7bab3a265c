"""Warnings about the index as a whole: titles many notes share, link values that are no link.

Each is one line for the lot where one per note would bury the diarist's other warnings.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.core.paper import Paper


def _notes(count: int) -> str:
    return "1 note has" if count == 1 else f"{count} notes have"


def no_links(problems: list[Diagnostic]) -> list[Diagnostic]:
    """One line for every link value that is no link ("N/A", a title), instead of one each."""
    no_links = [problem for problem in problems if problem.code == "no-link"]
    if not no_links:
        return problems
    names = ", ".join(f"{p.source} {p.message.split(' is not a link ', 1)[-1]}" for p in no_links[:3])
    more = f" and {len(no_links) - 3} more" if len(no_links) > 3 else ""
    summary = Diagnostic(
        None,
        None,
        f"{_notes(len(no_links))} a link value that is not an http(s) link: {names}{more}; they are listed without a link.",
        level="info",
        code="no-link",
    )
    return [*(problem for problem in problems if problem.code != "no-link"), summary]


def duplicate_titles(papers: list[Paper]) -> list[Diagnostic]:
    """One warning per repeated title; one line for a title many notes got from a shared heading."""
    groups: dict[str, list[Paper]] = defaultdict(list)
    for paper in sorted(papers, key=lambda p: p.source):
        groups[paper.title.casefold()].append(paper)
    problems = []
    for same in groups.values():
        if len(same) >= SHARED_HEADING and all(p.title_line is not None for p in same):
            problems.append(_shared_heading(same))
            continue
        problems += [
            Diagnostic(
                paper.source,
                paper.title_line,
                f"has the same title as {same[0].source} ('{paper.title}'); references by title to either are ambiguous.",
                code="duplicate-title",
            )
            for paper in same[1:]
        ]
    return problems


SHARED_HEADING = 3  # this many notes titled alike by their heading: the heading is a template's


def _shared_heading(same: list[Paper]) -> Diagnostic:
    others = ", ".join(p.source for p in same[1:3]) + (f" and {len(same) - 3} more" if len(same) > 3 else "")
    return Diagnostic(
        same[0].source,
        same[0].title_line,
        f"{len(same)} notes are titled '{same[0].title}' by the same heading (this one, {others}); "
        "give each a 'title:' in front matter or a 'Title:' line.",
        code="duplicate-title",
    )
