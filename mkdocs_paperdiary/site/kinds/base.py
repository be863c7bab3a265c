"""What every kind of generated page is, and what it is rendered from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption

from mkdocs_paperdiary.core.index import PaperIndex
from mkdocs_paperdiary.core.urls import base_from
from mkdocs_paperdiary.links.analysis import LinkReport
from mkdocs_paperdiary.maps.types import MapResult
from mkdocs_paperdiary.pages.asseturls import stylesheet_url
from mkdocs_paperdiary.pages.linklist import Href
from mkdocs_paperdiary.pages.stash import HtmlStash
from mkdocs_paperdiary.site.config import PagePath, PaperDiaryConfig, described


@dataclass(frozen=True)
class PageContext:
    """What a generated view is made from: the site's papers, links and map, and the page it goes on."""

    config: PaperDiaryConfig
    index: PaperIndex
    links: LinkReport
    map: MapResult | None  # None: maps are off for this build
    url: str  # the page's URL, relative to the site root
    href: Href  # docs source -> its URL relative to this page
    stash: HtmlStash  # HTML -> the placeholder that stands for it in the markdown

    @property
    def base(self) -> str:
        """The way from this page up to the site root, for asset links."""
        return base_from(self.url)

    @property
    def stylesheet(self) -> str:
        """The plugin's CSS, from this page."""
        return stylesheet_url(self.base)

    def option(self, name: str) -> Any:
        return self.config[name]


class PageKind:
    """One kind of generated page, in the style of Material blog's views.

    Its options are `<name>_page` (the path; "" turns the page off) and `<name>_title`, plus
    any it adds in `extra_options`. A kind whose `embeddable` is true is also a marker.
    """

    name: ClassVar[str]
    default_path: ClassVar[str]
    default_title: ClassVar[str]
    needs_maps: ClassVar[bool] = False  # made only when maps are drawn
    replaced_by_material_tags: ClassVar[bool] = False  # not made when Material's tags plugin lists tags
    embeddable: ClassVar[bool] = False  # `<!-- paperdiary:<name> -->` embeds its view in any page

    @property
    def path_option(self) -> str:
        return f"{self.name}_page"

    @property
    def title_option(self) -> str:
        return f"{self.name}_title"

    def options(self) -> dict[str, BaseConfigOption]:
        """The plugin config options of this kind, in the order the schema lists them."""
        return {
            self.path_option: described(PagePath(self.default_path, ".md"), self._path_help()),
            self.title_option: described(
                c.Type(str, default=self.default_title), f"The {self.name} page's title, its heading and nav entry."
            ),
            **self.extra_options(),
        }

    def _path_help(self) -> str:
        when = [
            "Made only when maps are drawn." if self.needs_maps else "",
            "Not made when Material's tags plugin is on: it lists the tags." if self.replaced_by_material_tags else "",
            f"`<!-- paperdiary:{self.name} -->` embeds it in any page." if self.embeddable else "",
        ]
        return " ".join(
            [f'Where the {self.name} page goes, in docs_dir; `""` (or false) turns it off.', *filter(None, when)]
        )

    def extra_options(self) -> dict[str, BaseConfigOption]:
        return {}

    def path(self, config: PaperDiaryConfig) -> str:
        return config[self.path_option]

    def title(self, context: PageContext) -> str:
        return context.option(self.title_option)

    def render(self, context: PageContext) -> str:
        """The markdown of the page itself."""
        raise NotImplementedError

    def embed(self, context: PageContext) -> str:
        """The markdown a page's marker stands for; only for kinds that are `embeddable`."""
        raise NotImplementedError(f"page kind '{self.name}' has no marker")

    def __repr__(self) -> str:
        return f"<page kind {self.name}>"
