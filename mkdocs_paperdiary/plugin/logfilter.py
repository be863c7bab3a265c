"""Quiets MkDocs' own warning about a link that paperdiary has already reported with a fix.

MkDocs says only "contains a link ..., but the target is not found"; paperdiary's warning for the
same link names the line and suggests the page meant. One warning per problem reads better.
"""

from __future__ import annotations

import logging
import re

_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


class KnownLinkFilter(logging.Filter):
    """Drops MkDocs' warning about a link when paperdiary has already reported it, with a fix."""

    MESSAGE = re.compile(
        r"^Doc file '(?P<source>.*?)' contains (?:a|an unrecognized relative) link '(?P<href>.*)', (?:but|it was left)"
    )

    def __init__(self) -> None:
        super().__init__()
        self.known: frozenset[tuple[str, str]] = frozenset()

    def filter(self, record: logging.LogRecord) -> bool:
        match = self.MESSAGE.match(record.getMessage())
        return match is None or (match["source"], match["href"]) not in self.known

    def install(self, known: frozenset[tuple[str, str]]) -> None:
        """Start dropping MkDocs' warnings about these (source, href) links."""
        self.known = known
        _PAGES_LOG.addFilter(self)

    def remove(self) -> None:
        _PAGES_LOG.removeFilter(self)
