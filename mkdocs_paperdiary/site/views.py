"""The views on a paper's page: its header, its related papers and its "Cited in" sections.

Each is an object, as the kinds of generated page are: what it shows of the site (its
`inputs`: equal inputs, equal output) and how it renders. The adapters only place them
(`pages/compose.py` says where), and a dirty rebuild or a staged file changes exactly when
one's inputs do. Adding a view is a class here and a line in `PAPER_VIEWS`.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, ClassVar

from mkdocs_paperdiary.core.paper import Paper
from mkdocs_paperdiary.markdown.markers import has_marker
from mkdocs_paperdiary.pages.backlinks import MARKER as BACKLINKS
from mkdocs_paperdiary.pages.backlinks import backlinks_markdown
from mkdocs_paperdiary.pages.compose import RELATED
from mkdocs_paperdiary.pages.export import bibtex_entry
from mkdocs_paperdiary.pages.header import MARKER as HEADER
from mkdocs_paperdiary.pages.header import HeaderLinks, header_html, shows_link
from mkdocs_paperdiary.pages.related import related_markdown, related_papers
from mkdocs_paperdiary.site.kinds.base import PageContext

if TYPE_CHECKING:
    from mkdocs_paperdiary.site.model import Site


def shown(paper: Paper | None) -> Hashable:
    """What a page shows of another paper it links to: where, its title, its date on hover."""
    return paper and (paper.source, paper.title, paper.date)


class PaperView:
    """One addition to a paper's page, placed at its marker or where the config says."""

    name: ClassVar[str]  # its slot in `compose_page`, and its marker `<!-- paperdiary:<name> -->`

    def inputs(self, site: Site, paper: Paper) -> Hashable:
        """Everything the view shows of the site for `paper`, besides the config and the nav."""
        raise NotImplementedError

    def render(self, site: Site, context: PageContext, paper: Paper, markdown: str) -> str:
        """Its markdown for the page whose own markdown is `markdown` ("" for nothing)."""
        raise NotImplementedError


class Header(PaperView):
    """The paper header under the title, with its "Cite this paper" BibTeX block."""

    name = HEADER

    def inputs(self, site: Site, paper: Paper) -> Hashable:
        return paper, site.cite_keys.get(paper.source)

    def render(self, site: Site, context: PageContext, paper: Paper, markdown: str) -> str:
        options = site.options
        if options.paper_header == "off" and not has_marker(markdown, HEADER):
            return ""
        pages = {page.kind.name: context.href(page.uri) for page in site.pages}
        links = HeaderLinks(
            slug=site.link_settings.slug,
            diary=pages.get("diary"),
            topics=pages.get("topics"),
            tags=pages.get("tags"),
            map=pages.get("map"),
            css=context.stylesheet,
        )
        citation = bibtex_entry(paper, site.cite_keys[paper.source]) if options.cite else None
        html = header_html(
            paper,
            links,
            citation=citation,
            max_authors=options.header_authors,
            link_title=not shows_link(markdown, paper.url),
            show_tags=site.config.material_tags is None,  # Material's tags plugin shows them itself
        )
        return context.stash(html).strip("\n")


class Related(PaperView):
    """The nearest papers by embedding, closest first, when the map is drawn."""

    name = RELATED

    def inputs(self, site: Site, paper: Paper) -> Hashable:
        if site.map is None:
            return ()
        return tuple(shown(other) for other in related_papers(paper, site.map, site.index.by_key))

    def render(self, site: Site, context: PageContext, paper: Paper, markdown: str) -> str:
        if site.map is None or site.options.related <= 0:
            return ""
        return related_markdown(paper, site.map, site.index.by_key, context.href, context.stash)


class Backlinks(PaperView):
    """ "Cited in" and "Cited by papers": where other pages cite this paper."""

    name = BACKLINKS

    def inputs(self, site: Site, paper: Paper) -> Hashable:
        return tuple(
            (citation, shown(site.index.by_source.get(citation.source)))
            for citation in site.links.cited_sections(paper.key)
        )

    def render(self, site: Site, context: PageContext, paper: Paper, markdown: str) -> str:
        return backlinks_markdown(paper, site.links, site.index, context.href, context.stash)


PAPER_VIEWS: tuple[PaperView, ...] = (Header(), Related(), Backlinks())
