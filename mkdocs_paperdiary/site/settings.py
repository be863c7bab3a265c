"""What the plugin config means for maps: whether they are drawn, their settings, where the cache lives."""

from __future__ import annotations

from pathlib import Path

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.llm import LlmSettings
from mkdocs_paperdiary.maps.types import MapSettings, maps_available
from mkdocs_paperdiary.site.config import PaperDiaryConfig
from mkdocs_paperdiary.site.facts import SiteConfig

MAPS_OFF = "Maps are off: install 'mkdocs-paperdiary[maps]' for t-SNE/UMAP maps of your papers (CPU torch first: see the README)."


def maps_on(config: PaperDiaryConfig) -> bool:
    """Maps are drawn when asked for (`maps: true`; without the extra the builder warns) or, unset, when installed."""
    if not config.enabled:
        return False
    if config.maps is not None:
        return config.maps
    return maps_available()


def cache_dir(plugin: PaperDiaryConfig, config: SiteConfig) -> tuple[Path | None, list[Diagnostic]]:
    """The map cache folder; none inside docs_dir, where writing would make `mkdocs serve` rebuild forever."""
    folder = (config.root / plugin.cache_dir).resolve()
    docs_dir = Path(config.docs_dir).resolve()
    if folder == docs_dir or docs_dir in folder.parents:
        message = (
            f"cache_dir '{plugin.cache_dir}' is inside docs_dir, where writing would make `mkdocs serve` rebuild "
            "forever; maps are computed without a cache. Set cache_dir outside docs_dir."
        )
        return None, [Diagnostic(None, None, message, code="config")]
    return folder, []


def map_settings(plugin: PaperDiaryConfig, config: SiteConfig) -> MapSettings:
    root = config.root
    model = plugin.model
    if (root / model).is_dir():  # a relative model folder is read from next to mkdocs.yml
        model = str((root / model).resolve())
    return MapSettings(
        model=model,
        device=plugin.device,
        batch_size=plugin.batch_size,
        perplexity=float(plugin.perplexity),
        n_neighbors=plugin.n_neighbors,
        clusters=plugin.clusters,
        cluster_names=plugin.cluster_names,
        related=plugin.related,
        seed=plugin.seed,
        offline=plugin.offline,
        llm=llm_settings(plugin),
    )


def llm_settings(plugin: PaperDiaryConfig) -> LlmSettings | None:
    """The `llm:` block as the engine's settings; None when it is not set."""
    llm = plugin.llm
    if llm is None:
        return None
    return LlmSettings(llm.base_url, llm.model, llm.api_key_env, llm.name_clusters, float(llm.timeout))
