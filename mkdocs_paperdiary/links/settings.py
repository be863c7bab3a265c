"""How links are checked: the level of suspicious-link reports, and heading anchors as the site's
`toc` extension makes them."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markdown.extensions.toc import slugify as toc_slugify


@dataclass(frozen=True)
class LinkSettings:
    """How links are checked: the level of suspicious-link reports, and how headings become anchors."""

    suspicious: str = "info"  # "info" | "warning" | "off"
    slugify: Callable[[str, str], str] | None = None  # toc's slugify(value, separator)
    separator: str = "-"

    @classmethod
    def for_site(cls, mdx_configs: Mapping[str, Mapping[str, object]], suspicious: str = "info") -> LinkSettings:
        """Settings that slugify headings as the site's `toc` extension does (MkDocs' `mdx_configs`)."""
        toc = mdx_configs.get("toc") or mdx_configs.get("markdown.extensions.toc") or {}
        slugify = toc.get("slugify")
        return cls(suspicious, slugify if callable(slugify) else None, str(toc.get("separator", "-")))

    def slug(self, heading: str) -> str:
        return (self.slugify or toc_slugify)(heading, self.separator)
