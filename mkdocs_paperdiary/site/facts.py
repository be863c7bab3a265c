"""What the diary needs of the site's own config, whichever engine read `mkdocs.yml`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class SiteConfig:
    """The few site settings the engine reads: MkDocs' validated config gives them to the plugin,
    and the staging adapter reads them from the same file."""

    docs_dir: Path
    config_file: Path | None = None
    site_dir: Path | None = None
    site_url: str | None = None
    site_name: str = ""
    site_description: str = ""
    use_directory_urls: bool = True
    mdx_configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    material_tags: str | None = None  # the meta key Material's tags plugin reads, when it lists the tags
    has_nav: bool = False  # mkdocs.yml writes its own `nav:`

    @property
    def root(self) -> Path:
        """The folder of mkdocs.yml, which relative paths in the plugin config are read from."""
        return self.config_file.parent if self.config_file else Path.cwd()


TAGS_PLUGINS = ("tags", "material/tags")  # Material's tags plugin, by the names `plugins:` may give it


def tags_property(plugins: Iterable[tuple[str, Mapping[str, Any]]]) -> str | None:
    """The front-matter key Material's tags plugin reads tags from, or None when that plugin is
    off, from each listed plugin's name and options. That plugin lists the tags itself, so no tags
    page is generated, and it reads `page.meta[tags_name_property]` (default `tags`)."""
    for name, options in plugins:
        if name.split(" #")[0] in TAGS_PLUGINS and options.get("enabled", True) is not False:
            return str(options.get("tags_name_property", "tags"))
    return None
