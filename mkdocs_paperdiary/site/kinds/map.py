"""The paper map: the papers' t-SNE/UMAP projections, clustered and named, with their cross-links."""

from __future__ import annotations

from mkdocs_paperdiary.pages.mapview import map_view
from mkdocs_paperdiary.site.kinds.base import PageContext, PageKind

OFF = "Maps are off for this site."
NOT_INSTALLED = "Maps need the optional dependencies: pip install 'mkdocs-paperdiary[maps]'."


class Map(PageKind):
    name = "map"
    default_path = "map/index.md"
    default_title = "Paper Map"
    needs_maps = True
    embeddable = True

    def render(self, context: PageContext) -> str:
        # Drawn when the page is filled, so the build's other pages need not wait for it.
        fragment = context.stash(lambda: map_fragment(context, element_id="paperdiary-map", full_page=True))
        # Material: the map takes the table of contents' column too (its only entry is the title).
        return f"---\nhide:\n  - toc\n---\n# {self.title(context)}\n" + fragment

    def embed(self, context: PageContext) -> str:
        return context.stash(map_fragment(context, element_id="paperdiary-map-embedded"))


def map_fragment(context: PageContext, *, element_id: str, full_page: bool = False) -> str:
    """The map's HTML, or a note saying why there is none."""
    from mkdocs_paperdiary.pages.plots import map_html  # plotly's path is looked up on first use

    if context.map is None:
        reason = OFF if context.option("maps") is False else NOT_INSTALLED
        return map_html({"points": [], "clusters": []}, base=context.base, element_id=element_id, missing_reason=reason)
    view = map_view(context.index.papers, context.map, lambda paper: context.links.cites(paper.source))
    return map_html(
        view,
        base=context.base,
        element_id=element_id,
        missing_reason=context.map.missing_reason,
        cdn_url=context.option("plotly_cdn"),
        full_page=full_page,
    )
