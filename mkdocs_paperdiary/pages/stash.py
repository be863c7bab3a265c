"""Generated HTML that skips the markdown pass.

Lists of hundreds of links cost Python-Markdown milliseconds per page, and a map's data is a
large raw-HTML block it would scan in full. A generated section is therefore written as its
heading (markdown, so it reaches the page's table of contents) and a placeholder comment,
which Python-Markdown passes through untouched; once the page is HTML the comment is swapped
for the section's HTML. The token is random per page, so a user's text cannot pose as a slot.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

_SLOT = re.compile(r"<!--paperdiary-html:([0-9a-f]+):(\d+)-->")


class HtmlStash:
    """The HTML fragments of one page, keyed by placeholders that ride through markdown."""

    def __init__(self) -> None:
        self._token = secrets.token_hex(6)
        self._parts: list[str | Callable[[], str]] = []

    def __call__(self, fragment: str | Callable[[], str]) -> str:
        """A block-level placeholder for `fragment`, to write into the page's markdown. A
        callable is called when the page is filled: for HTML that needs what the build learns
        after the markdown is written (the map page draws the cross-links found later)."""
        self._parts.append(fragment)
        return f"\n\n<!--paperdiary-html:{self._token}:{len(self._parts) - 1}-->\n\n"

    def __len__(self) -> int:
        return len(self._parts)

    def fingerprint(self, markdown: str, drawn_later: object) -> tuple[object, ...]:
        """What `markdown` written with this stash shows, without its random token: equal
        fingerprints, equal pages. A fragment drawn when the page is filled counts as `drawn_later`,
        the inputs it will be drawn from."""
        parts = tuple(part if isinstance(part, str) else drawn_later for part in self._parts)
        return markdown.replace(self._token, ""), parts

    def restore(self, html: str, wrap: Callable[[str], str] | None = None) -> tuple[str, int]:
        """The page's HTML with every placeholder filled, and how many fragments found no place.
        `wrap` shapes each fragment first (the staging adapter fills markdown, not HTML)."""
        placed: set[int] = set()

        def fill(match: re.Match[str]) -> str:
            number = int(match[2])
            if match[1] != self._token or number >= len(self._parts):
                return match[0]
            placed.add(number)
            part = self._parts[number]
            fragment = part if isinstance(part, str) else part()
            return wrap(fragment) if wrap else fragment

        return _SLOT.sub(fill, html), len(self._parts) - len(placed)
