"""What a reader gets of a built page, whatever theme drew it: the text and the links of its
content. Two engines' builds of one diary are compared by these, not by bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

# Where each theme puts a page's content, and what an engine adds there by itself: Zensical's
# theme lists a page's front-matter tags under it (Material does that only with its tags
# plugin), and each engine has its own default for the headings' permalinks (toc's `permalink`).
CONTENT = (("article", "md-content__inner"), ("div", "col-md-9"))
THEME_ONLY = (("nav", "md-tags"), ("a", "headerlink"))


@dataclass
class PageView:
    text: str
    links: list[str] = field(default_factory=list)


class _Content(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self._open: list[str] = []  # tags open inside the content, or None outside it
        self._inside = False
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if not self._inside:
            if any(tag == name and css in classes for name, css in CONTENT):
                self._inside, self._open = True, [tag]
            return
        if tag in ("br", "img", "input", "link", "meta", "hr", "source", "wbr"):
            return
        self._open.append(tag)
        if self._skip or any(tag == name and css in classes for name, css in THEME_ONLY):
            self._skip += 1
        elif tag == "a" and (href := dict(attrs).get("href")):
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if not self._inside or tag not in self._open:
            return
        while self._open:
            closed = self._open.pop()
            self._skip = max(self._skip - 1, 0) if self._skip else 0
            if closed == tag:
                break
        self._inside = bool(self._open)

    def handle_data(self, data: str) -> None:
        if self._inside and not self._skip:
            self.text.append(data)


def page_view(html: str) -> PageView:
    parser = _Content()
    parser.feed(html)
    return PageView(" ".join(" ".join(parser.text).split()), parser.links)


def site_views(site_dir: Path) -> dict[str, PageView]:
    """Every page of a built site (its `index.html` files), by path."""
    return {
        path.relative_to(site_dir).as_posix(): page_view(path.read_text(encoding="utf-8"))
        for path in sorted(site_dir.rglob("index.html"))
    }
