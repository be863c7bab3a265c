"""User text placed literally into markdown."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def md_text(text: str) -> str:
    """User text shown literally in markdown: no HTML, no emphasis, no stray links."""
    escaped = html.escape(text, quote=False).replace("|", "&#124;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def md_code(text: str) -> str:
    """User text as an inline code span: the fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
