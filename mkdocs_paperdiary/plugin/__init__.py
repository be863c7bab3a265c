"""The MkDocs adapter: hooks over the engine, and the plugin's config schema."""

from mkdocs_paperdiary.plugin.adapter import PaperDiaryPlugin

__all__ = ["PaperDiaryPlugin"]
