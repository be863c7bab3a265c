"""The site settings the engine reads, from MkDocs' validated config."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from mkdocs_paperdiary.site.facts import SiteConfig, tags_property


def site_config(config: MkDocsConfig) -> SiteConfig:
    return SiteConfig(
        docs_dir=Path(config.docs_dir),
        config_file=Path(config.config_file_path) if config.config_file_path else None,
        site_dir=Path(config.site_dir),
        site_url=config.site_url or None,
        site_name=config.site_name or "",
        site_description=config.site_description or "",
        use_directory_urls=config.use_directory_urls,
        mdx_configs=config.mdx_configs,
        material_tags=material_tags_property(config),
        has_nav=config.nav is not None,
    )


def material_tags_property(config: MkDocsConfig) -> str | None:
    """The key Material's tags plugin reads (see `site.facts.tags_property`), from MkDocs' plugins
    (not the modules `hooks:` lists, which MkDocs keeps among them)."""
    plugins = config.plugins.items()
    return tags_property((name, plugin.config) for name, plugin in plugins if isinstance(plugin, BasePlugin))
