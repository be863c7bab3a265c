"""The topics page: a table of the topics, then each topic's papers."""

from __future__ import annotations

from mkdocs_paperdiary.pages.render import topics_markdown
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind


class Topics(PageKind):
    name = "topics"
    default_path = "topics/index.md"
    default_title = "Topics"
    embeddable = True

    def render(self, context: PageContext) -> str:
        return topics_markdown(
            context.index.topics(),
            context.href,
            context.stash,
            title=self.title(context),
            stylesheet=context.stylesheet,
        )

    def embed(self, context: PageContext) -> str:
        return topics_markdown(
            context.index.topics(), context.href, context.stash, title=None, stylesheet=context.stylesheet
        )
