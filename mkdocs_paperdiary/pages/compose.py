"""Where the plugin's additions go on a page: the paper header, embedded views, related papers
and backlinks, each at its marker when the page places it by hand, else where the config says.

A pure function of the page's markdown and the pieces; the plugin's `on_page_markdown` is a thin
hook over it. Each piece is made only when it is placed, and at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mkdocs_paperdiary.markdown.markers import fill_markers, has_marker
from mkdocs_paperdiary.pages.backlinks import MARKER as BACKLINKS
from mkdocs_paperdiary.pages.backlinks import place_backlinks
from mkdocs_paperdiary.pages.header import MARKER as HEADER
from mkdocs_paperdiary.pages.header import place_header

RELATED = "related"  # <!-- paperdiary:related --> places the related papers by hand
SECTION_MARKERS = (RELATED, BACKLINKS, HEADER)  # a paper page's own sections

Filler = Callable[[], str]


def _nothing() -> str:
    return ""


@dataclass(frozen=True)
class PageParts:
    """What the plugin adds to one page."""

    header: str = ""  # the paper header (a stash placeholder); "" for none
    related: Filler = _nothing
    backlinks: Filler = _nothing
    views: Mapping[str, Filler] = field(default_factory=dict)  # embedded generated views, by marker
    more: Mapping[str, Filler] = field(default_factory=dict)  # other sections, by marker: after related


def compose_page(
    markdown: str, parts: PageParts, *, header_at: str = "below-title", backlinks_at: str = "bottom"
) -> str:
    """The page with every piece in its place.

    `header_at` is `below-title`, `top` or `off`; `backlinks_at` is `bottom`, `top` or `off`
    (related papers then still go at the bottom). A marker places its piece whatever the config.
    """
    own = (*SECTION_MARKERS, *parts.more)
    by_hand = {name for name in own if has_marker(markdown, name)}
    fillers = {
        **parts.views,
        **parts.more,
        RELATED: parts.related,
        BACKLINKS: parts.backlinks,
        HEADER: lambda: parts.header,
    }
    # The header goes in before the embedded views, so none of their headings is taken for the title.
    below_title = HEADER not in by_hand and header_at == "below-title"
    if HEADER not in by_hand:
        markdown = place_header(markdown, parts.header, header_at)
    filled, _ = fill_markers(markdown, fillers)
    sections = [RELATED, *parts.more] + ([BACKLINKS] if backlinks_at != "off" else [])
    added = [fillers[name]().strip("\n") for name in sections if name not in by_hand]
    return place_backlinks(
        filled,
        "\n\n".join(part for part in added if part),
        "bottom" if backlinks_at == "off" else backlinks_at,
        after=parts.header if below_title else "",
    )
