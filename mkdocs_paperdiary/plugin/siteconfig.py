"""The site settings the engine reads, from MkDocs' validated config."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_paperdiary.site.facts import SiteConfig


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
    """The front-matter key Material's tags plugin reads tags from, or None when that plugin is off.

    That plugin reads `page.meta[tags_name_property]` (default `tags`) in its on_page_markdown,
    which runs after ours; it then lists the tags itself, so no tags page is generated.
    """
    for name, plugin in config.plugins.items():
        if name.split(" #")[0] in ("material/tags", "tags") and plugin.config.get("enabled", True):
            return plugin.config.get("tags_name_property", "tags")
    return None
