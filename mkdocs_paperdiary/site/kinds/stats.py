"""The reading stats page: plots of papers read per month, cumulative, by topic, by weekday."""

from __future__ import annotations

from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind


class Stats(PageKind):
    name = "stats"
    default_path = "stats/index.md"
    default_title = "Reading Stats"
    embeddable = True

    def render(self, context: PageContext) -> str:
        return f"# {self.title(context)}\n" + context.stash(_stats_html(context, "paperdiary-stats"))

    def embed(self, context: PageContext) -> str:
        return context.stash(_stats_html(context, "paperdiary-stats-embedded"))


def _stats_html(context: PageContext, element_id: str) -> str:
    # plotly's path is looked up on first use, so `paperdiary check` stays light
    from mkdocs_paperdiary.pages.plots import stats_html

    return stats_html(
        context.index.papers, base=context.base, element_id=element_id, cdn_url=context.option("plotly_cdn")
    )
