"""Suspicious link text: a link whose words name one paper while it leads to another."""

from __future__ import annotations

from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.links.references import PaperNames
from mkdocs_paperdiary.markdown.scanner import plain


def suspicious_text(text: str, paper: Paper, names: PaperNames, index: PaperIndex) -> str | None:
    """The message when `text` names other papers than the link's target `paper`, else None."""
    named = names.named(text)
    if not named or paper.key in named:
        return None
    others = " and ".join(sorted(index.by_key[key].source for key in named))
    return f"link text '{plain(text)}' names {others}, but the link goes to {paper.source}; is the target right?"
