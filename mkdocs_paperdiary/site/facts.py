"""What the diary needs of the site's own config, whichever engine read `mkdocs.yml`."""

from __future__ import annotations

from collections.abc import Mapping
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
