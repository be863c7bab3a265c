"""User text placed literally into markdown."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!])")


def md_text(text: str) -> str:
    """User text shown literally in markdown: no HTML, no emphasis, no stray links."""
    escaped = html.escape(text, quote=False).replace("|", "&#124;")
    return _MD_SPECIAL.sub(r"\\\1", escaped)
