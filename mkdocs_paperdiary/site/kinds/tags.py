"""The tags page: papers by tag, for sites without Material's tags plugin (which lists them itself)."""

from __future__ import annotations

from mkdocs_paperdiary.pages.render import tags_markdown
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind


class Tags(PageKind):
    name = "tags"
    default_path = "tags/index.md"
    default_title = "Tags"
    replaced_by_material_tags = True

    def render(self, context: PageContext) -> str:
        return tags_markdown(
            context.index.papers, context.href, context.stash, title=self.title(context), stylesheet=context.stylesheet
        )
