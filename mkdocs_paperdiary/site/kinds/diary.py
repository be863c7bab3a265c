"""The full diary: every paper by the month it was read."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption

from mkdocs_paperdiary.pages.render import diary_markdown
from mkdocs_paperdiary.site.config import described
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind


class Diary(PageKind):
    name = "diary"
    default_path = "diary/index.md"
    default_title = "Full Diary"
    embeddable = True

    def extra_options(self) -> dict[str, BaseConfigOption]:
        order = c.Choice(("newest", "oldest"), default="newest")
        return {"diary_order": described(order, "Which months and papers the diary lists first.")}

    def render(self, context: PageContext) -> str:
        return self._markdown(context, title=self.title(context), level=2)

    def embed(self, context: PageContext) -> str:
        # Embedded under the page's own title: month headings one level down, no title of its own.
        return self._markdown(context, title=None, level=3)

    def _markdown(self, context: PageContext, *, title: str | None, level: int) -> str:
        newest_first = context.option("diary_order") == "newest"
        papers = context.index.papers
        return diary_markdown(
            papers,
            context.href,
            context.stash,
            newest_first=newest_first,
            title=title,
            level=level,
            stylesheet=context.stylesheet,
        )
