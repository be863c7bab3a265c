"""LLM names over a finished map: the last naming step, run after the map cache.

The map itself (layouts, clusters, c-TF-IDF names, pins) is cached by its inputs and never
depends on the LLM; the LLM's names have their own cache, by cluster (see `naming.llm`), so a
rebuild asks only about clusters whose members changed, and a dead server costs one warning.
Regions are named first, so each sub-topic's prompt knows its region's new name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.maps.cache import MapCache
from mkdocs_paperdiary.maps.llm import ChatClient, LlmSettings
from mkdocs_paperdiary.maps.naming import ClusterLabel, Level, Parent
from mkdocs_paperdiary.maps.naming.llm import LlmNamer, LlmNames
from mkdocs_paperdiary.maps.types import LAYOUTS, ClusterInfo, MapItem, MapResult


def llm_names(
    result: MapResult,
    items: Sequence[MapItem],
    settings: LlmSettings,
    cache: MapCache,
    client: ChatClient | None = None,
) -> MapResult:
    """`result` with the LLM's names where it gave them; on failure, one warning naming the endpoint."""
    if not settings.cluster_names or not result.clusters:
        return result
    cached, notes = cache.load_names(settings.model)
    names = LlmNames(client or ChatClient(settings), cached)
    by_key = {item.key: item for item in items}
    clusters: list[ClusterInfo] = []
    for layout in LAYOUTS:
        regions = _renamed(result.clusters_of(layout, 0), by_key, names, {})
        parents = {key: Parent(info.id, info.name) for info in regions for key in info.keys}
        clusters += regions + _renamed(result.clusters_of(layout, 1), by_key, names, parents)
    if names.used != cached:
        notes += cache.save_names(settings.model, names.used)
    if names.failure is not None:
        message = (
            f"LLM cluster names: no usable answer from {settings.endpoint} ({names.failure}); "
            f"{names.fallbacks} cluster{'s' if names.fallbacks != 1 else ''} keep their c-TF-IDF names."
        )
        notes.append(Diagnostic(None, None, message, "warning", "maps-llm"))
    return MapResult(result.points, clusters, [*result.diagnostics, *notes], result.missing_reason)


def _renamed(
    infos: Sequence[ClusterInfo], by_key: Mapping[str, MapItem], names: LlmNames, parent_of: Mapping[str, Parent]
) -> list[ClusterInfo]:
    """One level of one layout, named by the LLM step; ids run 0..k-1 in order."""
    if not infos:
        return []
    rows = sorted((key, info.id) for info in infos for key in info.keys)
    keys = [key for key, _ in rows]
    level = Level(
        keys,
        [by_key[key].title for key in keys],
        [by_key[key].text for key in keys],
        [cluster for _, cluster in rows],
        {info.id: parent_of[info.keys[0]] for info in infos} if parent_of else {},
    )
    labels = [ClusterLabel(info.name, info.terms, info.pinned) for info in infos]
    named, _ = LlmNamer(names)(level, labels)
    return [
        ClusterInfo(
            info.id, label.name, info.size, info.terms, info.keys, info.pinned, info.layout, info.level, label.llm
        )
        for info, label in zip(infos, named, strict=True)
    ]
