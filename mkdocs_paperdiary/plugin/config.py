"""The plugin's typed configuration schema (the `plugins: - paperdiary:` block)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from mkdocs_paperdiary.core.dates import DateSettings
from mkdocs_paperdiary.core.index import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, IndexSettings
from mkdocs_paperdiary.links.analysis import LinkSettings


class ClusterCount(c.BaseConfigOption):
    """`auto` or a whole number of clusters from 1 to 50."""

    def __init__(self, default: object = "auto") -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> object:
        if value == "auto":
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 50:
            return value
        raise base.ValidationError(f"expected 'auto' or a number from 1 to 50, got {value!r}")


class PaperDiaryConfig(base.Config):
    enabled = c.Type(bool, default=True)

    # Which pages are papers, and how their metadata is read.
    include = c.ListOfItems(c.Type(str), default=list(DEFAULT_INCLUDE))
    exclude = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE))
    topic_names = c.DictOfItems(c.Type(str), default={})
    date_order = c.Choice(("day-first", "month-first"), default="day-first")

    # Generated pages ("" turns one off).
    diary_page = c.Type(str, default="diary/index.md")
    diary_title = c.Type(str, default="Full Diary")
    diary_order = c.Choice(("newest", "oldest"), default="newest")
    topics_page = c.Type(str, default="topics/index.md")
    json_index = c.Type(str, default="paperdiary.json")

    # Cross-links.
    backlinks = c.Choice(("bottom", "top", "off"), default="bottom")
    suspicious_links = c.Choice(("info", "warning", "off"), default="info")

    # Maps (need the `maps` extra).
    maps = c.Optional(c.Type(bool))
    maps_on_serve = c.Type(bool, default=True)
    map_page = c.Type(str, default="map/index.md")
    map_title = c.Type(str, default="Paper Map")
    stats_page = c.Type(str, default="stats/index.md")
    stats_title = c.Type(str, default="Reading Stats")
    model = c.Type(str, default="all-MiniLM-L6-v2")
    device = c.Choice(("auto", "cpu", "cuda"), default="auto")
    batch_size = c.Type(int, default=32)
    embed = c.Choice(("title+description", "description", "title"), default="title+description")
    clusters = ClusterCount(default="auto")
    cluster_names = c.DictOfItems(c.Type(str), default={})
    related = c.Type(int, default=5)
    perplexity = c.Type((int, float), default=15)
    n_neighbors = c.Type(int, default=15)
    seed = c.Type(int, default=42)
    plotly_cdn = c.Optional(c.Type(str))
    cache_dir = c.Type(str, default=".cache/plugin/paperdiary")


def index_settings(config: PaperDiaryConfig, *, use_directory_urls: bool) -> IndexSettings:
    """The engine's settings from the plugin config; shared by the plugin and the CLI so both read papers alike."""
    return IndexSettings(
        include=tuple(config.include),
        exclude=tuple(config.exclude),
        topic_names=dict(config.topic_names),
        dates=DateSettings(day_first=config.date_order == "day-first"),
        use_directory_urls=use_directory_urls,
    )


def link_settings(config: PaperDiaryConfig, mdx_configs: Mapping[str, Mapping[str, Any]]) -> LinkSettings:
    """How links are checked: anchors are slugified the way the site's `toc` extension does."""
    return LinkSettings.for_site(mdx_configs, config.suspicious_links)
