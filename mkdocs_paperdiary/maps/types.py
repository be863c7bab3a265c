"""The map's values: papers in (`MapItem`, `MapSettings`), layouts and clusters out (`MapResult`).

Plain data with its JSON form (the cache stores results as JSON); no numpy, no model. Every
other map module, and the pages that draw a map, share these types.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from mkdocs_paperdiary.core.diagnostics import Diagnostic
from mkdocs_paperdiary.llm import LlmSettings

EXTRA_MODULES = ("sentence_transformers", "sklearn", "umap")
DEVICES = ("auto", "cpu", "cuda")
LAYOUTS = ("tsne", "umap")
DEFAULT_LAYOUT = "tsne"  # the picture a map opens on; `cluster` in paperdiary.json is its cluster
MIN_MAP = 3  # papers; fewer make no picture, and the map page says why (`too_few`)


def too_few(count: int) -> str:
    """Why a diary of `count` papers has no map: the engine's reason and the page's note alike."""
    return f"A map needs at least {MIN_MAP} papers; this diary has {count}."


def maps_available() -> bool:
    """True when the `maps` extra is installed; finds the packages without importing them."""
    return all(importlib.util.find_spec(name) is not None for name in EXTRA_MODULES)


@dataclass(frozen=True)
class MapItem:
    """One paper as the map sees it; `text` is what gets embedded (title + ". " + description)."""

    key: str
    title: str
    text: str


class PinnedNames(Mapping[str, str]):
    """`cluster_names` as a read-only, ordered, hashable mapping, so MapSettings can be hashed."""

    def __init__(self, pairs: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> None:
        items = pairs.items() if isinstance(pairs, Mapping) else pairs
        self._data = {str(key): str(name) for key, name in items}

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"PinnedNames({self._data!r})"


@dataclass(frozen=True)
class MapSettings:
    """Everything that shapes a map; what each step reads of it is part of the cache key (`map_key`)."""

    model: str = "all-MiniLM-L6-v2"  # hub name or local path
    device: str = "auto"  # cpu | cuda | auto
    batch_size: int = 32
    pca_dims: int = 30
    perplexity: float = 15.0
    n_neighbors: int = 15
    metric: str = "cosine"  # UMAP metric
    clusters: int | str = "auto"
    cluster_names: Mapping[str, str] = field(default_factory=PinnedNames)  # paper key -> name of its cluster
    related: int = 5
    seed: int = 42
    offline: bool = False  # never download the model; where it comes from, not what it computes
    llm: LlmSettings | None = None  # LLM cluster names, the last naming step (see `naming.llm`)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cluster_names", PinnedNames(self.cluster_names))
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {DEVICES}, not {self.device!r}")
        if self.clusters != "auto" and (not isinstance(self.clusters, int) or self.clusters < 1):
            raise ValueError(f"clusters must be 'auto' or a positive number, not {self.clusters!r}")

    def as_json(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["cluster_names"] = list(self.cluster_names.items())
        del data["offline"]  # no step reads it: the same model gives the same map
        del data["llm"]  # not plain data; `map_key` keys the LLM step by its model
        return data


@dataclass(frozen=True)
class MapPoint:
    """One paper on the map. `clusters` gives its cluster in each layout (-1 when there are
    too few papers for a map), `subtopics` its sub-topic where its region has them."""

    key: str
    tsne: tuple[float, float]
    umap: tuple[float, float]
    clusters: Mapping[str, int]
    related: tuple[str, ...]
    subtopics: Mapping[str, int] = field(default_factory=dict)

    @property
    def cluster(self) -> int:
        """The cluster in the layout the map opens on."""
        return self.clusters.get(DEFAULT_LAYOUT, -1)


@dataclass(frozen=True)
class ClusterInfo:
    """A region of one layout's picture (`level` 0), or a sub-topic inside one (`level` 1);
    `llm` when an LLM gave the name."""

    id: int
    name: str
    size: int
    terms: tuple[str, ...]
    keys: tuple[str, ...]
    pinned: bool
    layout: str = DEFAULT_LAYOUT
    level: int = 0
    llm: bool = False


@dataclass
class MapResult:
    """What the map page needs; `missing_reason` says why there is no map to draw."""

    points: dict[str, MapPoint]
    clusters: list[ClusterInfo]
    diagnostics: list[Diagnostic]
    missing_reason: str | None

    @classmethod
    def missing(cls, reason: str, diagnostics: Sequence[Diagnostic] = ()) -> MapResult:
        return cls({}, [], list(diagnostics), reason)

    def clusters_of(self, layout: str = DEFAULT_LAYOUT, level: int = 0) -> list[ClusterInfo]:
        return [info for info in self.clusters if info.layout == layout and info.level == level]

    def cluster_name(self, point: MapPoint, layout: str = DEFAULT_LAYOUT) -> str | None:
        cluster = point.clusters.get(layout, -1)
        return next((info.name for info in self.clusters_of(layout) if info.id == cluster), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "points": {key: _point_json(point) for key, point in self.points.items()},
            "clusters": [_cluster_json(info) for info in self.clusters],
            "diagnostics": [diagnostic.as_dict() for diagnostic in self.diagnostics],
            "missing_reason": self.missing_reason,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MapResult:
        """Parse `to_json` output, raising ValueError/TypeError/KeyError on anything else."""
        reason = data["missing_reason"]
        if reason is not None and not isinstance(reason, str):
            raise TypeError("missing_reason is not a string")
        return cls(
            points={key: _point(key, value) for key, value in _dict(data["points"]).items()},
            clusters=[_cluster(value) for value in _list(data["clusters"])],
            diagnostics=[_diagnostic(value) for value in _list(data["diagnostics"])],
            missing_reason=reason,
        )


# -- JSON ---------------------------------------------------------------------------------


def _point_json(point: MapPoint) -> dict[str, Any]:
    return {
        "tsne": list(point.tsne),
        "umap": list(point.umap),
        "clusters": dict(point.clusters),
        "subtopics": dict(point.subtopics),
        "related": list(point.related),
    }


def _cluster_json(info: ClusterInfo) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "size": info.size,
        "terms": list(info.terms),
        "keys": list(info.keys),
        "pinned": info.pinned,
        "layout": info.layout,
        "level": info.level,
        "llm": info.llm,
    }


def _point(key: str, data: Any) -> MapPoint:
    data = _dict(data)
    return MapPoint(
        key,
        _pair(data["tsne"]),
        _pair(data["umap"]),
        _ints(data["clusters"]),
        _strs(data["related"]),
        _ints(data["subtopics"]),
    )


def _cluster(data: Any) -> ClusterInfo:
    data = _dict(data)
    pinned, llm = data["pinned"], data.get("llm", False)
    if not isinstance(pinned, bool) or not isinstance(llm, bool):
        raise TypeError("pinned or llm is not a boolean")
    return ClusterInfo(
        _int(data["id"]),
        _str(data["name"]),
        _int(data["size"]),
        _strs(data["terms"]),
        _strs(data["keys"]),
        pinned,
        _str(data["layout"]),
        _int(data["level"]),
        llm,
    )


def _diagnostic(data: Any) -> Diagnostic:
    data = _dict(data)
    if data["level"] not in ("warning", "info"):
        raise ValueError("unknown diagnostic level")
    source, line = data["source"], data["line"]
    return Diagnostic(
        None if source is None else _str(source),
        None if line is None else _int(line),
        _str(data["message"]),
        data["level"],
        _str(data["code"]),
    )


def _dict(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _ints(value: Any) -> dict[str, int]:
    return {_str(key): _int(item) for key, item in _dict(value).items()}


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(value))


def _pair(value: Any) -> tuple[float, float]:
    x, y = _list(value)
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (x, y)):
        raise TypeError("expected two numbers")
    return float(x), float(y)
