"""Link destinations as Python-Markdown reads them, and the docs path a relative link reaches."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

SCHEME = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")
SPACE = re.compile(r"\s+")
_TITLE = re.compile(r"""\s+(?:"[^"\n]*"|'[^'\n]*'|\([^()\n]*\))\s*$""")


@dataclass(frozen=True)
class Destination:
    written: str  # what stands between the parentheses
    href: str  # the target as Python-Markdown reads it
    leading_space: bool


def parse_destination(inner: str) -> Destination:
    """What Python-Markdown makes of `(...)`: `<...>` or the text before an optional title."""
    stripped = inner.strip()
    leading = inner[:1].isspace() and bool(stripped)
    if stripped.startswith("<") and ">" in stripped:
        return Destination(inner, stripped[1 : stripped.index(">")], leading)
    title = _TITLE.search(stripped)
    return Destination(inner, stripped[: title.start()] if title else stripped, leading)


def resolve(source: str, path: str) -> str:
    """The docs path a relative link from `source` reaches (MkDocs' rule: relative to the file)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), path))


def label(text: str) -> str:
    """A reference label as markdown matches it: spaces collapsed, case ignored."""
    return SPACE.sub(" ", text.strip()).casefold()
